// Template values as a runbook shows them: literal when the template has the value, otherwise a
// placeholder naming the resource's construct path (prose) or a shell variable with the command
// that looks the value up in the deployed stack (code blocks). Never raw JSON.
import { AppIndex, IndexedResource, IndexedStack } from './app-index';
import { withoutDefaultChild } from '../shared/naming';
import { partitionOf } from '../shared/partition';

/** A value only known at deploy time: an attribute of a resource, an import, a parameter. */
export interface TokenPart {
  /** How the placeholder reads, e.g. `name of WebService/Sessions`. */
  readonly what: string;
  /** The resource, for `Ref` and `Fn::GetAtt`. */
  readonly resource?: IndexedResource;
  /** `Ref` or the attribute name. */
  readonly attribute?: string;
}

export type Part = string | TokenPart;

/** Physical name property of a type, and what its `Ref` returns given that name. */
interface RefSpec {
  readonly nameProperty?: string;
  /** What `Ref` returns, as words. */
  readonly refIs: string;
  /** `Ref` from the literal name; `undefined` when the name alone does not give it. */
  readonly ref?: (name: string, env: Env) => string | undefined;
  /** Attributes computed from the `Ref` value (`{id}`), as a template. */
  readonly attributes?: Record<string, string>;
}

interface Env {
  readonly region?: string;
  readonly account?: string;
  readonly partition: string;
}

const same = (name: string) => name;
const lower = (name: string) => name.toLowerCase();

/**
 * What `Ref` and the common attributes of each type are. Templates use `{id}` for the `Ref`
 * value, `{p}` `{r}` `{a}` for partition, region and account, and `{id##*` + `/}` / `{id##*:}` for
 * the last `/` or `:` segment of the `Ref` value (shell parameter expansion, done literally too).
 */
const REF_SPECS: Record<string, RefSpec> = {
  'AWS::DynamoDB::Table': { nameProperty: 'TableName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:dynamodb:{r}:{a}:table/{id}' } },
  'AWS::DynamoDB::GlobalTable': { nameProperty: 'TableName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:dynamodb:{r}:{a}:table/{id}' } },
  'AWS::RDS::DBCluster': { nameProperty: 'DBClusterIdentifier', refIs: 'identifier', ref: lower, attributes: { DBClusterArn: 'arn:{p}:rds:{r}:{a}:cluster:{id}' } },
  'AWS::RDS::DBInstance': { nameProperty: 'DBInstanceIdentifier', refIs: 'identifier', ref: lower, attributes: { DBInstanceArn: 'arn:{p}:rds:{r}:{a}:db:{id}' } },
  'AWS::DocDB::DBCluster': { nameProperty: 'DBClusterIdentifier', refIs: 'identifier', ref: lower, attributes: { Arn: 'arn:{p}:rds:{r}:{a}:cluster:{id}' } },
  'AWS::Neptune::DBCluster': { nameProperty: 'DBClusterIdentifier', refIs: 'identifier', ref: lower, attributes: { Arn: 'arn:{p}:rds:{r}:{a}:cluster:{id}' } },
  'AWS::EFS::FileSystem': { refIs: 'file system id', attributes: { Arn: 'arn:{p}:elasticfilesystem:{r}:{a}:file-system/{id}', FileSystemId: '{id}' } },
  'AWS::EC2::Volume': { refIs: 'volume id', attributes: { VolumeId: '{id}' } },
  'AWS::FSx::FileSystem': { refIs: 'file system id', attributes: { ResourceARN: 'arn:{p}:fsx:{r}:{a}:file-system/{id}' } },
  'AWS::KMS::Key': { refIs: 'key id', attributes: { Arn: 'arn:{p}:kms:{r}:{a}:key/{id}', KeyId: '{id}' } },
  'AWS::KMS::Alias': { nameProperty: 'AliasName', refIs: 'alias name', ref: same },
  'AWS::Backup::BackupVault': { nameProperty: 'BackupVaultName', refIs: 'name', ref: same, attributes: { BackupVaultArn: 'arn:{p}:backup:{r}:{a}:backup-vault:{id}', BackupVaultName: '{id}' } },
  'AWS::Backup::LogicallyAirGappedBackupVault': { nameProperty: 'BackupVaultName', refIs: 'name', ref: same, attributes: { BackupVaultArn: 'arn:{p}:backup:{r}:{a}:backup-vault:{id}', BackupVaultName: '{id}' } },
  'AWS::Backup::BackupPlan': { refIs: 'plan id', attributes: { BackupPlanId: '{id}' } },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    refIs: 'ARN',
    ref: (n, e) => (e.region && e.account ? `arn:${e.partition}:sns:${e.region}:${e.account}:${n}` : undefined),
    attributes: { TopicArn: '{id}', TopicName: '{id##*:}' },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    refIs: 'URL',
    ref: (n, e) => (e.region && e.account ? `https://sqs.${e.region}.amazonaws.com/${e.account}/${n}` : undefined),
    attributes: { QueueUrl: '{id}', QueueName: '{id##*/}', Arn: 'arn:{p}:sqs:{r}:{a}:{id##*/}' },
  },
  'AWS::S3::Bucket': { nameProperty: 'BucketName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:s3:::{id}' } },
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:lambda:{r}:{a}:function:{id}' } },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:logs:{r}:{a}:log-group:{id}:*' } },
  'AWS::IAM::Role': { nameProperty: 'RoleName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:iam::{a}:role/{id}' } },
  'AWS::CloudWatch::Alarm': { nameProperty: 'AlarmName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:cloudwatch:{r}:{a}:alarm:{id}' } },
  'AWS::CloudWatch::CompositeAlarm': { nameProperty: 'AlarmName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:cloudwatch:{r}:{a}:alarm:{id}' } },
  'AWS::CloudWatch::Dashboard': { nameProperty: 'DashboardName', refIs: 'name', ref: same },
  'AWS::SSM::Document': { nameProperty: 'Name', refIs: 'name', ref: same },
  'AWS::ECS::Cluster': { nameProperty: 'ClusterName', refIs: 'name', ref: same, attributes: { Arn: 'arn:{p}:ecs:{r}:{a}:cluster/{id}' } },
  'AWS::ECS::Service': { refIs: 'ARN', attributes: { ServiceArn: '{id}', Name: '{id##*/}' } },
  'AWS::AutoScaling::AutoScalingGroup': { nameProperty: 'AutoScalingGroupName', refIs: 'name', ref: same },
  'AWS::Events::Rule': { nameProperty: 'Name', refIs: 'name', ref: same },
};

