import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { ASG, isDynamicPolicy, num, SCALABLE_TARGET, ScalableTargetView, scalingView } from '../../../analysis/scaling-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** What "at maximum" looks like for each kind of scalable target. */
interface CapacitySignal {
  readonly namespace: string;
  readonly metrics: string[];
  /** Compare the threshold with MaxCapacity (count metrics); false for saturation proxies. */
  readonly countsCapacity: boolean;
  /** Extra dimension the alarm must carry, e.g. the index of a table. */
  readonly dimension?: { name: string; value: string };
}

function signalOf(t: ScalableTargetView): CapacitySignal | undefined {
  switch (t.dimension) {
    case 'ecs:service:DesiredCount':
      return { namespace: 'ECS/ContainerInsights', metrics: ['DesiredTaskCount', 'RunningTaskCount'], countsCapacity: true };
    case 'dynamodb:table:ReadCapacityUnits':
    case 'dynamodb:table:WriteCapacityUnits':
    case 'dynamodb:index:ReadCapacityUnits':
    case 'dynamodb:index:WriteCapacityUnits': {
      const kind = t.dimension.includes('Read') ? 'Read' : 'Write';
      return {
        namespace: 'AWS/DynamoDB',
        metrics: [`Provisioned${kind}CapacityUnits`],
        countsCapacity: true,
        dimension: t.dimension.includes(':index:') && t.qualifier ? { name: 'GlobalSecondaryIndexName', value: t.qualifier } : undefined,
      };
    }
    case 'lambda:function:ProvisionedConcurrency':
      return { namespace: 'AWS/Lambda', metrics: ['ProvisionedConcurrentExecutions'], countsCapacity: true };
    case 'rds:cluster:ReadReplicaCount':
      // Aurora publishes no replica count: a saturation alarm on the readers stands in.
      return { namespace: 'AWS/RDS', metrics: ['CPUUtilization', 'DatabaseConnections'], countsCapacity: false, dimension: { name: 'Role', value: 'READER' } };
    default:
      return undefined;
  }
}

/** The alarm fires when the metric reaches `max`, and not already at `min`. */
function firesAtMax(alarm: IndexedResource, min: number | undefined, max: number | undefined): boolean {
  const p = alarm.properties;
  const t = num(p.Threshold);
  if (t === undefined || max === undefined) return true; // a token threshold: cannot tell, give the benefit of the doubt
  const floor = min ?? 0;
  switch (p.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold': return t <= max && t > floor;
    case 'GreaterThanThreshold': return t < max && t >= floor;
    default: return false;
  }
}

function matches(alarm: IndexedResource, signal: CapacitySignal): boolean {
  const p = alarm.properties;
  if (p.Namespace !== signal.namespace || !signal.metrics.includes(p.MetricName)) return false;
  if (!signal.dimension) return true;
  return asArray(p.Dimensions).some((d: any) => d?.Name === signal.dimension!.name && d?.Value === signal.dimension!.value);
}

/** Capacity alarms on a literal Auto Scaling group name (alarmsOn resolves references only). */
function groupAlarmsByName(index: AppIndex): Map<string, IndexedResource[]> {
  return index.derived('asg-alarms-by-name', (i) => {
    const out = new Map<string, IndexedResource[]>();
    for (const alarm of i.resourcesOfType('AWS::CloudWatch::Alarm')) {
      if (alarm.properties.Namespace !== 'AWS/AutoScaling') continue;
      for (const d of asArray(alarm.properties.Dimensions)) {
        if (d?.Name !== 'AutoScalingGroupName' || typeof d.Value !== 'string') continue;
        let list = out.get(d.Value);
        if (!list) out.set(d.Value, (list = []));
        list.push(alarm);
      }
    }
    return out;
  });
}

