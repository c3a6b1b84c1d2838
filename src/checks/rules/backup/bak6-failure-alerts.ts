import { AppIndex, asArray, IndexedStack } from '../../../analysis/app-index';
import { AIR_GAPPED_VAULT_TYPE, sameEnvironment, VAULT_TYPE } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * The job kinds, their event and the detail field that carries the job's outcome: backup and copy
 * job events say `state`, restore job events say `status` (as the AWS Backup API does).
 */
const JOB_KINDS: Record<string, { detailType: string; field: 'state' | 'status'; metric: string }> = {
  backup: { detailType: 'Backup Job State Change', field: 'state', metric: 'NumberOfBackupJobsFailed' },
  copy: { detailType: 'Copy Job State Change', field: 'state', metric: 'NumberOfCopyJobsFailed' },
  restore: { detailType: 'Restore Job State Change', field: 'status', metric: 'NumberOfRestoreJobsFailed' },
};
const OUTCOME_FIELDS = ['state', 'status'];

/** A pattern value matches `wanted` if absent, or lists it (plain strings only). */
function patternAllows(value: unknown, wanted: string): boolean {
  if (value === undefined) return true;
  return asArray(value).some((v) => v === wanted);
}

/**
 * The pattern's `detail` matches a FAILED event of a kind whose outcome is in `field`: that field
 * allows FAILED and the other outcome field is not required (the event does not carry it). A
 * `$or` in `detail` matches if one of its branches does.
 */
function detailMatchesFailure(detail: unknown, field: string): boolean {
  if (detail === undefined) return true;
  if (!detail || typeof detail !== 'object') return false;
  const { $or, ...rest } = detail as Record<string, unknown>;
  if ($or !== undefined) return asArray($or).some((branch) => detailMatchesFailure({ ...rest, ...(branch as object) }, field));
  return patternAllows(rest[field], 'FAILED') && OUTCOME_FIELDS.every((f) => f === field || rest[f] === undefined);
}

/** Job kinds whose failures raise something with an action, per stack: one table per validation. */
function alertedKinds(index: AppIndex): Array<{ stack: IndexedStack; kinds: Set<string> }> {
  return index.derived('backup-failure-alerts', (i) => {
    const out: Array<{ stack: IndexedStack; kinds: Set<string> }> = [];
    for (const rule of i.resourcesOfType('AWS::Events::Rule')) {
      const p = rule.properties;
      const pattern = p.EventPattern;
      if (!pattern || typeof pattern !== 'object') continue;
      if (p.State === 'DISABLED' || asArray(p.Targets).length === 0) continue;
      if (!asArray(pattern.source).includes('aws.backup')) continue;
      const kinds = new Set<string>();
      for (const [kind, { detailType, field }] of Object.entries(JOB_KINDS)) {
        if (patternAllows(pattern['detail-type'], detailType) && detailMatchesFailure(pattern.detail, field)) kinds.add(kind);
      }
      out.push({ stack: rule.stack, kinds });
    }
    for (const alarm of i.resourcesOfType('AWS::CloudWatch::Alarm')) {
      const p = alarm.properties;
      if (p.ActionsEnabled === false || asArray(p.AlarmActions).length === 0) continue;
      const metrics = [
        { ns: p.Namespace, name: p.MetricName },
        ...asArray(p.Metrics).map((m: any) => ({ ns: m?.MetricStat?.Metric?.Namespace, name: m?.MetricStat?.Metric?.MetricName })),
      ];
      const kinds = new Set<string>();
      for (const [kind, { metric }] of Object.entries(JOB_KINDS)) {
        if (metrics.some((m) => m.ns === 'AWS/Backup' && m.name === metric)) kinds.add(kind);
      }
      if (kinds.size > 0) out.push({ stack: alarm.stack, kinds });
    }
    return out;
  });
}

/**
 * BAK6: in every account and region with backup plans or vaults, failed backup, copy and restore
 * jobs raise an EventBridge rule with a target or a CloudWatch alarm with an action.
 */
export const BAK6: StackRule = {
  kind: 'stack',
  id: 'Readiness-BAK6',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.CRITICAL,
  title: 'Failed backup, copy and restore jobs raise an alarm or event with an action',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Backup integrity validation" (failed backups go unnoticed)',
  explanation:
    'A backup job that fails every night looks exactly like one that succeeds until the day a restore is needed. In each region with backup plans or vaults, an enabled EventBridge rule on source aws.backup with a target that matches failed jobs (Backup and Copy Job State Change with detail.state FAILED; Restore Job State Change with detail.status FAILED: restore job events carry no state field, so a rule on detail.state never sees a failed restore), or CloudWatch alarms with actions on AWS/Backup NumberOfBackupJobsFailed, NumberOfCopyJobsFailed and NumberOfRestoreJobsFailed, must exist in any stack of that account and region.',
  fix: 'Plain CDK: an `events.Rule` on `{ source: ["aws.backup"], detailType: ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"], detail: { state: ["FAILED", "ABORTED", "EXPIRED"] } }` with a target that reaches the on-call (`targets.SnsTopic(topic)`), in each region with backups. With this library: `CrossRegionBackup` and `CrossRegionBackupDr` each add `BackupFailureAlerts` in their region, or add `BackupFailureAlerts` to a stack of the region.',
  evaluate(stack, index) {
    const hasBackup = stack.resources.some((r) => r.type === 'AWS::Backup::BackupPlan' || r.type === VAULT_TYPE || r.type === AIR_GAPPED_VAULT_TYPE);
    if (!hasBackup) return NOT_APPLICABLE;
    const covered = new Set<string>();
    for (const a of alertedKinds(index)) {
      if (sameEnvironment(a.stack, stack)) for (const k of a.kinds) covered.add(k);
    }
    const missing = Object.keys(JOB_KINDS).filter((k) => !covered.has(k));
    return missing.length === 0
      ? PASS
      : fail(`No alert with an action on failed ${missing.join(', ')} jobs in ${stack.region ?? 'this stack\'s region'}`, 'Stack');
  },
};
