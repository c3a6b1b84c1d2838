import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlarmSeverity } from '../monitoring/alarm-routing';
import { invalidProp } from '../shared/validation';
import { stackLogBucket } from './private/log-bucket';
import { CAPACITY_EVALUATION_PERIODS, CAPACITY_PERIOD, routedAlarm, validateRunbookUrl } from './private/runbook-alarm';
import { ScalingAlarmOptions } from './scaling-options';

const CONSTRUCT = 'ApplicationLoadBalancing';

/**
 * How a target group picks a target for each request: only load-aware algorithms are offered
 * (round robin keeps sending requests to a slow or overloaded target). Elastic Load Balancing
 * accepts slow start with neither of them (only with round robin).
 */
export enum LoadBalancingAlgorithm {
  /** Send each request to the target with the fewest requests in flight. */
  LEAST_OUTSTANDING_REQUESTS = 'least_outstanding_requests',
  /**
   * Weighted random with Automatic Target Weights: the load balancer detects targets that return
   * more errors than their peers (anomalous hosts) and sends them less traffic. Not with sticky
   * sessions.
   */
  WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION = 'weighted_random',
}

/**
 * The explicit health check of the target groups.
 */
export interface TargetHealthCheck {
  /** Path of a health endpoint that checks what the target needs to serve (not just that the process runs). */
  readonly path: string;
  /**
   * Time between checks.
   *
   * @default Duration.seconds(15)
   */
  readonly interval?: Duration;
  /**
   * How long a check may take (less than `interval`).
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes before an unhealthy target gets traffic again.
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;
  /**
   * Consecutive failures before a target stops getting traffic.
   *
   * @default 3
   */
  readonly unhealthyThresholdCount?: number;
  /**
   * HTTP codes that mean healthy, e.g. `200` or `200-299`.
   *
   * @default '200'
   */
  readonly healthyHttpCodes?: string;
}

/**
 * Props of ApplicationLoadBalancing.
 */
export interface ApplicationLoadBalancingProps extends ScalingAlarmOptions {
  /** The Application Load Balancer. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** Its target groups to configure. */
  readonly targetGroups: elbv2.ApplicationTargetGroup[];
  /** The explicit health check of every target group. */
  readonly healthCheck: TargetHealthCheck;
  /**
   * Routing algorithm of the target groups.
   *
   * @default LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS
   */
  readonly algorithm?: LoadBalancingAlgorithm;
  /**
   * How long a deregistering target keeps serving its in-flight requests (0–3600 s). The ELB
   * default of 300 s slows every deployment and scale-in for requests that take seconds.
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Protect the load balancer from deletion (a deleted load balancer gets a new DNS name).
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Drop HTTP header fields with invalid names instead of forwarding them (request smuggling).
   *
   * @default true
   */
  readonly dropInvalidHeaderFields?: boolean;
  /**
   * Bucket for the access logs: in the load balancer's region, SSE-S3 (Elastic Load Balancing
   * supports no other encryption), with a bucket policy this app can extend.
   *
   * @default - the stack's access-log bucket (SSE-S3, TLS only, versioned, RETAIN, expiring after the profile's log retention)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Key prefix of the access logs (without `AWSLogs`, no leading or trailing slash).
   *
   * @default - `alb/<construct id of the load balancer>`
   */
  readonly accessLogsPrefix?: string;
}

/**
 * Production settings of an Application Load Balancer and its target groups: a load-aware
 * routing algorithm (least outstanding requests, or weighted random with anomaly mitigation and
 * an alarm on anomalous hosts), explicit health checks, a short deregistration delay, deletion
 * protection, dropping of invalid header fields, and access logs to an
 * encrypted, TLS-only, retained bucket whose policy admits the region's ELB log delivery
 * principal (the ELB account of regions opened before August 2022,
 * `logdelivery.elasticloadbalancing.amazonaws.com` in newer ones).
 *
 * Slow start is not offered: Elastic Load Balancing accepts it with round robin only, and rejects
 * a target group that combines it with either load-aware algorithm, so a target group that has
 * slow start is refused here. For targets that need a warm-up, give the ECS service a
 * `healthCheckGracePeriod` and a health check that passes only once the target is warm.
 */
