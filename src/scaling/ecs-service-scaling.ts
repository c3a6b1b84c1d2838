import { Annotations, Duration, Names } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { invalidProp } from '../shared/validation';
import {
  applySchedules, atMaxCapacityAlarm, CapacityCheck, DEFAULT_SCALE_IN_COOLDOWN, DEFAULT_SCALE_OUT_COOLDOWN,
  scalableTarget, schedulingBufferTime, validateCapacity, validatePercent, validatePositive,
} from './private/capacity';
import { containerInsightsMetric, requireContainerInsights } from './private/container-insights';
import { CAPACITY_PERIOD, runbookDescription, validateRunbookUrl } from './private/runbook-alarm';
import { PredictiveScalingMode, ScalingCommonOptions, ScheduledCapacity } from './scaling-options';

const CONSTRUCT = 'EcsServiceScaling';

/**
 * Target tracking on the requests each task receives from an Application Load Balancer.
 */
export interface RequestCountScalingOptions {
  /** The target group the service is registered in (attached to a load balancer). */
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Requests per task per minute to hold (from a load test: what one task serves within its latency objective). */
  readonly requestsPerTarget: number;
}

/**
 * Step scaling on the backlog of an SQS queue per running task.
 */
export interface QueueBacklogScalingOptions {
  /** The queue the tasks consume. */
  readonly queue: sqs.IQueue;
  /**
   * Messages one task may have waiting: its processing rate times the latency you accept
   * (for example 10 messages a second for 30 seconds: 300).
   */
  readonly acceptableBacklogPerTask: number;
}

/**
 * The metric pair a predictive scaling policy of an ECS service forecasts.
 */
export enum EcsPredictiveMetric {
  /** Average CPU utilization of the service (load: total CPU). */
  CPU_UTILIZATION = 'ECSServiceCPUUtilization',
  /** Average memory utilization of the service (load: total memory). */
  MEMORY_UTILIZATION = 'ECSServiceMemoryUtilization',
  /** Requests per task from the load balancer (load: total requests); needs `requestCount`. */
  ALB_REQUEST_COUNT = 'ALBRequestCount',
}

/**
 * Predictive scaling of an ECS service (`AWS::ApplicationAutoScaling::ScalingPolicy` with
 * `PredictiveScalingPolicyConfiguration`): capacity launched ahead of the daily and weekly
 * pattern learnt from up to 14 days of history. It complements target tracking, never replaces it.
 */
export interface EcsPredictiveScalingOptions {
  /** The metric pair to forecast. */
  readonly metric: EcsPredictiveMetric;
  /**
   * Target value of the scaling metric: a utilization percentage (1–99) for CPU and memory,
   * requests per task for `ALB_REQUEST_COUNT`.
   */
  readonly targetValue: number;
  /**
   * Forecast only, or forecast and scale.
   *
   * @default PredictiveScalingMode.FORECAST_ONLY - review the forecast first (a new service needs 24 hours of data)
   */
  readonly mode?: PredictiveScalingMode;
  /**
   * How long before the forecast time capacity is launched (under one hour).
   *
   * @default Duration.minutes(5)
   */
  readonly schedulingBufferTime?: Duration;
}

/**
 * Props of EcsServiceScaling.
 */
export interface EcsServiceScalingProps extends ScalingCommonOptions {
  /** The service to scale (Fargate or EC2). Its cluster must have Container Insights on. */
  readonly service: ecs.BaseService;

  /**
   * Fewest tasks, spread across Availability Zones by the ECS scheduler.
   *
   * @default - the profile's `minCapacity` (PROD: 2)
   */
  readonly minCapacity?: number;

  /** Most tasks: what the service, its database and its quotas can carry at peak. */
  readonly maxCapacity: number;

  /**
   * Target tracking on average CPU utilization.
   *
   * @default true
   */
  readonly scaleOnCpu?: boolean;

  /**
   * Average CPU utilization to hold.
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;

  /**
   * Also track average memory utilization at this percentage.
   *
   * @default - no memory policy
   */
  readonly targetMemoryUtilizationPercent?: number;

  /**
   * Target tracking on requests per task from an Application Load Balancer.
   *
   * @default - none
   */
  readonly requestCount?: RequestCountScalingOptions;

  /**
   * Step scaling on the backlog of a queue per running task. With a target tracking policy on
   * the same service it only scales out (target tracking scales in), so the two never fight.
   *
   * @default - none
   */
  readonly queueBacklog?: QueueBacklogScalingOptions;

  /**
   * Scheduled capacity changes.
   *
   * @default - none
   */
  readonly schedules?: ScheduledCapacity[];

  /**
   * Predictive scaling.
   *
   * @default - none
   */
  readonly predictive?: EcsPredictiveScalingOptions;
}

