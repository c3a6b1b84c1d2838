/** The result of a verification run: what the CLI prints and the Lambda turns into metrics. */

/** Outcome of one check. ERROR: the check could not be made (access denied, missing vault). */
export type Status = 'PASS' | 'FAIL' | 'ERROR';

/** The checks of a protected resource. */
export type CheckId = 'rpo' | 'copy' | 'copy-lag' | 'encryption' | 'dr-encryption';

export interface CheckResult {
  readonly check: CheckId;
  readonly status: Status;
  readonly message: string;
}

export interface RecoveryPointSummary {
  readonly arn: string;
  /** ISO time the recovery point was created. */
  readonly creationDate?: string;
  readonly encryptionKeyArn?: string;
  /** A continuous backup (point-in-time restore), restorable to within minutes. */
  readonly continuous?: boolean;
}

export interface DrCopySummary extends RecoveryPointSummary {
  /** How the copy was matched to the primary recovery point. */
  readonly matchedBy: 'copy-job' | 'source-vault';
  /** The newest primary recovery point has this copy (not an older one). */
  readonly ofNewest: boolean;
}

export interface ResourceResult {
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly resourceName?: string;
  readonly primaryVaultArn: string;
  readonly newestRecoveryPoint?: RecoveryPointSummary;
  readonly drCopy?: DrCopySummary;
  /** Age of the newest completed recovery point (0 for a running continuous backup). */
  readonly recoveryPointAgeHours?: number;
  /** Time the newest recovery point took to reach the DR vault, or has waited so far. */
  readonly copyLagHours?: number;
  readonly checks: CheckResult[];
  readonly status: Status;
}

/** A backup, copy or restore job that failed, expired, was aborted or completed partially. */
export interface JobFinding {
  readonly kind: 'backup' | 'copy' | 'restore';
  readonly jobId: string;
  readonly state: string;
  readonly resourceArn?: string;
  readonly vaultArn?: string;
  readonly creationDate?: string;
  readonly message: string;
}

/** A vault or listing that could not be read: reported, the rest of the run goes on. */
export interface RunError {
  /** What could not be read (a vault ARN, or `copy jobs in eu-west-1`). */
  readonly target: string;
  readonly code: 'AccessDenied' | 'NotFound' | 'Empty' | 'Error';
  readonly message: string;
}

export interface DrillResult {
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly recoveryPointArn: string;
  readonly restoreJobId?: string;
  /** COMPLETED and validated; FAILED restore or validation; RUNNING past the run's deadline; ERROR: could not start. */
  readonly status: 'PASSED' | 'FAILED' | 'RUNNING' | 'ERROR';
  /** Restore time: completion − creation of the restore job. */
  readonly restoreTimeHours?: number;
  readonly createdResourceArn?: string;
  /** The drill's validation of the restored resource (exists, available, tagged). */
  readonly validation?: 'SUCCESSFUL' | 'FAILED';
  /** The validation was reported to AWS Backup (PutRestoreValidationResult). */
  readonly validationReported?: boolean;
  readonly cleanup?: 'DELETED' | 'DELETING' | 'KEPT' | 'FAILED' | 'NOT_NEEDED';
  readonly message: string;
}

export interface ReportSummary {
  readonly resources: number;
  readonly resourcesFailed: number;
  readonly checksFailed: number;
  readonly jobsFailed: number;
  readonly errors: number;
  readonly drills: number;
  readonly drillsFailed: number;
  readonly maxRecoveryPointAgeHours?: number;
  readonly maxCopyLagHours?: number;
  readonly maxRestoreTimeHours?: number;
}

export interface VerificationReport {
  readonly tool: 'cdk-readiness';
  readonly kind: 'backup-verification';
  readonly name: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly thresholds: { readonly rpoHours: number; readonly maxCopyLagHours: number; readonly rtoHours: number; readonly lookbackHours: number };
  readonly primaryVaultArns: string[];
  readonly drVaultArn: string;
  readonly resources: ResourceResult[];
  readonly jobs: JobFinding[];
  readonly errors: RunError[];
  readonly drills: DrillResult[];
  readonly summary: ReportSummary;
  /** No check failed, no job failed, nothing unreadable, no drill failed. */
  readonly passed: boolean;
  /** AWS API requests the run made (retries included). */
  readonly apiCalls: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const maxOf = (xs: Array<number | undefined>) => {
  const v = xs.filter((x): x is number => x !== undefined);
  return v.length > 0 ? round(Math.max(...v)) : undefined;
};

/** The summary and verdict of a report's parts. */
export function summarize(resources: ResourceResult[], jobs: JobFinding[], errors: RunError[], drills: DrillResult[]):
{ summary: ReportSummary; passed: boolean } {
  const summary: ReportSummary = {
    resources: resources.length,
    resourcesFailed: resources.filter((r) => r.status !== 'PASS').length,
    checksFailed: resources.reduce((n, r) => n + r.checks.filter((c) => c.status !== 'PASS').length, 0),
    jobsFailed: jobs.length,
    errors: errors.length,
    drills: drills.length,
    drillsFailed: drills.filter((d) => d.status === 'FAILED' || d.status === 'ERROR').length,
    maxRecoveryPointAgeHours: maxOf(resources.map((r) => r.recoveryPointAgeHours)),
    maxCopyLagHours: maxOf(resources.map((r) => r.copyLagHours)),
    maxRestoreTimeHours: maxOf(drills.map((d) => d.restoreTimeHours)),
  };
  const passed = summary.resourcesFailed === 0 && summary.jobsFailed === 0 && summary.errors === 0 && summary.drillsFailed === 0;
  return { summary, passed };
}

export { round };
