import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { invalidProp } from '../shared/validation';
import { atMaxCapacityAlarm, schedulingBufferTime, validateCapacity, validatePercent, validatePositive } from './private/capacity';
import { collectGroupMetrics } from './private/group-metrics';
import { CAPACITY_PERIOD, validateRunbookUrl } from './private/runbook-alarm';
import { CapacityAlarmOptions, PredictiveScalingMode } from './scaling-options';

const CONSTRUCT = 'AutoScalingGroupScaling';

/**
 * The metric pair a predictive scaling policy of an Auto Scaling group forecasts.
 */
export enum AsgPredictiveMetric {
  /** Average CPU utilization of the group (load: total CPU). */
  CPU_UTILIZATION = 'ASGCPUUtilization',
  /** Network in per instance (load: total network in). */
  NETWORK_IN = 'ASGNetworkIn',
  /** Network out per instance (load: total network out). */
  NETWORK_OUT = 'ASGNetworkOut',
}

/**
 * Predictive scaling of an EC2 Auto Scaling group (`AWS::AutoScaling::ScalingPolicy` of type
 * `PredictiveScaling`).
 */
export interface AsgPredictiveScalingOptions {
  /** The metric pair to forecast. */
  readonly metric: AsgPredictiveMetric;
  /** Target value of the scaling metric: a percentage (1–99) for CPU, bytes per instance for network. */
  readonly targetValue: number;
  /**
   * Forecast only, or forecast and scale.
   *
   * @default PredictiveScalingMode.FORECAST_ONLY
   */
  readonly mode?: PredictiveScalingMode;
  /**
   * How long before the forecast time instances are launched (under one hour).
   *
   * @default Duration.minutes(5)
   */
  readonly schedulingBufferTime?: Duration;
}

/**
 * Props of AutoScalingGroupScaling.
 */
export interface AutoScalingGroupScalingProps extends CapacityAlarmOptions {
  /**
   * The group to scale. Its `minCapacity` and `maxCapacity` are checked against the profile:
   * at least the profile's `minCapacity` (PROD: 2) across at least two Availability Zones, and
   * room above the minimum.
   */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  /**
   * Average CPU utilization to hold (target tracking).
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Also track requests per instance from an Application Load Balancer (the group must be
   * attached to a target group with `attachToApplicationTargetGroup`).
   *
   * @default - none
   */
  readonly requestsPerTarget?: number;

  /**
   * Seconds a new instance needs before its metrics count (boot, warm-up).
   *
   * @default Duration.minutes(5)
   */
  readonly estimatedInstanceWarmup?: Duration;

  /**
   * Predictive scaling.
   *
   * @default - none
   */
  readonly predictive?: AsgPredictiveScalingOptions;
}

/**
 * Auto scaling of an EC2 Auto Scaling group: target tracking on CPU (and optionally requests per
 * instance), predictive scaling, the profile's minimum across Availability Zones, group metrics
 * collection, and an alarm when the group sits at its maximum size.
 *
 * Cooldowns of target tracking are the instance warm-up: EC2 Auto Scaling does not count a new
 * instance's metrics until it has warmed up, so it neither over-scales nor scales in too early.
 */
