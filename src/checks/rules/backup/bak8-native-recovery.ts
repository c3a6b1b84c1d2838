import { asArray, isStandaloneDbInstance, isTrue, numberOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** RDS, DocumentDB and Neptune keep automated backups for at most 35 days. */
const MAX_AUTOMATED_RETENTION_DAYS = 35;
/** CloudFormation's default when BackupRetentionPeriod is not set. */
const DEFAULT_AUTOMATED_RETENTION_DAYS = 1;

const DB_CLUSTERS = ['AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster'];

/**
 * BAK8: the services' own recovery is on: DynamoDB point-in-time recovery and database automated
 * backups kept for at least the profile's daily retention.
 */
export const BAK8: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK8',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'Native recovery: DynamoDB point-in-time recovery; database automated backups kept for the profile\'s retention',
  auditLine: 'Task 87 (Backup & Recovery): "Automated backup scheduling", "No disaster recovery procedures"',
  explanation:
    'AWS Backup restores to the last backup; the services\' own recovery restores to any second of the retention window, which is what an accidental delete or a bad migration at 14:05 needs. ' +
    'RDS, Aurora, DocumentDB and Neptune keep one day of automated backups unless told otherwise; DynamoDB keeps none until point-in-time recovery is on.',
  fix: 'Plain CDK: `pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }` on `dynamodb.Table` (per replica on `TableV2`), `backup: { retention: Duration.days(35) }` on `rds.DatabaseCluster`/`docdb.DatabaseCluster`, `backupRetention` on `rds.DatabaseInstance` and `neptune.DatabaseCluster` (`BackupRetentionPeriod` on the L1s, at most 35 days). With this library: `CrossRegionBackup` adds the daily and monthly points and their copies on top; the profile knobs are `requirePointInTimeRecovery` and `minBackupRetentionDays`.',
  resourceTypes: [...DB_CLUSTERS, 'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  evaluate(resource, _index, profile) {
    const p = resource.properties;
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
