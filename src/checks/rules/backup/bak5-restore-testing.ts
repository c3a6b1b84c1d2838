import { AppIndex, asArray, IndexedResource, IndexedStack } from '../../../analysis/app-index';
import { arnOf, isSelectedForBackup, organizationPoliciesSelecting, selectionsSelecting } from '../../../analysis/backup-selections';
import {
  AIR_GAPPED_VAULT_TYPE, planRules, renderArn, resolveRuleVault, resolveVaultTarget, RuleVault, sameEnvironment, VAULT_TYPE, wholeNumber,
} from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { partitionOf } from '../../../shared/partition';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Restore-testing types AWS Backup backs up continuously (point-in-time) when a rule sets EnableContinuousBackup. */
const CONTINUOUS_TYPES = new Set(['RDS', 'Aurora', 'S3']);
/** SelectionWindowDays when a restore testing plan does not set it. */
const DEFAULT_SELECTION_WINDOW_DAYS = 30;

/** The restore-testing `ProtectedResourceType` of a data store. */
export function restoreTestingTypeOf(resource: IndexedResource): string | undefined {
  switch (resource.type) {
    case 'AWS::RDS::DBInstance': return 'RDS';
    case 'AWS::RDS::DBCluster': return /^aurora/i.test(String(resource.properties.Engine ?? 'aurora')) ? 'Aurora' : 'RDS';
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': return 'DynamoDB';
    case 'AWS::EFS::FileSystem': return 'EFS';
    case 'AWS::EC2::Volume': return 'EBS';
    case 'AWS::FSx::FileSystem': return 'FSx';
    case 'AWS::DocDB::DBCluster': return 'DocumentDB';
    case 'AWS::Neptune::DBCluster': return 'Neptune';
    case 'AWS::S3::Bucket': return 'S3';
    default: return undefined;
  }
}

interface TestingSelection {
  readonly selection: IndexedResource;
  /** Its restore testing plan, when found by name in the same region. */
  readonly plan?: IndexedResource;
  readonly type: string;
  readonly all: boolean;
  readonly refs: ReadonlySet<IndexedResource>;
  readonly patterns: readonly RegExp[];
}

