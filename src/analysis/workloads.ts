// What the security, monitoring, performance and documentation rules share: which resources are
// workloads (custom-resource handlers are plumbing), which stacks run code, and how to read an
// alarm's metrics and statistics.
import { asArray, AppIndex, IndexedResource, IndexedStack } from './app-index';
import { deliversEvents, deliversWork, RuleFacts, runsJobs } from '../shared/delivery';
import { failureTargetsOf } from '../shared/failure-targets';
import { plumbingOf } from '../shared/plumbing';
import { isClusterMember } from '../shared/resource-types';

/** Whether a Lambda function or state machine runs custom resources (deployment plumbing). */
export function isPlumbing(resource: IndexedResource, index: AppIndex): boolean {
  if (resource.type !== 'AWS::Lambda::Function' && resource.type !== 'AWS::StepFunctions::StateMachine') return false;
  return index.derived('monitoring.plumbing', (ix) => {
    const all = ix.stacks.flatMap((s) => s.resources.map((r): [IndexedResource, { type: string; properties: any }] => [r, r]));
    return plumbingOf(all, (value, from) => ix.referencedResources(value, from.stack));
  }).has(resource);
}

const FUNCTION = 'AWS::Lambda::Function';

/** Resources whose references to a function do not invoke it. */
const NOT_INVOKERS = new Set([
  'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::AnomalyDetector',
  'AWS::Lambda::Version', 'AWS::Lambda::Alias', 'AWS::Lambda::EventInvokeConfig', 'AWS::Logs::LogGroup',
]);

/** What an EventBridge rule's template says about when it runs and where it delivers. */
function ruleFacts(rule: IndexedResource, index: AppIndex): RuleFacts {
  const p = rule.properties;
  return {
    scheduleExpression: p.ScheduleExpression,
    sources: asArray(p.EventPattern?.source),
    targetIsTopic: asArray(p.Targets).map((t: any) => {
      const arn = t?.Arn;
      if (typeof arn === 'string') return arn.startsWith('arn:') && arn.split(':')[2] === 'sns';
      return index.referencedResources(arn, rule.stack).some((r) => r.type === 'AWS::SNS::Topic');
    }),
  };
}

/** Whether an SNS topic hands work to the app: a subscription of it (in any stack) delivers to a queue, function, stream or app. */
function topicDeliversWork(topic: IndexedResource, index: AppIndex): boolean {
  if (asArray(topic.properties.Subscription).some((s: any) => deliversWork(s?.Protocol))) return true;
  return index.derived('monitoring.workTopics', (ix) => {
    const out = new Set<IndexedResource>();
    for (const sub of ix.resourcesOfType('AWS::SNS::Subscription')) {
      if (!deliversWork(sub.properties.Protocol)) continue;
      for (const t of ix.referencedResources(sub.properties.TopicArn, sub.stack)) out.add(t);
    }
    return out;
  }).has(topic);
}

const QUEUE = 'AWS::SQS::Queue';

/** Resources whose references to a queue neither send it work nor read it. */
const NOT_QUEUE_USERS = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard', 'AWS::CloudWatch::AnomalyDetector', 'AWS::SQS::QueuePolicy']);

/**
 * Whether a queue only keeps what operational jobs' EventBridge rules and schedules fail to
 * deliver (the dead-letter queue of a backup alert or a verifier schedule): part of the job, watched
 * by its own alarm (MON6), not a service with a dashboard. Any other use keeps it a service.
 */
function isOperationalDeadLetterQueue(queue: IndexedResource, index: AppIndex): boolean {
  return index.derived('monitoring.operationalDeadLetterQueues', (ix) => {
    const jobDlqs = new Set<IndexedResource>();
    const usedOtherwise = new Set<IndexedResource>();
    for (const stack of ix.stacks) {
      for (const r of stack.resources) {
        if (NOT_QUEUE_USERS.has(r.type)) continue;
        const job = r.type === 'AWS::Scheduler::Schedule' || (r.type === 'AWS::Events::Rule' && runsJobs(ruleFacts(r, ix)));
        const dlqs = job ? ix.referencedResources(failureTargetsOf(r.type, r.properties), r.stack).filter((q) => q.type === QUEUE) : [];
        for (const q of dlqs) jobDlqs.add(q);
        for (const q of ix.referencesOf(r)) {
          if (q.type === QUEUE && q !== r && !dlqs.includes(q)) usedOtherwise.add(q);
        }
      }
    }
    return new Set([...jobDlqs].filter((q) => !usedOtherwise.has(q)));
  }).has(queue);
}