function envOf(stack: IndexedStack): Env {
  return { region: stack.region, account: stack.account, partition: partitionOf(stack.region) };
}

/** The construct path as people read it: without the trailing `Resource`/`Default` segment. */
export function displayPath(path: string): string {
  return withoutDefaultChild(path);
}

/** The literal physical name of a resource (its name property), when the template gives one. */
export function literalName(resource: IndexedResource): string | undefined {
  const prop = REF_SPECS[resource.type]?.nameProperty;
  const v = prop ? resource.properties[prop] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** What `Ref` of the resource returns, literally, when the template tells it. */
export function literalRef(resource: IndexedResource): string | undefined {
  const spec = REF_SPECS[resource.type];
  const name = literalName(resource);
  return spec?.ref && name !== undefined ? spec.ref(name, envOf(resource.stack)) : undefined;
}

/** Fill an attribute template (`{id}`, `{p}`, ...) from literal values. */
function fill(template: string, id: string, env: Env): string | undefined {
  if (template.includes('{r}') && !env.region) return undefined;
  if (template.includes('{a}') && !env.account) return undefined;
  return template
    .replace(/\{id##\*\/\}/g, id.substring(id.lastIndexOf('/') + 1))
    .replace(/\{id##\*:\}/g, id.substring(id.lastIndexOf(':') + 1))
    .replace(/\{id\}/g, id).replace(/\{p\}/g, env.partition).replace(/\{r\}/g, env.region ?? '').replace(/\{a\}/g, env.account ?? '');
}

/** The literal value of `Ref` or an attribute of a resource, when the template tells it. */
function literalAttribute(resource: IndexedResource, attribute: string): string | undefined {
  const ref = literalRef(resource);
  if (ref === undefined) return undefined;
  if (attribute === 'Ref') return ref;
  const template = REF_SPECS[resource.type]?.attributes?.[attribute];
  return template ? fill(template, ref, envOf(resource.stack)) : undefined;
}

function tokenOf(resource: IndexedResource, attribute: string): TokenPart {
  const spec = REF_SPECS[resource.type];
  const words = attribute === 'Ref' ? spec?.refIs ?? 'physical id'
    : /arn$/i.test(attribute) ? 'ARN' : /Name$/.test(attribute) ? 'name' : /Id$/.test(attribute) ? 'id' : /Url$/.test(attribute) ? 'URL' : attribute;
  return { what: `${words} of ${displayPath(resource.path)}`, resource, attribute };
}

const PSEUDO_WORDS: Record<string, string> = {
  'AWS::AccountId': 'account id', 'AWS::Region': 'region', 'AWS::StackId': 'stack id', 'AWS::NotificationARNs': 'notification ARNs',
};

/**
 * A template value split into literal text and deploy-time parts (`Fn::Join`, `Fn::Sub` and
 * `Fn::Select` of literals are rendered; references become token parts).
 */
export function partsOf(value: unknown, stack: IndexedStack, index: AppIndex, depth = 0): Part[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (depth > 16) return [{ what: 'a value computed at deploy time' }];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => (i > 0 ? [', ', ...partsOf(v, stack, index, depth + 1)] : partsOf(v, stack, index, depth + 1)));
  }
  const obj = value as Record<string, any>;
  const keys = Object.keys(obj);
  if (keys.length !== 1) return [{ what: 'a structured value' }];
  const [key] = keys;
  const arg = obj[key];
  switch (key) {
    case 'Ref': return refParts(String(arg), stack);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
      return resourceParts(stack, String(logicalId), String(attribute));
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || !Array.isArray(arg[1])) return [{ what: 'a value computed at deploy time' }];
      const sep = String(arg[0] ?? '');
      return arg[1].flatMap((v: unknown, i: number) => {
        const parts = partsOf(v, stack, index, depth + 1);
        return i > 0 && sep ? [sep, ...parts] : parts;
      });
    }
    case 'Fn::Sub': {
      const template = Array.isArray(arg) ? String(arg[0]) : String(arg);
      const vars: Record<string, unknown> = Array.isArray(arg) && arg[1] && typeof arg[1] === 'object' ? arg[1] : {};
      const out: Part[] = [];
      let last = 0;
      for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
        out.push(template.substring(last, m.index));
        last = m.index! + m[0].length;
        const name = m[1];
        if (name.startsWith('!')) out.push(`\${${name.substring(1)}}`);
        else if (name in vars) out.push(...partsOf(vars[name], stack, index, depth + 1));
        else if (name.includes('.') && !name.startsWith('AWS::')) out.push(...resourceParts(stack, name.split('.')[0], name.split('.').slice(1).join('.')));
        else out.push(...refParts(name, stack));
      }
      out.push(template.substring(last));
      return out.filter((p) => p !== '');
    }
    case 'Fn::ImportValue': {
      if (typeof arg !== 'string') return [{ what: 'an imported value' }];
      const exported = index.exportedValue(arg);
      return exported ? partsOf(exported.value, exported.stack, index, depth + 1) : [{ what: `value of the export ${arg}` }];
    }
    case 'Fn::Select': {
      if (Array.isArray(arg) && typeof arg[0] !== 'object' && Array.isArray(arg[1])) {
        const item = arg[1][Number(arg[0])];
        if (item !== undefined) return partsOf(item, stack, index, depth + 1);
      }
      return [{ what: 'a value computed at deploy time' }];
    }
    default:
      return [{ what: 'a value computed at deploy time' }];
  }
}

