import { isAnomalyDetectionAlarm, isOperationalJob, isWorkload } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { SERVICE_TYPES } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * MON4: each service has an anomaly-detection alarm on a key metric.
 */
export const MON4: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON4',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.LOW,
  title: 'Each service has an anomaly-detection alarm on a key metric',
  auditLine: 'Task 85 and monitoring audit section 4: "Predictive alerting" and "Missing predictive capabilities could affect proactive management"',
  explanation:
    'Static thresholds fire when users are already affected. An anomaly-detection alarm learns the metric\'s daily and weekly pattern and fires when the service leaves it: a traffic drop at noon, CPU or latency creeping up before any threshold. ' +
    'Services are application load balancers, ECS services, Lambda functions, API Gateway REST and HTTP APIs and state machines. Custom-resource handlers are not judged, nor are operational jobs: functions that only EventBridge schedules and rules on AWS service events invoke, which have no traffic pattern to learn (their errors still need an alarm, rule MON1).',
  fix: 'Plain CDK: `new cloudwatch.AnomalyDetectionAlarm(this, "Anomaly", { metric, stdDevs: 3, evaluationPeriods: 3 })` on a key metric of the service (request count for load balancers and APIs, CPU for ECS services, duration for functions, execution time for state machines). With this library: `ServiceMonitoring.monitor(resource)` adds one per service, with its `AWS::CloudWatch::AnomalyDetector` configured (time zone, excluded periods).',
  resourceTypes: SERVICE_TYPES,
  evaluate(resource, index) {
    if (!isWorkload(resource, index, true) || isOperationalJob(resource, index)) return NOT_APPLICABLE;
    return index.alarmsOn(resource).some(isAnomalyDetectionAlarm)
      ? PASS
      : fail('No anomaly-detection alarm watches a key metric of this service');
  },
};
