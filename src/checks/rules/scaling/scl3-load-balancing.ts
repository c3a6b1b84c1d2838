import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { attributesOf } from '../../../analysis/scaling-view';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
/** The load-aware routing algorithms; Elastic Load Balancing accepts slow start with neither. */
const LOAD_AWARE = new Set(['least_outstanding_requests', 'weighted_random']);

function hasAnomalousHostAlarm(tg: IndexedResource, index: AppIndex): boolean {
  return index.alarmsOn(tg).some((a) => a.properties.Namespace === 'AWS/ApplicationELB' && a.properties.MetricName === 'AnomalousHostCount');
}

function targetGroup(tg: IndexedResource, index: AppIndex) {
  const p = tg.properties;
  if (p.TargetType === 'lambda' || (p.Protocol !== 'HTTP' && p.Protocol !== 'HTTPS')) return NOT_APPLICABLE;
  const failures: Failure[] = [];
  if (p.HealthCheckEnabled === false || p.HealthCheckEnabled === 'false') {
    failures.push({ message: 'Health checks are disabled: failed targets keep getting traffic', location: 'Properties/HealthCheckEnabled' });
  } else if (p.HealthCheckPath === undefined) {
    failures.push({ message: 'No explicit health check path: the load balancer checks "/", which says the process answers, not that the target can serve', location: 'Properties/HealthCheckPath' });
  }
  const attrs = attributesOf(tg, 'TargetGroupAttributes');
  const algorithm = attrs.get('load_balancing.algorithm.type') ?? 'round_robin';
  if (algorithm === 'weighted_random') {
    if (attrs.get('load_balancing.algorithm.anomaly_mitigation') !== 'on') {
      failures.push({ message: 'Weighted random routing without anomaly mitigation is not load-aware: set load_balancing.algorithm.anomaly_mitigation to on', location: 'Properties/TargetGroupAttributes' });
    } else if (!hasAnomalousHostAlarm(tg, index)) {
      failures.push({ message: 'Anomaly mitigation is on but no alarm watches AnomalousHostCount: capacity lost to anomalous targets goes unnoticed', location: 'Properties/TargetGroupAttributes' });
    }
  } else if (algorithm !== 'least_outstanding_requests') {
    failures.push({ message: `Routing algorithm is ${algorithm}: requests keep going to slow or overloaded targets. Use least_outstanding_requests, or weighted_random with anomaly mitigation`, location: 'Properties/TargetGroupAttributes' });
  }
  const slowStart = attrs.get('slow_start.duration_seconds');
  if (LOAD_AWARE.has(algorithm) && slowStart !== undefined && slowStart !== '0') {
    failures.push({ message: `Slow start (${slowStart} s) with ${algorithm}: Elastic Load Balancing accepts slow start with round robin only and rejects this target group at deployment. Remove slow_start.duration_seconds`, location: 'Properties/TargetGroupAttributes' });
  }
  return failAll(failures);
}

function applicationLoadBalancer(lb: IndexedResource) {
  const p = lb.properties;
  if (p.Type !== undefined && p.Type !== 'application') return NOT_APPLICABLE;
  const attrs = attributesOf(lb, 'LoadBalancerAttributes');
  const location = 'Properties/LoadBalancerAttributes';
  const failures: Failure[] = [];
  if (attrs.get('deletion_protection.enabled') !== 'true') {
    failures.push({ message: 'Deletion protection is off: a deleted load balancer comes back with a new DNS name every client and record must learn', location });
  }
  if (attrs.get('routing.http.drop_invalid_header_fields.enabled') !== 'true') {
    failures.push({ message: 'Invalid HTTP header fields are forwarded to the targets (request smuggling): set routing.http.drop_invalid_header_fields.enabled', location });
  }
  if (attrs.get('access_logs.s3.enabled') !== 'true') {
    failures.push({ message: 'Access logs are off: no record of the requests, latencies and status codes to investigate an incident or plan capacity', location });
  }
  return failAll(failures);
}

/**
 * SCL3: Application Load Balancers and their target groups are set up for production: explicit
 * health checks, a load-aware algorithm, deletion protection, invalid headers dropped, access logs.
 */
export const SCL3: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL3',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.MEDIUM,
  title: 'Load balancers route with a load-aware algorithm and explicit health checks, with deletion protection, header validation and access logs',
  auditLine: 'Task 86 (Load Balancing & Scaling): "MISSING: Advanced load balancing algorithms"',
  explanation:
    'Round robin keeps sending a slow or failing target its share of requests; an implicit health check on "/" passes while the target cannot reach its database. HTTP(S) target groups need an explicit health check path and least outstanding requests (or weighted random with anomaly mitigation, and an alarm on AnomalousHostCount), without slow start, which Elastic Load Balancing accepts with round robin only. Application Load Balancers need deletion protection, dropping of invalid header fields and access logs.',
  fix: 'Plain CDK: on the target group, `healthCheck: { path: "/health" }` and `loadBalancingAlgorithmType: elbv2.TargetGroupLoadBalancingAlgorithmType.LEAST_OUTSTANDING_REQUESTS`; on the load balancer, `deletionProtection: true`, `dropInvalidHeaderFields: true` and `lb.logAccessLogs(bucket)`. With this library: `ApplicationLoadBalancing` with the load balancer and its target groups sets all of it, the access-log bucket and its policy included.',
  resourceTypes: [TARGET_GROUP, LOAD_BALANCER],
  evaluate(resource, index) {
    return resource.type === TARGET_GROUP ? targetGroup(resource, index) : applicationLoadBalancer(resource);
  },
};