function refParts(name: string, stack: IndexedStack): Part[] {
  if (name === 'AWS::Region' && stack.region) return [stack.region];
  if (name === 'AWS::AccountId' && stack.account) return [stack.account];
  if (name === 'AWS::Partition') return [partitionOf(stack.region)];
  if (name === 'AWS::URLSuffix') return [stack.region?.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'];
  if (name === 'AWS::StackName') return [stack.stackName];
  if (name === 'AWS::NoValue') return [];
  if (PSEUDO_WORDS[name]) return [{ what: `${PSEUDO_WORDS[name]} of stack ${stack.stackName}` }];
  return resourceParts(stack, name, 'Ref');
}

function resourceParts(stack: IndexedStack, logicalId: string, attribute: string): Part[] {
  const resource = stack.resourcesByLogicalId.get(logicalId);
  if (!resource) return [{ what: `parameter ${logicalId} of stack ${stack.stackName}` }];
  const literal = literalAttribute(resource, attribute);
  return literal !== undefined ? [literal] : [tokenOf(resource, attribute)];
}

/** Whether every part is literal. */
export function isLiteral(parts: readonly Part[]): parts is string[] {
  return parts.every((p) => typeof p === 'string');
}

/** Plain text: placeholders as `<what>`. */
export function plainText(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : `<${p.what}>`)).join('');
}

/** What `escapeMd` changes: most text has none of it. */
const MD_SPECIAL = /[\\`*_<[\]|\n]/;

/** Escape text for Markdown prose (and table cells). */
export function escapeMd(text: string): string {
  if (!MD_SPECIAL.test(text)) return text;
  return text.replace(/([\\`*_<[\]|])/g, '\\$1').replace(/\n+/g, ' ');
}

/** Markdown prose: literal text escaped, placeholders as inline code. */
export function proseMd(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? escapeMd(p) : `\`<${p.what}>\``)).join('');
}

