import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AlarmRouting, AlarmSeverity } from '../monitoring/alarm-routing';

/**
 * Where the alarms of a construct of this module go, and the runbook they point to.
 */
export interface ScalingAlarmOptions {
  /**
   * Routing of the alarms this construct creates.
   *
   * @default - the stack's shared routing, `AlarmRouting.of(this)`
   */
  readonly alarmRouting?: AlarmRouting;

  /**
   * The full runbook (an https URL), appended to every alarm description after the first checks.
   *
   * @default - the first checks only
   */
  readonly runbookUrl?: string;
}

/**
 * Options of the constructs that create an at-maximum-capacity alarm.
 */
export interface CapacityAlarmOptions extends ScalingAlarmOptions {
  /**
   * Severity of the at-maximum-capacity alarm (capacity planning: the target cannot grow further).
   *
   * @default AlarmSeverity.WARNING
   */
  readonly atMaxCapacitySeverity?: AlarmSeverity;
}

/**
 * Options every Application Auto Scaling construct of this module shares: cooldowns, and where
 * its at-maximum-capacity alarm goes.
 */
export interface ScalingCommonOptions extends CapacityAlarmOptions {
  /**
   * How long after a scale-out another scale-out may start.
   *
   * @default Duration.minutes(1)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * How long after a scale-in another scale-in may start (longer than scale-out, so capacity is
   * not given back between two bursts).
   *
   * @default Duration.minutes(5)
   */
  readonly scaleInCooldown?: Duration;
}

/**
 * Options both failover-experiment constructs share: what stops an experiment.
 */
export interface FailoverExperimentOptions extends ScalingAlarmOptions {
  /**
   * The service's critical alarms: an experiment stops as soon as one of them fires (at most 5).
   *
   * @default - critical alarms created here (see the construct)
   */
  readonly stopConditionAlarms?: cloudwatch.IAlarm[];

  /**
   * The target group of the service, for the default stop conditions.
   *
   * @default - none
   */
  readonly targetGroup?: elbv2.IApplicationTargetGroup;
}

/**
 * A capacity change at given times (business hours, a known batch window, a launch).
 */
export interface ScheduledCapacity {
  /** Construct id of the scheduled action, unique within the scaling construct. */
  readonly id: string;
  /** When the action runs. */
  readonly schedule: appscaling.Schedule;
  /**
   * New minimum capacity. Not below the construct's own minimum in profiles that set one.
   *
   * @default - unchanged
   */
  readonly minCapacity?: number;
  /**
   * New maximum capacity.
   *
   * @default - unchanged
   */
  readonly maxCapacity?: number;
  /**
   * Time zone of a cron schedule.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/**
 * Whether a predictive scaling policy only forecasts or also scales.
 */
export enum PredictiveScalingMode {
  /** Forecast only: review the forecast (console, `GetPredictiveScalingForecast`) before trusting it. */
  FORECAST_ONLY = 'ForecastOnly',
  /** Forecast and scale ahead of the forecast load. */
  FORECAST_AND_SCALE = 'ForecastAndScale',
}
