import { AppIndex, asArray, IndexedResource, physicalName } from './app-index';
import { memoize } from '../shared/memo';
import { ORGANIZATION_BACKUP_DECLARATION_TAG_VALUE, OrganizationBackupDeclarationValue, parseOrganizationBackupDeclaration } from '../shared/organization-backup-declaration';
import { DECLARATION_TAG_KEY } from '../shared/security-declaration';

/**
 * An `AWS::Backup::BackupSelection` reduced to what decides which resources it selects,
 * following AWS Backup's documented semantics:
 * (Resources OR ListOfTags) AND every Condition, minus NotResources.
 * With neither Resources nor ListOfTags, every supported resource is a candidate.
 */
export class ParsedSelection {
  public readonly resourceRefs: ReadonlySet<IndexedResource>;
  public readonly notResourceRefs: ReadonlySet<IndexedResource>;
  /** Literal ARNs and ARN patterns (wildcards) of Resources and NotResources. */
  public readonly resourceArns: ArnMatcher;
  public readonly notResourceArns: ArnMatcher;
  /** ListOfTags entries (OR): key → value. `undefined` value means the entry is not literal. */
  public readonly anyOfTags: ReadonlyArray<{ key: string; value?: string }>;
  /** Conditions (AND). */
  public readonly conditions: ReadonlyArray<{ op: string; key: string; value?: string }>;
  private readonly selectsByDefault: boolean;

  constructor(public readonly selection: IndexedResource, index: AppIndex) {
    const body = selection.properties.BackupSelection ?? {};
    const refs = new Set<IndexedResource>();
    const patterns = new ArnMatcher();
    for (const entry of asArray(body.Resources)) addEntry(entry, selection, index, refs, patterns);
    const notRefs = new Set<IndexedResource>();
    const notPatterns = new ArnMatcher();
    for (const entry of asArray(body.NotResources)) addEntry(entry, selection, index, notRefs, notPatterns);
    this.resourceRefs = refs;
    this.resourceArns = patterns;
    this.notResourceRefs = notRefs;
    this.notResourceArns = notPatterns;

    this.anyOfTags = asArray(body.ListOfTags)
      .filter((t) => t && (t.ConditionType ?? 'STRINGEQUALS') === 'STRINGEQUALS')
      .map((t) => ({ key: tagKey(t.ConditionKey), value: typeof t.ConditionValue === 'string' ? t.ConditionValue : undefined }));

    const conditions: Array<{ op: string; key: string; value?: string }> = [];
    for (const [op, list] of Object.entries<any>(body.Conditions ?? {})) {
      for (const c of asArray(list)) {
        conditions.push({ op, key: tagKey(c?.ConditionKey), value: typeof c?.ConditionValue === 'string' ? c.ConditionValue : undefined });
      }
    }
    this.conditions = conditions;
    this.selectsByDefault = asArray(body.Resources).length === 0 && asArray(body.ListOfTags).length === 0;
  }

  /** Whether this selection puts the resource in its backup plan. */
  public selects(resource: IndexedResource, index: AppIndex): boolean {
    if (!sameEnvironment(this.selection, resource)) return false;
    const arn = memoizedArnOf(resource, index);
    const tags = index.tagsOf(resource);
    const included = this.selectsByDefault
      || this.resourceRefs.has(resource)
      || this.resourceArns.matches(arn)
      || this.anyOfTags.some((t) => t.value !== undefined && tags.get(t.key) === t.value);
    if (!included) return false;
    if (!this.conditions.every((c) => conditionHolds(c, tags))) return false;
    if (this.notResourceRefs.has(resource) || this.notResourceArns.matches(arn)) return false;
    return true;
  }
}

/** `arnOf`, once per resource and validation: every selection of the region tests the same ARN. */
function memoizedArnOf(resource: IndexedResource, index: AppIndex): string {
  return index.derived('backup-selections.arns', () => memoize(arnOf))(resource);
}

/**
 * ARNs of a selection's Resources or NotResources: a literal ARN (most of them, e.g. a table
 * named in `BackupResource.fromArn`) is looked up in a set, only wildcard patterns are tested.
 */
