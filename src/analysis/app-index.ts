import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct, MetadataEntry } from 'constructs';
import { creationStackIn, creationStackOf } from './source-location';
import { unreadableStackSetTemplate } from './stack-set-template';
import { ReadinessProfile } from '../profile';
import { renderStackTemplate } from '../shared/cdk-internals';
import { memoize } from '../shared/memo';
import { RUNBOOK_ENTRY_METADATA } from '../shared/runbook-anchor';

/** An acknowledgement in force on a construct: the reason and where it was made. */
export interface Acknowledgement {
  readonly reason: string;
  readonly acknowledgedAt: string;
}

/** Acknowledgements by rule id (namespace prefixes such as `Annotation::` removed). */
export type AcknowledgementMap = ReadonlyMap<string, Acknowledgement>;

/** A runbook entry a construct added with `Runbook.addEntry`, its tokens resolved as in the template. */
export interface ContributedEntry {
  /** Construct path of the construct the entry was added to. */
  readonly path: string;
  /** The entry (`RunbookEntry` fields; strings with tokens are template values such as `Fn::Join`). */
  readonly data: Record<string, unknown>;
}

/** A stack of the app, with its synthesized template. */
export interface IndexedStack {
  /** Construct path of the stack, e.g. `Prod/Data`. */
  readonly path: string;
  readonly stackName: string;
  /** Id of the stack's artifact in the cloud assembly (names its template and its runbook). */
  readonly artifactId: string;
  /** Template file, relative to the cloud assembly root when known. */
  readonly templateFile: string;
  /** Account and region, undefined when environment-agnostic. */
  readonly account?: string;
  readonly region?: string;
  readonly terminationProtection: boolean;
  readonly profile: ReadinessProfile;
  readonly profileDeclared: boolean;
  readonly acknowledgements: AcknowledgementMap;
  /** The creation stack aws-cdk-lib recorded for the stack construct, if any. */
  readonly creationStack?: readonly string[];
  readonly resources: IndexedResource[];
  readonly resourcesByLogicalId: ReadonlyMap<string, IndexedResource>;
  /** Runbook entries added to constructs of the stack, in tree order. */
  readonly runbookEntries: readonly ContributedEntry[];
  /**
   * For a `NestedStack`: construct path of the stack that holds it (environment, profile and
   * termination protection are that stack's). Undefined for a top-level stack.
   */
  readonly parentPath?: string;
}

/**
 * A resource the index holds but cannot see inside: its template (or what it expands to) is not
 * in the cloud assembly, so no rule judges what it deploys.
 */
export interface NotExaminedResource {
  /** Construct path of the resource (for a `Transform`, of the stack whose template uses it). */
  readonly path: string;
  /** CloudFormation type (for a `Transform`, the macro's name). */
  readonly type: string;
  /** Why it was not examined. */
  readonly reason: string;
}

/** A CloudFormation resource as synthesized, with where it came from. */
export interface IndexedResource {
  readonly logicalId: string;
  readonly type: string;
  /** Resolved CloudFormation properties (`{}` when none). */
  readonly properties: any;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** The resource's `UpdatePolicy` attribute (rolling updates, CodeDeploy alias shifting), if any. */
  readonly updatePolicy?: any;
  /** The resource's `Metadata` attribute, if any (markers constructs write for the rules). */
  readonly metadata?: any;
  readonly stack: IndexedStack;
  /** Construct path of the L1 resource (or `<stack path>/<logical id>` if not in the tree). */
  readonly path: string;
  readonly acknowledgements: AcknowledgementMap;
  /** The creation stack aws-cdk-lib recorded for the L1 resource, if it is in the tree. */
  readonly creationStack?: readonly string[];
}

const ACK_KEY = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const NO_ACKS: AcknowledgementMap = new Map();
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);

/** How the index finds each stack's template. */
export interface TemplateSource {
  /** Absolute template path per stack construct path (from the validation context). */
  readonly byStackPath?: ReadonlyMap<string, string>;
  /** Root of the cloud assembly, to make template paths relative in reports. */
  readonly assemblyRoot?: string;
}

/**
 * One index over every stack of the app (nested Stages and all regions), built once per
 * validation. Rules are pure functions over it; derived views (alarms by resource, backup
 * selections, exports) are computed lazily, once, on first use.
 */
