import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { isWorkload, alarmMetrics, isP99OrHigher } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { PERFORMANCE_TYPES } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/** Whether an alarm on `resource` reads `metricName` at the 99th percentile or higher. */
function hasP99Alarm(resource: IndexedResource, index: AppIndex, metricName: string): boolean {
  return index.alarmsOn(resource).some((a) => alarmMetrics(a).some((m) => m.metricName === metricName && isP99OrHigher(m.stat)));
}

function latency(resource: IndexedResource, index: AppIndex, metricName: string): RuleResult {
  return hasP99Alarm(resource, index, metricName)
    ? PASS
    : fail(`No p99 latency alarm (${metricName} at p99 or higher) watches this entry point`);
}

/**
 * PRF1: p99 latency alarms on every entry point; X-Ray tracing on Lambda functions and API
 * Gateway REST stages.
 */
export const PRF1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-PRF1',
  area: ReadinessArea.PERFORMANCE,
  impact: RuleImpact.LOW,
  title: 'Entry points have p99 latency alarms; Lambda functions and API Gateway stages are traced with X-Ray',
  auditLine: 'Task 89 (Performance Optimization): "No performance monitoring integration", "No bottleneck identification system"',
  explanation:
    'Averages hide the slow requests users complain about: the 99th percentile shows them. Every entry point (application load balancer, API Gateway REST and HTTP API, Lambda function URL) needs a p99 latency alarm, and tracing shows where the time goes (the bottleneck) when it fires. ' +
    'HTTP APIs do not support X-Ray; their latency alarm is enough. Custom-resource handlers are not judged.',
  fix: 'Plain CDK: an alarm with `statistic: "p99"` on the latency metric (`lb.metrics.targetResponseTime()`, `api.metricLatency()`); `tracing: lambda.Tracing.ACTIVE` on functions; `deployOptions: { tracingEnabled: true }` on REST APIs. With this library: `ServiceMonitoring.monitor(resource)` adds the p99 latency alarms (TargetResponseTime, Latency, UrlRequestLatency) and turns on active tracing for `lambda.Function` and REST API stages.',
  resourceTypes: PERFORMANCE_TYPES,
  evaluate(resource, index) {
    const p = resource.properties;
    switch (resource.type) {
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        return isWorkload(resource, index, true) ? latency(resource, index, 'TargetResponseTime') : NOT_APPLICABLE;
      case 'AWS::ApiGateway::RestApi':
        return latency(resource, index, 'Latency');
      case 'AWS::ApiGatewayV2::Api':
        return isWorkload(resource, index, true) ? latency(resource, index, 'Latency') : NOT_APPLICABLE;
      case 'AWS::Lambda::Url': {
        const target = index.referencedResources(p.TargetFunctionArn, resource.stack).find((r) => r.type === 'AWS::Lambda::Function');
        if (!target) return fail('The function URL targets a function outside the app: no latency alarm can be matched to it', 'Properties/TargetFunctionArn');
        return hasP99Alarm(target, index, 'UrlRequestLatency')
          ? PASS
          : fail('No p99 latency alarm (UrlRequestLatency at p99 or higher) watches this function URL');
      }
      case 'AWS::Lambda::Function':
        if (!isWorkload(resource, index)) return NOT_APPLICABLE;
        return p.TracingConfig?.Mode === 'Active'
          ? PASS
          : fail('X-Ray active tracing is off (TracingConfig.Mode is not Active)', 'Properties/TracingConfig');
      default: // AWS::ApiGateway::Stage
        return p.TracingEnabled === true || p.TracingEnabled === 'true'
          ? PASS
          : fail('X-Ray tracing is off on this REST API stage (TracingEnabled)', 'Properties/TracingEnabled');
    }
  },
};
