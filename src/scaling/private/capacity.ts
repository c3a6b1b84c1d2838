import { Duration, Stack, TimeZone, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CAPACITY_EVALUATION_PERIODS, routedAlarm, RunbookText } from './runbook-alarm';
import { AlarmRouting, AlarmSeverity } from '../../monitoring/alarm-routing';
import { ReadinessProfile } from '../../profile';
import { invalidProp } from '../../shared/validation';

/** Scale out quickly, scale in slowly: a minute out, five minutes in. */
export const DEFAULT_SCALE_OUT_COOLDOWN = Duration.minutes(1);
export const DEFAULT_SCALE_IN_COOLDOWN = Duration.minutes(5);

/** What a scaling construct validates about its capacity bounds. */
export interface CapacityCheck {
  readonly construct: string;
  readonly minProp: string;
  readonly maxProp: string;
  readonly min: number;
  readonly max: number;
  /** The unit, for messages ("tasks", "instances", "read capacity units"). */
  readonly unit: string;
  /**
   * The smallest minimum the profile allows (its `minCapacity`, spread across AZs), when the
   * profile's minimum applies to this kind of capacity.
   */
  readonly profileMinimum?: { readonly profile: ReadinessProfile; readonly value: number };
  /** Largest value the service accepts. */
  readonly hardMax?: number;
  /** Smallest value the service accepts for the minimum. */
  readonly hardMin?: number;
  /** Allow max = min (a scheduled action may pin the capacity for a while). */
  readonly allowEqual?: boolean;
}

/** Bad bounds fail at synth with the prop, the value and the fix. */
export function validateCapacity(scope: Construct, c: CapacityCheck): void {
  const { construct, min, max } = c;
  if (Token.isUnresolved(min) || Token.isUnresolved(max)) return;
  const hardMin = c.hardMin ?? 0;
  if (!Number.isInteger(min) || min < hardMin) {
    invalidProp(scope, construct, c.minProp, min, `Use a whole number of ${c.unit} of at least ${hardMin}.`);
  }
  if (!Number.isInteger(max) || max < 1) {
    invalidProp(scope, construct, c.maxProp, max, `Use a whole number of ${c.unit} of at least 1.`);
  }
  if (c.hardMax !== undefined && max > c.hardMax) {
    invalidProp(scope, construct, c.maxProp, max, `The service allows at most ${c.hardMax} ${c.unit}.`);
  }
  if (min > max) {
    invalidProp(scope, construct, c.minProp, min, `It is above ${c.maxProp} (${max}): the minimum must be below the maximum. Raise ${c.maxProp} or lower ${c.minProp}.`);
  }
  if (min === max && !c.allowEqual) {
    invalidProp(scope, construct, c.maxProp, max, `It equals ${c.minProp}, so nothing can scale: give ${c.maxProp} room above ${min} for peaks (rule Readiness-SCL2).`);
  }
  const floor = c.profileMinimum;
  if (floor && min < floor.value) {
    invalidProp(scope, construct, c.minProp, min,
      `The readiness profile '${floor.profile.name}' requires at least ${floor.value} ${c.unit} (its minCapacity), so that losing one Availability Zone or one ${c.unit.replace(/s$/, '')} leaves the service up. ` +
      `Use ${c.minProp} >= ${floor.value}, or a profile with a lower minCapacity for this stage (rule Readiness-SCL2).`);
  }
}

/** A target utilization is a percentage strictly between 0 and 100. */
export function validatePercent(scope: Construct, construct: string, prop: string, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!(value >= 1 && value <= 99)) {
    invalidProp(scope, construct, prop, value, 'Give a target utilization between 1 and 99 percent (for example 60): at 100 there is no headroom left to absorb a spike while new capacity starts.');
  }
}

/** A positive number (requests per target, messages per task, …). */
export function validatePositive(scope: Construct, construct: string, prop: string, value: number | undefined, fix: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!(value > 0) || !Number.isFinite(value)) invalidProp(scope, construct, prop, value, fix);
}

/**
 * The scheduling buffer of a predictive policy: whole seconds, less than the one-hour forecast
 * interval (Application Auto Scaling and EC2 Auto Scaling alike); five minutes by default.
 */
