// Which SNS topics and EventBridge rules carry the app's work, and so need an alarm on failed
// deliveries (rule MON1, `ServiceMonitoring.monitorScope`). Topics that only notify people (alarm
// and finding topics: e-mail, SMS, HTTPS, chat, or subscribers outside the app) and rules that run
// operational jobs (schedules, events of AWS services) or only route to notification topics are
// the alerting path and the jobs MON3/MON4 also leave out. One definition serves the rules (over
// synthesized templates) and the construct (over the construct tree): each side reads the facts
// its own way and asks these.

/** Subscription protocols whose endpoint processes the message (a queue, a function, a stream, an app). */
const WORK_PROTOCOLS: readonly string[] = ['sqs', 'lambda', 'firehose', 'application'];

/** Whether a subscription of this protocol hands work to the app (rather than notifying a person). */
export function deliversWork(protocol: unknown): boolean {
  return typeof protocol === 'string' && WORK_PROTOCOLS.includes(protocol.toLowerCase());
}

/** What a rule's template says about when it runs and where it delivers. */
export interface RuleFacts {
  /** Its ScheduleExpression, if any. */
  readonly scheduleExpression?: unknown;
  /** The `source` values of its event pattern (empty when it has none or they are not literal). */
  readonly sources: readonly unknown[];
  /** Per target: whether it is an SNS topic. */
  readonly targetIsTopic: readonly boolean[];
}

/**
 * A rule that runs an operational job: on a schedule, or on events of AWS services only (`aws.*`
 * sources): a backup verifier, a clean-up, a finding router.
 */
export function runsJobs(rule: RuleFacts): boolean {
  if (rule.scheduleExpression !== undefined && rule.scheduleExpression !== null) return true;
  return rule.sources.length > 0 && rule.sources.every((s) => typeof s === 'string' && s.startsWith('aws.'));
}

/**
 * A rule that delivers the app's events to a target that processes them (not a notification
 * topic): its failed invocations are lost events.
 */
export function deliversEvents(rule: RuleFacts): boolean {
  return !runsJobs(rule) && rule.targetIsTopic.some((topic) => !topic);
}
