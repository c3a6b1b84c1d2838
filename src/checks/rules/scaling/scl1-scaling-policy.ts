import { asArray, IndexedResource } from '../../../analysis/app-index';
import { ASG, ECS_SERVICE, isDynamicPolicy, ScalableTargetView, scalingView } from '../../../analysis/scaling-view';
import { RuleImpact } from '../../../profile';
import { fail, Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const TABLE = 'AWS::DynamoDB::Table';
const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';

/** Whether any of the targets has a target-tracking or step policy. */
function followsLoad(targets: ScalableTargetView[]): boolean {
  return targets.some((t) => t.policies.some(isDynamicPolicy));
}

function ecsService(service: IndexedResource, targets: ScalableTargetView[]) {
  if (service.properties.SchedulingStrategy === 'DAEMON') return NOT_APPLICABLE;
  const own = targets.filter((t) => t.dimension === 'ecs:service:DesiredCount');
  if (own.length === 0) return fail('No Application Auto Scaling target scales the task count: it stays fixed whatever the load');
  if (!followsLoad(own)) {
    return fail('The scalable target has no target-tracking or step scaling policy (scheduled actions and predictive scaling alone do not follow load)');
  }
  return failAll([]);
}

function provisionedTable(table: IndexedResource, targets: ScalableTargetView[]) {
  const p = table.properties;
  if (p.BillingMode === 'PAY_PER_REQUEST') return NOT_APPLICABLE;
  const wanted: Array<{ what: string; dimension: string; index?: string }> = [];
  const kinds = ['Read', 'Write'];
  for (const kind of kinds) wanted.push({ what: `table ${kind.toLowerCase()} capacity`, dimension: `dynamodb:table:${kind}CapacityUnits` });
  for (const gsi of asArray(p.GlobalSecondaryIndexes)) {
    if (typeof gsi?.IndexName !== 'string') continue;
    for (const kind of kinds) {
      wanted.push({ what: `index ${gsi.IndexName} ${kind.toLowerCase()} capacity`, dimension: `dynamodb:index:${kind}CapacityUnits`, index: gsi.IndexName });
    }
  }
  const missing = wanted.filter((w) => !followsLoad(targets.filter((t) => t.dimension === w.dimension && t.qualifier === w.index)));
  if (missing.length === 0) return failAll([]);
  return fail(`Provisioned capacity without a target-tracking or step scaling policy: ${missing.map((m) => m.what).join(', ')}`, 'Properties/ProvisionedThroughput');
}

function globalTable(table: IndexedResource) {
  const p = table.properties;
  if (p.BillingMode !== 'PROVISIONED') return NOT_APPLICABLE;
  const failures: Failure[] = [];
  if (!p.WriteProvisionedThroughputSettings?.WriteCapacityAutoScalingSettings) {
    failures.push({ message: 'Provisioned global table without write capacity auto scaling (WriteCapacityAutoScalingSettings)', location: 'Properties/WriteProvisionedThroughputSettings' });
  }
  asArray(p.Replicas).forEach((r: any, i) => {
    if (!r?.ReadProvisionedThroughputSettings?.ReadCapacityAutoScalingSettings) {
      failures.push({ message: `Replica ${r?.Region ?? `#${i + 1}`} has no read capacity auto scaling (ReadCapacityAutoScalingSettings)`, location: `Properties/Replicas/${i}` });
    }
  });
  return failAll(failures);
}

/**
 * SCL1: every ECS service, Auto Scaling group and provisioned DynamoDB table has a scaling
 * policy that follows load.
 */
export const SCL1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL1',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.HIGH,
  title: 'Every ECS service, Auto Scaling group and provisioned DynamoDB table scales with load',
  auditLine: 'Task 86 (Load Balancing & Scaling): "MISSING: Auto-scaling policies and testing"',
  explanation:
    'Fixed capacity is either paid for at peak all day or overrun at the first peak. Each replica ECS service needs an Application Auto Scaling target with a target-tracking or step policy; each Auto Scaling group a dynamic scaling policy; each provisioned table (and each of its global secondary indexes) read and write capacity auto scaling. Scheduled actions and predictive scaling complement a dynamic policy, they do not replace it.',
  fix: 'Plain CDK: `service.autoScaleTaskCount({ maxCapacity }).scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 })`, `asg.scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 60 })`, `table.autoScaleReadCapacity({ ... }).scaleOnUtilization({ targetUtilizationPercent: 70 })`, or `billingMode: dynamodb.BillingMode.PAY_PER_REQUEST` for the table. With this library: `EcsServiceScaling`, `AutoScalingGroupScaling` or `DynamoDbTableScaling`.',
  resourceTypes: [ECS_SERVICE, ASG, TABLE, GLOBAL_TABLE],
  evaluate(resource, index) {
    const view = scalingView(index);
    switch (resource.type) {
      case ECS_SERVICE: return ecsService(resource, view.byScaled.get(resource) ?? []);
      case TABLE: return provisionedTable(resource, view.byScaled.get(resource) ?? []);
      case GLOBAL_TABLE: return globalTable(resource);
      default: {
        const policies = view.asgPolicies.get(resource) ?? [];
        return policies.some(isDynamicPolicy)
          ? failAll([])
          : fail(policies.length > 0
            ? 'The group has only predictive or scheduled scaling: no target-tracking, step or simple scaling policy follows load'
            : 'No scaling policy: the group stays at its desired capacity whatever the load');
      }
    }
  },
};
