import { Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BACKUP_JOB_FAILURES } from '../backup/private/backup-job-failures';
import { EventDeadLetters } from '../monitoring/private/event-dead-letters';
import { Runbook, RunbookSection } from '../runbooks/runbook';
import { invalidProp } from '../shared/validation';

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const BUS_NAME = /^[A-Za-z0-9._-]{1,256}$/;
const BUS_ARN = /^arn:[a-z-]+:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._-]{1,256}$/;
const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';
const BACKUP_STEPS = [
  'open AWS Backup > Jobs in that account and region and read the status message of the job',
  'fix the cause (the resource, the plan role, the vault\'s key or lock) and re-run the job on demand',
];

/**
 * Props of OrganizationAlertBus.
 */
export interface OrganizationAlertBusProps {
  /** The organization (`o-...`) whose accounts may put events on the bus. */
  readonly organizationId: string;

  /**
   * Topic the forwarded alerts are published to (for example `SecurityToolingBaseline.incidentRouting.topic`).
   * Its policy (and its key's, when encrypted) must let `events.amazonaws.com` publish and this
   * account's CloudWatch alarms too (the dead-letter queue's alarm notifies it).
   */
  readonly topic: sns.ITopic;

  /**
   * Name of the event bus. The member accounts' rules target it by ARN.
   *
   * @default 'readiness-organization-alerts'
   */
  readonly eventBusName?: string;

  /**
   * Where the on-call engineer finds the runbook; included in every alert.
   *
   * @default - no runbook address in the alerts
   */
  readonly runbookUrl?: string;
}

/**
 * The central event bus of an organization's alerts, in the security tooling (delegated
 * administrator) account: member accounts forward their alarms' state changes to ALARM and their
 * AWS Backup job failures to it (`ForwardAlertsToOrganization`, EventBridge cross-account
 * delivery), and its rules publish them, once, to one topic.
 *
 * The bus's resource policy lets principals of the organization's accounts (`aws:PrincipalOrgID`)
 * `events:PutEvents` on this bus, nothing else; the rules' targets have a dead-letter queue, with
 * an alarm to the topic, and a bounded retry policy.
 */
export class OrganizationAlertBus extends Construct {
  /** The event bus. */
  public readonly eventBus: events.EventBus;
  /** The topic the alerts are published to. */
  public readonly topic: sns.ITopic;
  /** The rule on forwarded alarm state changes. */
  public readonly alarmRule: events.Rule;
  /** The rule on forwarded AWS Backup job failures (backup, copy and restore jobs). */
  public readonly backupRule: events.Rule;
  /** Where the rules keep the alerts they could not deliver (retried first), alarmed on to the topic. */
  public readonly deadLetterQueue: sqs.IQueue;
  /**
   * The bus's ARN as literal text, for member templates of another app (a `StackSetStack`): give
   * it to `ForwardAlertsToOrganization`. Needs a stack with an explicit account and region.
   */
  public readonly memberTargetArn: string;