export class ArnMatcher {
  private readonly literals = new Set<string>();
  private readonly patterns: RegExp[] = [];

  /** Add an ARN or an AWS Backup wildcard pattern (`*`, `?`). */
  public add(glob: string): void {
    if (/[*?]/.test(glob)) this.patterns.push(globToRegExp(glob));
    else this.literals.add(glob);
  }

  public matches(arn: string): boolean {
    return this.literals.has(arn) || this.patterns.some((p) => p.test(arn));
  }
}

/** Backup plans are regional: a selection only reaches resources of its own account and region. */
function sameEnvironment(selection: IndexedResource, resource: IndexedResource): boolean {
  const a = selection.stack;
  const b = resource.stack;
  if (a.region && b.region && a.region !== b.region) return false;
  if (a.account && b.account && a.account !== b.account) return false;
  return true;
}

function tagKey(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(/^aws:ResourceTag\//, '') : '';
}

function conditionHolds(c: { op: string; key: string; value?: string }, tags: ReadonlyMap<string, string>): boolean {
  // A condition we cannot read (an intrinsic value) proves nothing: treat it as not met.
  if (c.value === undefined) return false;
  const actual = tags.get(c.key);
  switch (c.op) {
    case 'StringEquals': return actual === c.value;
    case 'StringNotEquals': return actual !== c.value;
    case 'StringLike': return actual !== undefined && globToRegExp(c.value).test(actual);
    case 'StringNotLike': return actual === undefined || !globToRegExp(c.value).test(actual);
    default: return false;
  }
}

/** Turn a selection entry into resource references or an ARN pattern. */
function addEntry(entry: unknown, selection: IndexedResource, index: AppIndex, refs: Set<IndexedResource>, patterns: ArnMatcher): void {
  const referenced = index.referencedResources(entry, selection.stack);
  if (referenced.length > 0) {
    for (const r of referenced) refs.add(r);
    return;
  }
  const literal = flattenLiteral(entry);
  if (literal !== undefined) patterns.add(literal);
}

/** Render a literal ARN, with pseudo parameters (`AWS::Region`, …) as wildcards. */
function flattenLiteral(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Record<string, any>;
  if (typeof obj.Ref === 'string' && obj.Ref.startsWith('AWS::')) return '*';
  if (Array.isArray(obj['Fn::Join']) && Array.isArray(obj['Fn::Join'][1])) {
    const parts = obj['Fn::Join'][1].map(flattenLiteral);
    return parts.every((p: string | undefined) => p !== undefined) ? parts.join(String(obj['Fn::Join'][0])) : undefined;
  }
  if (typeof obj['Fn::Sub'] === 'string') {
    const s: string = obj['Fn::Sub'];
    return /\$\{(?!AWS::)[^}]*\}/.test(s) ? undefined : s.replace(/\$\{AWS::[^}]*\}/g, '*');
  }
  return undefined;
}

/** AWS Backup and condition wildcards: `*` matches any run of characters, `?` one character. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${escaped}$`);
}

/** Stands for what the template does not say (a generated name, an unknown region): only `*` matches it. */
const UNKNOWN = '\u0000';

/** ARN layout per type: service and resource part (the name, lowercased for RDS). */
/** `global`: the ARN names no region or account (S3 buckets: `arn:aws:s3:::name`). */
const ARN_LAYOUT: Record<string, { service: string; resource: (name: string) => string; global?: boolean }> = {
  'AWS::DynamoDB::Table': { service: 'dynamodb', resource: (n) => `table/${n}` },
  'AWS::DynamoDB::GlobalTable': { service: 'dynamodb', resource: (n) => `table/${n}` },
  'AWS::RDS::DBInstance': { service: 'rds', resource: (n) => `db:${n.toLowerCase()}` },
  'AWS::RDS::DBCluster': { service: 'rds', resource: (n) => `cluster:${n.toLowerCase()}` },
  'AWS::DocDB::DBCluster': { service: 'rds', resource: (n) => `cluster:${n.toLowerCase()}` },
  'AWS::Neptune::DBCluster': { service: 'rds', resource: (n) => `cluster:${n.toLowerCase()}` },
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', resource: () => `file-system/${UNKNOWN}` },
  'AWS::EC2::Volume': { service: 'ec2', resource: () => `volume/${UNKNOWN}` },
  'AWS::FSx::FileSystem': { service: 'fsx', resource: () => `file-system/${UNKNOWN}` },
  'AWS::S3::Bucket': { service: 's3', resource: (n) => n, global: true },
};

