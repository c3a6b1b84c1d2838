import { isSelectedForBackup } from '../../../analysis/backup-selections';
import { bucketProtection, isVersioned, nonDataRole } from '../../../analysis/data-buckets';
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
  title: 'Every database, table, file system, volume and data bucket is selected by an AWS Backup plan',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Automated backup scheduling"',
  explanation:
    'A data store no backup plan selects has no scheduled, retained, restorable recovery points. Selections count by resource reference, by ARN (wildcards included) and by tag (ListOfTags OR, Conditions AND), from any stack of the app in the same account and region. ' +
    'Where the organization\'s backup policy backs up the account, its explicit declaration (`OrganizationBackupCoverage`) counts for resources carrying the tag it selects by, in the regions it covers. ' +
    'S3 buckets count when they hold data: not access-log buckets (another bucket\'s LoggingConfiguration target, CloudFront or load balancer logs), CloudTrail, AWS Config and flow-log delivery buckets, canary artifact buckets, Terraform state buckets or CDK asset and staging buckets. ' +
    'A data bucket that is versioned and replicated in full to a bucket in another region is protected without a plan (the replica is its copy, versioning its history).',
  fix: 'Plain CDK: `plan.addSelection("Data", { resources: [backup.BackupResource.fromConstruct(resource)] })` on a `backup.BackupPlan` in the same account and region (or select it by tag: `BackupResource.fromTag(...)`); for a bucket, `BackupResource.fromArn(bucket.bucketArn)` (AWS Backup needs the bucket versioned), or versioning plus S3 replication of every object to a bucket in another region (`replicationRules` on `s3.Bucket`). ' +
    'With this library: `CrossRegionBackup.protect(resource)` adds it to a plan with cross-region copies, restore tests and failure alerts; where the organization\'s backup policy backs up the account, tag the resource with the policy\'s selection tag and declare the policy with `OrganizationBackupCoverage`.',
  resourceTypes: [...BACKUP_PROTECTED_TYPES, 'AWS::S3::Bucket'],
  evaluate(resource, index) {
    if (resource.type === 'AWS::S3::Bucket') {
      if (nonDataRole(resource, index) !== undefined) return NOT_APPLICABLE;
      const protection = bucketProtection(resource, index);
      // AWS Backup backs up only versioned buckets: without versioning the plan's jobs fail.
      if (protection === 'backup-plan' && !isVersioned(resource)) {
        return fail('A backup plan selects this bucket, but it is not versioned: AWS Backup backs up only versioned buckets, so every backup job of it fails. Set `versioned: true`');
      }
      return protection !== undefined
        ? PASS
        : fail('This bucket holds data, but no AWS Backup plan selects it and it is not versioned and replicated to another region: a deleted or overwritten object, or a lost region, loses it');
    }
    if (isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    return isSelectedForBackup(resource, index)
      ? PASS
      : fail('No AWS Backup plan selects this data store (by reference, ARN or tags)');
  },
};
