import { RuleImpact } from '../../../profile';
import { isClusterMember, STATEFUL_TYPES } from '../../../shared/resource-types';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Policies that keep the data when CloudFormation deletes or replaces the resource. */
const KEEPS_DATA = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/**
 * CloudFormation's default when the template says nothing: Snapshot for RDS clusters and
 * standalone RDS instances, Delete for everything else.
 */
function defaultPolicy(type: string): string {
  return type === 'AWS::RDS::DBCluster' || type === 'AWS::RDS::DBInstance' ? 'Snapshot' : 'Delete';
}

/**
 * STA5: stateful resources are RETAIN or SNAPSHOT, never DELETE.
 */
export const STA5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-STA5',
  area: ReadinessArea.STATE,
  impact: RuleImpact.CRITICAL,
  title: 'Stateful resources are retained or snapshotted, never deleted with the stack',
  auditLine: 'Task 83 (state management) and Task 87 (Backup & Recovery): "No disaster recovery procedures"',
  explanation:
    'A DeletionPolicy or UpdateReplacePolicy of Delete destroys the data of a bucket, table, database or file system when the stack is deleted or the resource is replaced by a property change.',
  fix: 'Plain CDK: `removalPolicy: RemovalPolicy.RETAIN` (or SNAPSHOT for databases and volumes) on each stateful construct, or `resource.applyRemovalPolicy(RemovalPolicy.RETAIN)` on an L1. With this library: `RemovalPolicies.of(scope).retain()` for a whole scope; the constructs of this library retain by default.',
  resourceTypes: STATEFUL_TYPES,
  evaluate(resource, _index, profile) {
    if (!profile.requireRetainPolicies || isClusterMember(resource.type, resource.properties)) return NOT_APPLICABLE;
    const failures: Failure[] = [];
    const deletion = resource.deletionPolicy ?? defaultPolicy(resource.type);
    if (!KEEPS_DATA.has(deletion)) {
      failures.push({
        message: `DeletionPolicy is ${deletion}: deleting the stack or the resource destroys its data`,
        location: 'DeletionPolicy',
      });
    }
    const replace = resource.updateReplacePolicy ?? defaultPolicy(resource.type);
    if (!KEEPS_DATA.has(replace)) {
      failures.push({
        message: `UpdateReplacePolicy is ${replace}: a change that replaces the resource destroys the old data`,
        location: 'UpdateReplacePolicy',
      });
    }
    return failAll(failures);
  },
};