/** The resource's ARN as far as the template tells it; unknown parts match only wildcards. */
export function arnOf(resource: IndexedResource): string {
  const layout = ARN_LAYOUT[resource.type];
  if (!layout) return UNKNOWN;
  const region = resource.stack.region ?? UNKNOWN;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : resource.stack.region ? 'aws' : UNKNOWN;
  const name = physicalName(resource) ?? UNKNOWN;
  if (layout.global) return `arn:${partition}:${layout.service}:::${layout.resource(name)}`;
  return `arn:${partition}:${layout.service}:${region}:${resource.stack.account ?? UNKNOWN}:${layout.resource(name)}`;
}

/** Every backup selection of the app, parsed once per validation. */
function selectionsOf(index: AppIndex): ParsedSelection[] {
  return index.derived('backup-selections', (i) =>
    i.resourcesOfType('AWS::Backup::BackupSelection').map((s) => new ParsedSelection(s, i)));
}

/** The backup selections, in any stack of the app, that select the resource (memoized per validation: BAK1 and BAK5 share it). */
export function selectionsSelecting(resource: IndexedResource, index: AppIndex): readonly ParsedSelection[] {
  const memo = index.derived('backup-selected', () => new Map<IndexedResource, ParsedSelection[]>());
  let selecting = memo.get(resource);
  if (selecting === undefined) {
    selecting = selectionsOf(index).filter((s) => s.selects(resource, index));
    memo.set(resource, selecting);
  }
  return selecting;
}

/** Whether any backup selection, in any stack of the app, selects the resource, or a declared organization backup policy does. */
export function isSelectedForBackup(resource: IndexedResource, index: AppIndex): boolean {
  return selectionsSelecting(resource, index).length > 0 || organizationPolicySelecting(resource, index) !== undefined;
}

/** Organization backup policies declared in the app (`OrganizationBackupCoverage`), with the account they were declared for. */
function declaredOrganizationPolicies(index: AppIndex): Array<{ account?: string; policy: OrganizationBackupDeclarationValue }> {
  return index.derived('organization-backup-declarations', (i) => i.resourcesOfType('AWS::SSM::Parameter').flatMap((p) => {
    if (i.tagsOf(p).get(DECLARATION_TAG_KEY) !== ORGANIZATION_BACKUP_DECLARATION_TAG_VALUE) return [];
    const policy = parseOrganizationBackupDeclaration(p.properties.Value);
    return policy ? [{ account: p.stack.account, policy }] : [];
  }));
}

/**
 * Every declared organization backup policy that backs up the resource: declared for its account,
 * backing up its region, and selecting one of its tags (several policies may select one resource:
 * the rules judge them all).
 */
export function organizationPoliciesSelecting(resource: IndexedResource, index: AppIndex): OrganizationBackupDeclarationValue[] {
  const region = resource.stack.region;
  if (region === undefined) return [];
  const tags = index.tagsOf(resource);
  return declaredOrganizationPolicies(index).filter(({ account, policy }) =>
    account === resource.stack.account && policy.regions.includes(region) && policy.tagValues.includes(tags.get(policy.tagKey) as string))
    .map(({ policy }) => policy);
}

/** The first declared organization backup policy that backs up the resource (see `organizationPoliciesSelecting`). */
export function organizationPolicySelecting(resource: IndexedResource, index: AppIndex): OrganizationBackupDeclarationValue | undefined {
  return organizationPoliciesSelecting(resource, index)[0];
}
