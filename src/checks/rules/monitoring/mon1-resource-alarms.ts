import { isWorkload } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { MONITORABLE_TYPES } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * MON1: every monitorable resource has at least one alarm on its own metrics.
 */
export const MON1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON1',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.CRITICAL,
  title: 'Every service, function, queue, stream, table, database, cache, search domain, file system, server and load balancer has an alarm on its own metrics',
  auditLine: 'Task 85 (Monitoring & Observability) and monitoring audit section 4: "Basic monitoring exists but lacks advanced features"',
  explanation:
    'A resource no alarm watches fails silently: errors, throttles, queue backlogs and full disks are found by users first. The alarm must use the resource\'s own metric dimensions, in any stack of the app. ' +
    'Lambda functions and state machines that run custom resources (referenced by a ServiceToken, directly or through a CDK provider framework function) are deployment plumbing and are not judged; neither are instances of a DB cluster (the cluster is). ' +
    'SNS topics are judged when a queue, function, Firehose stream or app of the app subscribes to them (their failed notifications are lost work), EventBridge rules when they deliver the app\'s events to a target other than a topic; ' +
    'notification topics and rules that run on a schedule or on AWS service events only are the alerting path and job triggers, and are not judged.',
  fix: 'Plain CDK: an alarm on one of the resource\'s own metrics, for example `queue.metricApproximateAgeOfOldestMessage().createAlarm(this, "Backlog", { threshold: 900, evaluationPeriods: 3 })` or `fn.metricErrors().createAlarm(...)`. With this library: `new ServiceMonitoring(stack, "Monitoring").monitor(resource)` (or `monitorScope(stack)`): vetted default alarms per resource type.',
  resourceTypes: MONITORABLE_TYPES,
  evaluate(resource, index) {
    if (!isWorkload(resource, index)) return NOT_APPLICABLE;
    return index.alarmsOn(resource).length > 0
      ? PASS
      : fail('No CloudWatch alarm watches this resource\'s metrics');
  },
};
