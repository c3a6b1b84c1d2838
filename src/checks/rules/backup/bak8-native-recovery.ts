import { isVersioned, nonDataRole } from '../../../analysis/data-buckets';
import { asArray, DB_CLUSTER_TYPES, isStandaloneDbInstance, isTrue, numberOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** RDS, DocumentDB and Neptune keep automated backups for at most 35 days. */
const MAX_AUTOMATED_RETENTION_DAYS = 35;
/** CloudFormation's default when BackupRetentionPeriod is not set. */
const DEFAULT_AUTOMATED_RETENTION_DAYS = 1;

/**
 * BAK8: the services' own recovery is on: DynamoDB point-in-time recovery, database automated
 * backups kept for at least the profile's daily retention, versioning on S3 buckets that hold data.
 */
export const BAK8: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK8',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'Native recovery: DynamoDB point-in-time recovery; database automated backups kept for the profile\'s retention; versioned data buckets',
  auditLine: 'Task 87 (Backup & Recovery): "Automated backup scheduling", "No disaster recovery procedures"',
  explanation:
    'AWS Backup restores to the last backup; the services\' own recovery restores to any second of the retention window, which is what an accidental delete or a bad migration at 14:05 needs. ' +
    'RDS, Aurora, DocumentDB and Neptune keep one day of automated backups unless told otherwise; DynamoDB keeps none until point-in-time recovery is on; ' +
    'an S3 bucket without versioning loses an object for good the moment it is overwritten or deleted. Buckets are judged when they hold data (the same definition as BAK1: not access-log, delivery, canary artifact, Terraform state or CDK asset buckets). ' +
    'cdk-nag\'s NIST 800-53 R5 pack has a generic versioning rule (S3BucketVersioningEnabled) for every bucket; this one asks it only of data buckets, per profile.',
  fix: 'Plain CDK: `pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }` on `dynamodb.Table` (per replica on `TableV2`), ' +
    '`backup: { retention: Duration.days(35) }` on `rds.DatabaseCluster`/`docdb.DatabaseCluster`, `backupRetention` on `rds.DatabaseInstance` and `neptune.DatabaseCluster` ' +
    '(`BackupRetentionPeriod` on the L1s, at most 35 days), `versioned: true` on `s3.Bucket` (with a `noncurrentVersionExpiration` lifecycle rule to bound its cost). ' +
    'With this library: `CrossRegionBackup` adds the daily and monthly points and their copies on top; the profile knobs are `requirePointInTimeRecovery`, `minBackupRetentionDays` and `requireBucketVersioning`.',
  resourceTypes: [...DB_CLUSTER_TYPES, 'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket'],
  evaluate(resource, index, profile) {
    const p = resource.properties;
    if (resource.type === 'AWS::S3::Bucket') {
      if (!profile.requireBucketVersioning || nonDataRole(resource, index) !== undefined) return NOT_APPLICABLE;
      return isVersioned(resource) ? PASS : failAll([{
        message: `Versioning is off on this bucket, which holds data: an overwritten or deleted object cannot be brought back (the '${profile.name}' profile requires it)`,
        location: 'Properties/VersioningConfiguration',
      }]);
    }
    if (resource.type === 'AWS::DynamoDB::Table' || resource.type === 'AWS::DynamoDB::GlobalTable') {
      if (!profile.requirePointInTimeRecovery) return NOT_APPLICABLE;
      const specs = resource.type === 'AWS::DynamoDB::Table'
        ? [{ where: 'the table', spec: p.PointInTimeRecoverySpecification, location: 'Properties/PointInTimeRecoverySpecification' }]
        : asArray(p.Replicas).map((r) => ({ where: `the replica in ${typeof r?.Region === 'string' ? r.Region : "the stack's region"}`, spec: r?.PointInTimeRecoverySpecification, location: 'Properties/Replicas' }));
      return failAll(specs.filter((s) => !isTrue(s.spec?.PointInTimeRecoveryEnabled)).map((s): Failure => ({
        message: `Point-in-time recovery is off on ${s.where}: a bad write or delete can only be undone to the last backup (the '${profile.name}' profile requires it)`,
        location: s.location,
      })));
    }
    if (resource.type === 'AWS::RDS::DBInstance' && !isStandaloneDbInstance(resource)) return NOT_APPLICABLE;
    const wanted = Math.min(MAX_AUTOMATED_RETENTION_DAYS, profile.minBackupRetentionDays);
    const raw = p.BackupRetentionPeriod;
    const days = raw === undefined ? DEFAULT_AUTOMATED_RETENTION_DAYS : numberOf(raw);
    if (days === undefined) return NOT_APPLICABLE; // set by a parameter or an intrinsic: not known at synth
    if (days >= wanted) return PASS;
    return failAll([{
      message: days === 0
        ? 'Automated backups are off (BackupRetentionPeriod 0): the database cannot be restored to a point in time'
        : `Automated backups are kept ${days} day(s)${raw === undefined ? ' (the default)' : ''}; the '${profile.name}' profile asks ${wanted}: a problem found later than that cannot be undone to a point in time`,
      location: 'Properties/BackupRetentionPeriod',
    }]);
  },
};
