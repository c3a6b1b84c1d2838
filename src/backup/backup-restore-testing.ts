import { Annotations, Duration, Lazy, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ProtectedResourceType, RestoreMetadataOverride } from './protected-resource-type';
import { BACKUP_MANAGED_POLICY_REASON, backupManagedPolicyIds } from '../shared/backup-service-role';
import { underscoreName } from '../shared/naming';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'BackupRestoreTesting';
const DB_TYPES = [ProtectedResourceType.AURORA, ProtectedResourceType.RDS, ProtectedResourceType.DOCUMENTDB, ProtectedResourceType.NEPTUNE];

/**
 * How restore tests run.
 */
export interface RestoreTestingOptions {
  /**
   * When restore tests start.
   *
   * @default - weekly, Sundays at 03:00 UTC: `cron(0 3 ? * SUN *)`
   */
  readonly schedule?: events.Schedule;

  /**
   * How long after the scheduled time a restore test may start (1-168 hours).
   *
   * @default Duration.hours(24)
   */
  readonly startWindow?: Duration;

  /**
   * How long each restored resource is kept for validation (for example by the backup verifier)
   * before AWS Backup deletes it (1-168 hours).
   *
   * @default Duration.hours(4)
   */
  readonly validationWindow?: Duration;

  /**
   * How recent the tested recovery point must be (1-365 days); the latest one in the window is tested.
   *
   * @default Duration.days(7)
   */
  readonly selectionWindow?: Duration;

  /**
   * DB subnet group that restored RDS, Aurora, DocumentDB and Neptune resources are placed in
   * (restore metadata `dbsubnetgroupname`).
   *
   * @default - inferred by AWS Backup (the default VPC; restores fail if it was deleted)
   */
  readonly dbSubnetGroupName?: string;

  /**
   * Security groups of restored RDS, Aurora, DocumentDB and Neptune resources
   * (restore metadata `vpcsecuritygroupids`).
   *
   * @default - inferred by AWS Backup
   */
  readonly vpcSecurityGroupIds?: string[];

  /**
   * Further restore metadata overrides, per resource type. FSx restores need some: AWS Backup
   * cannot infer a complete set for FSx.
   *
   * @default - none
   */
  readonly metadataOverrides?: RestoreMetadataOverride[];
}

/**
 * Props of BackupRestoreTesting.
 */
export interface BackupRestoreTestingProps extends RestoreTestingOptions {
  /**
   * ARNs of the vaults whose recovery points are tested (in the stack's region).
   */
  readonly vaultArns: string[];

  /**
   * Resource types to test from the start; more can be added with `addResourceType()`.
   *
   * @default - none
   */
  readonly resourceTypes?: ProtectedResourceType[];

  /**
   * Role AWS Backup uses to restore.
   *
   * @default - a new role with the AWS managed restore policy
   */
  readonly role?: iam.IRole;

  /**
   * Also test continuous recovery points (point-in-time restore), not only snapshots
   * (`RecoveryPointTypes: ['CONTINUOUS', 'SNAPSHOT']`). Set it when a backup rule of the tested
   * vaults enables continuous backup: for RDS and Aurora such a rule keeps one continuous recovery
   * point instead of daily snapshots, which a snapshot-only plan never picks.
   *
   * @default false - snapshots only
   */
  readonly includeContinuousRecoveryPoints?: boolean;
}

/**
 * AWS Backup restore testing: a `RestoreTestingPlan` over the given vaults and one
 * `RestoreTestingSelection` per protected resource type, each with the restore metadata that type
 * needs and a validation window. Restore test jobs that fail raise `BackupFailureAlerts`.
 */
export class BackupRestoreTesting extends Construct {
  /** Name of the restore testing plan. */
  public readonly restoreTestingPlanName: string;
  /** The role restores run as. */
  public readonly role: iam.IRole;
  /** The recovery point types restore tests pick from (`CONTINUOUS`, `SNAPSHOT`). */
  public readonly recoveryPointTypes: string[];

  private readonly options: RestoreTestingOptions;
  private readonly plan: backup.CfnRestoreTestingPlan;
  private readonly types = new Set<ProtectedResourceType>();