export class ApplicationLoadBalancing extends Construct {
  /** The bucket the access logs go to. */
  public readonly accessLogsBucket: s3.IBucket;
  /** Anomalous-host alarms, one per target group (weighted random only). */
  public readonly anomalousHostAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApplicationLoadBalancingProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    const algorithm = props.algorithm ?? LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS;
    const weightedRandom = algorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION;
    if (props.targetGroups.length === 0) {
      invalidProp(this, CONSTRUCT, 'targetGroups', [], 'Give the target groups of the load balancer: their health checks and routing are what this construct configures.');
    }
    const hc = validateHealthCheck(this, props.healthCheck);
    const deregistration = props.deregistrationDelay ?? Duration.seconds(30);
    checkSeconds(this, 'deregistrationDelay', deregistration, 0, 3600, 'Elastic Load Balancing accepts 0 to 3600 seconds.');
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      invalidProp(this, CONSTRUCT, 'loadBalancer', props.loadBalancer.node.path,
        'Its stack has no explicit region: access log delivery is granted to a principal that depends on the region (the ELB account of older regions, logdelivery.elasticloadbalancing.amazonaws.com in newer ones). Give the stack `env: { account, region }`.');
    }
    const prefix = props.accessLogsPrefix ?? `alb/${props.loadBalancer.node.id}`;
    if (!Token.isUnresolved(prefix) && (prefix.includes('AWSLogs') || prefix.startsWith('/') || prefix.endsWith('/') || prefix.length === 0)) {
      invalidProp(this, CONSTRUCT, 'accessLogsPrefix', prefix, 'Give a prefix without "AWSLogs" (Elastic Load Balancing appends AWSLogs/<account>/ itself) and without a leading or trailing slash, e.g. "alb/web".');
    }

    for (const tg of props.targetGroups) {
      this.rejectIncompatible(tg, algorithm);
      tg.configureHealthCheck({
        enabled: true,
        path: hc.path,
        interval: hc.interval,
        timeout: hc.timeout,
        healthyThresholdCount: hc.healthyThresholdCount,
        unhealthyThresholdCount: hc.unhealthyThresholdCount,
        healthyHttpCodes: hc.healthyHttpCodes,
      });
      tg.setAttribute('load_balancing.algorithm.type', algorithm);
      tg.setAttribute('deregistration_delay.timeout_seconds', String(deregistration.toSeconds()));
      if (weightedRandom) {
        tg.setAttribute('load_balancing.algorithm.anomaly_mitigation', 'on');
        this.anomalousHostAlarms.push(this.anomalousHostAlarm(tg, props));
      }
    }

    const lb = props.loadBalancer;
    lb.setAttribute('deletion_protection.enabled', String(props.deletionProtection ?? true));
    lb.setAttribute('routing.http.drop_invalid_header_fields.enabled', String(props.dropInvalidHeaderFields ?? true));
    this.accessLogsBucket = props.accessLogsBucket ?? stackLogBucket(this);
    lb.logAccessLogs(this.accessLogsBucket, prefix);
  }

  /**
   * Refuse target groups whose settings Elastic Load Balancing rejects with the algorithm (the
   * deployment would fail): Lambda targets (no routing algorithm, no deregistration delay), slow
   * start (round robin only), sticky sessions with weighted random.
   */
  private rejectIncompatible(tg: elbv2.ApplicationTargetGroup, algorithm: LoadBalancingAlgorithm): void {
    const cfn = tg.node.defaultChild as elbv2.CfnTargetGroup;
    const stack = Stack.of(tg);
    if (stack.resolve(cfn.targetType) === elbv2.TargetType.LAMBDA) {
      invalidProp(this, CONSTRUCT, 'targetGroups', tg.node.path,
        'It has Lambda targets, which have no routing algorithm, deregistration delay or slow start: leave Lambda target groups out (Lambda scales per request).');
    }
    const attributes: any[] = stack.resolve(cfn.targetGroupAttributes) ?? [];
    const attribute = (key: string) => attributes.find((a) => a?.key === key)?.value;
    const slow = attribute('slow_start.duration_seconds');
    if (slow !== undefined && String(slow) !== '0') {
      invalidProp(this, CONSTRUCT, 'algorithm', algorithm,
        `Target group ${tg.node.path} already has slow start (${slow} s), which Elastic Load Balancing accepts with round robin only, neither with least outstanding requests nor with weighted random. Remove the target group's slowStart (give the service a health check grace period instead).`);
    }
    if (algorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION && String(attribute('stickiness.enabled')) === 'true') {
      invalidProp(this, CONSTRUCT, 'algorithm', algorithm,
        `Target group ${tg.node.path} has sticky sessions, which weighted random routing does not support. Turn stickiness off, or use LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS.`);
    }
  }

  private anomalousHostAlarm(tg: elbv2.ApplicationTargetGroup, props: ApplicationLoadBalancingProps): cloudwatch.Alarm {
    return routedAlarm(new Construct(this, `TargetGroup${this.anomalousHostAlarms.length}`), 'AnomalousHostsAlarm', {
      metric: tg.metrics.custom('AnomalousHostCount', { statistic: 'Maximum', period: CAPACITY_PERIOD }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: CAPACITY_EVALUATION_PERIODS,
      severity: AlarmSeverity.WARNING,
      routing: props.alarmRouting,
      meaning: `Target group ${tg.targetGroupName} has had anomalous targets for 15 minutes: targets that return more errors than their peers; anomaly mitigation is sending them less traffic, so capacity is reduced.`,
      checks: [
        'Find the anomalous targets (AnomalousHostCount, MitigatedHostCount, and HTTPCode_Target_5XX_Count per target in the access logs).',
        'Replace or drain them (stop the ECS task, terminate the instance) and look at their logs for the cause (a bad host, a noisy neighbour, a stuck dependency).',
      ],
      runbookUrl: props.runbookUrl,
    });
  }
}