export class AppIndex {
  /**
   * Build the index for the stacks under `root`. With `templates.byStackPath`, only the
   * stacks listed there are indexed (a plugin registered on a Stage sees that Stage only) and
   * their templates are read from disk; otherwise templates are rendered from the tree.
   */
  public static build(root: IConstruct, templates: TemplateSource = {}, profileOverride?: ReadinessProfile): AppIndex {
    const builder = new IndexBuilder(templates, profileOverride);
    builder.walk(root, NO_ACKS, undefined, root.node.scope?.node.path ?? '');
    const stacks = builder.finish();
    return new AppIndex(stacks, builder.notExamined);
  }

  public readonly stacks: IndexedStack[];
  /** What the app deploys that no rule could judge, by construct path: never left out silently. */
  public readonly notExamined: readonly NotExaminedResource[];
  private readonly byType = new Map<string, IndexedResource[]>();
  private exportsCache?: Map<string, { stack: IndexedStack; value: unknown }>;
  private alarmTargetsCache?: Map<IndexedResource, IndexedResource[]>;
  private watchedByCache?: Map<IndexedResource, IndexedResource[]>;
  private namedCache?: Map<string, IndexedResource[]>;
  private readonly literalTagsOf = memoize(literalTags);
  private readonly memo = new Map<string, unknown>();
  private readonly referencesCache = new Map<IndexedResource, readonly IndexedResource[]>();

  private constructor(stacks: IndexedStack[], notExamined: NotExaminedResource[]) {
    this.stacks = stacks;
    this.notExamined = notExamined.sort((a, b) => compare(a.path, b.path) || compare(a.type, b.type));
    for (const stack of stacks) {
      for (const r of stack.resources) {
        let list = this.byType.get(r.type);
        if (!list) this.byType.set(r.type, (list = []));
        list.push(r);
      }
    }
  }

  /** Every resource of a CloudFormation type, in all stacks. */
  public resourcesOfType(type: string): readonly IndexedResource[] {
    return this.byType.get(type) ?? [];
  }

  /** Total number of resources indexed. */
  public get resourceCount(): number {
    return this.stacks.reduce((n, s) => n + s.resources.length, 0);
  }