function scalableTarget(target: IndexedResource, index: AppIndex) {
  const view = scalingView(index).byTarget.get(target);
  const signal = view && signalOf(view);
  if (!view || !signal) return NOT_APPLICABLE;
  // Only scheduled actions (or nothing) move it: it sits at its maximum by plan, not because load outgrew it.
  if (!view.policies.some(isDynamicPolicy)) return NOT_APPLICABLE;
  if (!view.scaled) return fail('The resource this target scales is not in the app: cannot tell whether an alarm watches it at maximum capacity', 'Properties/ResourceId');
  const alarms = index.alarmsOn(view.scaled).filter((a) => matches(a, signal));
  if (alarms.length === 0) {
    return fail(`No alarm on ${signal.namespace} ${signal.metrics.join(' or ')} of the scaled resource: nobody learns that it sits at its maximum capacity (${view.max ?? '?'})`);
  }
  if (signal.countsCapacity && !alarms.some((a) => firesAtMax(a, view.min, view.max))) {
    return fail(`The alarms on ${signal.metrics.join(' or ')} do not fire at the maximum capacity (${view.max}) without firing at the minimum (${view.min ?? 0})`);
  }
  if (view.namespace === 'ecs') {
    const cluster = view.related[0];
    const settings = asArray(cluster?.properties.ClusterSettings);
    const insights = settings.find((s: any) => s?.Name === 'containerInsights')?.Value;
    if (cluster && insights !== 'enabled' && insights !== 'enhanced') {
      return fail('The alarm reads ECS/ContainerInsights, but the cluster does not enable Container Insights (ClusterSettings containerInsights): the metric has no data', 'Properties/ResourceId');
    }
  }
  return PASS;
}

function autoScalingGroup(group: IndexedResource, index: AppIndex) {
  const p = group.properties;
  if (!(scalingView(index).asgPolicies.get(group) ?? []).some(isDynamicPolicy)) return NOT_APPLICABLE; // fixed or scheduled size
  const signal: CapacitySignal = { namespace: 'AWS/AutoScaling', metrics: ['GroupDesiredCapacity', 'GroupInServiceInstances'], countsCapacity: true };
  const name = typeof p.AutoScalingGroupName === 'string' ? p.AutoScalingGroupName : undefined;
  const alarms = [...index.alarmsOn(group), ...(name ? groupAlarmsByName(index).get(name) ?? [] : [])].filter((a) => matches(a, signal));
  const max = num(p.MaxSize);
  if (alarms.length === 0) return fail(`No alarm on AWS/AutoScaling GroupDesiredCapacity or GroupInServiceInstances: nobody learns that the group sits at its maximum size (${max ?? '?'})`);
  const firing = alarms.filter((a) => firesAtMax(a, num(p.MinSize), max));
  if (firing.length === 0) return fail(`The group capacity alarms do not fire at MaxSize (${max}) without firing at MinSize (${p.MinSize})`);
  const collected = asArray(p.MetricsCollection);
  const metrics = collected.flatMap((m: any) => asArray(m?.Metrics));
  const all = collected.some((m: any) => asArray(m?.Metrics).length === 0);
  const used = new Set(firing.map((a) => a.properties.MetricName));
  if (!all && ![...used].some((m) => metrics.includes(m))) {
    return fail(`Group metrics collection does not include ${[...used].join(' or ')}: the alarm has no data. Enable MetricsCollection`, 'Properties/MetricsCollection');
  }
  return PASS;
}

/**
 * SCL4: an alarm fires when a scalable target sits at its maximum capacity (capacity planning).
 */
export const SCL4: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL4',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.MEDIUM,
  title: 'An alarm fires when a service sits at its maximum capacity',
  auditLine: 'Task 89 (Performance Optimization): "No capacity planning procedures"; task 86: "No performance monitoring integration"',
  explanation:
    'Auto scaling hides growth until the day it hits its maximum, and then the service degrades with nothing new in the dashboards. Every scalable target that a target-tracking or step policy drives (ECS service, provisioned table or index, Lambda provisioned concurrency, Aurora replicas) and Auto Scaling group needs an alarm that fires when it reaches its maximum: on ECS/ContainerInsights DesiredTaskCount (with Container Insights on), AWS/DynamoDB Provisioned*CapacityUnits, AWS/Lambda ProvisionedConcurrentExecutions or AWS/AutoScaling GroupDesiredCapacity (with group metrics collected) at the maximum; for Aurora, which publishes no replica count, on reader CPU or connections. Targets and groups that only scheduled actions move (or none) sit at their maximum by plan and are not judged.',
  fix: 'Plain CDK: an alarm on the capacity metric with threshold = the maximum and `comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD` (for ECS the `RunningTaskCount` of Container Insights, for a group `GroupInServiceInstances` with `groupMetrics: [autoscaling.GroupMetrics.all()]`). With this library: `EcsServiceScaling`, `AutoScalingGroupScaling`, `DynamoDbTableScaling`, `LambdaProvisionedConcurrencyScaling` and `AuroraReadReplicaScaling` create this alarm.',
  resourceTypes: [SCALABLE_TARGET, ASG],
  evaluate(resource, index) {
    return resource.type === ASG ? autoScalingGroup(resource, index) : scalableTarget(resource, index);
  },
};

