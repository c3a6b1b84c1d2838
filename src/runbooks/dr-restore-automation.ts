import { Duration, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { drRestoreDocument } from './private/dr-restore-document';
import { BACKUP_MANAGED_POLICY_REASON, backupManagedPolicyIds } from '../shared/backup-service-role';

const CONSTRUCT = 'DrRestoreAutomation';
const DOCUMENT_NAME = /^[a-zA-Z0-9_.-]{3,128}$/;
/** Prefixes SSM reserves for documents of AWS. */
const RESERVED_PREFIX = /^(aws|amazon|amzn)/i;
/** Longest the automation waits for a restore job. */
const MAX_TIMEOUT_HOURS = 48;

/**
 * Props of DrRestoreAutomation.
 */
export interface DrRestoreAutomationProps {
  /** The vault (in this stack's region) whose recovery points the automation restores: the DR vault. */
  readonly backupVault: backup.IBackupVault;

  /**
   * The role AWS Backup restores as (trusted by `backup.amazonaws.com`).
   *
   * @default - a new role with the AWS managed policy AWSBackupServiceRolePolicyForRestores
   */
  readonly restoreRole?: iam.IRole;

  /**
   * Name of the SSM document (3-128 letters, digits, `_`, `-` or `.`; not starting with `aws`,
   * `amazon` or `amzn`). The runbook prints the `aws ssm start-automation-execution` command with it.
   *
   * @default - `DrRestore-` and a deterministic name derived from the construct path
   */
  readonly documentName?: string;

  /**
   * How long the automation waits for the restore job to end (at most 48 hours). A restore that
   * takes longer keeps running; only the automation stops waiting.
   *
   * @default Duration.hours(12)
   */
  readonly restoreTimeout?: Duration;
}

/**
 * An SSM Automation runbook that restores a resource from a vault, so the disaster-recovery
 * procedure can be run, not only read: given the ARN of a protected resource (as in the primary
 * region) it finds the newest completed recovery point of that resource in the vault, reads its
 * restore metadata, drops what names resources of the primary region, applies your overrides,
 * starts the restore job (the execution id is the idempotency token), waits for it, fails unless
 * it completed and outputs the ARN of the restored resource. A restore only creates resources.
 *
 * The automation runs as a role of its own that may only read the vault, start and describe
 * restore jobs and pass the restore role to AWS Backup. `CrossRegionBackupDr` adds one for its DR
 * vault; the generated runbook (`runbooks/<stack>.md`) shows the exact command:
 *
 * ```sh
 * aws ssm start-automation-execution --region eu-central-1 --document-name <name> \
 *   --parameters "ResourceArn=arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
 * ```
 */
export class DrRestoreAutomation extends Construct {
  /** The SSM document. */
  public readonly document: ssm.CfnDocument;
  /** Name of the SSM document. */
  public readonly documentName: string;
  /** The role the automation runs as. */
  public readonly automationRole: iam.IRole;
  /** The role AWS Backup restores as. */
  public readonly restoreRole: iam.IRole;

  constructor(scope: Construct, id: string, props: DrRestoreAutomationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const invalid = (prop: string, value: unknown, fix: string): never => {
      throw new Error(`${CONSTRUCT} '${this.node.path}': invalid ${prop} ${value instanceof Duration ? value.toHumanString() : JSON.stringify(value)}. ${fix}`);
    };
    if (!props || !props.backupVault) invalid('backupVault', props?.backupVault, 'Give the vault whose recovery points are restored, e.g. CrossRegionBackupDr.vault.vault.');
    const name = props.documentName ?? `DrRestore-${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}`;
    if (!Token.isUnresolved(name) && (!DOCUMENT_NAME.test(name) || RESERVED_PREFIX.test(name))) {
      invalid('documentName', name, 'Use 3-128 letters, digits, "_", "-" or "." that do not start with "aws", "amazon" or "amzn".');
    }
    const timeout = props.restoreTimeout ?? Duration.hours(12);
    if (timeout.isUnresolved()) invalid('restoreTimeout', '<token>', 'Give a literal Duration.');
    const seconds = timeout.toSeconds();
    if (seconds < 60 || seconds > MAX_TIMEOUT_HOURS * 3600) {
      invalid('restoreTimeout', timeout, `Use 1 minute to ${MAX_TIMEOUT_HOURS} hours (the restore of a large Aurora cluster takes hours).`);
    }

    this.restoreRole = props.restoreRole ?? this.createRestoreRole();
    const role = new iam.Role(this, 'AutomationRole', {
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:automation-execution/*` },
        },
      }),
      description: `Runs the DR restore automation ${name}: reads the vault, starts and watches restore jobs`,
    });
    const vaultArn = props.backupVault.backupVaultArn;
    const recoveryPoints = `arn:${stack.partition}:backup:${stack.region}:${stack.account}:recovery-point:*`;
    const policy = new iam.ManagedPolicy(this, 'AutomationPolicy', {
      description: `DR restore automation ${name}`,
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadTheVault',
          actions: ['backup:ListRecoveryPointsByBackupVault', 'backup:GetRecoveryPointRestoreMetadata'],
          resources: [vaultArn, recoveryPoints],
        }),
        // StartRestoreJob and DescribeRestoreJob offer no resource-level permission that covers
        // every recovery point (RDS, Aurora and EBS copies are snapshot ARNs of their services):
        // what a restore may create is bounded by the one role this automation can pass.
        new iam.PolicyStatement({
          sid: 'StartAndWatchRestoreJobs',
          actions: ['backup:StartRestoreJob', 'backup:DescribeRestoreJob'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'PassTheRestoreRoleToBackup',
          actions: ['iam:PassRole'],
          resources: [this.restoreRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'backup:StartRestoreJob and backup:DescribeRestoreJob: restore jobs have no ARN to scope to, and recovery points of RDS, Aurora and EBS are snapshot ARNs of those services; the restore can only run as the one role this policy lets the automation pass, to AWS Backup only.',
    });
    // cdk-nag names a wildcard resource as rendered, pseudo parameters as <AWS::...>.
    const nag = (v: string, pseudo: string) => (Token.isUnresolved(v) ? `<${pseudo}>` : v);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${nag(stack.partition, 'AWS::Partition')}:backup:${nag(stack.region, 'AWS::Region')}:${nag(stack.account, 'AWS::AccountId')}:recovery-point:*]`,
      reason: 'Restore metadata is read per recovery point of the vault, whose ids only exist once AWS Backup creates them; the statement is read-only and limited to this account and region.',
    });
    this.automationRole = role;

    this.documentName = name;
    this.document = new ssm.CfnDocument(this, 'Document', {
      name,
      documentType: 'Automation',
      documentFormat: 'YAML',
      // A named document cannot be replaced in place: a new version keeps its name.
      updateMethod: 'NewVersion',
      content: drRestoreDocument({
        vaultName: props.backupVault.backupVaultName,
        restoreRoleArn: this.restoreRole.roleArn,
        automationRoleArn: role.roleArn,
        restoreTimeoutSeconds: Math.round(seconds),
      }),
    });
  }

  /**
   * Let a principal run the automation: start executions of this document, read and stop them,
   * and pass the automation role to Systems Manager.
   */
  public grantStart(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const definition = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:automation-definition/${this.documentName}:*`;
    const executions = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:automation-execution/*`;
    const start = iam.Grant.addToPrincipal({ grantee, actions: ['ssm:StartAutomationExecution'], resourceArns: [definition] });
    iam.Grant.addToPrincipal({ grantee, actions: ['ssm:GetAutomationExecution', 'ssm:StopAutomationExecution'], resourceArns: [executions] });
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [this.automationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    }));
    return start;
  }

  private createRestoreRole(): iam.IRole {
    const role = new iam.Role(this, 'RestoreRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
      description: 'AWS Backup restores DR copies as this role (DR restore automation)',
    });
    for (const ackId of backupManagedPolicyIds(['AWSBackupServiceRolePolicyForRestores'])) {
      Validations.of(role).acknowledge({ id: ackId, reason: BACKUP_MANAGED_POLICY_REASON });
    }
    return role;
  }
}
