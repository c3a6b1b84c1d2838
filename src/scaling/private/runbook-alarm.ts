import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmRouting, AlarmSeverity } from '../../monitoring/alarm-routing';
import { runbookDescription as describeRunbook } from '../../shared/runbook-text';
import { invalidProp } from '../../shared/validation';

/** What an alarm of this library means and what the on-call checks first. */
export interface RunbookText {
  /** One or two sentences: what the alarm means. */
  readonly meaning: string;
  /** The first checks, in order. */
  readonly checks: string[];
  /** Full runbook (https URL). */
  readonly runbookUrl?: string;
}

/**
 * The library's runbook convention for alarm descriptions (`<meaning> Runbook: 1) ...; 2) ... <url>`,
 * at most 1024 characters): the one builder of monitoring/private/runbook-text.
 */
export function runbookDescription(text: RunbookText): string {
  return describeRunbook({ meaning: text.meaning, checks: text.checks, url: text.runbookUrl });
}

/** A runbook URL must be an https URL (or a token). */
export function validateRunbookUrl(scope: Construct, construct: string, url: string | undefined): void {
  if (url === undefined || Token.isUnresolved(url)) return;
  if (!/^https:\/\/\S+$/.test(url)) {
    invalidProp(scope, construct, 'runbookUrl', url, 'Give an https:// URL of the runbook page (it is written into every alarm description after "Runbook:").');
  }
}

/** Everything needed to create one routed alarm. */
export interface RoutedAlarmOptions extends RunbookText {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData?: cloudwatch.TreatMissingData;
  readonly severity: AlarmSeverity;
  readonly routing?: AlarmRouting;
}

/**
 * An alarm with a runbook description, sent through the alarm routing (the given one, or the
 * stack's shared `AlarmRouting.of(scope)`), so it is never silent.
 */
export function routedAlarm(scope: Construct, id: string, options: RoutedAlarmOptions): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: options.metric,
    threshold: options.threshold,
    comparisonOperator: options.comparisonOperator,
    evaluationPeriods: options.evaluationPeriods,
    datapointsToAlarm: options.datapointsToAlarm,
    treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: runbookDescription(options),
  });
  (options.routing ?? AlarmRouting.of(scope)).route(alarm, options.severity);
  return alarm;
}

/** Capacity alarms look at five-minute maxima over fifteen minutes: long enough to ignore a spike. */
export const CAPACITY_PERIOD = Duration.minutes(5);
export const CAPACITY_EVALUATION_PERIODS = 3;