/**
 * Auto scaling of an ECS service the way a production service needs it: a minimum from the
 * readiness profile (PROD: two tasks, which the ECS scheduler spreads across Availability Zones),
 * target tracking on CPU (and optionally memory and requests per task), step scaling on a queue's
 * backlog per task, scheduled actions, predictive scaling, scale-out-fast/scale-in-slow cooldowns,
 * and an alarm when the service sits at its maximum (capacity planning).
 *
 * The backlog metric and the at-maximum alarm read Container Insights (`ECS/ContainerInsights`
 * `RunningTaskCount` and `DesiredTaskCount`): the cluster must have Container Insights enabled.
 */
export class EcsServiceScaling extends Construct {
  /** The Application Auto Scaling target of the service's desired count. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** Fires when the service has sat at `maxCapacity` for 15 minutes. */
  public readonly atMaxCapacityAlarm: cloudwatch.Alarm;
  /** Minimum task count. */
  public readonly minCapacity: number;
  /** Maximum task count. */
  public readonly maxCapacity: number;

  constructor(scope: Construct, id: string, props: EcsServiceScalingProps) {
    super(scope, id);
    const profile = ReadinessProfile.of(this);
    const { service } = props;
    this.minCapacity = props.minCapacity ?? profile.minCapacity;
    this.maxCapacity = props.maxCapacity;
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    const check: CapacityCheck = {
      construct: CONSTRUCT,
      minProp: 'minCapacity',
      maxProp: 'maxCapacity',
      min: this.minCapacity,
      max: this.maxCapacity,
      unit: 'tasks',
      profileMinimum: { profile, value: profile.minCapacity },
      hardMin: 1,
    };
    validateCapacity(this, check);
    validatePercent(this, CONSTRUCT, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent);
    validatePercent(this, CONSTRUCT, 'targetMemoryUtilizationPercent', props.targetMemoryUtilizationPercent);
    validatePositive(this, CONSTRUCT, 'requestCount.requestsPerTarget', props.requestCount?.requestsPerTarget,
      'Give the requests per task per minute one task serves within its latency objective (from a load test), above 0.');
    validatePositive(this, CONSTRUCT, 'queueBacklog.acceptableBacklogPerTask', props.queueBacklog?.acceptableBacklogPerTask,
      'Give the number of waiting messages one task may have: its processing rate times the latency you accept, above 0.');
    requireContainerInsights(this, CONSTRUCT, service.cluster, 'the at-maximum-capacity alarm and the queue backlog metric would have no data');
    this.checkDesiredCount(service);

    const scaleOutCooldown = props.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN;
    const scaleInCooldown = props.scaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN;
    const clusterName = service.cluster.clusterName;
    const serviceName = service.serviceName;

    this.scalableTarget = scalableTarget(this, 'Target', {
      namespace: appscaling.ServiceNamespace.ECS,
      dimension: 'ecs:service:DesiredCount',
      resourceId: `service/${clusterName}/${serviceName}`,
      min: this.minCapacity,
      max: this.maxCapacity,
    });

    let tracking = 0;
    if (props.scaleOnCpu ?? true) {
      this.scalableTarget.scaleToTrackMetric('Cpu', {
        predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
        targetValue: props.targetCpuUtilizationPercent ?? 60,
        scaleInCooldown,
        scaleOutCooldown,
      });
      tracking++;
    }
    if (props.targetMemoryUtilizationPercent !== undefined) {
      this.scalableTarget.scaleToTrackMetric('Memory', {
        predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION,
        targetValue: props.targetMemoryUtilizationPercent,
        scaleInCooldown,
        scaleOutCooldown,
      });
      tracking++;
    }
    if (props.requestCount) {
      this.scalableTarget.scaleToTrackMetric('Requests', {
        predefinedMetric: appscaling.PredefinedMetric.ALB_REQUEST_COUNT_PER_TARGET,
        resourceLabel: requestCountLabel(props.requestCount.targetGroup),
        targetValue: props.requestCount.requestsPerTarget,
        scaleInCooldown,
        scaleOutCooldown,
      });
      tracking++;
    }
    if (props.queueBacklog) {
      this.scaleOnBacklog(props.queueBacklog, clusterName, serviceName, tracking > 0, { scaleOutCooldown, scaleInCooldown }, props.runbookUrl);
    } else if (tracking === 0) {
      invalidProp(this, CONSTRUCT, 'scaleOnCpu', false,
        'With scaleOnCpu false, give targetMemoryUtilizationPercent, requestCount or queueBacklog: a service needs at least one policy that follows load (rule Readiness-SCL1).');
    }
    applySchedules(this, check, this.scalableTarget, props.schedules);
    if (props.predictive) this.addPredictive(props.predictive, props.requestCount);

    this.atMaxCapacityAlarm = atMaxCapacityAlarm(this, {
      metric: containerInsightsMetric('DesiredTaskCount', clusterName, serviceName, 'Maximum', CAPACITY_PERIOD),
      threshold: this.maxCapacity,
      severity: props.atMaxCapacitySeverity,
      routing: props.alarmRouting,
      meaning: `ECS service ${serviceName} has run at its maximum of ${this.maxCapacity} tasks for 15 minutes: auto scaling cannot add capacity, so more load means slower responses or errors.`,
      checks: [
        'Check latency and error rates of the service and whether the load is legitimate (a traffic spike, a retry storm, a bot).',
        'If it is real growth, raise maxCapacity (check the database connections, downstream quotas and the account task quota first).',
        'If tasks are saturated by a regression, roll back the last deployment.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }

  private scaleOnBacklog(
    o: QueueBacklogScalingOptions, clusterName: string, serviceName: string, scaleOutOnly: boolean,
    cooldowns: { scaleOutCooldown: Duration; scaleInCooldown: Duration }, runbookUrl?: string,
  ): void {
    const backlog = new cloudwatch.MathExpression({
      label: 'Messages waiting per running task',
      expression: 'IF(tasks > 0, visible / tasks, visible)',
      usingMetrics: {
        visible: o.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
        tasks: containerInsightsMetric('RunningTaskCount', clusterName, serviceName, 'Average', Duration.minutes(1)),
      },
      period: Duration.minutes(1),
    });
    const b = o.acceptableBacklogPerTask;
    const policy = this.scalableTarget.scaleOnMetric('QueueBacklog', {
      metric: backlog,
      // Above the acceptable backlog add a task, above three times add three, above ten times add
      // a third of the maximum; below a tenth remove one (only without target tracking, which
      // otherwise scales in and would be fought by a step policy).
      scalingSteps: [
        ...(scaleOutOnly ? [{ upper: b, change: 0 }] : [{ upper: b / 10, change: -1 }]),
        { lower: b, change: +1 },
        { lower: b * 3, change: +3 },
        { lower: b * 10, change: Math.max(4, Math.ceil(this.maxCapacity / 3)) },
      ],
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
      cooldown: cooldowns.scaleOutCooldown,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    // aws-cdk-lib gives both step policies one cooldown: the scale-in policy gets the scale-in one.
    if (policy.lowerAction) {
      (policy.lowerAction.node.defaultChild as appscaling.CfnScalingPolicy).addPropertyOverride(
        'StepScalingPolicyConfiguration.Cooldown', cooldowns.scaleInCooldown.toSeconds());
    }
    // These alarms trigger scaling actions, not people; they still say what they mean.
    for (const alarm of [policy.upperAlarm, policy.lowerAlarm]) {
      if (!alarm) continue;
      (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmDescription = runbookDescription({
        meaning: `Scaling trigger of ${serviceName}: the backlog of ${o.queue.queueName} per running task crossed ${b} messages; Application Auto Scaling changes the task count (no one is paged).`,
        checks: ['If the backlog keeps growing at maximum capacity, see the at-maximum-capacity alarm of this service.'],
        runbookUrl,
      });
    }
  }

  private addPredictive(p: EcsPredictiveScalingOptions, requests?: RequestCountScalingOptions): void {
    if (p.metric === EcsPredictiveMetric.ALB_REQUEST_COUNT) {
      if (!requests) {
        invalidProp(this, CONSTRUCT, 'predictive.metric', p.metric, 'ALB_REQUEST_COUNT forecasts the requests of a target group: also give requestCount (its targetGroup is the one forecast).');
      }
      validatePositive(this, CONSTRUCT, 'predictive.targetValue', p.targetValue, 'Give the requests per task to hold, above 0.');
    } else {
      validatePercent(this, CONSTRUCT, 'predictive.targetValue', p.targetValue);
    }
    const buffer = schedulingBufferTime(this, CONSTRUCT, p.schedulingBufferTime);
    new appscaling.CfnScalingPolicy(this, 'Predictive', {
      policyName: `${Names.uniqueResourceName(this, { maxLength: 200 })}-predictive`,
      policyType: 'PredictiveScaling',
      scalingTargetId: this.scalableTarget.scalableTargetId,
      predictiveScalingPolicyConfiguration: {
        mode: p.mode ?? PredictiveScalingMode.FORECAST_ONLY,
        schedulingBufferTime: buffer.toSeconds(),
        maxCapacityBreachBehavior: 'HonorMaxCapacity',
        metricSpecifications: [{
          targetValue: p.targetValue,
          predefinedMetricPairSpecification: {
            predefinedMetricType: p.metric,
            resourceLabel: p.metric === EcsPredictiveMetric.ALB_REQUEST_COUNT ? requestCountLabel(requests!.targetGroup) : undefined,
          },
        }],
      },
    });
  }

  private checkDesiredCount(service: ecs.BaseService): void {
    const cfn = service.node.defaultChild as ecs.CfnService;
    if (cfn.desiredCount !== undefined) {
      Annotations.of(this).addWarningV2('cdk-readiness:desired-count-with-scaling',
        `Service ${service.node.path} sets desiredCount (${cfn.desiredCount}): every deployment resets the task count to it and undoes a scale-out. Leave desiredCount unset; minCapacity (${this.minCapacity}) is the floor.`);
    }
  }
}

/** The resource label of ALBRequestCountPerTarget: `app/<lb>/<id>/targetgroup/<tg>/<id>`. */
function requestCountLabel(tg: elbv2.ApplicationTargetGroup): string {
  return `${tg.firstLoadBalancerFullName}/${tg.targetGroupFullName}`;
}