  /**
   * A derived view computed once per index: `key` names it, `compute` builds it on first use.
   * Rules use this for their own lookup tables, so no rule rescans the app per resource.
   */
  public derived<T>(key: string, compute: (index: AppIndex) => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute(this));
    return this.memo.get(key) as T;
  }

  /**
   * The resources a template value refers to: `Ref`, `Fn::GetAtt`, `Fn::Sub` variables and
   * `Fn::ImportValue` of another stack's export, at any depth (inside `Fn::Join`, `Fn::Select`, …).
   */
  public referencedResources(value: unknown, from: IndexedStack): IndexedResource[] {
    const out: IndexedResource[] = [];
    this.collectRefs(value, from, out, 0);
    return out;
  }

  /**
   * The resources a resource's properties refer to (`referencedResources(resource.properties, resource.stack)`),
   * computed once per resource: the views that scan every resource's references share it.
   */
  public referencesOf(resource: IndexedResource): readonly IndexedResource[] {
    let refs = this.referencesCache.get(resource);
    if (!refs) this.referencesCache.set(resource, (refs = this.referencedResources(resource.properties, resource.stack)));
    return refs;
  }

  /** Resources whose physical name (e.g. `TableName`, `QueueName`) is this literal. */
  public resourcesNamed(name: string): readonly IndexedResource[] {
    if (!this.namedCache) {
      this.namedCache = new Map();
      for (const stack of this.stacks) {
        for (const r of stack.resources) {
          const physical = physicalName(r);
          if (physical === undefined) continue;
          let list = this.namedCache.get(physical);
          if (!list) this.namedCache.set(physical, (list = []));
          list.push(r);
        }
      }
    }
    return this.namedCache.get(name) ?? [];
  }

  /**
   * CloudWatch alarms (metric and metric-math, anomaly detection included) whose metric
   * dimensions refer to the resource, by reference or by its literal physical name, in any stack.
   */
  public alarmsOn(resource: IndexedResource): readonly IndexedResource[] {
    if (!this.alarmTargetsCache) {
      const map = new Map<IndexedResource, IndexedResource[]>();
      for (const alarm of this.resourcesOfType('AWS::CloudWatch::Alarm')) {
        const p = alarm.properties;
        const targets = new Set<IndexedResource>();
        const scan = (dims: unknown) => {
          for (const t of this.referencedResources(dims, alarm.stack)) targets.add(t);
          for (const literal of literalStrings(dims)) {
            for (const t of this.resourcesNamed(literal)) targets.add(t);
          }
        };
        scan(p.Dimensions);
        for (const m of asArray(p.Metrics)) scan(m?.MetricStat?.Metric?.Dimensions);
        for (const t of targets) {
          let list = map.get(t);
          if (!list) map.set(t, (list = []));
          list.push(alarm);
        }
      }
      this.alarmTargetsCache = map;
    }
    return this.alarmTargetsCache.get(resource) ?? [];
  }

  /** The resources a CloudWatch alarm's metric dimensions refer to (the inverse of `alarmsOn`). */
  public resourcesWatchedBy(alarm: IndexedResource): readonly IndexedResource[] {
    if (!this.watchedByCache) {
      const inverse = new Map<IndexedResource, IndexedResource[]>();
      for (const stack of this.stacks) {
        for (const r of stack.resources) {
          for (const a of this.alarmsOn(r)) {
            let list = inverse.get(a);
            if (!list) inverse.set(a, (list = []));
            list.push(r);
          }
        }
      }
      this.watchedByCache = inverse;
    }
    return this.watchedByCache.get(alarm) ?? [];
  }

  /** Literal tags of a resource (tags whose key or value is an intrinsic are left out), read once per resource. */
  public tagsOf(resource: IndexedResource): ReadonlyMap<string, string> {
    return this.literalTagsOf(resource);
  }

  /** The value a stack exports under a name (`Fn::ImportValue` of it), and the exporting stack. */
  public exportedValue(name: string): { readonly stack: IndexedStack; readonly value: unknown } | undefined {
    return this.exports.get(name);
  }

  /** Exports of every stack by export name. */
  private get exports(): Map<string, { stack: IndexedStack; value: unknown }> {
    if (!this.exportsCache) {
      this.exportsCache = new Map();
      for (const stack of this.stacks) {
        const outputs = (stack as InternalStack).outputs ?? {};
        for (const out of Object.values<any>(outputs)) {
          const name = out?.Export?.Name;
          if (typeof name === 'string') this.exportsCache.set(name, { stack, value: out.Value });
        }
      }
    }
    return this.exportsCache;
  }

  private collectRefs(value: unknown, from: IndexedStack, out: IndexedResource[], depth: number): void {
    if (value === null || typeof value !== 'object' || depth > 32) return;
    if (Array.isArray(value)) {
      for (const v of value) this.collectRefs(v, from, out, depth + 1);
      return;
    }
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
      const key = keys[0];
      const arg = obj[key];
      if (key === 'Ref' && typeof arg === 'string') {
        this.pushLogical(arg, from, out);
        return;
      }
      if (key === 'Fn::GetAtt') {
        const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
        if (typeof target === 'string') this.pushLogical(target, from, out);
        return;
      }
      if (key === 'Fn::ImportValue' && typeof arg === 'string') {
        const exported = this.exports.get(arg);
        if (exported) this.collectRefs(exported.value, exported.stack, out, depth + 1);
        return;
      }
      if (key === 'Fn::Sub') {
        const template = Array.isArray(arg) ? arg[0] : arg;
        if (typeof template === 'string') {
          for (const m of template.matchAll(/\$\{([^!}][^}]*)\}/g)) this.pushLogical(m[1].split('.')[0], from, out);
        }
        if (Array.isArray(arg)) this.collectRefs(arg[1], from, out, depth + 1);
        return;
      }
    }
    for (const k of keys) this.collectRefs(obj[k], from, out, depth + 1);
  }

  private pushLogical(logicalId: string, from: IndexedStack, out: IndexedResource[]): void {
    if (PSEUDO_PARAMETERS.has(logicalId)) return;
    const r = from.resourcesByLogicalId.get(logicalId);
    if (r) out.push(r);
  }
}