/**
 * Whether a Lambda function is an operational job: something invokes it, and only EventBridge
 * schedules and rules on AWS service events do (a backup verifier, a clean-up, a report). No
 * traffic pattern to learn and no dashboard to watch: rules MON3 and MON4 leave it out (MON1 still
 * asks for an alarm on its errors). Any other reference to the function by a resource that may
 * invoke it (a function URL, an event source mapping, another principal's permission, an API
 * integration, a state machine, an IAM grant, a rule on application events, ...) keeps it a service.
 */
export function isOperationalJob(resource: IndexedResource, index: AppIndex): boolean {
  if (resource.type === QUEUE) return isOperationalDeadLetterQueue(resource, index);
  if (resource.type !== FUNCTION) return false;
  return index.derived('monitoring.operationalJobs', (ix) => {
    const triggered = new Set<IndexedResource>();
    const invokedOtherwise = new Set<IndexedResource>();
    for (const stack of ix.stacks) {
      for (const r of stack.resources) {
        if (NOT_INVOKERS.has(r.type)) continue;
        const functions = ix.referencesOf(r).filter((t) => t.type === FUNCTION && t !== r);
        if (functions.length === 0) continue;
        const job = r.type === 'AWS::Scheduler::Schedule' || (r.type === 'AWS::Events::Rule' && runsJobs(ruleFacts(r, ix)));
        const eventsPermission = r.type === 'AWS::Lambda::Permission' && r.properties.Principal === 'events.amazonaws.com';
        for (const f of functions) {
          if (job) triggered.add(f);
          else if (!eventsPermission) invokedOtherwise.add(f);
        }
      }
    }
    return new Set([...triggered].filter((f) => !invokedOtherwise.has(f)));
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
  // Alerting paths and job triggers are not workloads: see shared/delivery.ts.
  if (resource.type === 'AWS::SNS::Topic' && !topicDeliversWork(resource, index)) return false;
  if (resource.type === 'AWS::Events::Rule' && !deliversEvents(ruleFacts(resource, index))) return false;
  if (httpOnly && resource.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && (p.Type ?? 'application') !== 'application') return false;
  if (httpOnly && resource.type === 'AWS::ApiGatewayV2::Api' && (p.ProtocolType ?? 'HTTP') !== 'HTTP') return false;
  return true;
}

/**
 * Resource types that run the app's code: where stolen credentials are used, vulnerable packages
 * run and findings arise. Containers (ECS services and task definitions, EKS clusters and node
 * groups, App Runner, Batch), servers (EC2 instances, Auto Scaling groups, Elastic Beanstalk, EMR),
 * functions and workflows (Lambda, Step Functions, Glue jobs, SageMaker endpoints) and API Gateway
 * integrations (an API that only mocks answers runs nothing). Data stores, queues, topics, load
 * balancers, networks, keys, alarms and registries are not code: they hold or carry what code uses.
 */
export const CODE_RESOURCE_TYPES: readonly string[] = [
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::EKS::Cluster',
  'AWS::EKS::Nodegroup',
  'AWS::AppRunner::Service',
  'AWS::Batch::ComputeEnvironment',
  'AWS::EC2::Instance',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::ElasticBeanstalk::Environment',
  'AWS::EMR::Cluster',
  'AWS::Lambda::Function',
  'AWS::StepFunctions::StateMachine',
  'AWS::Glue::Job',
  'AWS::SageMaker::Endpoint',
  'AWS::ApiGateway::Method',
  'AWS::ApiGatewayV2::Integration',
];

/**
 * Whether a resource runs the app's code: of a type in `CODE_RESOURCE_TYPES`, not plumbing (CDK's
 * custom-resource handlers, provider frameworks and their waiters run only during a deployment),
 * and, for an API Gateway method, with an integration that is not a mock.
 */
export function runsCodeResource(resource: IndexedResource, index: AppIndex): boolean {
  if (!CODE_RESOURCE_TYPES.includes(resource.type) || isPlumbing(resource, index)) return false;
  if (resource.type === 'AWS::ApiGateway::Method') {
    const type = resource.properties.Integration?.Type;
    return type !== undefined && type !== 'MOCK';
  }
  return true;
}

/**
 * Whether a stack runs the app's code: it holds a resource that does (`runsCodeResource`). A stack
 * of data only (a database, buckets, a backup vault, a state bucket) does not, whatever
 * custom-resource handlers CDK added to it (log retention, auto-delete objects, restricting the
 * default security group, `AwsCustomResource`, bucket deployments, provider frameworks).
 */
export function runsCode(stack: IndexedStack, index: AppIndex): boolean {
  return index.derived('workloads.stacksRunningCode', (ix) =>
    new Set(ix.stacks.filter((s) => s.resources.some((r) => runsCodeResource(r, ix))))).has(stack);
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