  constructor(scope: Construct, id: string, props: BackupRestoreTestingProps) {
    super(scope, id);
    this.options = props;
    const startHours = wholeHours(this, 'startWindow', props.startWindow ?? Duration.hours(24), 1, 168);
    wholeHours(this, 'validationWindow', props.validationWindow ?? Duration.hours(4), 1, 168);
    const selectionDays = props.selectionWindow ?? Duration.days(7);
    const windowDays = selectionDays.isUnresolved() ? undefined : selectionDays.toDays({ integral: false });
    if (windowDays !== undefined && (windowDays < 1 || windowDays > 365 || !Number.isInteger(windowDays))) {
      invalidProp(this, CONSTRUCT, 'selectionWindow', selectionDays, 'Use a whole number of days from 1 to 365.');
    }
    if (props.vaultArns.length === 0) {
      invalidProp(this, CONSTRUCT, 'vaultArns', props.vaultArns, 'Give at least one vault whose recovery points are tested.');
    }

    this.role = props.role ?? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup restore testing',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
    });
    if (!props.role) {
      for (const ackId of backupManagedPolicyIds(['AWSBackupServiceRolePolicyForRestores'])) {
        Validations.of(this.role).acknowledge({ id: ackId, reason: BACKUP_MANAGED_POLICY_REASON });
      }
    }

    this.recoveryPointTypes = props.includeContinuousRecoveryPoints ? ['CONTINUOUS', 'SNAPSHOT'] : ['SNAPSHOT'];
    this.restoreTestingPlanName = underscoreName(this, 50);
    this.plan = new backup.CfnRestoreTestingPlan(this, 'Plan', {
      restoreTestingPlanName: this.restoreTestingPlanName,
      scheduleExpression: (props.schedule ?? events.Schedule.expression('cron(0 3 ? * SUN *)')).expressionString,
      startWindowHours: startHours,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: props.vaultArns,
        recoveryPointTypes: this.recoveryPointTypes,
        selectionWindowDays: selectionDays.isUnresolved() ? undefined : selectionDays.toDays(),
      },
    });
    for (const t of props.resourceTypes ?? []) this.addResourceType(t);
  }

  /** The resource types restore tests cover. */
  public get resourceTypes(): ProtectedResourceType[] {
    return [...this.types].sort();
  }

  /**
   * Test restores of every recovery point of this type in the tested vaults. Idempotent.
   */
  public addResourceType(type: ProtectedResourceType): void {
    if (this.types.has(type)) return;
    this.types.add(type);
    const overrides: Record<string, string> = {};
    if (DB_TYPES.includes(type)) {
      if (this.options.dbSubnetGroupName) overrides.dbsubnetgroupname = this.options.dbSubnetGroupName;
      const sgs = this.options.vpcSecurityGroupIds;
      if (sgs) overrides.vpcsecuritygroupids = Lazy.string({ produce: () => JSON.stringify(sgs) });
    }
    for (const o of this.options.metadataOverrides ?? []) {
      if (o.resourceType === type) overrides[o.key] = o.value;
    }
    if (type === ProtectedResourceType.FSX && Object.keys(overrides).length === 0) {
      Annotations.of(this).addWarningV2('cdk-readiness:fsx-restore-metadata',
        'AWS Backup cannot infer complete restore metadata for FSx: add RestoreMetadataOverride.of(ProtectedResourceType.FSX, ...) entries (subnet and security group ids), or FSx restore tests fail.');
    }
    const sel = new backup.CfnRestoreTestingSelection(this, `Selection${type}`, {
      restoreTestingPlanName: this.restoreTestingPlanName,
      restoreTestingSelectionName: `${type}_restore_test`,
      protectedResourceType: type,
      protectedResourceArns: ['*'],
      iamRoleArn: this.role.roleArn,
      validationWindowHours: this.options.validationWindow?.toHours() ?? 4,
      restoreMetadataOverrides: Object.keys(overrides).length > 0 ? overrides : undefined,
    });
    sel.node.addDependency(this.plan);
  }
}

function wholeHours(scope: Construct, prop: string, d: Duration, min: number, max: number): number | undefined {
  if (d.isUnresolved()) return undefined;
  const h = d.toHours({ integral: false });
  if (!Number.isInteger(h) || h < min || h > max) {
    invalidProp(scope, CONSTRUCT, prop, d, `Use a whole number of hours from ${min} to ${max}.`);
  }
  return h;
}
