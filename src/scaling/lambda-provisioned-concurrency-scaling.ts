import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  applySchedules, atMaxCapacityAlarm, CapacityCheck, DEFAULT_SCALE_IN_COOLDOWN, DEFAULT_SCALE_OUT_COOLDOWN,
  scalableTarget, validateCapacity, validatePercent,
} from './private/capacity';
import { CAPACITY_PERIOD, validateRunbookUrl } from './private/runbook-alarm';
import { ScalingCommonOptions, ScheduledCapacity } from './scaling-options';

const CONSTRUCT = 'LambdaProvisionedConcurrencyScaling';

/**
 * Props of LambdaProvisionedConcurrencyScaling.
 */
export interface LambdaProvisionedConcurrencyScalingProps extends ScalingCommonOptions {
  /** The alias whose provisioned concurrency scales (provisioned concurrency attaches to an alias or version). */
  readonly alias: lambda.Alias;
  /**
   * Fewest pre-initialized execution environments.
   *
   * @default 1
   */
  readonly minCapacity?: number;
  /** Most pre-initialized execution environments (within the account's unreserved concurrency). */
  readonly maxCapacity: number;
  /**
   * Share of the provisioned environments in use to hold, as a percentage.
   *
   * @default 70
   */
  readonly targetUtilizationPercent?: number;
  /**
   * Scheduled capacity changes (for example business hours).
   *
   * @default - none
   */
  readonly schedules?: ScheduledCapacity[];
}

/**
 * Auto scaling of a Lambda alias's provisioned concurrency: target tracking on
 * `LambdaProvisionedConcurrencyUtilization`, scheduled actions, and an alarm when every
 * environment of the maximum is busy (requests then spill over to on-demand cold starts).
 *
 * Lambda runs every function across the region's Availability Zones, so the profile's
 * `minCapacity` (a count of tasks or instances) does not apply here.
 */
export class LambdaProvisionedConcurrencyScaling extends Construct {
  /** The Application Auto Scaling target of the alias's provisioned concurrency. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** Fires when all of `maxCapacity` has been in use for 15 minutes. */
  public readonly atMaxCapacityAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LambdaProvisionedConcurrencyScalingProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    validatePercent(this, CONSTRUCT, 'targetUtilizationPercent', props.targetUtilizationPercent);
    const check: CapacityCheck = {
      construct: CONSTRUCT,
      minProp: 'minCapacity',
      maxProp: 'maxCapacity',
      min: props.minCapacity ?? 1,
      max: props.maxCapacity,
      unit: 'execution environments',
      hardMin: 1,
    };
    validateCapacity(this, check);
    const { alias } = props;
    const functionName = alias.version.lambda.functionName;
    this.scalableTarget = scalableTarget(this, 'Target', {
      namespace: appscaling.ServiceNamespace.LAMBDA,
      dimension: 'lambda:function:ProvisionedConcurrency',
      resourceId: `function:${functionName}:${alias.aliasName}`,
      min: check.min,
      max: check.max,
    });
    // The resource id names the alias by its literal name: without this, CloudFormation could
    // register the target before the alias exists.
    this.scalableTarget.node.addDependency(alias);
    this.scalableTarget.scaleToTrackMetric('Utilization', {
      predefinedMetric: appscaling.PredefinedMetric.LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION,
      targetValue: (props.targetUtilizationPercent ?? 70) / 100,
      scaleInCooldown: props.scaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN,
      scaleOutCooldown: props.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN,
    });
    applySchedules(this, check, this.scalableTarget, props.schedules);

    this.atMaxCapacityAlarm = atMaxCapacityAlarm(this, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'ProvisionedConcurrentExecutions',
        dimensionsMap: { FunctionName: functionName, Resource: `${functionName}:${alias.aliasName}` },
        statistic: 'Maximum',
        period: CAPACITY_PERIOD,
      }),
      threshold: check.max,
      severity: props.atMaxCapacitySeverity,
      routing: props.alarmRouting,
      meaning: `All ${check.max} provisioned execution environments of ${functionName}:${alias.aliasName} (its maximum) have been busy for 15 minutes: further requests spill over to on-demand environments with cold starts, or are throttled.`,
      checks: [
        'Check ProvisionedConcurrencySpilloverInvocations, Throttles and Duration of the alias.',
        'If the load is real, raise maxCapacity (within the account\'s unreserved concurrency).',
        'If Duration grew, look for a slow dependency or a regression in the last deployment.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }
}
