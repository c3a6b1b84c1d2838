// "Who can do what": every IAM role, unattached customer managed policy and resource policy of each
// stack, in plain words, for a security reviewer reading it beside the findings. Deterministic.
import { AppIndex, asArray, IndexedResource, IndexedStack } from '../../analysis/app-index';
import { codeMd, displayPath, escapeMd, partsOf } from '../../analysis/runbook-values';
import { RUNBOOK_DIRECTORY } from '../../shared/runbook-anchor';

/** The page, relative to the cloud assembly. */
export const PERMISSIONS_PAGE = `${RUNBOOK_DIRECTORY}/permissions.md`;

/** What an action does, in the words of the page (the first matching verb of its name decides). */
export type Verb = 'pass' | 'decrypt' | 'delete' | 'write' | 'read' | 'other';
const VERB_ORDER: Verb[] = ['delete', 'write', 'pass', 'decrypt', 'read', 'other'];
const VERB_TITLE: Record<Verb, string> = {
  delete: 'May delete or stop',
  write: 'May write, create, change or tag',
  pass: 'May pass roles',
  decrypt: 'May decrypt or encrypt with',
  read: 'May read or list',
  other: 'May also',
};

/** Verbs of the actions met so far: policies of an app repeat the same few actions many times. */
const VERBS = new Map<string, Verb>();

/** The verb of an IAM action, e.g. `ec2:DeleteVolume` → delete, `kms:Decrypt` → decrypt. */
export function verbOf(action: string): Verb {
  let verb = VERBS.get(action);
  if (verb === undefined) {
    verb = verbOfName(action);
    if (VERBS.size < 10_000) VERBS.set(action, verb);
  }
  return verb;
}

