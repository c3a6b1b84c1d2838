import { CfnResource, Duration, Lazy, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { AlarmRouting, AlarmSeverity } from './alarm-routing';
import { LogGroupHardening } from './log-group-hardening';
import { MonitoredResource } from './monitored-resource';
import { TracingActivation } from './tracing-activation';
import { cfnResourceOf, isClusterMemberResource } from '../shared/cfn';
import { withoutDefaultChild } from '../shared/naming';
import { MONITOR_SCOPE_TYPES } from '../shared/resource-types';
import { isRunbookUrl, runbookDescription } from '../shared/runbook-text';
import { TreeState } from '../shared/tree-state';
import { invalidProp } from '../shared/validation';
import { ALARMS, ALL_ALARM_IDS, alarmIdsOf, AlarmSpec, ANOMALIES, AnomalySpec, appliesTo } from './private/alarm-catalog';
import {
  cacheNodesOf, literal, loadBalancerFullNameOf, plumbingResources, prop, rawProperties, ruleDeliversEvents, Subject, subjectOf,
  topicDeliversWork, withStackSnapshot,
} from './private/subjects';

/**
 * A change to one default alarm: a different threshold, severity or evaluation, or none at all.
 */
export interface AlarmOverride {
  /**
   * Create the alarm. `false` removes it.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The threshold, in the unit of the alarm's metric (see the README's threshold table). For
   * anomaly-detection alarms: the width of the band in standard deviations.
   *
   * @default - the vetted default of the alarm
   */
  readonly threshold?: number;

  /**
   * How urgent the alarm is (which topic it goes to).
   *
   * @default - the default severity of the alarm
   */
  readonly severity?: AlarmSeverity;

  /**
   * Number of periods evaluated.
   *
   * @default - the default of the alarm
   */
  readonly evaluationPeriods?: number;

  /**
   * Number of breaching periods, out of `evaluationPeriods`, that put the alarm in ALARM.
   *
   * @default - the default of the alarm (`evaluationPeriods` when that is overridden alone)
   */
  readonly datapointsToAlarm?: number;

  /**
   * Length of one period: 10 s, 30 s or a multiple of 60 s.
   *
   * @default - the default of the alarm (1 minute; 5 minutes for anomaly detection)
   */
  readonly period?: Duration;
}

/**
 * A time range that the anomaly-detection models do not learn from (a sale, a load test, an
 * incident), in the format CloudWatch expects: `yyyy-MM-ddTHH:mm:ss`, in the metric time zone.
 */
export interface ExcludedTimeRange {
  /** Start of the range, e.g. `2025-11-28T00:00:00`. */
  readonly start: string;
  /** End of the range, e.g. `2025-12-01T23:59:59`. */
  readonly end: string;
}

/**
 * How anomaly-detection alarms (rule Readiness-MON4) are made.
 */
export interface AnomalyDetectionOptions {
  /**
   * Add an anomaly-detection alarm on the key metric of each service (load balancers, ECS
   * services, Lambda functions, API Gateway APIs, state machines).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * IANA time zone the models use for daily and weekly patterns (daylight saving time included),
   * e.g. `Europe/Dublin`.
   *
   * @default 'UTC'
   */
  readonly metricTimeZone?: string;

  /**
   * Time ranges the models must not learn from.
   *
   * @default - none
   */
  readonly excludedTimeRanges?: ExcludedTimeRange[];

  /**
   * Width of the expected band, in standard deviations.
   *
   * @default 2
   */
  readonly bandWidth?: number;

  /**
   * Severity of anomaly-detection alarms.
   *
   * @default AlarmSeverity.WARNING
   */
  readonly severity?: AlarmSeverity;
}

/**
 * Options of one `monitor()` call.
 */
export interface MonitorOptions {
  /**
   * Name of the resource in alarm descriptions and on the dashboard.
   *
   * @default - the resource's construct path within its stack
   */
  readonly label?: string;

  /**
   * Changes to the default alarms of this resource, by alarm id (`AlarmIds`; see the README's
   * threshold table), merged over the construct's `alarmOverrides`.
   *
   * @default - the construct's `alarmOverrides`
   */
  readonly alarmOverrides?: { [alarmId: string]: AlarmOverride };

  /**
   * Runbook page of this resource's alarms.
   *
   * @default - the construct's `runbookUrl`
   */
  readonly runbookUrl?: string;
}

/**
 * Options of a `monitorScope()` call.
 */
export interface MonitorScopeOptions extends MonitorOptions {
  /**
   * Constructs to leave alone, with everything under them: no alarms, and none of the changes
   * `monitorScope` makes (log group retention and key, tracing). For example a log group that
   * must keep its events forever, or a resource you monitor elsewhere.
   *
   * @default - none
   */
  readonly exclude?: IConstruct[];
}

/**
 * Props of ServiceMonitoring.
 */
export interface ServiceMonitoringProps {
  /**
   * Name of the service in alarm descriptions, on the dashboard and in the composite alarm.
   *
   * @default - the construct id
   */
  readonly serviceName?: string;

  /**
   * Where alarms go, by severity.
   *
   * @default - `AlarmRouting.of(this)`: the stack's shared routing
   */
  readonly routing?: AlarmRouting;

  /**
   * Runbook page (https) named in every alarm description, after the alarm's first checks.
   *
   * @default - the first checks only
   */
  readonly runbookUrl?: string;

  /**
   * Changes to the default alarms of every resource monitored, by alarm id (`AlarmIds`; see the
   * README's threshold table). An id that no resource type has is an error.
   *
   * @default - the vetted defaults
   */
  readonly alarmOverrides?: { [alarmId: string]: AlarmOverride };

  /**
   * Anomaly-detection alarms.
   *
   * @default - on, UTC, band of 2 standard deviations, WARNING
   */
  readonly anomalyDetection?: AnomalyDetectionOptions;

  /**
   * Create a dashboard of the monitored resources with their alarms (rule Readiness-MON3).
   *
   * @default true
   */
  readonly dashboard?: boolean;

  /**
   * Name of the dashboard (dashboards are global to the account: keep it unique).
   *
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;

  /**
   * Combine the CRITICAL alarms of the service into one composite alarm, the only one that pages
   * (CRITICAL topic, on ALARM and OK); the combined alarms notify through it and have no actions
   * of their own. WARNING and INFO alarms are routed as usual.
   *
   * @default false
   */
  readonly compositeAlarm?: boolean;

  /**
   * Apply `TracingActivation` to what is monitored: X-Ray active tracing (rule Readiness-PRF1) on
   * the Lambda functions and REST API stages monitored that do not set it. A `lambda.Function` is traced only when its role is an
   * `iam.Role` of this app, which gets the X-Ray write permissions from a managed policy of its
   * stack (`ReadinessXRayWriteAccess`); functions with an imported role and hand-written L1
   * functions are left as they are. (A function created with `tracing: Tracing.DISABLED`
   * synthesizes like one that does not set it: set this to `false` to keep it untraced.)
   *
   * @default true
   */
  readonly enableTracing?: boolean;

  /**
   * Customer managed key for log groups monitored without one (rule Readiness-MON5), given to
   * `LogGroupHardening`. The key's policy must be one this app owns: CloudWatch Logs gets the
   * right to use it.
   *
   * @default - one key per stack, with rotation, retained on delete
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * Apply `LogGroupHardening` to the log groups monitored: the profile's retention when a log
   * group sets none, and a customer managed key (`logEncryptionKey`) when it has none (rule
   * Readiness-MON5). `false` leaves log groups exactly as they are (apply `LogGroupHardening`
   * yourself where you want it).
   *
   * @default true
   */
  readonly hardenLogGroups?: boolean;
}

/**
 * Props of an alarm on an application metric.
 */
export interface ApplicationAlarmOptions {
  /** What it means when the alarm fires (the first part of its description). */
  readonly meaning: string;
  /** The threshold. */
  readonly threshold: number;
  /**
   * The first checks of the on-call engineer (the runbook part of the description).
   *
   * @default - the construct's runbookUrl only (one of the two is required)
   */
  readonly runbookChecks?: string[];
  /**
   * Runbook page of this alarm.
   *
   * @default - the construct's `runbookUrl`
   */
  readonly runbookUrl?: string;
  /**
   * @default GREATER_THAN_THRESHOLD
   */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /**
   * @default AlarmSeverity.WARNING
   */
  readonly severity?: AlarmSeverity;
  /**
   * @default 5
   */
  readonly evaluationPeriods?: number;
  /**
   * @default - `evaluationPeriods`
   */
  readonly datapointsToAlarm?: number;
  /**
   * Statistic of the metric over each period.
   *
   * @default - the metric's statistic
   */
  readonly statistic?: string;
  /**
   * A period without data is fine (most application metrics are only emitted when something happens).
   *
   * @default TreatMissingData.NOT_BREACHING
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * Props of an application metric.
 */
export interface ApplicationMetricOptions {
  /** Metric name, e.g. `OrdersPlaced`. */
  readonly metricName: string;
  /**
   * Namespace (not starting with `AWS/`).
   *
   * @default - the service name
   */
  readonly namespace?: string;
  /**
   * Dimensions the application publishes the metric with.
   *
   * @default - `{ Service: <service name> }`
   */
  readonly dimensions?: { [name: string]: string };
  /**
   * Statistic graphed and alarmed on.
   *
   * @default 'Sum'
   */
  readonly statistic?: string;
  /**
   * Unit the application publishes. An alarm on the metric only reads data points of this unit
   * (CloudWatch filters by it): leave it unset unless the application sets the same unit
   * (`EmbeddedMetricFormat.render` publishes `None` unless told otherwise).
   *
   * @default - data points of any unit
   */
  readonly unit?: cloudwatch.Unit;
  /**
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;
}

/** Who monitors what: a resource is monitored by one ServiceMonitoring only. */
const MONITORED = new TreeState<ServiceMonitoring>('monitored-by');
const ANOMALY_PERIOD = Duration.minutes(5);
const CONSTRUCT = 'ServiceMonitoring';
const APPLICATION_ALARMS_ID = 'ApplicationAlarms';
/** Ids of this construct's own children, kept free of resource scopes. */
const OWN_IDS = ['Dashboard', 'ServiceHealth', APPLICATION_ALARMS_ID];

/**
 * Monitoring that works out of the box for one service (or service group): vetted default alarms
 * per resource type, routed by severity through `AlarmRouting`, anomaly detection on each service's
 * key metric, a dashboard of everything monitored with its alarms, an optional composite alarm,
 * runbook text in every alarm description, log groups with the profile's retention and a customer
 * key, and alarms on application metrics published in Embedded Metric Format.
 *
 * ```ts
 * const monitoring = new ServiceMonitoring(stack, 'Monitoring', { runbookUrl: 'https://runbooks.example.com/web' });
 * monitoring.monitorScope(stack);      // every supported resource under the scope
 * monitoring.monitor(queue, { alarmOverrides: { SqsOldestMessageAge: { threshold: 3600 } } });
 * ```
 *
 * Default alarms (thresholds in the README's table; each one is documented with its source):
 * - Application load balancer: ELB 5XX rate > 5% (CRITICAL), rejected connections (WARNING),
 *   p99 target response time > 2.5 s (WARNING), request count anomaly.
 * - Target group: target 5XX rate > 5% and no healthy host (CRITICAL), unhealthy hosts (WARNING).
 * - ECS service: CPU and memory > 90% for 5 minutes (WARNING), no running task with Container
 *   Insights (CRITICAL), CPU anomaly.
 * - Lambda function: error rate > 5% (CRITICAL), throttles, p99 duration > 80% of the timeout,
 *   concurrency > 90% of reserved (WARNING); function URL p99 latency and 5XX rate; duration anomaly.
 * - RDS / Aurora: CPU > 90% (WARNING; the writer's, for Aurora), free storage < 10% of allocated
 *   (CRITICAL, RDS), Serverless v2 capacity > 90% of the maximum (WARNING).
 * - DynamoDB table: throttled requests and system errors (WARNING).
 * - SQS queue: oldest message older than max(15 min, 3 visibility timeouts) and in-flight > 90%
 *   of the quota (WARNING), messages at risk of expiry (CRITICAL); its dead-letter queue: any
 *   message (WARNING), expiry risk (CRITICAL).
 * - API Gateway REST and HTTP API: 5XX rate > 5% (CRITICAL), p99 latency > 2.5 s (WARNING),
 *   request count anomaly.
 * - Step Functions state machine: failed or timed-out executions, throttling (WARNING),
 *   execution time anomaly.
 * - Neptune and DocumentDB cluster: the writer's CPU > 90% (WARNING).
 * - ElastiCache: Redis OSS / Valkey engine CPU and memory used > 90% on the busiest node (WARNING);
 *   Memcached CPU > 90% and swap > 50 MiB (WARNING).
 * - OpenSearch domain: cluster red, writes blocked, free storage <= 25% (CRITICAL); CPU >= 80%,
 *   JVM memory pressure >= 95%, failed automated snapshot (WARNING).
 * - Kinesis data stream: iterator age > 50% of the retention (CRITICAL), read and write throttling
 *   > 1% for 15 minutes (WARNING).
 * - EventBridge rule delivering the app's events: failed invocations (WARNING); SNS topic
 *   delivering to queues, functions or streams: failed notifications (WARNING).
 * - CloudFront distribution: 5XX rate > 5% (CRITICAL; from a us-east-1 stack, where CloudFront
 *   publishes its metrics).
 * - EC2 instance: failed status checks (CRITICAL); Auto Scaling group: an instance failing its
 *   status checks (WARNING).
 * - EFS file system: burst credits used up, at the General Purpose I/O limit (WARNING).
 */
export class ServiceMonitoring extends Construct {
  /** Name of the service in alarms and on the dashboard. */
  public readonly serviceName: string;
  /** Where the alarms go. */
  public readonly routing: AlarmRouting;
  /** The dashboard, unless disabled. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly props: ServiceMonitoringProps;
  private readonly monitoredList: MonitoredResource[] = [];
  private readonly logGroupHardening: LogGroupHardening;
  private readonly tracingActivation = new TracingActivation();
  private readonly allAlarms: cloudwatch.AlarmBase[] = [];
  private readonly criticalAlarms: cloudwatch.Alarm[] = [];
  private composite?: cloudwatch.CompositeAlarm;
  private readonly scopes = new Map<string, Construct>();
  private applicationScope?: Construct;
  private readonly anomaly: Required<Omit<AnomalyDetectionOptions, 'excludedTimeRanges'>> & { excludedTimeRanges: ExcludedTimeRange[] };

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps = {}) {
    super(scope, id);
    this.props = props;
    this.logGroupHardening = new LogGroupHardening({ logEncryptionKey: props.logEncryptionKey });
    this.serviceName = props.serviceName ?? id;
    this.routing = props.routing ?? AlarmRouting.of(this);
    if (props.runbookUrl !== undefined && !Token.isUnresolved(props.runbookUrl) && !isRunbookUrl(props.runbookUrl)) {
      this.invalid('runbookUrl', props.runbookUrl, 'Give the https address of the service\'s runbook, for example https://runbooks.example.com/web-service.');
    }
    this.validateOverrides('alarmOverrides', props.alarmOverrides, ALL_ALARM_IDS);
    this.anomaly = this.validateAnomaly(props.anomalyDetection ?? {});

    if (props.dashboard ?? true) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName,
        defaultInterval: Duration.hours(3),
      });
      this.dashboard.addWidgets(
        new cloudwatch.TextWidget({
          markdown: `# ${this.serviceName}\nAlarms of every resource monitored, by resource. ${props.runbookUrl ? `Runbook: [${props.runbookUrl}](${props.runbookUrl})` : 'Each alarm\'s description holds its runbook.'}`,
          width: 24,
          height: 2,
        }),
        new AlarmStatusWidget(this.allAlarms, `${this.serviceName}: alarm status`),
      );
    }
    this.node.addValidation({
      validate: () => (this.dashboard && this.allAlarms.length === 0
        ? [`${CONSTRUCT} '${this.node.path}' has a dashboard but no alarm: monitor resources with monitor() or monitorScope(), or set dashboard: false (for example when it only secures log groups).`]
        : []),
    });
  }

  /** The resources monitored so far. */
  public get monitored(): MonitoredResource[] {
    return [...this.monitoredList];
  }

  /** The composite alarm of the service (with `compositeAlarm: true`, once a CRITICAL alarm exists). */
  public get compositeAlarm(): cloudwatch.CompositeAlarm | undefined {
    return this.composite;
  }

  /**
   * Monitor one resource with the default alarms of its type: an L2 construct or its L1
   * (application load balancer, target group, ECS service, Lambda function, RDS instance or
   * cluster, Neptune or DocumentDB cluster, ElastiCache replication group or cache cluster,
   * OpenSearch domain, DynamoDB table, SQS queue, Kinesis data stream, SNS topic, EventBridge
   * rule, API Gateway REST or HTTP API, Step Functions state machine, CloudFront distribution,
   * EC2 instance, Auto Scaling group, EFS file system), or a log group (retention and encryption
   * only). Monitoring an SQS queue also monitors its dead-letter queue.
   *
   * @throws if the resource is of an unsupported type, already monitored, or in another region
   */
  public monitor(resource: IConstruct, options: MonitorOptions = {}): MonitoredResource {
    const cfn = cfnResourceOf(resource);
    if (!cfn) {
      this.invalid('resource', resource.node.path, 'Pass a resource (an L2 construct whose default child is a CloudFormation resource, or the L1 itself); for a pattern such as ApplicationLoadBalancedFargateService, use monitorScope(pattern).');
    }
    const owner = MONITORED.get(cfn as CfnResource);
    if (owner) {
      this.invalid('resource', resource.node.path, `It is already monitored by ${owner.node.path}: monitor each resource once (call monitor() with its options before monitorScope(), which skips what is monitored).`);
    }
    return this.monitorCfn(cfn as CfnResource, options, true);
  }

  /**
   * Monitor every supported resource under a scope (a stack, a stage-less construct, a pattern):
   * the types `monitor()` takes, skipping resources already monitored, custom-resource handlers
   * (deployment plumbing), instances of DB clusters (their cluster is monitored), network and
   * gateway load balancers (their target groups are), WebSocket APIs, target groups no listener
   * forwards to (they publish no metrics), SNS topics no queue, function or stream of the app
   * subscribes to and EventBridge rules that run on a schedule, on AWS service events only or
   * only notify topics (alerting paths and job triggers, which rule Readiness-MON1 does not judge
   * either), ElastiCache replication groups of more than 10 nodes, resources of stacks in other
   * regions (alarms watch metrics of their own region: monitor those from a stack there),
   * CloudFront distributions unless this construct is in us-east-1 or region-agnostic, and what
   * `options.exclude` names. Log groups found get the profile's retention where they set none, which makes
   * CloudWatch Logs delete older events (a log group left to never expire included: an L2
   * `RetentionDays.INFINITE`, the ECS awsLogs driver's default): exclude those that must keep them.
   */
  public monitorScope(scope: IConstruct, options: MonitorScopeOptions = {}): MonitoredResource[] {
    const { exclude, ...monitorOptions } = options;
    this.validateOverrides('options.alarmOverrides', monitorOptions.alarmOverrides, ALL_ALARM_IDS);
    const excluded = new Set((exclude ?? []).flatMap((c) => c.node.findAll()));
    return withStackSnapshot(() => {
      const plumbing = new Map<Stack, Set<CfnResource>>();
      const out: MonitoredResource[] = [];
      for (const c of scope.node.findAll()) {
        if (!CfnResource.isCfnResource(c) || !SCOPE_TYPES.has(c.cfnResourceType) || MONITORED.has(c) || excluded.has(c)) continue;
        if (c.cfnResourceType === CLOUDFRONT ? !cloudFrontMetricsHere(this) : otherRegion(this, c)) continue;
        const stack = Stack.of(c);
        if (!plumbing.has(stack)) plumbing.set(stack, plumbingResources(stack));
        if (plumbing.get(stack)!.has(c)) continue;
        const props = rawProperties(c);
        if (isClusterMemberResource(c, props)) continue;
        if (c.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && (literal(prop(props, 'Type')) ?? 'application') !== 'application') continue;
        if (c.cfnResourceType === 'AWS::ApiGatewayV2::Api' && (literal(prop(props, 'ProtocolType')) ?? 'HTTP') !== 'HTTP') continue;
        // A target group no listener forwards to publishes no metrics yet.
        if (c instanceof elbv2.CfnTargetGroup && !loadBalancerFullNameOf(c)) continue;
        // Alerting paths and job triggers (rule Readiness-MON1 does not judge them either).
        if (c.cfnResourceType === 'AWS::SNS::Topic' && !topicDeliversWork(c)) continue;
        if (c.cfnResourceType === 'AWS::Events::Rule' && !ruleDeliversEvents(c)) continue;
        if (c.cfnResourceType === 'AWS::ElastiCache::ReplicationGroup' && !cacheNodesOf(c)) continue;
        out.push(this.monitorCfn(c, { ...monitorOptions, label: undefined }, false));
      }
      return out;
    });
  }

  /**
   * An application metric (published by the service, for example with
   * `EmbeddedMetricFormat.render`), shown on the dashboard, to alarm on with `addApplicationAlarm`.
   */
  public applicationMetric(options: ApplicationMetricOptions): cloudwatch.Metric {
    const namespace = options.namespace ?? this.serviceName;
    if (!Token.isUnresolved(namespace) && (namespace.startsWith('AWS/') || !/^[\w.\-/#:]{1,255}$/.test(namespace))) {
      this.invalid('applicationMetric namespace', namespace, 'Use your own namespace of letters, digits and . - _ / # : (not starting with "AWS/"), for example "WebService".');
    }
    return new cloudwatch.Metric({
      namespace,
      metricName: options.metricName,
      dimensionsMap: options.dimensions ?? { Service: this.serviceName },
      statistic: options.statistic ?? 'Sum',
      unit: options.unit,
      period: options.period ?? Duration.minutes(1),
    });
  }

  /**
   * An alarm on an application metric (see `applicationMetric`), routed by severity, with its
   * runbook text, on the dashboard.
   */
  public addApplicationAlarm(id: string, metric: cloudwatch.IMetric, options: ApplicationAlarmOptions): cloudwatch.Alarm {
    const evaluationPeriods = options.evaluationPeriods ?? 5;
    const datapointsToAlarm = options.datapointsToAlarm ?? evaluationPeriods;
    this.checkEvaluation(`addApplicationAlarm('${id}')`, evaluationPeriods, datapointsToAlarm);
    this.applicationScope ??= new Construct(this, APPLICATION_ALARMS_ID);
    const alarm = new cloudwatch.Alarm(this.applicationScope, id, {
      metric: options.statistic && metric instanceof cloudwatch.Metric ? metric.with({ statistic: options.statistic }) : metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: this.describe(`${this.serviceName}: ${options.meaning}`, options.runbookChecks ?? [], options.runbookUrl),
    });
    this.register(alarm, options.severity ?? AlarmSeverity.WARNING);
    this.dashboard?.addWidgets(new cloudwatch.AlarmWidget({ alarm, title: `${this.serviceName}: ${id}`, width: 8, height: 6 }));
    return alarm;
  }

  private monitorCfn(cfn: CfnResource, options: MonitorOptions, strictOverrides: boolean): MonitoredResource {
    const there = Stack.of(cfn);
    if (cfn.cfnResourceType === CLOUDFRONT) {
      if (!cloudFrontMetricsHere(this)) {
        this.invalid('resource', cfn.node.path, `CloudFront publishes its metrics in us-east-1 only and this construct is in ${Stack.of(this).region}: CloudWatch alarms watch metrics of their own region. Monitor the distribution from a ServiceMonitoring in a us-east-1 stack.`);
      }
    } else if (otherRegion(this, cfn)) {
      this.invalid('resource', cfn.node.path, `It is in region ${there.region} and this construct in ${Stack.of(this).region}: CloudWatch alarms watch metrics of their own region. Create a ServiceMonitoring in a stack of ${there.region}.`);
    }
    const subject = subjectOf(cfn, `${CONSTRUCT} '${this.node.path}'`);
    this.validateOverrides('options.alarmOverrides', options.alarmOverrides, strictOverrides ? alarmIdsOf(subject.kind) : ALL_ALARM_IDS, strictOverrides ? subject.kind : undefined);
    if (options.runbookUrl !== undefined && !Token.isUnresolved(options.runbookUrl) && !isRunbookUrl(options.runbookUrl)) {
      this.invalid('options.runbookUrl', options.runbookUrl, 'Give the https address of the runbook page.');
    }
    MONITORED.set(cfn, this);
    const label = options.label ?? labelOf(cfn);
    const overrides = { ...this.props.alarmOverrides, ...options.alarmOverrides };
    const scope = this.scopeFor(label);
    const alarms: cloudwatch.Alarm[] = [];

    // Hardening of what it monitors, each an aspect users can apply on their own (and switch off here).
    if (subject.kind === 'logGroup' && (this.props.hardenLogGroups ?? true)) this.logGroupHardening.visit(cfn);
    if (this.props.enableTracing ?? true) this.tracingActivation.visit(cfn);

    for (const spec of ALARMS[subject.kind]) {
      const alarm = this.defaultAlarm(scope, subject, spec, label, overrides[spec.id], options.runbookUrl);
      if (alarm) alarms.push(alarm);
    }
    const anomalySpec = ANOMALIES[subject.kind];
    let detector: cloudwatch.CfnAnomalyDetector | undefined;
    if (anomalySpec && this.anomaly.enabled && overrides[anomalySpec.id]?.enabled !== false) {
      const made = this.anomalyAlarm(scope, subject, anomalySpec, label, overrides[anomalySpec.id] ?? {}, options.runbookUrl);
      alarms.push(made.alarm);
      detector = made.detector;
    }

    const monitored = new MonitoredResource(cfn, label, alarms, detector);
    this.monitoredList.push(monitored);
    if (this.dashboard && alarms.length > 0) {
      this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `### ${label}\n${cfn.cfnResourceType}`, width: 24, height: 1 }));
      this.dashboard.addWidgets(...alarms.map((alarm) => new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 8, height: 6 })));
    }
    // Monitoring a queue monitors its dead-letter queue.
    const dlq = subject.facts.deadLetterQueue;
    if (subject.kind === 'queue' && dlq && !MONITORED.has(dlq) && Stack.of(dlq) === there) {
      this.monitorCfn(dlq, { alarmOverrides: options.alarmOverrides, runbookUrl: options.runbookUrl, label: `${label} dead-letter queue` }, false);
    }
    return monitored;
  }

  private defaultAlarm(
    scope: Construct, subject: Subject, spec: AlarmSpec, label: string, override: AlarmOverride | undefined, runbookUrl: string | undefined,
  ): cloudwatch.Alarm | undefined {
    if (override?.enabled === false || !appliesTo(spec, subject)) return undefined;
    const threshold = override?.threshold ?? spec.threshold(subject);
    if (threshold === undefined) return undefined;
    const period = override?.period ?? spec.period;
    const evaluationPeriods = override?.evaluationPeriods ?? spec.evaluationPeriods;
    const datapointsToAlarm = override?.datapointsToAlarm ?? (override?.evaluationPeriods !== undefined ? evaluationPeriods : spec.datapointsToAlarm);
    this.checkEvaluation(`alarmOverrides.${spec.id}`, evaluationPeriods, datapointsToAlarm);
    const alarm = new cloudwatch.Alarm(scope, spec.id, {
      metric: spec.metric(subject, period),
      threshold,
      comparisonOperator: spec.comparison,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: this.describe(spec.meaning(label, threshold), spec.checks, runbookUrl),
    });
    this.register(alarm, override?.severity ?? spec.severity);
    return alarm;
  }

  private anomalyAlarm(
    scope: Construct, subject: Subject, spec: AnomalySpec, label: string, override: AlarmOverride, runbookUrl: string | undefined,
  ) {
    const period = override.period ?? ANOMALY_PERIOD;
    const evaluationPeriods = override.evaluationPeriods ?? 3;
    const datapointsToAlarm = override.datapointsToAlarm ?? evaluationPeriods;
    this.checkEvaluation(`alarmOverrides.${spec.id}`, evaluationPeriods, datapointsToAlarm);
    const bandWidth = override.threshold ?? this.anomaly.bandWidth;
    if (!(bandWidth > 0)) this.invalid(`alarmOverrides.${spec.id}.threshold`, bandWidth, 'The band width of an anomaly-detection alarm is a number of standard deviations above 0 (2 by default).');
    const namespace = spec.namespace ?? subject.namespace;
    const detector = new cloudwatch.CfnAnomalyDetector(scope, `${spec.id}Model`, {
      singleMetricAnomalyDetector: {
        namespace,
        metricName: spec.metricName,
        stat: spec.statistic,
        dimensions: Object.entries(subject.dimensions).map(([name, value]) => ({ name, value })),
      },
      configuration: {
        metricTimeZone: this.anomaly.metricTimeZone,
        excludedTimeRanges: this.anomaly.excludedTimeRanges.length > 0
          ? this.anomaly.excludedTimeRanges.map((r) => ({ startTime: r.start, endTime: r.end }))
          : undefined,
      },
    });
    const alarm = new cloudwatch.AnomalyDetectionAlarm(scope, spec.id, {
      metric: new cloudwatch.Metric({ namespace, metricName: spec.metricName, dimensionsMap: subject.dimensions, statistic: spec.statistic, period }),
      stdDevs: bandWidth,
      comparisonOperator: spec.comparison,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: this.describe(spec.meaning(label), spec.checks, runbookUrl),
    });
    // The model must exist, configured, before the alarm: an alarm alone makes an unconfigured one.
    alarm.node.addDependency(detector);
    this.register(alarm, override.severity ?? this.anomaly.severity);
    return { alarm, detector };
  }

  private register(alarm: cloudwatch.Alarm, severity: AlarmSeverity): void {
    this.allAlarms.push(alarm);
    if (severity === AlarmSeverity.CRITICAL && this.props.compositeAlarm) {
      this.criticalAlarms.push(alarm);
      this.ensureComposite();
      Validations.of(alarm).acknowledge({
        id: 'NIST.800.53.R5-CloudWatchAlarmAction',
        reason: `Combined into the composite alarm ${this.composite!.node.path}, which notifies the CRITICAL topic on ALARM and OK for it (the CloudWatch pattern against paging once per alarm); rule Readiness-MON2 checks that composite's actions.`,
      });
      // AWS Control Tower's CT.CLOUDWATCH.PR.1 asks the same (cdk-validator-cfnguard).
      Validations.of(alarm).acknowledge({
        id: 'cdk-validator-cfnguard::cloudwatch_alarm_action_check',
        reason: `Combined into the composite alarm ${this.composite!.node.path}, which notifies the CRITICAL topic on ALARM and OK for it (the CloudWatch pattern against paging once per alarm); rule Readiness-MON2 checks that composite's actions.`,
      });
    } else {
      this.routing.route(alarm, severity);
    }
  }

  private ensureComposite(): void {
    if (this.composite) return;
    const children = this.criticalAlarms;
    this.composite = new cloudwatch.CompositeAlarm(this, 'ServiceHealth', {
      // Uncached: rendered when the template is, with every critical alarm added until then.
      alarmRule: cloudwatch.AlarmRule.fromString(Lazy.uncachedString({
        produce: () => cloudwatch.AlarmRule
          .anyOf(...children.map((a) => cloudwatch.AlarmRule.fromAlarm(a, cloudwatch.AlarmState.ALARM)))
          .renderAlarmRule(),
      })),
      alarmDescription: this.describe(
        `${this.serviceName} is unhealthy: at least one of its critical alarms is in ALARM.`,
        [
          'open the service\'s dashboard and find the critical alarm in ALARM',
          'follow the runbook in that alarm\'s description',
        ],
        this.props.runbookUrl,
      ),
    });
    this.allAlarms.push(this.composite);
    this.routing.route(this.composite, AlarmSeverity.CRITICAL);
  }

  private describe(meaning: string, checks: readonly string[], url: string | undefined): string {
    return runbookDescription({ meaning, checks, url: url ?? this.props.runbookUrl });
  }

  /** A child construct per resource, named after its label, unique, never one of this construct's own ids. */
  private scopeFor(label: string): Construct {
    const known = this.scopes.get(label);
    if (known) return known;
    const base = label.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'Resource';
    let id = base;
    for (let n = 2; this.node.tryFindChild(id) || OWN_IDS.includes(id); n++) id = `${base}-${n}`;
    const scope = new Construct(this, id);
    this.scopes.set(label, scope);
    return scope;
  }

  private validateAnomaly(o: AnomalyDetectionOptions) {
    const metricTimeZone = o.metricTimeZone ?? 'UTC';
    if (!Token.isUnresolved(metricTimeZone)) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: metricTimeZone });
      } catch {
        this.invalid('anomalyDetection.metricTimeZone', metricTimeZone, 'Use an IANA time zone name such as "UTC", "Europe/Dublin" or "America/New_York".');
      }
    }
    const excluded = o.excludedTimeRanges ?? [];
    const FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
    for (const [i, r] of excluded.entries()) {
      for (const [field, value] of [['start', r.start], ['end', r.end]] as const) {
        if (!FORMAT.test(value) || Number.isNaN(Date.parse(`${value}Z`))) {
          this.invalid(`anomalyDetection.excludedTimeRanges[${i}].${field}`, value, 'Use the format yyyy-MM-ddTHH:mm:ss, for example "2025-11-28T00:00:00".');
        }
      }
      if (r.start >= r.end) this.invalid(`anomalyDetection.excludedTimeRanges[${i}]`, r, 'The start of an excluded time range must be before its end.');
    }
    const bandWidth = o.bandWidth ?? 2;
    if (!(bandWidth > 0) || !Number.isFinite(bandWidth)) this.invalid('anomalyDetection.bandWidth', bandWidth, 'Give a number of standard deviations above 0 (2 by default; 3 for a quieter alarm).');
    return { enabled: o.enabled ?? true, metricTimeZone, excludedTimeRanges: excluded, bandWidth, severity: o.severity ?? AlarmSeverity.WARNING };
  }

  private validateOverrides(name: string, overrides: { [id: string]: AlarmOverride } | undefined, valid: readonly string[], kind?: string): void {
    for (const [id, o] of Object.entries(overrides ?? {})) {
      if (!valid.includes(id)) {
        this.invalid(`${name} key`, id, `${kind ? `A ${kind} has` : 'Valid alarm ids are'}${kind ? ' the alarms' : ''} ${valid.join(', ')}.`);
      }
      if (o.threshold !== undefined && !Number.isFinite(o.threshold)) this.invalid(`${name}.${id}.threshold`, o.threshold, 'Give a finite number.');
      if (o.period !== undefined && !o.period.isUnresolved()) {
        const seconds = o.period.toSeconds();
        if (![10, 30].includes(seconds) && (seconds < 60 || seconds % 60 !== 0)) {
          this.invalid(`${name}.${id}.period`, o.period, 'CloudWatch alarms take periods of 10 s, 30 s or a multiple of 60 s.');
        }
      }
      if (o.severity !== undefined && !Object.values(AlarmSeverity).includes(o.severity)) {
        this.invalid(`${name}.${id}.severity`, o.severity, `Use one of AlarmSeverity: ${Object.values(AlarmSeverity).join(', ')}.`);
      }
    }
  }

  private checkEvaluation(name: string, evaluationPeriods: number, datapointsToAlarm: number): void {
    if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1) {
      this.invalid(`${name}.evaluationPeriods`, evaluationPeriods, 'Give a whole number of at least 1.');
    }
    if (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      this.invalid(`${name}.datapointsToAlarm`, datapointsToAlarm, `Give a whole number from 1 to evaluationPeriods (${evaluationPeriods}).`);
    }
  }

  private invalid(name: string, value: unknown, fix: string): never {
    return invalidProp(this, CONSTRUCT, name, value, fix);
  }
}

