import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { letAlarmsPublish, letAlarmsUseKey } from '../monitoring/private/alarm-publishing';
import { EventDeadLetters } from '../monitoring/private/event-dead-letters';
import { Runbook, RunbookSection } from '../runbooks/runbook';
import { BACKUP_JOB_FAILURES } from './private/backup-job-failures';
import { restrictGrantsToAwsServices } from '../shared/key-grants';

/**
 * Props of BackupFailureAlerts.
 */
export interface BackupFailureAlertsProps {
  /**
   * Topic the alerts are published to. The alarm on the rules' dead-letter queue notifies it too:
   * its policy (and its key's, when encrypted) must let `cloudwatch.amazonaws.com` publish.
   *
   * @default - a new topic encrypted with a new customer managed KMS key, TLS-only, that EventBridge and this account's alarms may publish to
   */
  readonly topic?: sns.ITopic;

  /**
   * Where the on-call engineer finds the runbook; included in every alert.
   *
   * @default - the runbook text of this construct only
   */
  readonly runbookUrl?: string;
}

/**
 * Alerts on failed AWS Backup jobs, published to an SNS topic with runbook text: an EventBridge rule
 * on backup and copy jobs that end FAILED, ABORTED, EXPIRED or PARTIAL (`detail.state`), and one on
 * restore jobs (restore tests included) that end FAILED or ABORTED (`detail.status`).
 *
 * EventBridge rules are regional: add one per region that runs backup, copy or restore jobs
 * (`CrossRegionBackup` and `CrossRegionBackupDr` each add theirs).
 */
export class BackupFailureAlerts extends Construct {
  /** The topic alerts are published to. */
  public readonly topic: sns.ITopic;
  /** The EventBridge rule on failed backup and copy jobs. */
  public readonly rule: events.Rule;
  /** The EventBridge rule on failed restore jobs (restore tests included). */
  public readonly restoreRule: events.Rule;
  /** The runbook text sent with every alert. */
  public readonly runbook: string;
  /** Where the rules keep the alerts they could not deliver (retried first), alarmed on to the topic. */
  public readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: BackupFailureAlertsProps = {}) {
    super(scope, id);

    if (props.topic) {
      this.topic = props.topic;
    } else {
      const key = restrictGrantsToAwsServices(new kms.Key(this, 'TopicKey', {
        description: `Encrypts the backup failure alerts of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      }));
      // EventBridge publishes to the encrypted topic: it needs to use the key.
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowEventBridgeToPublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }));
      const topic = new sns.Topic(this, 'Topic', {
        displayName: 'AWS Backup job failures',
        masterKey: key,
        enforceSSL: true,
      });
      // The dead-letter queue's alarm notifies through this topic too.
      letAlarmsPublish(topic);
      letAlarmsUseKey(key, Stack.of(this));
      this.topic = topic;
    }

    const steps = [
      'open AWS Backup > Jobs in the region of this event and read the status message of the job',
      'backup job: check the resource still exists, the plan role can read it and its KMS key, and the vault lock allows the rule retention',
      'copy job: check the destination vault exists in the DR region, its access policy and KMS key allow the copy, and the copy retention lies within its vault lock',
      'restore job (restore test): check the restore metadata (subnet group, security groups) and service quotas in that region',
      're-run the job on demand and confirm a recovery point newer than the RPO exists',
    ];
    this.runbook = [
      'AWS Backup job failed.',
      `Runbook: ${steps.map((s, i) => `${i + 1}) ${s}${i === steps.length - 1 ? '.' : ';'}`).join(' ')}`,
      ...(props.runbookUrl ? [`Full runbook: ${props.runbookUrl}`] : []),
    ].join(' ');

    const deadLetters = new EventDeadLetters(this, 'AWS Backup job failure alerts', [
      'check the topic exists and its key policy lets events.amazonaws.com use the key (kms:GenerateDataKey*, kms:Decrypt)',
      'list the failed jobs in AWS Backup > Jobs of the region: they were not announced',
    ], props.runbookUrl);
    deadLetters.alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.deadLetterQueue = deadLetters.queue;

    const [jobs, restores] = BACKUP_JOB_FAILURES.map(({ ruleId, description, field, pattern }) => {
      const rule = new events.Rule(this, ruleId, { description, eventPattern: pattern });
      rule.addTarget(new targets.SnsTopic(this.topic, {
        ...deadLetters.targetProps,
        message: events.RuleTargetInput.fromMultilineText([
          `${events.EventField.fromPath('$.detail-type')}: ${events.EventField.fromPath(`$.detail.${field}`)}`,
          `Region: ${events.EventField.fromPath('$.region')}  Account: ${events.EventField.fromPath('$.account')}`,
          `Resources: ${events.EventField.fromPath('$.resources')}`,
          `Status: ${events.EventField.fromPath('$.detail.statusMessage')}`,
          this.runbook,
        ].join('\n')),
      }));
      return rule;
    });
    this.rule = jobs;
    this.restoreRule = restores;
    // The incident-response entry of the generated runbook.
    Runbook.addEntry(this, {
      section: RunbookSection.INCIDENT_RESPONSE,
      title: 'AWS Backup job failed',
      summary: 'A backup, copy or restore job (restore tests included) ended FAILED, ABORTED, EXPIRED or PARTIAL: until it is re-run, the newest recovery point (or DR copy) is older than it should be.',
      steps: steps.map((s) => s.charAt(0).toUpperCase() + s.substring(1) + '.'),
      commands: [
        `aws backup list-backup-jobs --region ${Stack.of(this).region} --by-state FAILED --max-results 20`,
        `aws backup list-copy-jobs --region ${Stack.of(this).region} --by-state FAILED --max-results 20`,
        `aws backup list-restore-jobs --region ${Stack.of(this).region} --by-status FAILED --max-results 20`,
      ],
      url: props.runbookUrl,
    });
  }
}
