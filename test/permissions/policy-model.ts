/**
 * The policies of a synthesized CloudFormation template, ready for a real IAM policy evaluator.
 *
 * Evaluator: `@cloud-copilot/iam-simulate` (AGPL-3.0-or-later), a devDependency used only by these
 * tests: it is never imported from src/, never bundled into assets/ and not in the published package
 * (which holds lib/ and assets/). Chosen over the permissively licensed `pbac` (MIT) because pbac
 * evaluates identity-style policies only; iam-simulate evaluates identity policies, resource
 * policies, permission boundaries, same- and cross-account requests, KMS key policy trust and every
 * condition operator, and validates actions, resource types and condition keys against AWS's
 * service reference (so a typo in a matrix fails instead of passing as "denied").
 *
 * This module only turns the template into policy documents (resolving Ref, Fn::GetAtt, Fn::Join
 * and Fn::Sub to concrete ARNs); every decision is the evaluator's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '999999999999';

type Json = any;

/** A role of the template with the policies that apply to it. */
export interface RoleModel {
  readonly logicalId: string;
  readonly arn: string;
  readonly path?: string;
  /** Who may assume it (the trust policy's principals). */
  readonly trust: Json;
  /** Inline and customer managed policies of this template attached to it. */
  readonly policies: Array<{ name: string; policy: Json }>;
  /** AWS managed policies (AWS's own documents, not evaluated here: listed for the reader). */
  readonly awsManaged: string[];
  readonly boundary?: { name: string; policy: Json };
}

/** A resource of the template with a resource policy (bucket, topic, queue, key, vault). */
export interface ResourcePolicyModel {
  readonly logicalId: string;
  /** The logical id of the policy resource (the bucket policy, topic policy, ...), or the resource's own. */
  readonly policyLogicalId: string;
  readonly type: string;
  /** ARNs the policy governs (a bucket's own ARN and its objects, a key's ARN, ...). */
  readonly arns: string[];
  readonly policy: Json;
}

export interface StackModel {
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly resources: Record<string, Json>;
  readonly roles: RoleModel[];
  readonly resourcePolicies: ResourcePolicyModel[];
  /** Resolve a template value to a plain value (ARNs, names). */
  resolve(value: Json): Json;
  /** A resource's ARN by logical id. */
  arnOf(logicalId: string): string;
  /** What a request names the resource by: a topic's, queue's or vault's ARN, a bucket's, key's or role's ARN. */
  target(logicalId: string): string;
  role(logicalId: string): RoleModel;
}

const SERVICE_OF: Record<string, string> = { 'AWS::Logs::LogGroup': 'logs', 'AWS::Events::Rule': 'events', 'AWS::StepFunctions::StateMachine': 'states' };

/** Load a synthesized template (a committed integ snapshot, or one written by a test's synth). */
export function loadStack(templateFile: string, region: string, account = ACCOUNT): StackModel {
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  return modelOf(template, path.basename(templateFile).replace(/\.template\.json$/, ''), region, account);
}

