/**
 * Every wildcard resource left in the policies our constructs write, on the flagship
 * (examples/web-service) and on every integ app, is justified by the IAM policy evaluator
 * (`@cloud-copilot/iam-simulate`, AGPL-3.0-or-later, test-only: see policy-model.ts):
 *
 * - `*`: each action of the statement has no resource-level permissions in AWS's service reference
 *   (as the evaluator's data says), or is one of STAR_EXCEPTIONS, whose reason a request pair backs;
 * - `…prefix*`: a resource just outside the fixed part (a sibling path or name, or the same type in
 *   another account) is denied, while one inside is allowed, with a context that satisfies the
 *   statement's conditions, so the denial is the resource's doing.
 *
 * These are the AwsSolutions-IAM5 findings cdk-nag reports and our constructs acknowledge.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isWildcardOnlyAction } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { decide, modelOf, StackModel } from './policy-model';
import * as cdkJson from '../../examples/web-service/cdk.json';
import { ACCOUNT as FLAGSHIP_ACCOUNT, buildWebServiceApp } from '../../examples/web-service/web-service-app';

/** Roles and policies of the apps under test (not ours). */
const NOT_OURS = /^(WebTaskDef|ApiServiceRole|HandlerServiceRole|FleetInstanceRole|ServiceTaskDef|ApiTaskDef|Service.*TaskRole|.*ExecutionRole)/;

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };
interface Found { stack: StackModel; who: { role: string } | { policy: string }; statement: Statement; resource: string }

function flagshipStacks(): StackModel[] {
  const app = new App({ context: { ...cdkJson.context, 'readiness:profile': 'prod' } });
  buildWebServiceApp(app);
  return app.node.children.filter((c): c is Stack => c instanceof Stack)
    .map((s) => modelOf(Template.fromStack(s).toJSON(), s.stackName, s.region, FLAGSHIP_ACCOUNT));
}

function integStacks(): StackModel[] {
  const testDir = path.join(__dirname, '..');
  return fs.readdirSync(testDir).filter((d) => /^integ\..+\.ts\.snapshot$/.test(d)).flatMap((d) => fs.readdirSync(path.join(testDir, d))
    .filter((f) => f.endsWith('.template.json') && !f.includes('DeployAssert'))
    .map((f) => {
      const name = f.replace('.template.json', '');
      return modelOf(JSON.parse(fs.readFileSync(path.join(testDir, d, f), 'utf8')), name, DR_STACKS.includes(name) ? 'eu-central-1' : 'eu-west-1');
    }));
}

/** The integ apps' stacks in the DR region (eu-central-1); the others are in eu-west-1. */
const DR_STACKS = ['IntegVerifier', 'IntegBackupDr', 'IntegStateReplica', 'IntegSecurityLinked'];

function wildcards(stacks: StackModel[]): Found[] {
  const found: Found[] = [];
  for (const s of stacks) {
    const holders: Array<{ who: Found['who']; policy: { Statement: Statement[] } }> = [];
    for (const r of s.roles.filter((x) => !NOT_OURS.test(x.logicalId))) {
      for (const p of r.policies) holders.push({ who: { role: r.logicalId }, policy: p.policy });
    }
    for (const id of Object.keys(s.resources).filter((k) => s.resources[k].Type === 'AWS::IAM::ManagedPolicy')) {
      if (s.roles.some((r) => r.policies.some((p) => p.name === id))) continue;
      holders.push({ who: { policy: id }, policy: s.resolve(s.resources[id].Properties.PolicyDocument) });
    }
    for (const h of holders) {
      for (const st of [h.policy.Statement].flat()) {
        if (st.Effect !== 'Allow') continue;
        for (const resource of [st.Resource].flat()) if (resource.includes('*')) found.push({ stack: s, who: h.who, statement: st, resource });
      }
    }
  }
  return found;
}

