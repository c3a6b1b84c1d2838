import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { AlarmRouting, AlarmSeverity } from '../monitoring/alarm-routing';

/**
 * Options every scaling construct of this library shares: cooldowns, and where its
 * at-maximum-capacity alarm goes.
 */
export interface ScalingCommonOptions {
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

  /**
   * Routing of the alarms this construct creates.
   *
   * @default - the stack's shared routing, `AlarmRouting.of(this)`
   */
  readonly alarmRouting?: AlarmRouting;

  /**
   * Severity of the at-maximum-capacity alarm (capacity planning: the target cannot grow further).
   *
   * @default AlarmSeverity.WARNING
   */
  readonly atMaxCapacitySeverity?: AlarmSeverity;

  /**
   * The full runbook (an https URL), appended to every alarm description after the first checks.
   *
   * @default - the first checks only
   */
  readonly runbookUrl?: string;
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
