import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { ProtectedResourceType } from './protected-resource-type';
import { underscoreName } from '../shared/naming';
import { TreeState } from '../shared/tree-state';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'BackupComplianceFramework';

/**
 * The framework of each account and region (or env-agnostic stack), kept on the app root (every
 * loaded copy of the library sees it).
 */
const FRAMEWORKS = new TreeState<Map<string, BackupComplianceFramework>>('backup-compliance-frameworks');

/** `<account>/<region>` of the scope's stack, or the stack itself when either is unresolved. */
function environmentKey(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)
    ? `stack:${stack.node.path}`
    : `${stack.account}/${stack.region}`;
}

/**
 * What one backup setup asks the framework to check; setups of the same account and region share
 * one framework, which checks the union of what they ask (the smallest minimums, the widest
 * vault lock bounds, every copy region, every break-glass principal).
 */
export interface BackupComplianceScope {
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
   * Lower bound of the vault lock the resources must be protected by (control
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
   * ARNs of the break-glass principals the vault access policies exempt from the deletion deny;
   * the control `BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED` does not check them
   * (its `principalArnList` parameter).
   *
   * @default - none
   */
  readonly breakGlassPrincipalArns?: string[];
}

/**
 * Props of BackupComplianceFramework.
 */
export interface BackupComplianceFrameworkProps extends BackupComplianceScope {
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
 * One framework per account and region is enough, and an account has room for at most 50 controls
 * per region: `CrossRegionBackup` creates the framework with its first instance in an account and
 * region of the app and adds the scope of later instances to it (`BackupComplianceFramework.of`,
 * `addBackupScope`). When another app or an account-level stack owns the framework, set
 * `enableComplianceFramework: false` on `CrossRegionBackup`.
 *
 * Backup Audit Manager evaluates controls with AWS Config: the account must record the AWS Backup
 * resource types in this region.
 */
export class BackupComplianceFramework extends Construct {
  /**
   * The framework registered for the account and region of the scope's stack in this app (the
   * first one created there), or undefined. Environment-agnostic stacks each have their own.
   */
  public static of(scope: IConstruct): BackupComplianceFramework | undefined {
    return FRAMEWORKS.get(Stack.of(scope).node.root)?.get(environmentKey(scope));
  }

  /** ARN of the framework. */
  public readonly frameworkArn: string;

  private readonly profile: ReadinessProfile;
  private readonly types = new Set<ProtectedResourceType>();
  private readonly regions = new Set<string>();
  private readonly principals: string[] = [];
  private minRetention?: number;
  private lockRequested: boolean;
  private lockMin?: number;
  private lockMax?: number;
  private lockMaxUnbounded = false;

  constructor(scope: Construct, id: string, props: BackupComplianceFrameworkProps = {}) {
    super(scope, id);
    this.profile = props.profile ?? ReadinessProfile.of(this);
    this.lockRequested = this.profile.requireVaultLock;
    this.addBackupScope(props);

    const root = Stack.of(this).node.root;
    let registry = FRAMEWORKS.get(root);
    if (!registry) FRAMEWORKS.set(root, (registry = new Map()));
    const key = environmentKey(this);
    if (!registry.has(key)) registry.set(key, this);

    const profile = this.profile;
    const framework = new backup.CfnFramework(this, 'Resource', {
      frameworkName: underscoreName(this, 256),
      frameworkDescription: Lazy.string({
        produce: () => `Readiness profile '${profile.name}': retention >= ${this.minRetention} days, RPO ${profile.rpoHours} h, RTO ${profile.rtoHours} h`,
      }),
      frameworkControls: Lazy.any({ produce: () => this.renderControls() }),
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

  /** The control names of the framework, with what its backup scopes ask so far. */
  public get controlNames(): string[] {
    return this.renderControls().map((c) => c.controlName);
  }

  /**
   * Check another backup setup of this account and region too: its resource types, copy regions
   * and break-glass principals are added, and the retention and vault lock bounds widened to
   * cover it (the smallest minimums, the largest maximum).
   */
  public addBackupScope(scope: BackupComplianceScope): void {
    const minRetention = scope.minRetentionDays ?? this.profile.minBackupRetentionDays;
    if (!Number.isInteger(minRetention) || minRetention < 1) {
      invalidProp(this, CONSTRUCT, 'minRetentionDays', minRetention, 'Use a whole number of days, at least 1.');
    }
    this.minRetention = Math.min(this.minRetention ?? minRetention, minRetention);
    for (const t of scope.resourceTypes ?? []) this.types.add(t);
    for (const r of scope.crossRegionCopyRegions ?? []) this.regions.add(r);
    for (const arn of scope.breakGlassPrincipalArns ?? []) if (!this.principals.includes(arn)) this.principals.push(arn);
    if (scope.vaultLockMinRetentionDays !== undefined) {
      this.lockRequested = true;
      this.lockMin = Math.min(this.lockMin ?? scope.vaultLockMinRetentionDays, scope.vaultLockMinRetentionDays);
      if (scope.vaultLockMaxRetentionDays === undefined) this.lockMaxUnbounded = true;
      else this.lockMax = Math.max(this.lockMax ?? scope.vaultLockMaxRetentionDays, scope.vaultLockMaxRetentionDays);
    }
  }

  /** Scope the resource-type controls to this type too. Idempotent. */
  public addResourceType(type: ProtectedResourceType): void {
    this.types.add(type);
  }

  /** The controls (L1 shape: CfnFramework validates and converts them after resolving) from every backup scope added. */
  private renderControls(): backup.CfnFramework.FrameworkControlProperty[] {
    const profile = this.profile;
    const minRetention = this.minRetention!;
    const scope = this.types.size > 0 ? { ComplianceResourceTypes: [...this.types].sort() } : undefined;
    const params = (entries: Record<string, string | number | undefined>) => {
      const list = Object.entries(entries)
        .filter(([, v]) => v !== undefined)
        .map(([parameterName, v]) => ({ parameterName, parameterValue: String(v) }));
      return list.length > 0 ? list : undefined;
    };
    const control = (controlName: string, controlInputParameters?: backup.CfnFramework.ControlInputParameterProperty[], controlScope?: object) => ({
      controlName,
      ...(controlInputParameters ? { controlInputParameters } : {}),
      ...(controlScope ? { controlScope } : {}),
    });
    const controls = [
      control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', undefined, scope),
      control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
        params({ requiredFrequencyUnit: 'hours', requiredFrequencyValue: Math.min(profile.rpoHours, 24), requiredRetentionDays: minRetention })),
      control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', params({ requiredRetentionDays: minRetention })),
      control('BACKUP_RECOVERY_POINT_ENCRYPTED'),
      // The vault access policies exempt the break-glass principals from their deletion deny.
      control('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
        params({ principalArnList: this.principals.length > 0 ? this.principals.join(',') : undefined })),
      control('BACKUP_LAST_RECOVERY_POINT_CREATED', params({ recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: profile.rpoHours }), scope),
      control('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', params({ maxRestoreTime: profile.rtoHours * 60 }), scope),
    ];
    if (this.regions.size > 0) {
      controls.push(control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', params({ crossRegionList: [...this.regions].sort().join(',') }), scope));
    }
    if (this.lockRequested) {
      controls.push(control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
        params({ minRetentionDays: this.lockMin, maxRetentionDays: this.lockMaxUnbounded ? undefined : this.lockMax }), scope));
    }
    return controls;
  }
}