/** The physical-name property of the resource types rules look up by name. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::DocDB::DBCluster': 'DBClusterIdentifier',
  'AWS::Neptune::DBCluster': 'DBClusterIdentifier',
  'AWS::ECS::Service': 'ServiceName',
  'AWS::ApiGateway::RestApi': 'Name',
  'AWS::ApiGatewayV2::Api': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::ElastiCache::CacheCluster': 'ClusterName',
  'AWS::OpenSearchService::Domain': 'DomainName',
  'AWS::Elasticsearch::Domain': 'DomainName',
};

/** The literal physical name of a resource, if its template gives one. */
export function physicalName(resource: IndexedResource): string | undefined {
  const prop = NAME_PROPERTIES[resource.type];
  const value = prop ? resource.properties[prop] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** Literal tags of a resource (tags whose key or value is an intrinsic are left out). */
function literalTags(resource: IndexedResource): Map<string, string> {
  const tags = new Map<string, string>();
  const p = resource.properties;
  const raw = p.Tags ?? p.FileSystemTags ?? p.TagList ?? p.UserPoolTags;
  if (Array.isArray(raw)) {
    for (const t of raw) {
      if (t && typeof t.Key === 'string' && typeof t.Value === 'string') tags.set(t.Key, t.Value);
    }
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') tags.set(k, v);
  }
  return tags;
}

/** Every literal string inside a template value (not inside intrinsic function names). */
function literalStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {out.push(value);} else if (value && typeof value === 'object' && depth < 16) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' || k === 'Fn::GetAtt' || k === 'Fn::ImportValue' || k === 'Fn::Sub') continue;
      if (!Array.isArray(value) && (k === 'Name' || k === 'Key')) continue;
      literalStrings(v, out, depth + 1);
    }
  }
  return out;
}

/** Internal: a stack record while it is being filled. */
interface InternalStack extends IndexedStack {
  resources: IndexedResource[];
  resourcesByLogicalId: Map<string, IndexedResource>;
  runbookEntries: ContributedEntry[];
  outputs?: Record<string, any>;
  /** The stack's L1 resources with their paths, inherited acknowledgements and creation stacks, in tree order. */
  cfnResources: CfnResourceEntry[];
  node: Stack;
  /** Absolute directory of the synthesized templates (nested stack templates are written beside their parent's). */
  templateDir?: string;
}

class IndexBuilder {
  public readonly notExamined: NotExaminedResource[] = [];
  private readonly stacks: InternalStack[] = [];
  /** The `AWS::CloudFormation::Stack` resources of the nested stacks indexed (their templates are read). */
  private readonly indexedNestedResources = new Set<CfnResource>();

  constructor(private readonly templates: TemplateSource, private readonly profileOverride?: ReadinessProfile) {}

  /**
   * One walk of the construct tree: stacks, L1 paths, creation stacks, runbook entries and
   * inherited acknowledgements. Each construct's metadata is read once, and its path is built
   * from its parent's (`node.path` walks up the whole tree on every call).
   */
  public walk(node: IConstruct, inherited: AcknowledgementMap, stack: InternalStack | undefined, parentPath = ''): void {
    const id = node.node.id;
    const nodePath = id ? (parentPath ? `${parentPath}/${id}` : id) : parentPath;
    const metadata = node.node.metadata;
    const acks = metadata.length === 0 ? inherited : withOwnAcknowledgements(metadata, nodePath, inherited);
    let current = stack;
    if (Stack.isStack(node)) {
      current = node.nested ? this.addNestedStack(node, stack, acks) : this.addStack(node, acks);
    }
    if (current) {
      if (CfnElement.isCfnElement(node) && CfnResource.isCfnResource(node)) {
        current.cfnResources.push({ node, path: nodePath, acks, creationStack: creationStackIn(metadata) });
      }
      if (metadata.length > 0) collectRunbookEntries(metadata, nodePath, current);
    }
    for (const child of node.node.children) this.walk(child, acks, current, nodePath);
  }

