import { isSelectedForBackup } from '../../../analysis/backup-selections';
import { RuleImpact } from '../../../profile';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * BAK1: every stateful data store is selected by a backup plan, in any stack.
 */
export const BAK1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK1',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.CRITICAL,
  title: 'Every database, table, file system and volume is selected by an AWS Backup plan',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Automated backup scheduling"',
  explanation:
    'A data store no backup plan selects has no scheduled, retained, restorable recovery points. Selections count by resource reference, by ARN (wildcards included) and by tag (ListOfTags OR, Conditions AND), from any stack of the app in the same account and region.',
  fix: 'Plain CDK: `plan.addSelection("Data", { resources: [backup.BackupResource.fromConstruct(resource)] })` on a `backup.BackupPlan` in the same account and region (or select it by tag: `BackupResource.fromTag(...)`). With this library: `CrossRegionBackup.protect(resource)` adds it to a plan with cross-region copies, restore tests and failure alerts.',
  resourceTypes: BACKUP_PROTECTED_TYPES,
  evaluate(resource, index) {
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    return isSelectedForBackup(resource, index)
      ? PASS
      : fail('No AWS Backup plan selects this data store (by reference, ARN or tags)');
  },
};