export class AutoScalingGroupScaling extends Construct {
  /** Fires when the group has sat at its maximum size for 15 minutes. */
  public readonly atMaxCapacityAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AutoScalingGroupScalingProps) {
    super(scope, id);
    const profile = ReadinessProfile.of(this);
    const asg = props.autoScalingGroup;
    const cfn = asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    const min = Number(cfn.minSize);
    const max = Number(cfn.maxSize);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    validatePercent(this, CONSTRUCT, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent);
    validatePositive(this, CONSTRUCT, 'requestsPerTarget', props.requestsPerTarget, 'Give the requests per instance per minute one instance serves within its latency objective, above 0.');
    if (Token.isUnresolved(cfn.minSize) || Token.isUnresolved(cfn.maxSize) || Number.isNaN(min) || Number.isNaN(max)) {
      invalidProp(this, CONSTRUCT, 'autoScalingGroup', asg.node.path,
        'Its minCapacity and maxCapacity are not known at synth (tokens): give literal numbers, so they can be checked against the profile and the at-maximum-capacity alarm knows its threshold.');
    }
    {
      validateCapacity(this, {
        construct: CONSTRUCT,
        minProp: 'autoScalingGroup minCapacity',
        maxProp: 'autoScalingGroup maxCapacity',
        min,
        max,
        unit: 'instances',
        profileMinimum: { profile, value: profile.minCapacity },
      });
    }
    this.checkZones(asg, profile);

    const warmup = props.estimatedInstanceWarmup ?? Duration.minutes(5);
    asg.scaleOnCpuUtilization('ReadinessCpuScaling', {
      targetUtilizationPercent: props.targetCpuUtilizationPercent ?? 60,
      estimatedInstanceWarmup: warmup,
    });
    if (props.requestsPerTarget !== undefined) {
      asg.scaleOnRequestCount('ReadinessRequestScaling', { targetRequestsPerMinute: props.requestsPerTarget, estimatedInstanceWarmup: warmup });
    }
    if (props.predictive) this.addPredictive(asg, props.predictive);
    collectGroupMetrics(asg);

    this.atMaxCapacityAlarm = atMaxCapacityAlarm(this, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/AutoScaling',
        metricName: 'GroupDesiredCapacity',
        dimensionsMap: { AutoScalingGroupName: asg.autoScalingGroupName },
        statistic: 'Maximum',
        period: CAPACITY_PERIOD,
      }),
      threshold: max,
      severity: props.atMaxCapacitySeverity,
      routing: props.alarmRouting,
      meaning: `Auto Scaling group ${asg.autoScalingGroupName} has run at its maximum of ${cfn.maxSize} instances for 15 minutes: it cannot add capacity, so more load means slower responses or errors.`,
      checks: [
        'Check latency, errors and CPU of the instances, and whether the load is legitimate.',
        'If it is real growth, raise the group maximum (check EC2 quotas and Availability Zone capacity first).',
        'If instances are saturated by a regression, roll back the last deployment or instance refresh.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }

  private addPredictive(asg: autoscaling.AutoScalingGroup, p: AsgPredictiveScalingOptions): void {
    if (p.metric === AsgPredictiveMetric.CPU_UTILIZATION) {
      validatePercent(this, CONSTRUCT, 'predictive.targetValue', p.targetValue);
    } else {
      validatePositive(this, CONSTRUCT, 'predictive.targetValue', p.targetValue, 'Give the bytes per instance to hold, above 0.');
    }
    const buffer = schedulingBufferTime(this, CONSTRUCT, p.schedulingBufferTime);
    new autoscaling.CfnScalingPolicy(this, 'Predictive', {
      autoScalingGroupName: asg.autoScalingGroupName,
      policyType: 'PredictiveScaling',
      predictiveScalingConfiguration: {
        mode: p.mode ?? PredictiveScalingMode.FORECAST_ONLY,
        schedulingBufferTime: buffer.toSeconds(),
        maxCapacityBreachBehavior: 'HonorMaxCapacity',
        metricSpecifications: [{
          targetValue: p.targetValue,
          predefinedMetricPairSpecification: { predefinedMetricType: p.metric },
        }],
      },
    });
  }

  private checkZones(asg: autoscaling.AutoScalingGroup, profile: ReadinessProfile): void {
    if (profile.minCapacity < 2) return;
    const cfn = asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    const stack = Stack.of(asg);
    const subnets: unknown[] = stack.resolve(cfn.vpcZoneIdentifier) ?? [];
    const zones: unknown[] = stack.resolve(cfn.availabilityZones) ?? [];
    const spread = Array.isArray(subnets) && subnets.length > 0 ? subnets.length : Array.isArray(zones) ? zones.length : 0;
    if (spread === 1) {
      invalidProp(this, CONSTRUCT, 'autoScalingGroup', asg.node.path,
        `It launches into a single subnet or Availability Zone, so losing that zone takes every instance. The readiness profile '${profile.name}' requires capacity across Availability Zones: give the group subnets in at least two zones (vpcSubnets).`);
    }
  }
}
