import { asArray, DB_CLUSTER_TYPES, isStandaloneDbInstance, isTrue } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * STA6: databases and DynamoDB tables have deletion protection.
 */
export const STA6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-STA6',
  area: ReadinessArea.STATE,
  impact: RuleImpact.CRITICAL,
  title: 'Databases and DynamoDB tables have deletion protection',
  auditLine: 'Task 83 (Infrastructure as Code): "Production deployment validation"; task 87 (Backup & Recovery)',
  explanation:
    'A RETAIN policy protects a database from `cdk destroy`, not from a console click, an SDK call or a pipeline that replaces the resource under a new name. ' +
    'Deletion protection makes the service itself refuse to delete it until someone turns it off on purpose.',
  fix: 'Plain CDK: `deletionProtection: true` on `rds.DatabaseCluster`, `rds.DatabaseInstance`, `docdb.DatabaseCluster`, `neptune.DatabaseCluster` (or `DeletionProtection: true` on the L1) and on `dynamodb.Table`/`TableV2` (`DeletionProtectionEnabled` on the L1; per replica on a global table). With this library: the tables `RemoteStateBackend` creates have it on; `ReadinessProfile.extend(..., { requireDeletionProtection: false })` relaxes the rule.',
  resourceTypes: [...DB_CLUSTER_TYPES, 'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  evaluate(resource, _index, profile) {
    if (!profile.requireDeletionProtection) return NOT_APPLICABLE;
    const p = resource.properties;
    const required = `the '${profile.name}' profile requires it`;
    if (DB_CLUSTER_TYPES.includes(resource.type) || resource.type === 'AWS::RDS::DBInstance') {
      if (resource.type === 'AWS::RDS::DBInstance' && !isStandaloneDbInstance(resource)) return NOT_APPLICABLE;
      return isTrue(p.DeletionProtection) ? PASS
        : fail(`Deletion protection is off: one API call deletes the database (${required})`, 'Properties/DeletionProtection');
    }
    if (resource.type === 'AWS::DynamoDB::Table') {
      return isTrue(p.DeletionProtectionEnabled) ? PASS
        : fail(`Deletion protection is off: one DeleteTable call deletes the table and its data (${required})`, 'Properties/DeletionProtectionEnabled');
    }
    const unprotected = asArray(p.Replicas).filter((r) => !isTrue(r?.DeletionProtectionEnabled)).map((r) => (typeof r?.Region === 'string' ? r.Region : "the stack's region"));
    return unprotected.length === 0 ? PASS
      : fail(`Deletion protection is off on the replica(s) in ${unprotected.join(', ')} (${required})`, 'Properties/Replicas');
  },
};
