// What the monitoring, performance and documentation rules share: which resources are workloads
// (custom-resource handlers are plumbing), and how to read an alarm's metrics and statistics.
import { plumbingOf } from '../../../monitoring/private/plumbing';
import { asArray, AppIndex, IndexedResource } from '../../private/app-index';
import { isClusterMember } from '../resource-types';

/** Whether a Lambda function or state machine runs custom resources (deployment plumbing). */
export function isPlumbing(resource: IndexedResource, index: AppIndex): boolean {
  if (resource.type !== 'AWS::Lambda::Function' && resource.type !== 'AWS::StepFunctions::StateMachine') return false;
  return index.derived('monitoring.plumbing', (ix) => {
    const all = ix.stacks.flatMap((s) => s.resources.map((r): [IndexedResource, { type: string; properties: any }] => [r, r]));
    return plumbingOf(all, (value, from) => ix.referencedResources(value, from.stack));
  }).has(resource);
}

/**
 * Whether a resource is a workload the monitoring rules judge: not plumbing, not an instance of a
 * DB cluster (the cluster is judged), and, for load balancers and v2 APIs, of a kind with the
 * metrics the rule asks for when `httpOnly` is set (application load balancers, HTTP APIs).
 */
export function isWorkload(resource: IndexedResource, index: AppIndex, httpOnly = false): boolean {
  const p = resource.properties;
  if (isClusterMember(resource.type, p) || isPlumbing(resource, index)) return false;
  if (httpOnly && resource.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && (p.Type ?? 'application') !== 'application') return false;
  if (httpOnly && resource.type === 'AWS::ApiGatewayV2::Api' && (p.ProtocolType ?? 'HTTP') !== 'HTTP') return false;
  return true;
}

/** One metric an alarm reads, with the statistic it reads it with. */
export interface AlarmMetric {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly stat?: string;
}

/** The metrics of an alarm: its single metric, or every metric of its metric math. */
export function alarmMetrics(alarm: IndexedResource): AlarmMetric[] {
  const p = alarm.properties;
  if (p.MetricName !== undefined) {
    return [{ namespace: p.Namespace, metricName: p.MetricName, stat: p.ExtendedStatistic ?? p.Statistic }];
  }
  return asArray(p.Metrics)
    .filter((m) => m?.MetricStat?.Metric)
    .map((m) => ({ namespace: m.MetricStat.Metric.Namespace, metricName: m.MetricStat.Metric.MetricName, stat: m.MetricStat.Stat }));
}

/** Whether a statistic is a percentile of 99 or more (`p99`, `p99.9`). */
export function isP99OrHigher(stat: string | undefined): boolean {
  const m = typeof stat === 'string' ? /^p(\d+(?:\.\d+)?)$/i.exec(stat) : null;
  return m !== null && Number(m[1]) >= 99;
}

/** Whether an alarm uses an anomaly-detection band as its threshold. */
export function isAnomalyDetectionAlarm(alarm: IndexedResource): boolean {
  const p = alarm.properties;
  return typeof p.ThresholdMetricId === 'string' &&
    asArray(p.Metrics).some((m) => m?.Id === p.ThresholdMetricId && typeof m.Expression === 'string' && /ANOMALY_DETECTION_BAND\s*\(/i.test(m.Expression));
}

/** The literal text of a template string value (`Fn::Join` and `Fn::Sub` parts; intrinsics as a placeholder). */
export function literalText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(literalText).join('');
  if (value && typeof value === 'object') {
    const obj = value as Record<string, any>;
    const join = obj['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(literalText).join(typeof join[0] === 'string' ? join[0] : '');
    const sub = obj['Fn::Sub'];
    if (sub !== undefined) return literalText(Array.isArray(sub) ? sub[0] : sub);
    return '<value>';
  }
  return value === undefined || value === null ? '' : String(value);
}