export function modelOf(template: Json, name: string, region: string, account = ACCOUNT): StackModel {
  const resources: Record<string, Json> = template.Resources ?? {};
  const props = (id: string) => resources[id]?.Properties ?? {};
  const lower = (id: string) => id.toLowerCase();
  const nameOf = (id: string, prop: string) => (props(id)[prop] !== undefined ? String(resolve(props(id)[prop])) : lower(id));

  function refOf(id: string): string {
    const type = resources[id]?.Type;
    switch (type) {
      case 'AWS::IAM::ManagedPolicy': return `arn:aws:iam::${account}:policy/${nameOf(id, 'ManagedPolicyName')}`;
      case 'AWS::SNS::Topic': return `arn:aws:sns:${region}:${account}:${nameOf(id, 'TopicName')}`;
      case 'AWS::SQS::Queue': return `https://sqs.${region}.amazonaws.com/${account}/${nameOf(id, 'QueueName')}`;
      case 'AWS::S3::Bucket': return nameOf(id, 'BucketName');
      case 'AWS::IAM::Role': return nameOf(id, 'RoleName');
      case 'AWS::Backup::BackupVault': return nameOf(id, 'BackupVaultName');
      case 'AWS::Logs::LogGroup': return nameOf(id, 'LogGroupName');
      case 'AWS::Lambda::Function': return nameOf(id, 'FunctionName');
      case 'AWS::DynamoDB::Table': return nameOf(id, 'TableName');
      case 'AWS::SSM::Parameter':
      case 'AWS::SSM::Document': return nameOf(id, 'Name');
      default: return lower(id);
    }
  }

  function attOf(id: string, att: string): string {
    const type = resources[id]?.Type ?? '';
    if (att === 'Arn' || att.endsWith('Arn')) {
      switch (type) {
        case 'AWS::IAM::Role': return `arn:aws:iam::${account}:role/${refOf(id)}`;
        case 'AWS::S3::Bucket': return `arn:aws:s3:::${refOf(id)}`;
        case 'AWS::KMS::Key': return `arn:aws:kms:${region}:${account}:key/${lower(id)}`;
        case 'AWS::SQS::Queue': return `arn:aws:sqs:${region}:${account}:${nameOf(id, 'QueueName')}`;
        case 'AWS::SNS::Topic': return refOf(id);
        case 'AWS::Backup::BackupVault': return `arn:aws:backup:${region}:${account}:backup-vault:${refOf(id)}`;
        case 'AWS::Logs::LogGroup': return `arn:aws:logs:${region}:${account}:log-group:${refOf(id)}:*`;
        case 'AWS::Lambda::Function': return `arn:aws:lambda:${region}:${account}:function:${refOf(id)}`;
        case 'AWS::DynamoDB::Table': return `arn:aws:dynamodb:${region}:${account}:table/${refOf(id)}`;
        case 'AWS::Events::EventBus': return `arn:aws:events:${region}:${account}:event-bus/${nameOf(id, 'Name')}`;
        default: {
          const [, svc, kind] = type.split('::');
          return `arn:aws:${SERVICE_OF[type] ?? svc.toLowerCase()}:${region}:${account}:${kind.toLowerCase()}/${lower(id)}`;
        }
      }
    }
    if (att === 'QueueName' || att === 'TopicName' || att === 'BackupVaultName') return refOf(id);
    return `${lower(id)}.${att}`;
  }

  function resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [k] = keys;
      const v = value[k];
      if (k === 'Ref') {
        switch (v) {
          case 'AWS::Partition': return 'aws';
          case 'AWS::Region': return region;
          case 'AWS::AccountId': return account;
          case 'AWS::URLSuffix': return 'amazonaws.com';
          case 'AWS::StackName': return name;
          case 'AWS::NoValue': return undefined;
          default: return refOf(v);
        }
      }
      if (k === 'Fn::GetAtt') {
        const [id, att] = Array.isArray(v) ? v : String(v).split('.');
        return attOf(id, att);
      }
      if (k === 'Fn::Join') return (resolve(v[1]) as Json[]).join(v[0]);
      if (k === 'Fn::Select') return resolve(v[1])[Number(resolve(v[0]))];
      if (k === 'Fn::Split') return String(resolve(v[1])).split(v[0]);
      if (k === 'Fn::ImportValue') return `imported-${JSON.stringify(resolve(v))}`;
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? v : [v, {}];
        return String(text).replace(/\$\{([^}]+)\}/g, (_m: string, ref: string) => {
          if (vars[ref] !== undefined) return String(resolve(vars[ref]));
          if (ref.includes('.')) {
            const [id, att] = ref.split('.');
            return attOf(id, att);
          }
          return String(resolve({ Ref: ref }));
        });
      }
    }
    const out: Json = {};
    for (const k of keys) {
      const r = resolve(value[k]);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }

  const refsTo = (list: Json, id: string) => (list ?? []).some((r: Json) => r?.Ref === id);
  const of = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type);

  const roles: RoleModel[] = of('AWS::IAM::Role').map((id) => {
    const p = props(id);
    const policies: Array<{ name: string; policy: Json }> = [];
    for (const inline of p.Policies ?? []) policies.push({ name: `${id}/${inline.PolicyName}`, policy: resolve(inline.PolicyDocument) });
    for (const pid of of('AWS::IAM::Policy')) if (refsTo(props(pid).Roles, id)) policies.push({ name: pid, policy: resolve(props(pid).PolicyDocument) });
    for (const mid of of('AWS::IAM::ManagedPolicy')) {
      if (refsTo(props(mid).Roles, id) || refsTo(p.ManagedPolicyArns, mid)) policies.push({ name: mid, policy: resolve(props(mid).PolicyDocument) });
    }
    const awsManaged = (p.ManagedPolicyArns ?? []).map(resolve).filter((a: string) => /^arn:aws:iam::aws:policy\//.test(a))
      .map((a: string) => a.replace(/^arn:aws:iam::aws:policy\//, ''));
    const boundaryId = p.PermissionsBoundary?.Ref;
    const boundary = boundaryId ? { name: boundaryId, policy: resolve(props(boundaryId).PolicyDocument) } : undefined;
    return { logicalId: id, arn: attOf(id, 'Arn'), path: resources[id].Metadata?.['aws:cdk:path'], trust: resolve(p.AssumeRolePolicyDocument), policies, awsManaged, boundary };
  });

  const resourcePolicies: ResourcePolicyModel[] = [];
  for (const id of of('AWS::S3::BucketPolicy')) {
    const bucket = props(id).Bucket?.Ref;
    const arn = `arn:aws:s3:::${resolve(props(id).Bucket)}`;
    resourcePolicies.push({ logicalId: bucket ?? id, policyLogicalId: id, type: 'AWS::S3::Bucket', arns: [arn, `${arn}/*`], policy: resolve(props(id).PolicyDocument) });
  }
  for (const id of of('AWS::SNS::TopicPolicy')) {
    for (const t of props(id).Topics ?? []) {
      resourcePolicies.push({ logicalId: t.Ref ?? id, policyLogicalId: id, type: 'AWS::SNS::Topic', arns: [resolve(t)], policy: resolve(props(id).PolicyDocument) });
    }
  }
  for (const id of of('AWS::SQS::QueuePolicy')) {
    for (const q of props(id).Queues ?? []) {
      resourcePolicies.push({ logicalId: q.Ref ?? id, policyLogicalId: id, type: 'AWS::SQS::Queue', arns: [q.Ref ? attOf(q.Ref, 'Arn') : resolve(q)], policy: resolve(props(id).PolicyDocument) });
    }
  }
  // An event bus's policy: one statement per AWS::Events::EventBusPolicy (its Statement property).
  for (const id of of('AWS::Events::EventBusPolicy')) {
    const bus = props(id).EventBusName?.Ref;
    if (!bus) continue;
    const policy = { Version: '2012-10-17', Statement: [resolve(props(id).Statement)] };
    resourcePolicies.push({ logicalId: bus, policyLogicalId: id, type: 'AWS::Events::EventBus', arns: [attOf(bus, 'Arn')], policy });
  }
  for (const id of of('AWS::KMS::Key')) {
    resourcePolicies.push({ logicalId: id, policyLogicalId: id, type: 'AWS::KMS::Key', arns: [attOf(id, 'Arn')], policy: resolve(props(id).KeyPolicy) });
  }
  for (const id of of('AWS::Backup::BackupVault')) {
    if (!props(id).AccessPolicy) continue;
    const arn = attOf(id, 'BackupVaultArn');
    resourcePolicies.push({
      logicalId: id, policyLogicalId: id, type: 'AWS::Backup::BackupVault', arns: [arn, `arn:aws:backup:${region}:${account}:recovery-point:*`], policy: resolve(props(id).AccessPolicy),
    });
  }

  // A role's trust policy is the resource policy of sts:AssumeRole on it.
  for (const r of roles) {
    resourcePolicies.push({ logicalId: r.logicalId, policyLogicalId: r.logicalId, type: 'AWS::IAM::Role', arns: [r.arn], policy: r.trust });
  }

  return {
    name,
    region,
    account,
    resources,
    roles,
    resourcePolicies,
    resolve,
    arnOf: (id: string) => attOf(id, 'Arn'),
    target: (id: string) => {
      const type = resources[id]?.Type;
      if (!type) throw new Error(`${name} has no resource ${id}`);
      if (type === 'AWS::SNS::Topic') return refOf(id);
      if (type === 'AWS::Backup::BackupVault') return attOf(id, 'BackupVaultArn');
      return attOf(id, 'Arn');
    },
    role: (id: string) => {
      const r = roles.find((x) => x.logicalId === id);
      if (!r) throw new Error(`${name} has no role ${id}; roles: ${roles.map((x) => x.logicalId).join(', ')}`);
      return r;
    },
  };
}

/** Who asks: one of the template's roles, or someone else with whatever identity policy is given. */
export type Who =
  | { role: string }
  /** Someone in the stack's account whose only identity policy is this customer managed policy of the template. */
  | { policy: string }
  | { principal: string; account: string; identity?: 'allow-all' | 'none' };

export interface Request {
  readonly who: Who;
  readonly action: string;
  readonly resource: string;
  /** Request context (aws:SecureTransport defaults to true, aws:PrincipalAccount to the principal's). */
  readonly context?: Record<string, string | string[]>;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** The resource policy that governs `arn` in this stack, if the stack made one. */
export function resourcePolicyFor(stack: StackModel, arn: string): ResourcePolicyModel | undefined {
  return stack.resourcePolicies.find((p) => p.arns.some((a) => wildcardMatch(a, arn)));
}

/** Evaluate one request with the evaluator; a request it cannot evaluate (an unknown action, a bad ARN) throws. */
export interface Decided { decision: Decision; resourcePolicy?: ResourcePolicyModel; role?: RoleModel }

export async function decide(stack: StackModel, req: Request): Promise<Decided> {
  const role = 'role' in req.who ? stack.role(req.who.role) : undefined;
  const granted = 'policy' in req.who ? req.who.policy : undefined;
  if (granted && stack.resources[granted]?.Type !== 'AWS::IAM::ManagedPolicy') throw new Error(`${stack.name} has no managed policy ${granted}`);
  const holder = granted ? `arn:aws:iam::${stack.account}:role/holder-of-${granted.toLowerCase()}` : undefined;
  const principal = role ? role.arn : holder ?? (req.who as { principal: string }).principal;
  const principalAccount = role || granted ? stack.account : (req.who as { account: string }).account;
  const identityPolicies = role
    ? role.policies
    : granted ? [{ name: granted, policy: stack.resolve(stack.resources[granted].Properties.PolicyDocument) }]
      : ((req.who as { identity?: string }).identity === 'none' || /amazonaws\.com$/.test(principal) ? [] : [{ name: 'allow-all', policy: ALLOW_ALL }]);
  const resourcePolicy = resourcePolicyFor(stack, req.resource);
  const resourceAccount = /^arn:aws:s3:::/.test(req.resource) ? stack.account : (req.resource.split(':')[4] || stack.account);
  const isService = /amazonaws\.com$/.test(principal);
  const context: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    ...(isService ? {} : { 'aws:PrincipalAccount': principalAccount, 'aws:PrincipalArn': principal }),
    ...req.context,
  };
  const simulation: Simulation = {
    request: { principal, action: req.action, resource: { resource: req.resource, accountId: resourceAccount }, contextVariables: context },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy?.policy,
    permissionBoundaryPolicies: role?.boundary ? [role.boundary] : undefined,
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`The evaluator rejected ${req.action} on ${req.resource}: ${JSON.stringify(result.errors)}`);
  }
  // A context key the evaluator does not know for this action would be silently dropped, and a
  // "denied" row could then pass for the wrong reason: fail instead. Known gap of the evaluator:
  // keys with a variable part after a colon (kms:EncryptionContext:<key>) are not accepted, so no
  // row relies on an encryption context (the rows without it are decided by the other conditions).
  const ignored = result.resultType === 'single' ? result.result.ignoredContextKeys ?? [] : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) throw new Error(`The evaluator does not know context keys ${[...new Set(ignored)].join(', ')} for ${req.action} on ${req.resource}`);
  return { decision: result.overallResult as Decision, resourcePolicy, role };
}