function verbOfName(action: string): Verb {
  const [service, name = ''] = action.split(':');
  if (service === 'iam' && /^PassRole$/i.test(name)) return 'pass';
  if (service === 'kms' && /^(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/i.test(name)) return 'decrypt';
  if (name === '*' || /^(Delete|Remove|Terminate|Stop|Disable|Detach|Revoke|Purge|Cancel|Deregister|Disassociate|Schedule)/.test(name)) return 'delete';
  if (/^(Get|List|Describe|Head|Query|Scan|Search|BatchGet|Lookup|Select|Check|View|Read)/.test(name)) return 'read';
  if (/^(Put|Create|Update|Modify|Tag|Untag|Add|Start|Enable|Replicate|Restore|Send|Publish|Set|Attach|Associate|Replace|Reboot|Import|Copy|Invoke|Register|Batch|Write|Change|Reset|Upload|Apply|Inject|Run)/.test(name)) return 'write';
  return 'other';
}

interface Grant { readonly verb: Verb; readonly line: string }

/** The page: per stack, each role and resource policy. */
export function renderPermissions(stacks: readonly IndexedStack[], index: AppIndex, generated: string): string {
  const out: string[] = ['# Who can do what', '', `> ${generated} [All runbooks](README.md)`, ''];
  out.push('Every IAM role, customer managed policy not attached to a role of the stack, and resource policy (bucket, topic, queue, key, backup vault) of each stack, in plain words: what it may delete, write, pass, decrypt and read, on which resources and under which conditions. '
    + 'Deny statements are listed first where a resource policy has them: they win over any grant. AWS managed policies are named, not expanded (they are AWS\'s documents).', '');
  out.push('The roles, grants and resource policies of cdk-readiness\'s constructs are checked by permission tests on an IAM policy evaluator (what each may do to what it did not create); this page is how a reviewer reads them beside the findings.', '');
  for (const stack of stacks) {
    out.push(`## ${escapeMd(stack.stackName)}`, '');
    out.push(`Stack \`${stack.path}\` in ${stack.account ?? 'any account'} / ${stack.region ?? 'any region'}.`, '');
    const roles = stack.resources.filter((r) => r.type === 'AWS::IAM::Role');
    const policies = stack.resources.filter((r) => r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy');
    // The policies naming each role (`Roles: [{ Ref }]`), looked up once per stack, not per role.
    const policiesOfRole = new Map<unknown, Set<IndexedResource>>();
    for (const p of policies) {
      for (const r of asArray(p.properties.Roles)) {
        const id = r?.Ref;
        let set = policiesOfRole.get(id);
        if (!set) policiesOfRole.set(id, (set = new Set()));
        set.add(p);
      }
    }
    const attached = new Set<string>();
    let any = false;
    for (const role of roles) {
      any = true;
      out.push(`### Role ${codeMd(partsOf({ Ref: role.logicalId }, stack, index))}`, '');
      out.push(`Construct \`${displayPath(role.path)}\`${role.properties.Description ? `: ${escapeMd(String(role.properties.Description))}` : ''}.`, '');
      out.push(`- **Assumed by**: ${trustText(role, stack, index)}`);
      const docs: any[] = [];
      for (const inline of asArray(role.properties.Policies)) docs.push(inline?.PolicyDocument);
      const named = policiesOfRole.get(role.logicalId);
      const arnRefs = new Set(asArray(role.properties.ManagedPolicyArns).map((a: any) => a?.Ref));
      for (const p of policies) {
        if (named?.has(p) || arnRefs.has(p.logicalId)) {
          docs.push(p.properties.PolicyDocument);
          attached.add(p.logicalId);
        }
      }
      const awsManaged = asArray(role.properties.ManagedPolicyArns).map((a: any) => awsManagedName(a)).filter((n): n is string => n !== undefined);
      if (awsManaged.length > 0) out.push(`- **AWS managed policies**: ${awsManaged.map((n) => `\`${n}\``).join(', ')}`);
      if (role.properties.PermissionsBoundary) out.push(`- **Permissions boundary**: ${codeMd(partsOf(role.properties.PermissionsBoundary, stack, index))}`);
      pushGrants(out, docs.flatMap((d) => statementsOf(d)), stack, index, false);
      out.push('');
    }
    for (const p of policies.filter((x) => x.type === 'AWS::IAM::ManagedPolicy' && !attached.has(x.logicalId))) {
      any = true;
      out.push(`### Managed policy ${codeMd(partsOf({ Ref: p.logicalId }, stack, index))} (for you to attach)`, '');
      out.push(`Construct \`${displayPath(p.path)}\`${p.properties.Description ? `: ${escapeMd(String(p.properties.Description))}` : ''}.`, '');
      pushGrants(out, statementsOf(p.properties.PolicyDocument), stack, index, false);
      out.push('');
    }
    for (const rp of resourcePolicies(stack)) {
      any = true;
      out.push(`### ${rp.kind} ${codeMd(partsOf(rp.target, stack, index))}`, '');
      out.push(`Construct \`${displayPath(rp.resource.path)}\`.`, '');
      pushGrants(out, statementsOf(rp.document), stack, index, true);
      out.push('');
    }
    if (!any) out.push('No IAM role or resource policy.', '');
  }
  return out.join('\n');
}

function statementsOf(document: any): any[] {
  return asArray(document?.Statement).filter((s) => s && typeof s === 'object');
}

function awsManagedName(arn: any): string | undefined {
  // The name's characters are never escaped in JSON: a string is matched as it is.
  const text = typeof arn === 'string' ? arn : JSON.stringify(arn);
  const m = /:iam::aws:policy\/([\w+=,.@/-]+)/.exec(text);
  return m ? m[1] : undefined;
}

function trustText(role: IndexedResource, stack: IndexedStack, index: AppIndex): string {
  const who = statementsOf(role.properties.AssumeRolePolicyDocument).filter((s) => s.Effect === 'Allow').map((s) => {
    const conditions = conditionText(s.Condition, stack, index);
    return `${principalText(s.Principal, stack, index)}${conditions ? ` (if ${conditions})` : ''}`;
  });
  return who.length > 0 ? who.join('; ') : 'nobody';
}

function principalText(principal: any, stack: IndexedStack, index: AppIndex): string {
  if (principal === '*') return 'anyone';
  if (!principal || typeof principal !== 'object') return codeMd(partsOf(principal, stack, index));
  const parts: string[] = [];
  for (const [kind, value] of Object.entries<any>(principal)) {
    for (const v of asArray(value)) {
      if (v === '*') parts.push(kind === 'AWS' ? 'any AWS principal' : 'anyone');
      else parts.push(`${kind === 'Service' ? 'the service ' : ''}${codeMd(partsOf(v, stack, index))}`);
    }
  }
  return parts.join(', ');
}

function conditionText(condition: any, stack: IndexedStack, index: AppIndex): string {
  if (!condition || typeof condition !== 'object') return '';
  const parts: string[] = [];
  for (const [op, keys] of Object.entries<any>(condition)) {
    for (const [key, value] of Object.entries<any>(keys ?? {})) parts.push(`\`${key}\` ${op} ${codeMd(partsOf(value, stack, index))}`);
  }
  return parts.join(' and ');
}

function pushGrants(out: string[], statements: any[], stack: IndexedStack, index: AppIndex, withPrincipal: boolean): void {
  const denies: string[] = [];
  const grants: Grant[] = [];
  for (const s of statements) {
    const actions = asArray(s.Action ?? s.NotAction).map(String);
    const resources = s.Resource === undefined ? '' : codeMd(partsOf(s.Resource, stack, index));
    const conditions = conditionText(s.Condition, stack, index);
    const who = withPrincipal ? `${principalText(s.Principal, stack, index)}: ` : '';
    const on = resources ? ` on ${resources}` : '';
    const when = conditions ? `, if ${conditions}` : '';
    if (s.Effect === 'Deny') {
      denies.push(`- **Denied** to ${who}${actions.map((a) => `\`${a}\``).join(', ')}${s.NotAction ? ' (every action but these)' : ''}${on}${when}`);
      continue;
    }
    const byVerb = new Map<Verb, string[]>();
    for (const a of actions) {
      const verb = verbOf(a);
      const list = byVerb.get(verb);
      if (list) list.push(a);
      else byVerb.set(verb, [a]);
    }
    for (const [verb, list] of byVerb) grants.push({ verb, line: `${who}${list.map((a) => `\`${a}\``).join(', ')}${on}${when}` });
  }
  out.push(...denies);
  for (const verb of VERB_ORDER) {
    const lines = grants.filter((g) => g.verb === verb);
    if (lines.length === 0) continue;
    out.push(`- **${VERB_TITLE[verb]}**:`);
    for (const g of lines) out.push(`  - ${g.line}`);
  }
  if (denies.length === 0 && grants.length === 0) out.push('- Nothing of its own.');
}

interface ResourcePolicy { readonly kind: string; readonly resource: IndexedResource; readonly target: any; readonly document: any }

function resourcePolicies(stack: IndexedStack): ResourcePolicy[] {
  const out: ResourcePolicy[] = [];
  for (const r of stack.resources) {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::S3::BucketPolicy': out.push({ kind: 'Bucket policy of', resource: r, target: p.Bucket, document: p.PolicyDocument }); break;
      case 'AWS::SNS::TopicPolicy': out.push({ kind: 'Topic policy of', resource: r, target: p.Topics, document: p.PolicyDocument }); break;
      case 'AWS::SQS::QueuePolicy': out.push({ kind: 'Queue policy of', resource: r, target: p.Queues, document: p.PolicyDocument }); break;
      case 'AWS::KMS::Key': out.push({ kind: 'Key policy of', resource: r, target: { Ref: r.logicalId }, document: p.KeyPolicy }); break;
      case 'AWS::Backup::BackupVault':
        if (p.AccessPolicy) out.push({ kind: 'Access policy of the backup vault', resource: r, target: { Ref: r.logicalId }, document: p.AccessPolicy });
        break;
      default:
    }
  }
  return out;
}
