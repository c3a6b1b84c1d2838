import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { runbookDescription } from '../../shared/runbook-text';

/** How often, and for how long, EventBridge retries delivering to our constructs' targets. */
const RETRY_ATTEMPTS = 8;
const MAX_EVENT_AGE = Duration.hours(6);

/**
 * Where the EventBridge rules of one of our constructs keep the events they fail to deliver
 * (rule Readiness-MON6): an SQS dead-letter queue, encrypted (SSE-SQS: EventBridge cannot write to a
 * queue under the AWS managed key) and TLS-only, with an alarm on its first message. Every target
 * of the construct's rules gets this queue and a bounded retry policy through `targetProps`.
 */
export class EventDeadLetters {
  public readonly queue: sqs.Queue;
  public readonly alarm: cloudwatch.Alarm;

  /**
   * @param scope the construct whose rules deliver
   * @param what what the rules deliver, for the alarm's meaning (e.g. "backup failure alerts")
   * @param checks the first checks when an event lands in the queue
   * @param runbookUrl the construct's runbook address
   */
  constructor(scope: Construct, what: string, checks: string[], runbookUrl?: string) {
    this.queue = new sqs.Queue(scope, 'DeliveryDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const reason = `The dead-letter queue of the EventBridge targets of ${scope.node.path}: EventBridge writes an event here after its retries, and the alarm DeliveryDlqAlarm fires on the first one; it has no consumer to redrive from.`;
    for (const id of ['AwsSolutions-SQS3', 'cdk-validator-cfnguard::sqs_dlq_check']) Validations.of(this.queue).acknowledge({ id, reason });
    this.alarm = new cloudwatch.Alarm(scope, 'DeliveryDlqAlarm', {
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: runbookDescription({
        meaning: `EventBridge could not deliver ${what} after its retries: the event is in this dead-letter queue, and nobody was told by the usual route.`,
        checks: [
          'read the message attributes in the queue (ERROR_CODE, ERROR_MESSAGE, RULE_ARN, TARGET_ARN)',
          ...checks,
          'act on the event in the message body by hand, then delete the message',
        ],
        url: runbookUrl,
      }),
    });
  }

  /** The dead-letter queue and retry policy of a target. */
  public get targetProps(): targets.TargetBaseProps {
    return { deadLetterQueue: this.queue, retryAttempts: RETRY_ATTEMPTS, maxEventAge: MAX_EVENT_AGE };
  }

  /**
   * The same for a hand-made target (`IRuleTarget.bind`): its config with the queue, the retry
   * policy, and the queue policy that lets the rule send to it.
   */
  public bindTarget(rule: events.IRuleRef, config: events.RuleTargetConfig): events.RuleTargetConfig {
    targets.addToDeadLetterQueueResourcePolicy(rule, this.queue);
    return {
      ...config,
      deadLetterConfig: { arn: this.queue.queueArn },
      retryPolicy: { maximumRetryAttempts: RETRY_ATTEMPTS, maximumEventAgeInSeconds: MAX_EVENT_AGE.toSeconds() },
    };
  }
}
