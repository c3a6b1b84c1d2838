import { Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';

/** Group metrics the at-maximum alarm and the failover experiments read (AWS/AutoScaling). */
const CAPACITY_GROUP_METRICS = ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMinSize', 'GroupMaxSize'];

/**
 * Turn on the group metrics a capacity alarm needs (at one-minute granularity, free of charge),
 * keeping metrics the group already collects.
 */
export function collectGroupMetrics(asg: autoscaling.AutoScalingGroup): void {
  const cfn = asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const existing: any[] = Stack.of(asg).resolve(cfn.metricsCollection) ?? [];
  // No Metrics list means all group metrics: nothing to add.
  if (existing.some((m) => m.metrics === undefined || m.metrics.length === 0)) return;
  const metrics = new Set<string>(existing.flatMap((m) => m.metrics ?? []));
  for (const m of CAPACITY_GROUP_METRICS) metrics.add(m);
  cfn.addPropertyOverride('MetricsCollection', [{ Granularity: '1Minute', Metrics: [...metrics].sort() }]);
}