function testingSelections(index: AppIndex): TestingSelection[] {
  return index.derived('restore-testing-selections', (i) => {
    const plans = new Map(i.resourcesOfType('AWS::Backup::RestoreTestingPlan')
      .map((p) => [`${p.stack.region}|${p.properties.RestoreTestingPlanName}`, p]));
    return i.resourcesOfType('AWS::Backup::RestoreTestingSelection')
      .filter((s) => typeof s.properties.RestoreTestingPlanName !== 'string'
        || plans.has(`${s.stack.region}|${s.properties.RestoreTestingPlanName}`))
      .map((s) => {
        const plan = typeof s.properties.RestoreTestingPlanName === 'string'
          ? plans.get(`${s.stack.region}|${s.properties.RestoreTestingPlanName}`) : undefined;
        const entries = asArray(s.properties.ProtectedResourceArns);
        const refs = new Set<IndexedResource>();
        const patterns: RegExp[] = [];
        let all = false;
        for (const e of entries) {
          if (e === '*') { all = true; continue; }
          for (const r of i.referencedResources(e, s.stack)) refs.add(r);
          if (typeof e === 'string') patterns.push(new RegExp(`^${e.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
        }
        // Conditions-only selections (ProtectedResourceConditions) test every resource of the type with those tags.
        if (entries.length === 0) all = true;
        return { selection: s, plan, type: String(s.properties.ProtectedResourceType), all, refs, patterns };
      });
  });
}

/** A kind of recovery point a backup rule makes of a data store, and where it keeps it. */
interface RecoveryPointSource {
  readonly rule: string;
  readonly vault: RuleVault;
  readonly kind: 'CONTINUOUS' | 'SNAPSHOT';
  /** Longest gap between two recovery points, in days; undefined when the schedule cannot be read. */
  readonly periodDays?: number;
}

/**
 * The recovery points the backup plans selecting a data store make in its region: the rule's own
 * vault (continuous for RDS/Aurora when the rule enables it, else snapshots) and copies to vaults
 * of the same region (always snapshots). Undefined when a selecting plan is not in the app.
 */
function recoveryPointSources(resource: IndexedResource, type: string, index: AppIndex): RecoveryPointSource[] | undefined {
  const plans = new Set<IndexedResource>();
  for (const sel of selectionsSelecting(resource, index)) {
    const plan = index.referencedResources(sel.selection.properties.BackupPlanId, sel.selection.stack)
      .find((r) => r.type === 'AWS::Backup::BackupPlan');
    if (!plan) return undefined;
    plans.add(plan);
  }
  const out: RecoveryPointSource[] = [];
  // The organization's backup policies selecting it: each keeps snapshots in its declared vault of
  // the account and region, as often as its declared schedule (daily where the declaration does
  // not say: AWS Backup's default). Where a vault is not declared, it cannot be told.
  if (plans.size === 0) {
    const policies = organizationPoliciesSelecting(resource, index);
    const { account, region } = resource.stack;
    if (policies.length === 0 || policies.some((p) => p.vaultName === undefined) || account === undefined || region === undefined) return undefined;
    return policies.map((policy) => ({
      rule: `of the organization's backup policy ${policy.policyName}`,
      vault: { arn: `arn:${partitionOf(region)}:backup:${region}:${account}:backup-vault:${policy.vaultName}` },
      kind: 'SNAPSHOT',
      periodDays: schedulePeriodDays(policy.scheduleExpression),
    }));
  }
  for (const plan of plans) {
    planRules(plan).forEach((rule, i) => {
      const name = typeof rule?.RuleName === 'string' ? `'${rule.RuleName}'` : `#${i + 1}`;
      const continuous = (rule?.EnableContinuousBackup === true || rule?.EnableContinuousBackup === 'true') && CONTINUOUS_TYPES.has(type);
      const periodDays = schedulePeriodDays(rule?.ScheduleExpression);
      out.push({ rule: name, vault: resolveRuleVault(rule?.TargetBackupVault, plan.stack, index), kind: continuous ? 'CONTINUOUS' : 'SNAPSHOT', periodDays });
      for (const action of asArray(rule?.CopyActions)) {
        const target = resolveVaultTarget(action?.DestinationBackupVaultArn, plan.stack, index);
        if (target.region !== undefined && target.region === resource.stack.region) {
          out.push({ rule: `${name} (copy)`, vault: { vault: target.vault }, kind: 'SNAPSHOT', periodDays });
        }
      }
    });
  }
  return out;
}

/** Longest gap, in days, between two runs of a backup schedule; undefined when it cannot be read. */
export function schedulePeriodDays(expression: unknown): number | undefined {
  if (expression === undefined) return 1; // AWS Backup's default: cron(0 5 ? * * *)
  if (typeof expression !== 'string') return undefined;
  const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit === 'day' ? n : unit === 'hour' ? n / 24 : n / 1440;
  }
  const cron = /^cron\((.+)\)$/i.exec(expression.trim());
  const fields = cron ? cron[1].trim().split(/\s+/) : [];
  if (fields.length !== 6) return undefined;
  const [, , dayOfMonth, month, dayOfWeek] = fields;
  const every = (v: string) => v === '*' || v === '?';
  if (!every(month)) return 366;
  if (every(dayOfMonth) && every(dayOfWeek)) return 1;
  if (!every(dayOfMonth)) {
    const step = /^(?:\*|\d+)\/(\d+)$/.exec(dayOfMonth);
    return step ? Number(step[1]) : 31;
  }
  return 7; // day-of-week schedules run at least weekly
}

/** Whether an IncludeVaults/ExcludeVaults entry names the vault; `unknown` when the template cannot tell. */
function vaultMatches(entry: unknown, source: RuleVault, from: IndexedStack, index: AppIndex, unknown: boolean): boolean {
  if (entry === '*') return true;
  const referenced = index.referencedResources(entry, from).filter((r) => r.type === VAULT_TYPE || r.type === AIR_GAPPED_VAULT_TYPE);
  if (referenced.length > 0) return source.vault !== undefined && referenced.includes(source.vault);
  const rendered = renderArn(entry, from);
  if (rendered === undefined || source.arn === undefined) return unknown;
  const pattern = rendered.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\u0000|\*/g, '[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(source.arn);
}

/**
 * Why a restore testing plan cannot pick any of these recovery points, or undefined when it can
 * (or when the template cannot tell).
 */
function unpickable(plan: IndexedResource, sources: RecoveryPointSource[], index: AppIndex): string | undefined {
  const selection = plan.properties.RecoveryPointSelection ?? {};
  const types = asArray(selection.RecoveryPointTypes).filter((t): t is string => typeof t === 'string');
  if (types.length === 0) return undefined;
  const window = wholeNumber(selection.SelectionWindowDays) ?? DEFAULT_SELECTION_WINDOW_DAYS;
  const includes = asArray(selection.IncludeVaults);
  const excludes = asArray(selection.ExcludeVaults);
  const eligible = sources.filter((s) => includes.some((e) => vaultMatches(e, s.vault, plan.stack, index, true))
    && !excludes.some((e) => vaultMatches(e, s.vault, plan.stack, index, false)));
  if (eligible.length === 0) {
    return 'its IncludeVaults (minus ExcludeVaults) hold none of the vaults the backup rules keep this data store\'s recovery points in';
  }
  const pickable = (s: RecoveryPointSource) => (s.kind === 'CONTINUOUS'
    ? types.includes('CONTINUOUS')
    : types.includes('SNAPSHOT') && (s.periodDays === undefined || s.periodDays <= window));
  if (eligible.some(pickable)) return undefined;
  const reasons: string[] = [];
  const continuous = eligible.filter((s) => s.kind === 'CONTINUOUS');
  if (continuous.length > 0) {
    reasons.push(`backup rule ${continuous.map((s) => s.rule).join(', ')} makes continuous recovery points (EnableContinuousBackup) but RecoveryPointTypes is ${JSON.stringify(types)}`);
  }
  const snapshots = eligible.filter((s) => s.kind === 'SNAPSHOT');
  if (snapshots.length > 0 && !types.includes('SNAPSHOT')) {
    reasons.push(`backup rule ${snapshots.map((s) => s.rule).join(', ')} makes snapshots but RecoveryPointTypes is ${JSON.stringify(types)}`);
  } else if (snapshots.length > 0) {
    reasons.push(`no snapshot rule runs within its SelectionWindowDays of ${window} days (${snapshots.map((s) => `${s.rule} every ${Math.ceil(s.periodDays ?? 0)} days`).join(', ')})`);
  } else {
    reasons.push('no backup rule makes snapshots of it');
  }
  return reasons.join('; ');
}

/**
 * BAK5: every data store a backup plan protects is covered by a restore testing selection of its
 * type in its region.
 */
export const BAK5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK5',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'A restore testing plan covers every protected resource type',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Recovery testing procedures", "MISSING: Recovery time testing"',
  explanation:
    'A backup nobody has restored is a hope, not a recovery point. AWS Backup restore testing restores the latest recovery point on a schedule, measures the restore time and deletes the copy after a validation window. Every resource type a backup plan protects needs a RestoreTestingSelection of that type, in the same region, whose plan exists and can pick the recovery points the backup rules make: RecoveryPointTypes must accept CONTINUOUS for a rule with EnableContinuousBackup (RDS, Aurora), or a snapshot rule must run within SelectionWindowDays (default 30), and IncludeVaults must hold the rule\'s vault (or \'*\').',
  fix: 'Plain CDK: a `backup.CfnRestoreTestingPlan` whose `RecoveryPointSelection` includes the plan\'s vault and recovery point types, with a `backup.CfnRestoreTestingSelection` for the resource\'s type. With this library: `CrossRegionBackup` adds a restore testing selection per protected type (continuous recovery points included), and `CrossRegionBackupDr` does so in the DR region.',
  // A bucket counts when a backup plan selects it (BAK1 decides which buckets must be selected).
  resourceTypes: [...BACKUP_PROTECTED_TYPES, 'AWS::S3::Bucket'],
  evaluate(resource, index) {
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    if (!isSelectedForBackup(resource, index)) return NOT_APPLICABLE;
    const type = restoreTestingTypeOf(resource);
    const arn = arnOf(resource);
    const covering = testingSelections(index).filter((s) => s.type === type
      && sameEnvironment(s.selection.stack, resource.stack)
      && (s.all || s.refs.has(resource) || s.patterns.some((p) => p.test(arn))));
    if (covering.length === 0) {
      return fail(`No restore testing selection of type ${type} covers this data store in its region: its backups are never test-restored`);
    }
    // The selection covers the type; its plan must also be able to pick the recovery points the
    // backup rules make (their kind, vault and frequency).
    const sources = recoveryPointSources(resource, type!, index);
    if (sources === undefined) return PASS;
    let reason: string | undefined;
    for (const s of covering) {
      if (!s.plan) return PASS;
      const why = unpickable(s.plan, sources, index);
      if (why === undefined) return PASS;
      reason ??= `The restore testing plan '${s.plan.properties.RestoreTestingPlanName}' cannot pick this data store's recovery points: ${why}`;
    }
    return fail(reason!, 'Properties');
  },
};