  constructor(scope: Construct, id: string, props: OrganizationAlertBusProps) {
    super(scope, id);
    const construct = 'OrganizationAlertBus';
    if (typeof props.organizationId !== 'string' || !ORGANIZATION_ID.test(props.organizationId)) {
      invalidProp(this, construct, 'organizationId', props.organizationId, 'Give the organization id (o-xxxxxxxxxx, see `aws organizations describe-organization`).');
    }
    const eventBusName = props.eventBusName ?? 'readiness-organization-alerts';
    if (!Token.isUnresolved(eventBusName) && !BUS_NAME.test(eventBusName)) {
      invalidProp(this, construct, 'eventBusName', eventBusName, 'Use 1-256 letters, digits, dots, hyphens or underscores.');
    }
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      invalidProp(this, construct, 'scope', stack.stackName,
        'Give the stack an explicit env { account, region }: the member accounts\' templates name the bus by its literal ARN.');
    }
    this.topic = props.topic;
    this.eventBus = new events.EventBus(this, 'Bus', { eventBusName, description: 'Alerts forwarded by the organization\'s member accounts (cdk-readiness)' });
    this.eventBus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowOrganizationAccountsToPutEvents',
      principals: [new iam.AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [this.eventBus.eventBusArn],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    }));
    this.memberTargetArn = `arn:${stack.partition}:events:${stack.region}:${stack.account}:event-bus/${eventBusName}`;

    const deadLetters = new EventDeadLetters(this, 'alerts forwarded by the organization\'s member accounts', [
      'check the topic exists and its key policy lets events.amazonaws.com use the key (kms:GenerateDataKey*, kms:Decrypt)',
      'the alerts in the queue reached nobody: act on each (the account and region are in the event)',
    ], props.runbookUrl);
    deadLetters.alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.deadLetterQueue = deadLetters.queue;

    const runbook = props.runbookUrl ? [`Runbook: ${props.runbookUrl}`] : [];
    const deliver = (ruleId: string, description: string, eventPattern: events.EventPattern, lines: string[]) => {
      const rule = new events.Rule(this, ruleId, { eventBus: this.eventBus, description, eventPattern });
      rule.addTarget(new targets.SnsTopic(this.topic, {
        ...deadLetters.targetProps,
        message: events.RuleTargetInput.fromMultilineText([
          `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
          ...lines,
          ...runbook,
        ].join('\n')),
      }));
      return rule;
    };
    this.alarmRule = deliver('AlarmRule', 'Alarms of member accounts that went to ALARM',
      { source: ['aws.cloudwatch'], detailType: [ALARM_STATE_CHANGE], detail: { state: { value: ['ALARM'] } } },
      [
        `Alarm ${events.EventField.fromPath('$.detail.alarmName')} is ALARM`,
        `Reason: ${events.EventField.fromPath('$.detail.state.reason')}`,
        `Meaning and runbook: ${events.EventField.fromPath('$.detail.configuration.description')}`,
      ]);
    this.backupRule = deliver('BackupRule', 'AWS Backup job failures of member accounts',
      { source: ['aws.backup'], detailType: BACKUP_JOB_FAILURES.flatMap((f) => f.pattern.detailType ?? []) },
      [
        `${events.EventField.fromPath('$.detail-type')}: ${events.EventField.fromPath('$.detail.state')}${events.EventField.fromPath('$.detail.status')}`,
        `Resources: ${events.EventField.fromPath('$.resources')}`,
        `Status: ${events.EventField.fromPath('$.detail.statusMessage')}`,
        `Runbook: ${BACKUP_STEPS.map((step, i) => `${i + 1}) ${step}`).join('; ')}.`,
      ]);
    Runbook.addEntry(this, {
      section: RunbookSection.INCIDENT_RESPONSE,
      title: 'An alert of a member account',
      summary: 'A member account forwarded an alarm that went to ALARM, or a failed AWS Backup job, to the organization\'s alert bus: the alert names the account and region.',
      steps: [
        'Sign in to the account and region the alert names.',
        'An alarm: read its description (meaning and runbook) and follow it.',
        ...BACKUP_STEPS.map((step) => `A backup job: ${step}.`),
      ],
      url: props.runbookUrl,
    });
  }
}

/**
 * Props of ForwardAlertsToOrganization.
 */
export interface ForwardAlertsToOrganizationProps {
  /**
   * The ARN of the organization's alert bus (`OrganizationAlertBus.memberTargetArn`):
   * `arn:<partition>:events:<region>:<account>:event-bus/<name>`.
   */
  readonly eventBusArn: string;

  /**
   * The alarms whose state changes to ALARM are forwarded.
   *
   * This construct's own dead-letter queue alarm is always forwarded.
   *
   * @default - every alarm (`Alarm`, `CompositeAlarm`) of this construct's stack, read at synthesis
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * Whether AWS Backup job failures of this account and region (backup, copy and restore jobs, as
   * `BackupFailureAlerts` matches them) are forwarded.
   *
   * @default true
   */
  readonly forwardBackupJobFailures?: boolean;
}

/**
 * Forwards a member account's alerts to the organization's alert bus (`OrganizationAlertBus`) in
 * the security tooling account, through EventBridge cross-account delivery: rules on this
 * account's default bus match the state changes to ALARM of the stack's alarms and, unless turned
 * off, AWS Backup job failures; their target is the central bus, with a role that may
 * `events:PutEvents` on that bus only, a dead-letter queue and a bounded retry policy.
 *
 * Made for the template of a StackSet (`StackSetStack`): every member account and region forwards
 * to the one bus. Its own dead-letter queue's alarm has no action: its state change is forwarded too. EventBridge rules are regional: the template adds it in each region it deploys to.
 */
export class ForwardAlertsToOrganization extends Construct {
  /** The rule on the alarms' state changes to ALARM. */
  public readonly alarmRule: events.Rule;
  /** The rules on AWS Backup job failures (none when `forwardBackupJobFailures` is false). */
  public readonly backupRules: events.Rule[];
  /** The role EventBridge assumes to put the events on the central bus. */
  public readonly role: iam.Role;
  /** Where the rules keep the events they could not deliver (retried first). */
  public readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: ForwardAlertsToOrganizationProps) {
    super(scope, id);
    const construct = 'ForwardAlertsToOrganization';
    if (typeof props.eventBusArn !== 'string' || (!Token.isUnresolved(props.eventBusArn) && !BUS_ARN.test(props.eventBusArn))) {
      invalidProp(this, construct, 'eventBusArn', props.eventBusArn,
        'Give the central bus\'s ARN, arn:<partition>:events:<region>:<account>:event-bus/<name> (OrganizationAlertBus.memberTargetArn).');
    }
    const stack = Stack.of(this);
    const bus = events.EventBus.fromEventBusArn(this, 'CentralBus', props.eventBusArn);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Lets EventBridge put this account\'s alerts on the organization\'s alert bus',
    });
    const deadLetters = new EventDeadLetters(this, 'alerts forwarded to the organization\'s alert bus', [
      'check the central bus exists and its policy lets this organization put events (aws:PrincipalOrgID)',
      'check the role of the rule may events:PutEvents on the bus',
    ]);
    this.deadLetterQueue = deadLetters.queue;
    Validations.of(deadLetters.alarm).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchAlarmAction',
      reason: 'The dead-letter alarm of the forwarding rules has no action on purpose: its state change to ALARM is itself forwarded to the organization\'s alert bus by the alarm rule (a member account\'s topics have no subscriber).',
    });
    // A managed policy (no inline policy), the bus's ARN only; the target gets the role without policy updates.
    this.role.addManagedPolicy(new iam.ManagedPolicy(this, 'PutEventsPolicy', {
      description: 'Put this account\'s alerts on the organization\'s alert bus, nothing else',
      statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] })],
    }));
    const busTarget = new targets.EventBus(bus, { role: this.role.withoutPolicyUpdates() });
    const target: events.IRuleTarget = { bind: (rule, targetId) => deadLetters.bindTarget(rule, busTarget.bind(rule, targetId)) };

    if (props.alarms && props.alarms.length === 0) {
      invalidProp(this, construct, 'alarms', props.alarms, 'Give the alarms to forward, or leave `alarms` out to forward every alarm of the stack.');
    }
    // The given alarms and this construct's own dead-letter alarm, or every alarm of the stack (read at synthesis).
    const alarmArns = () => (props.alarms ? [...props.alarms, deadLetters.alarm] : stack.node.findAll()
      .filter((c): c is cloudwatch.Alarm | cloudwatch.CompositeAlarm => c instanceof cloudwatch.Alarm || c instanceof cloudwatch.CompositeAlarm))
      .map((a) => a.alarmArn);
    this.alarmRule = new events.Rule(this, 'AlarmRule', {
      description: 'Alarms of this stack that went to ALARM, forwarded to the organization\'s alert bus',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: [ALARM_STATE_CHANGE],
        resources: Lazy.list({ produce: alarmArns }),
        detail: { state: { value: ['ALARM'] } },
      },
      targets: [target],
    });
    this.backupRules = props.forwardBackupJobFailures === false ? [] : BACKUP_JOB_FAILURES.map(({ ruleId, description, pattern }) =>
      new events.Rule(this, `Backup${ruleId}`, { description: `${description}, forwarded to the organization's alert bus`, eventPattern: pattern, targets: [target] }));
  }
}