  public finish(): IndexedStack[] {
    const result: IndexedStack[] = [];
    for (const stack of this.stacks) {
      const template = this.readTemplate(stack);
      if (!template) continue;
      stack.outputs = template.Outputs ?? {};
      const locate = locator(stack);
      for (const transform of transformsOf(template)) {
        this.notExamined.push({
          path: stack.path,
          type: transform,
          reason: 'the template uses this Transform (macro): the resources it adds or changes at deployment are not examined',
        });
      }
      for (const [logicalId, res] of Object.entries<any>(template.Resources ?? {})) {
        const where = locate(logicalId, res);
        const resource: IndexedResource = {
          logicalId,
          type: String(res.Type),
          properties: res.Properties ?? {},
          deletionPolicy: res.DeletionPolicy,
          updateReplacePolicy: res.UpdateReplacePolicy,
          updatePolicy: res.UpdatePolicy,
          metadata: res.Metadata,
          stack,
          path: where?.path ?? `${stack.path}/${logicalId}`,
          acknowledgements: where?.acks ?? stack.acknowledgements,
          creationStack: where?.creationStack,
        };
        stack.resources.push(resource);
        stack.resourcesByLogicalId.set(logicalId, resource);
        const reason = notExaminedReason(resource, where !== undefined && this.indexedNestedResources.has(where.node));
        if (reason) this.notExamined.push({ path: resource.path, type: resource.type, reason });
      }
      stack.cfnResources.length = 0;
      result.push(stack);
    }
    return result.sort((a, b) => compare(a.path, b.path));
  }

  private addStack(node: Stack, acks: AcknowledgementMap): InternalStack | undefined {
    const byPath = this.templates.byStackPath;
    if (byPath && !byPath.has(node.node.path)) return undefined;
    const file = byPath?.get(node.node.path);
    const stack: InternalStack = {
      path: node.node.path,
      stackName: node.stackName,
      artifactId: node.artifactId,
      templateFile: node.templateFile,
      account: Token.isUnresolved(node.account) ? undefined : node.account,
      region: Token.isUnresolved(node.region) ? undefined : node.region,
      terminationProtection: node.terminationProtection === true,
      profile: this.profileOverride ?? ReadinessProfile.of(node),
      profileDeclared: this.profileOverride !== undefined || ReadinessProfile.isDeclared(node),
      acknowledgements: acks,
      creationStack: creationStackOf(node),
      resources: [],
      resourcesByLogicalId: new Map(),
      runbookEntries: [],
      cfnResources: [],
      node,
      templateDir: file ? path.dirname(file) : undefined,
    };
    this.stacks.push(stack);
    return stack;
  }

  /**
   * A `NestedStack`, at any depth, indexed as a stack of its own when its parent is indexed: its
   * template, its construct path, and its parent's environment, profile and termination protection
   * (a nested stack is deployed with its parent). Acknowledgements reach it down the tree as they
   * reach any construct. Values the parent passes in (`Parameters`, often `Ref`s of the parent's
   * resources) are `Ref`s of parameters inside the nested template: they stay unresolved, so a rule
   * that follows references does not see across the parent/nested boundary.
   */
  private addNestedStack(node: Stack, parent: InternalStack | undefined, acks: AcknowledgementMap): InternalStack | undefined {
    if (!parent) return undefined;
    const nested = node as Stack & { readonly nestedStackResource?: CfnResource };
    if (nested.nestedStackResource) this.indexedNestedResources.add(nested.nestedStackResource);
    const stack: InternalStack = {
      path: node.node.path,
      // A nested stack's name is a deploy-time token; name it after its parent and its id.
      stackName: `${parent.stackName}/${node.node.id}`,
      artifactId: node.artifactId,
      templateFile: node.templateFile,
      account: parent.account,
      region: parent.region,
      terminationProtection: parent.terminationProtection,
      profile: parent.profile,
      profileDeclared: parent.profileDeclared,
      acknowledgements: acks,
      creationStack: creationStackOf(node),
      resources: [],
      resourcesByLogicalId: new Map(),
      runbookEntries: [],
      parentPath: parent.path,
      cfnResources: [],
      node,
      templateDir: parent.templateDir,
    };
    this.stacks.push(stack);
    return stack;
  }

  private readTemplate(stack: InternalStack): any {
    const file = stack.parentPath === undefined
      ? this.templates.byStackPath?.get(stack.path)
      // A nested stack's template is a file asset written beside its top-level parent's template.
      : stack.templateDir !== undefined ? existing(path.join(stack.templateDir, stack.node.templateFile)) : undefined;
    if (file) {
      if (this.templates.assemblyRoot) {
        (stack as { templateFile: string }).templateFile = relativeTo(this.templates.assemblyRoot, file);
      }
      return JSON.parse(fs.readFileSync(file, 'utf-8'));
    }
    // No synthesized template at hand (direct `validateScope`): render it from the tree.
    return renderStackTemplate(stack.node as Stack);
  }
}