/** The CloudFormation types `monitorScope` picks up. */
const SCOPE_TYPES = new Set(MONITOR_SCOPE_TYPES);

const CLOUDFRONT = 'AWS::CloudFront::Distribution';

/** Whether alarms of this construct's stack can read CloudFront's metrics (us-east-1, or a region-agnostic stack). */
function cloudFrontMetricsHere(scope: IConstruct): boolean {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) || region === 'us-east-1';
}

/** Whether a resource is in a stack of another (known) region than the construct. */
function otherRegion(scope: IConstruct, resource: IConstruct): boolean {
  const here = Stack.of(scope).region;
  const there = Stack.of(resource).region;
  return !Token.isUnresolved(here) && !Token.isUnresolved(there) && here !== there;
}

/** A resource's construct path within its stack, without the trailing `Resource`. */
function labelOf(cfn: CfnResource): string {
  const stack = Stack.of(cfn);
  const parts = cfn.node.path.split('/').slice(stack.node.path.split('/').length);
  return withoutDefaultChild(parts.join('/')) || Names.uniqueId(cfn);
}

/**
 * Alarm status of every alarm of the service, read when the dashboard is synthesized (so alarms
 * added after the widget are listed too). CloudWatch shows at most 100 alarms in one widget.
 */
class AlarmStatusWidget implements cloudwatch.IWidget {
  public readonly width = 24;
  public readonly height = 6;
  public readonly warnings?: string[];
  public readonly warningsV2?: { [id: string]: string };
  private x?: number;
  private y?: number;

  constructor(private readonly alarms: readonly cloudwatch.AlarmBase[], private readonly title: string) {}

  public position(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  public toJson(): any[] {
    return [{
      type: 'alarm',
      width: this.width,
      height: this.height,
      x: this.x,
      y: this.y,
      properties: {
        title: this.title,
        alarms: this.alarms.slice(0, 100).map((a) => a.alarmArn),
        sortBy: 'stateUpdatedTimestamp',
      },
    }];
  }
}