/** The health check with defaults applied, after checking each value. */
function validateHealthCheck(scope: Construct, hc: TargetHealthCheck): Required<TargetHealthCheck> {
  if (!Token.isUnresolved(hc.path) && (!hc.path.startsWith('/') || hc.path.length > 1024)) {
    invalidProp(scope, CONSTRUCT, 'healthCheck.path', hc.path, 'Give a path starting with "/" of at most 1024 characters, e.g. "/health".');
  }
  const out: Required<TargetHealthCheck> = {
    path: hc.path,
    interval: hc.interval ?? Duration.seconds(15),
    timeout: hc.timeout ?? Duration.seconds(5),
    healthyThresholdCount: hc.healthyThresholdCount ?? 2,
    unhealthyThresholdCount: hc.unhealthyThresholdCount ?? 3,
    healthyHttpCodes: hc.healthyHttpCodes ?? '200',
  };
  checkSeconds(scope, 'healthCheck.interval', out.interval, 5, 300, 'Elastic Load Balancing accepts 5 to 300 seconds.');
  checkSeconds(scope, 'healthCheck.timeout', out.timeout, 2, 120, 'Elastic Load Balancing accepts 2 to 120 seconds.');
  if (!out.timeout.isUnresolved() && !out.interval.isUnresolved() && out.timeout.toMilliseconds() >= out.interval.toMilliseconds()) {
    invalidProp(scope, CONSTRUCT, 'healthCheck.timeout', out.timeout, `It must be shorter than healthCheck.interval (${out.interval.toHumanString()}).`);
  }
  for (const prop of ['healthyThresholdCount', 'unhealthyThresholdCount'] as const) {
    const v = out[prop];
    if (!Token.isUnresolved(v) && (!Number.isInteger(v) || v < 2 || v > 10)) {
      invalidProp(scope, CONSTRUCT, `healthCheck.${prop}`, v, 'Elastic Load Balancing accepts 2 to 10.');
    }
  }
  return out;
}

function checkSeconds(scope: Construct, prop: string, d: Duration, min: number, max: number, fix: string): void {
  if (d.isUnresolved()) return;
  const s = d.toSeconds({ integral: false });
  if (s < min || s > max || !Number.isInteger(s)) invalidProp(scope, CONSTRUCT, prop, d, `${fix} (whole seconds)`);
}