/** An L1 resource met in the walk. */
interface CfnResourceEntry {
  readonly node: CfnResource;
  readonly path: string;
  readonly acks: AcknowledgementMap;
  readonly creationStack?: readonly string[];
}

type Where = CfnResourceEntry | undefined;

/**
 * Map a template's logical ids back to constructs. Templates synthesized by the CDK CLI carry
 * each resource's construct path (`aws:cdk:path` metadata): then a lookup by path is enough.
 * Otherwise logical ids are recomputed from the tree (a hash per resource, so only when needed).
 */
function locator(stack: InternalStack): (logicalId: string, resource: any) => Where {
  const byPath = new Map<string, Where>();
  for (const c of stack.cfnResources) byPath.set(c.path, c);
  let byLogicalId: Map<string, Where> | undefined;
  return (logicalId, resource) => {
    const cdkPath = resource?.Metadata?.['aws:cdk:path'];
    const found = typeof cdkPath === 'string' ? byPath.get(cdkPath) : undefined;
    if (found) return found;
    if (!byLogicalId) {
      byLogicalId = new Map();
      for (const c of stack.cfnResources) byLogicalId.set(stack.node.getLogicalId(c.node), byPath.get(c.path));
    }
    return byLogicalId.get(logicalId);
  };
}

/** The macros a template names in its `Transform` section. */
function transformsOf(template: any): string[] {
  return asArray(template.Transform)
    .map((t) => (typeof t === 'string' ? t : typeof t?.Name === 'string' ? t.Name : undefined))
    .filter((t): t is string => t !== undefined);
}

/** Why the index cannot see inside a resource, or undefined when it can. */
function notExaminedReason(resource: IndexedResource, nestedStackIndexed: boolean): string | undefined {
  if (resource.type === 'AWS::CloudFormation::Stack' && !nestedStackIndexed) {
    return 'a nested stack whose template is not in the cloud assembly (TemplateURL): its resources are not examined';
  }
  if (resource.type === 'AWS::Serverless::Application') {
    return 'a SAM application: its template (Serverless Application Repository or S3) is not in the cloud assembly, so its resources are not examined';
  }
  if (resource.type === 'AWS::CloudFormation::StackSet') return unreadableStackSetTemplate(resource.properties);
  if (resource.type.endsWith('::MODULE')) {
    return 'a CloudFormation module: the resources it expands to at deployment are not examined';
  }
  return undefined;
}

function existing(file: string): string | undefined {
  return fs.existsSync(file) ? file : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Runbook entries added to a construct (`Runbook.addEntry`), resolved in its stack. */
function collectRunbookEntries(metadata: readonly MetadataEntry[], nodePath: string, stack: InternalStack): void {
  for (const entry of metadata) {
    if (entry.type !== RUNBOOK_ENTRY_METADATA || !entry.data || typeof entry.data !== 'object') continue;
    stack.runbookEntries.push({ path: nodePath, data: stack.node.resolve(entry.data) });
  }
}

/** Merge a construct's own acknowledgements over those inherited from its scopes. */
function withOwnAcknowledgements(metadata: readonly MetadataEntry[], nodePath: string, inherited: AcknowledgementMap): AcknowledgementMap {
  let merged: Map<string, Acknowledgement> | undefined;
  for (const entry of metadata) {
    if (entry.type !== ACK_KEY || !entry.data || typeof entry.data !== 'object') continue;
    for (const [qualifiedId, reason] of Object.entries(entry.data as Record<string, unknown>)) {
      merged ??= new Map(inherited);
      merged.set(stripNamespace(qualifiedId), { reason: String(reason ?? ''), acknowledgedAt: nodePath });
    }
  }
  return merged ?? inherited;
}

/** `Annotation::Readiness-BAK1` and `cdk-readiness::Readiness-BAK1` both mean `Readiness-BAK1`. */
export function stripNamespace(id: string): string {
  const sep = id.indexOf('::');
  return sep >= 0 ? id.substring(sep + 2) : id;
}
