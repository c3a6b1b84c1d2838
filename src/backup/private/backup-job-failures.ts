import * as events from 'aws-cdk-lib/aws-events';

/** One kind of AWS Backup job failure, as an EventBridge rule matches it. */
export interface BackupJobFailures {
  /** The construct id of the rule that matches it. */
  readonly ruleId: string;
  readonly description: string;
  /** The event field that holds the job's end state. */
  readonly field: 'state' | 'status';
  readonly pattern: events.EventPattern;
}

/**
 * Backup and copy job events carry their state in `detail.state`; PARTIAL is a state of backup jobs
 * (`BackupJobState`) and copy jobs (`CopyJobState`): some of the resource was not backed up or copied.
 * Restore job events (restore tests included) carry theirs in `detail.status` (`RestoreJobStatus`:
 * PENDING, RUNNING, COMPLETED, ABORTED, FAILED), so a pattern on `detail.state` never matches them.
 */
export const BACKUP_JOB_FAILURES: readonly BackupJobFailures[] = [
  {
    ruleId: 'Rule',
    description: 'AWS Backup backup and copy jobs that failed, were aborted, expired or completed only partially',
    field: 'state',
    pattern: {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change', 'Copy Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] },
    },
  },
  {
    ruleId: 'RestoreRule',
    description: 'AWS Backup restore jobs (restore tests included) that failed or were aborted',
    field: 'status',
    pattern: {
      source: ['aws.backup'],
      detailType: ['Restore Job State Change'],
      detail: { status: ['FAILED', 'ABORTED'] },
    },
  },
];