export function schedulingBufferTime(scope: Construct, construct: string, given: Duration | undefined): Duration {
  const buffer = given ?? Duration.minutes(5);
  if (!buffer.isUnresolved() && (buffer.toMilliseconds() >= 3_600_000 || buffer.toMilliseconds() % 1000 !== 0)) {
    invalidProp(scope, construct, 'predictive.schedulingBufferTime', buffer, 'Give whole seconds under one hour (the forecast interval): predictive scaling accepts at most 3599 seconds.');
  }
  return buffer;
}

/** The service-linked role Application Auto Scaling uses for a namespace (created on first use). */
const SERVICE_LINKED_ROLES: Partial<Record<appscaling.ServiceNamespace, [string, string]>> = {
  [appscaling.ServiceNamespace.ECS]: ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService'],
  [appscaling.ServiceNamespace.DYNAMODB]: ['dynamodb.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable'],
  [appscaling.ServiceNamespace.LAMBDA]: ['lambda.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency'],
  [appscaling.ServiceNamespace.RDS]: ['rds.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_RDSCluster'],
};

/** Options of one Application Auto Scaling target. */
export interface TargetOptions {
  readonly namespace: appscaling.ServiceNamespace;
  readonly dimension: string;
  readonly resourceId: string;
  readonly min: number;
  readonly max: number;
}

/**
 * A scalable target that uses the namespace's service-linked role (as aws-cdk-lib's own
 * `autoScaleTaskCount` and `autoScaleReadCapacity` do) instead of a new IAM role.
 */
export function scalableTarget(scope: Construct, id: string, o: TargetOptions): appscaling.ScalableTarget {
  const [service, roleName] = SERVICE_LINKED_ROLES[o.namespace]!;
  const role = iam.Role.fromRoleArn(scope, `${id}Role`, Stack.of(scope).formatArn({
    region: '',
    service: 'iam',
    resource: `role/aws-service-role/${service}`,
    resourceName: roleName,
  }));
  return new appscaling.ScalableTarget(scope, id, {
    serviceNamespace: o.namespace,
    scalableDimension: o.dimension,
    resourceId: o.resourceId,
    minCapacity: o.min,
    maxCapacity: o.max,
    role,
  });
}

/** Options of the at-maximum-capacity alarm of a scaling construct. */
export interface AtMaxAlarmOptions extends RunbookText {
  /** A capacity metric (task count, desired capacity, provisioned units, …). */
  readonly metric: cloudwatch.IMetric;
  /** Fires when the metric is at or above this value (the maximum capacity). */
  readonly threshold: number;
  readonly severity?: AlarmSeverity;
  readonly routing?: AlarmRouting;
}

/**
 * The capacity-planning alarm: the target has sat at its maximum for fifteen minutes, so it
 * cannot absorb more load. WARNING unless told otherwise: nothing is down yet, but the next peak
 * is not covered.
 */
export function atMaxCapacityAlarm(scope: Construct, o: AtMaxAlarmOptions): cloudwatch.Alarm {
  return routedAlarm(scope, 'AtMaxCapacityAlarm', {
    ...o,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: CAPACITY_EVALUATION_PERIODS,
    severity: o.severity ?? AlarmSeverity.WARNING,
  });
}

/** A scheduled capacity change, as the constructs take it. */
export interface ScheduleSpec {
  readonly id: string;
  readonly schedule: appscaling.Schedule;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly timeZone?: TimeZone;
}

/** Add scheduled actions, each checked like the target's own bounds. */
export function applySchedules(scope: Construct, check: CapacityCheck, target: appscaling.ScalableTarget, schedules: ScheduleSpec[] = []): void {
  const seen = new Set<string>();
  schedules.forEach((s, i) => {
    if (seen.has(s.id)) invalidProp(scope, check.construct, `schedules[${i}].id`, s.id, 'Give every scheduled action an id of its own.');
    seen.add(s.id);
    if (s.minCapacity === undefined && s.maxCapacity === undefined) {
      invalidProp(scope, check.construct, `schedules[${i}]`, s.id, 'Set minCapacity, maxCapacity or both: a scheduled action without either changes nothing.');
    }
    validateCapacity(scope, {
      ...check,
      minProp: `schedules[${i}].minCapacity`,
      maxProp: `schedules[${i}].maxCapacity`,
      min: s.minCapacity ?? check.min,
      max: s.maxCapacity ?? Math.max(check.max, s.minCapacity ?? 0),
      allowEqual: true,
    });
    target.scaleOnSchedule(s.id, { schedule: s.schedule, minCapacity: s.minCapacity, maxCapacity: s.maxCapacity, timeZone: s.timeZone });
  });
}