/** Markdown inline code of a whole value, e.g. `` `vault-name` `` or `` `<name of App/Vault>` ``. */
export function codeMd(parts: readonly Part[]): string {
  const plain = plainText(parts);
  const text = plain.includes('`') ? plain.replace(/`/g, '\'') : plain;
  return text === '' ? '`""`' : `\`${text}\``;
}

/**
 * One shell code block under construction: values become literals or `${VAR}` references, and
 * the block starts with the assignments (lookups in the deployed stack) its variables need.
 */
export class ShellBlock {
  private readonly assignments: string[] = [];
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  /** A value in a shell command: single-quoted literal text and `"${VAR}"` for deploy-time parts. */
  public value(parts: readonly Part[]): string {
    if (parts.length === 0) return '\'\'';
    const literal = parts.every((p) => typeof p === 'string');
    const text = parts.map((p) => (typeof p === 'string' ? p : `\${${this.variable(p)}}`)).join('');
    if (literal && /^[A-Za-z0-9_.:/@=+,-]+$/.test(text)) return text;
    if (parts.every((p) => typeof p !== 'string' || !/[$`"\\!]/.test(p))) return literal ? `'${text.replace(/'/g, '\'"\'"\'')}'` : `"${text}"`;
    // Literal text with shell specials next to variables: single-quote the literal runs.
    return parts.map((p) => (typeof p === 'string' ? `'${p.replace(/'/g, '\'"\'"\'')}'` : `"\${${this.variable(p)}}"`)).join('');
  }

  /** A variable assigned once at the top of the block, e.g. `RESOURCE_ARN=...`. */
  public define(name: string, parts: readonly Part[], comment?: string): string {
    const variable = this.unique(name);
    this.assignments.push(`${variable}=${this.value(parts)}${comment ? `   # ${comment}` : ''}`);
    return variable;
  }

  /** The block: assignments first, then the lines. */
  public render(lines: string[]): string[] {
    return [...this.assignments, ...lines];
  }

  private variable(token: TokenPart): string {
    const key = token.resource ? `${token.resource.stack.path}|${token.resource.logicalId}|${token.attribute}` : token.what;
    const known = this.byKey.get(key);
    if (known) return known;
    const resource = token.resource;
    let variable: string;
    if (resource && token.attribute) {
      const base = varBase(displayPath(resource.path).split('/').pop() ?? resource.logicalId);
      const refVar = this.refVariable(resource, base);
      if (token.attribute === 'Ref') {
        variable = refVar;
      } else {
        const template = REF_SPECS[resource.type]?.attributes?.[token.attribute];
        variable = this.unique(`${base}_${varBase(token.attribute)}`);
        if (template) {
          const env = envOf(resource.stack);
          const shell = template
            .replace(/\{id##\*\/\}/g, `\${${refVar}##*/}`).replace(/\{id##\*:\}/g, `\${${refVar}##*:}`)
            .replace(/\{id\}/g, `\${${refVar}}`).replace(/\{p\}/g, env.partition)
            .replace(/\{r\}/g, env.region ?? '${AWS_REGION}').replace(/\{a\}/g, env.account ?? '$(aws sts get-caller-identity --query Account --output text)');
          this.assignments.push(`${variable}="${shell}"`);
        } else {
          this.assignments.push(`${variable}='<${token.what}>'   # fill in: see ${displayPath(resource.path)} in the CloudFormation console (stack ${resource.stack.stackName}, Resources)`);
        }
      }
    } else {
      variable = this.unique(varBase(token.what).substring(0, 40) || 'VALUE');
      this.assignments.push(`${variable}='<${token.what}>'   # fill in`);
    }
    this.byKey.set(key, variable);
    return variable;
  }

  /** The variable holding a resource's physical id, looked up in the deployed stack. */
  private refVariable(resource: IndexedResource, base: string): string {
    const key = `${resource.stack.path}|${resource.logicalId}|Ref`;
    const known = this.byKey.get(key);
    if (known) return known;
    const spec = REF_SPECS[resource.type];
    const variable = this.unique(`${base}_${varBase(spec?.refIs ?? 'id')}`);
    const literal = literalRef(resource);
    this.assignments.push(literal !== undefined
      ? `${variable}=${this.value([literal])}`
      : `${variable}=$(${describeStackResource(resource)})   # ${spec?.refIs ?? 'physical id'} of ${displayPath(resource.path)}`);
    this.byKey.set(key, variable);
    return variable;
  }

  private unique(name: string): string {
    let candidate = name;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${name}_${n}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** `aws cloudformation describe-stack-resource` printing a resource's physical id. */
export function describeStackResource(resource: IndexedResource): string {
  const region = resource.stack.region ? ` --region ${resource.stack.region}` : '';
  return `aws cloudformation describe-stack-resource${region} --stack-name ${resource.stack.stackName} --logical-resource-id ${resource.logicalId} --query StackResourceDetail.PhysicalResourceId --output text`;
}

function varBase(text: string): string {
  const base = text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(base) ? `V_${base}` : base || 'VALUE';
}
