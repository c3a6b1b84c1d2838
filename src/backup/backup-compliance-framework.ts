import { Lazy, Names, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { invalidProp } from './private/validation';
import { ProtectedResourceType } from './protected-resource-type';

const CONSTRUCT = 'BackupComplianceFramework';

/**
 * Props of BackupComplianceFramework.
 */
export interface BackupComplianceFrameworkProps {
  /**
   * Regions that must hold a copy of every recovery point (control
   * `BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION`).
   *
   * @default - no cross-region control
   */
  readonly crossRegionCopyRegions?: string[];

  /**
   * Recovery points and plans must keep backups at least this many days.
   *
   * @default - `profile.minBackupRetentionDays`
   */
  readonly minRetentionDays?: number;

  /**
   * Bounds of the vault lock the resources must be protected by (control
   * `BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK`).
   *
   * @default - the control is added without bounds when the profile requires vault lock
   */
  readonly vaultLockMinRetentionDays?: number;

  /**
   * Upper bound of the vault lock retention.
   *
   * @default - no upper bound checked
   */
  readonly vaultLockMaxRetentionDays?: number;

  /**
   * Resource types the controls evaluate.
   *
   * @default - every resource type AWS Backup supports
   */
  readonly resourceTypes?: ProtectedResourceType[];

  /**
   * Bucket that receives a daily control compliance report (CSV and JSON).
   *
   * @default - no report plan
   */
  readonly reportBucket?: s3.IBucket;

  /**
   * Key prefix of the reports in the bucket.
   *
   * @default 'backup-compliance'
   */
  readonly reportKeyPrefix?: string;

  /**
   * The readiness profile whose RPO, RTO and retention the controls check.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;
}

/**
 * A Backup Audit Manager framework that checks, continuously and in AWS Config, what the readiness
 * profile asks of backups: every resource in a plan, minimum frequency and retention, encrypted
 * recovery points, manual deletion disabled, a copy in another region, a vault lock, the age of
 * the last recovery point (RPO) and the restore time (RTO). Optionally a daily report plan to S3.
 *
 * Backup Audit Manager evaluates controls with AWS Config: the account must record the AWS Backup
 * resource types in this region.
 */
export class BackupComplianceFramework extends Construct {
  /** ARN of the framework. */
  public readonly frameworkArn: string;
  /** The control names of the framework. */
  public readonly controlNames: string[];

  private readonly types = new Set<ProtectedResourceType>();

  constructor(scope: Construct, id: string, props: BackupComplianceFrameworkProps = {}) {
    super(scope, id);
    const profile = props.profile ?? ReadinessProfile.of(this);
    const minRetention = props.minRetentionDays ?? profile.minBackupRetentionDays;
    if (!Number.isInteger(minRetention) || minRetention < 1) {
      invalidProp(this, CONSTRUCT, 'minRetentionDays', minRetention, 'Use a whole number of days, at least 1.');
    }
    for (const t of props.resourceTypes ?? []) this.types.add(t);

    const scopeOfTypes = Lazy.any({
      produce: () => (this.types.size > 0 ? { ComplianceResourceTypes: [...this.types].sort() } : {}),
    });
    const params = (entries: Record<string, string | number | undefined>) => Object.entries(entries)
      .filter(([, v]) => v !== undefined)
      .map(([parameterName, v]) => ({ parameterName, parameterValue: String(v) }));

    const controls: backup.CfnFramework.FrameworkControlProperty[] = [
      { controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', controlScope: scopeOfTypes },
      {
        controlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        controlInputParameters: params({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: Math.min(profile.rpoHours, 24), requiredRetentionDays: minRetention }),
      },
      { controlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', controlInputParameters: params({ requiredRetentionDays: minRetention }) },
      { controlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' },
      { controlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' },
      {
        controlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED',
        controlInputParameters: params({ recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: profile.rpoHours }),
        controlScope: scopeOfTypes,
      },
      {
        controlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
        controlInputParameters: params({ maxRestoreTime: profile.rtoHours * 60 }),
        controlScope: scopeOfTypes,
      },
    ];
    if (props.crossRegionCopyRegions && props.crossRegionCopyRegions.length > 0) {
      controls.push({
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
        controlInputParameters: params({ crossRegionList: props.crossRegionCopyRegions.join(',') }),
        controlScope: scopeOfTypes,
      });
    }
    if (profile.requireVaultLock || props.vaultLockMinRetentionDays !== undefined) {
      controls.push({
        controlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
        controlInputParameters: params({ minRetentionDays: props.vaultLockMinRetentionDays, maxRetentionDays: props.vaultLockMaxRetentionDays }),
        controlScope: scopeOfTypes,
      });
    }
    this.controlNames = controls.map((c) => c.controlName);

    const framework = new backup.CfnFramework(this, 'Resource', {
      frameworkName: Names.uniqueResourceName(this, { maxLength: 256, separator: '_' }).replace(/-/g, '_'),
      frameworkDescription: `Readiness profile '${profile.name}': retention >= ${minRetention} days, RPO ${profile.rpoHours} h, RTO ${profile.rtoHours} h`,
      frameworkControls: controls,
    });
    this.frameworkArn = framework.attrFrameworkArn;

    if (props.reportBucket) {
      const prefix = props.reportKeyPrefix ?? 'backup-compliance';
      props.reportBucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowBackupAuditManagerReports',
        principals: [new iam.ArnPrincipal(`arn:${Stack.of(this).partition}:iam::${Stack.of(this).account}:role/aws-service-role/reports.backup.amazonaws.com/AWSServiceRoleForBackupReports`)],
        actions: ['s3:PutObject'],
        resources: [props.reportBucket.arnForObjects(`${prefix}/*`)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }));
      new backup.CfnReportPlan(this, 'ReportPlan', {
        reportPlanDescription: 'Daily AWS Backup control compliance report',
        reportDeliveryChannel: { S3BucketName: props.reportBucket.bucketName, S3KeyPrefix: prefix, Formats: ['CSV', 'JSON'] },
        reportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [framework.attrFrameworkArn] },
      });
    }
  }

  /** Scope the resource-type controls to this type too. Idempotent. */
  public addResourceType(type: ProtectedResourceType): void {
    this.types.add(type);
  }
}