/** `*` on actions that do have resource-level permissions, and the request pair that backs each reason. */
type Backing = (s: StackModel) => { action: string; resource: string; context?: Record<string, string> };
const STAR_EXCEPTIONS: Record<string, { reason: string; denied: Backing }> = {
  'backup:StartRestoreJob': {
    reason: 'authorizes on the recovery point, whose ARN is another service\'s snapshot or backup ARN for RDS, Aurora, EBS and DynamoDB; '
      + 'what a restore can do is bounded by the one role it may pass',
    denied: (s) => ({ action: 'iam:PassRole', resource: `arn:aws:iam::${s.account}:role/Admin`, context: { 'iam:PassedToService': 'backup.amazonaws.com' } }),
  },
  'backup:GetRecoveryPointRestoreMetadata': {
    reason: 'authorizes on the recovery point (as StartRestoreJob); it only reads',
    denied: (s) => ({ action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:${s.region}:${s.account}:recovery-point:0a1b2c3d-4e5f-6789-abcd-ef0123456789` }),
  },
  'ecs:ListTasks': {
    reason: 'scoped by the ecs:cluster condition to the target cluster',
    denied: (s) => ({ action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': `arn:aws:ecs:${s.region}:${s.account}:cluster/not-ours` } }),
  },
  'ec2:GetManagedPrefixListEntries': {
    reason: 'AWS FIS reads the entries of the prefix lists the disrupted subnets route to, AWS-managed ones (owned by AWS) included; reading only',
    denied: (s) => ({ action: 'ec2:ModifyManagedPrefixList', resource: `arn:aws:ec2:${s.region}:${s.account}:prefix-list/pl-0123456789abcdef0` }),
  },
  'organizations:DescribeAccount': {
    reason: 'read-only, listed by the GuardDuty and Inspector guides for designating a delegated administrator: the service describes whichever account of the organization it looks up',
    denied: (s) => ({ action: 'organizations:CloseAccount', resource: `arn:aws:organizations::${s.account}:account/o-integtest01/333333333333` }),
  },
  'organizations:DescribeOrganizationalUnit': {
    reason: 'read-only, listed by the GuardDuty and Inspector guides for designating a delegated administrator: the service describes whichever OU it looks up',
    denied: (s) => ({ action: 'organizations:DeleteOrganizationalUnit', resource: `arn:aws:organizations::${s.account}:ou/o-integtest01/ou-ab12-abcdefgh` }),
  },
  'cloudwatch:PutMetricData': {
    reason: 'scoped by the cloudwatch:namespace condition to the canary\'s namespace',
    denied: () => ({ action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'AWS/ApplicationELB' } }),
  },
};

/** A context that satisfies the statement's conditions (so only the resource decides). */
function satisfying(st: Statement): Record<string, string | string[]> | undefined {
  const ctx: Record<string, string | string[]> = {};
  for (const [op, keys] of Object.entries(st.Condition ?? {})) {
    for (const [k, v] of Object.entries(keys)) {
      if (/^kms:EncryptionContext:/i.test(k)) return undefined; // not decidable by the evaluator (policy-model.ts)
      const first = String([v].flat()[0]).replace(/\*/g, 'x1');
      if (op === 'Null') ctx[k] = 'x1';
      else if (op.startsWith('ForAllValues') || op.startsWith('ForAnyValue')) ctx[k] = [first];
      else ctx[k] = first;
    }
  }
  // The ec2 service reads a resource's tags under both prefixes.
  for (const k of Object.keys(ctx)) if (k.startsWith('ec2:ResourceTag/')) ctx[k.replace('ec2:', 'aws:')] = ctx[k];
  return ctx;
}

/**
 * Wildcards over a whole resource type of the account and region, where no narrower name exists
 * when the policy is written (the test checks another account is denied, and that no other type is).
 */
const WHOLE_TYPE: Record<string, string> = {
  'recovery-point': 'the DR restore automation reads the restore metadata of recovery points, whose ids AWS Backup assigns later (read-only)',
  'network-acl': 'AWS FIS creates the network ACLs of a disruption itself; only those it tagged managedByFIS at creation may be changed or deleted',
  'key': 'S3 replication encrypts replicas with the replica key, named by its alias (kms:ResourceAliases), whose id is another stack\'s',
  'file-system': 'the backup verifier describes restored file systems, whose ids AWS assigns (describe only)',
};

/** The wildcard filled in: log stream wildcards get a log stream, others a name. */
function fill(resource: string): string {
  return resource.replace(/:\*(:\*)?$/, ':log-stream:x1').replace(/\*/g, 'x1');
}

/**
 * A resource just outside the wildcard: the last fixed name before it replaced by another (a sibling
 * parameter path, table, cluster, log group, object prefix), or, where the wildcard covers a whole
 * resource type of the account (`key/*`, `recovery-point:*`), the same resource in another account.
 */
function outside(resource: string, s: StackModel): string {
  const star = resource.indexOf('*');
  const fixed = resource.slice(0, star);
  const rest = fill(resource).slice(fixed.length);
  const wholeType = /^arn:[^:]+:[^:]+:[^:]*:\d*:[a-z-]+[/:]$/.test(fixed);
  if (wholeType) {
    const type = /:([a-z-]+)[/:]$/.exec(fixed)![1];
    if (!WHOLE_TYPE[type]) throw new Error(`${resource}: a wildcard over every ${type} of the account, without a reason in WHOLE_TYPE`);
    return fill(resource).split(s.account).join('999999999999');
  }
  return fixed.replace(/[^/:]+([/:]?)$/, 'not-ours$1') + rest;
}

/** Decide with the first of the statement's actions the evaluator accepts for this resource. */
async function decideAny(f: Found, actions: string[], resource: string, context: Record<string, string | string[]>) {
  let last: unknown;
  for (const action of actions) {
    try {
      return (await decide(f.stack, { who: f.who, action, resource, context })).decision;
    } catch (e) {
      if (!/no\.resource\.types/.test(String(e))) throw e;
      last = e;
    }
  }
  throw last;
}

const stacks = [...flagshipStacks(), ...integStacks()];
const found = wildcards(stacks);

test('the flagship and the integ apps have wildcard resources to justify (the test looks at real policies)', () => {
  expect(found.filter((f) => f.stack.account === FLAGSHIP_ACCOUNT).length).toBeGreaterThan(0);
});

test.each(found.filter((f) => f.resource === '*').map((f) => [`${f.stack.name} ${'role' in f.who ? f.who.role : f.who.policy}: ${[f.statement.Action].flat().join(', ')}`, f] as const))(
  '"*" only where AWS has no resource-level permissions, or a backed exception: %s', async (_name, f) => {
    for (const action of [f.statement.Action].flat()) {
      const [service, name] = action.split(':');
      if (await isWildcardOnlyAction(service, name)) continue;
      const exception = STAR_EXCEPTIONS[action];
      expect({ action, exception }).toEqual({ action, exception: expect.anything() });
      const backing = exception!.denied(f.stack);
      expect((await decide(f.stack, { who: f.who, ...backing })).decision).not.toBe('Allowed');
    }
  });

test.each(found.filter((f) => f.resource !== '*').map((f) => [`${f.stack.name} ${'role' in f.who ? f.who.role : f.who.policy}: ${f.resource}`, f] as const))(
  'a partial wildcard allows inside and denies just outside: %s', async (_name, f) => {
    const context = satisfying(f.statement);
    if (!context) return; // an encryption-context statement: see policy-model.ts
    const actions = [f.statement.Action].flat();
    expect(await decideAny(f, actions, fill(f.resource), context)).toBe('Allowed');
    expect(await decideAny(f, actions, outside(f.resource, f.stack), context)).not.toBe('Allowed');
  });
