import { Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { OrganizationBackupCoverageProps } from './organization-backup-coverage';
import { ReadinessProfile } from '../profile';
import { partitionOf } from '../shared/partition';
import { invalidProp } from '../shared/validation';

/**
 * Props of OrganizationBackupPolicy.
 */
export interface OrganizationBackupPolicyProps {
  /** Organizational units (`ou-...`), the root (`r-...`) or accounts the policy is attached to. */
  readonly targetIds: string[];

  /** Regions whose resources are backed up in every account. */
  readonly regions: string[];

  /**
   * Region every recovery point is copied to (disaster recovery). Required by profiles that
   * require cross-region copies (PROD).
   *
   * @default - no copy
   */
  readonly copyRegion?: string;

  /**
   * Name of the policy (and of the backup plan it creates in each account).
   *
   * @default 'readiness-organization-backup'
   */
  readonly policyName?: string;

  /**
   * Name of the backup vault that must exist in every account and region (roll it out with a
   * `StackSetRollout`).
   *
   * @default 'readiness-backup-vault'
   */
  readonly backupVaultName?: string;

  /**
   * Name of the vault recovery points are copied to in `copyRegion`.
   *
   * @default - `backupVaultName`
   */
  readonly copyVaultName?: string;

  /**
   * Name of the IAM role AWS Backup assumes in every account (roll it out with the vault).
   *
   * @default 'ReadinessOrganizationBackup'
   */
  readonly backupRoleName?: string;

  /**
   * Resources with this tag key (and one of `selectionTagValues`) are backed up.
   *
   * @default 'backup-plan'
   */
  readonly selectionTagKey?: string;

  /**
   * Values of `selectionTagKey` that select a resource.
   *
   * @default ['organization']
   */
  readonly selectionTagValues?: string[];
}

const CONSTRUCT = 'OrganizationBackupPolicy';
const TARGET = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}|\d{12})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const NAME = /^[A-Za-z0-9_.-]{1,50}$/;

const assign = (value: unknown) => ({ '@@assign': value });

/**
 * An AWS Organizations backup policy (`AWS::Organizations::Policy` of type `BACKUP_POLICY`) that
 * gives every account of the targets the profile's backup plan: a daily rule (or one every
 * `rpoHours`) kept `minBackupRetentionDays`, a monthly rule kept `monthlyBackupRetentionDays`
 * when the profile asks for one, a copy of every recovery point to `copyRegion` kept
 * `minCopyRetentionDays`, and a selection by tag. The organization enforces it: member accounts
 * cannot change or detach it. Deploy it in the management account (or a delegated administrator
 * for backup policies); the vaults and the role it names must exist in each account and region.
 */
export class OrganizationBackupPolicy extends Construct {
  /** The policy. */
  public readonly policy: organizations.CfnPolicy;
  /** The tag key that selects resources. */
  public readonly selectionTagKey: string;
  /** The tag values that select resources. */
  public readonly selectionTagValues: string[];
  private readonly coverage: OrganizationBackupCoverageProps;

  constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    const profile = ReadinessProfile.of(this);
    if (!Array.isArray(props.targetIds) || props.targetIds.length === 0) {
      invalidProp(this, CONSTRUCT, 'targetIds', props.targetIds, 'List the OUs (ou-...), the root (r-...) or the account ids the policy applies to.');
    }
    for (const t of props.targetIds) {
      if (!Token.isUnresolved(t) && !TARGET.test(t)) invalidProp(this, CONSTRUCT, 'targetIds', t, 'Give an OU id (ou-xxxx-yyyyyyyy), the root id (r-xxxx) or a 12-digit account id.');
    }
    if (!Array.isArray(props.regions) || props.regions.length === 0) invalidProp(this, CONSTRUCT, 'regions', props.regions, 'List the regions to back up, e.g. ["eu-west-1"].');
    for (const r of [...props.regions, ...(props.copyRegion ? [props.copyRegion] : [])]) {
      if (!REGION.test(r)) invalidProp(this, CONSTRUCT, 'regions', r, 'Give region names such as eu-west-1.');
    }
    if (props.copyRegion === undefined && profile.requireCrossRegionCopy) {
      invalidProp(this, CONSTRUCT, 'copyRegion', props.copyRegion,
        `The ${profile.name} profile requires a copy of every recovery point in another region: set copyRegion to the disaster-recovery region.`);
    }
    if (props.copyRegion !== undefined && props.regions.includes(props.copyRegion)) {
      invalidProp(this, CONSTRUCT, 'copyRegion', props.copyRegion, `The copy must leave the region it is taken in: choose a region not in regions (${props.regions.join(', ')}).`);
    }
    const name = props.policyName ?? 'readiness-organization-backup';
    const vault = props.backupVaultName ?? 'readiness-backup-vault';
    const copyVault = props.copyVaultName ?? vault;
    const role = props.backupRoleName ?? 'ReadinessOrganizationBackup';
    for (const [prop, v] of [['policyName', name], ['backupVaultName', vault], ['copyVaultName', copyVault]]) {
      if (!NAME.test(v)) invalidProp(this, CONSTRUCT, prop, v, 'Use 1 to 50 letters, digits, hyphens, underscores or dots.');
    }
    this.selectionTagKey = props.selectionTagKey ?? 'backup-plan';
    this.selectionTagValues = props.selectionTagValues ?? ['organization'];
    if (this.selectionTagKey.length === 0 || this.selectionTagValues.length === 0 || this.selectionTagValues.some((v) => v.length === 0)) {
      invalidProp(this, CONSTRUCT, 'selectionTagKey/selectionTagValues', { key: this.selectionTagKey, values: this.selectionTagValues }, 'Give a tag key and at least one non-empty value.');
    }

    // The partition of the regions, written out: the copy action is keyed by its vault ARN, and a map key cannot be a token.
    this.coverage = {
      policyName: name,
      regions: props.regions,
      selectionTagKey: this.selectionTagKey,
      selectionTagValues: this.selectionTagValues,
      copyRegion: props.copyRegion,
      backupVaultName: vault,
      // The primary rule is the most frequent one: BAK5 reads its period.
      scheduleExpression: scheduleFor(profile.rpoHours),
    };
    const partition = partitionOf(props.regions[0]);
    const copyActions = (days: number) => props.copyRegion === undefined ? {} : {
      copy_actions: {
        [`arn:${partition}:backup:${props.copyRegion}:$account:backup-vault:${copyVault}`]: {
          target_backup_vault_arn: assign(`arn:${partition}:backup:${props.copyRegion}:$account:backup-vault:${copyVault}`),
          lifecycle: { delete_after_days: assign(String(days)) },
        },
      },
    };
    const rule = (schedule: string, days: number, copyDays: number) => ({
      schedule_expression: assign(schedule),
      start_backup_window_minutes: assign('60'),
      complete_backup_window_minutes: assign(String(Math.max(120, profile.rpoHours * 60 - 60))),
      target_backup_vault_name: assign(vault),
      lifecycle: { delete_after_days: assign(String(days)) },
      ...copyActions(copyDays),
    });
    const rules: Record<string, unknown> = {
      primary: rule(scheduleFor(profile.rpoHours), profile.minBackupRetentionDays, profile.minCopyRetentionDays),
    };
    if (profile.monthlyBackupRetentionDays > 0) {
      rules.monthly = rule('cron(0 5 1 * ? *)', profile.monthlyBackupRetentionDays, Math.max(profile.minCopyRetentionDays, profile.monthlyBackupRetentionDays));
    }
    this.policy = new organizations.CfnPolicy(this, 'Policy', {
      name,
      type: 'BACKUP_POLICY',
      description: `Backup plan of the ${profile.name} readiness profile (cdk-readiness)`,
      targetIds: props.targetIds,
      content: {
        plans: {
          [name]: {
            regions: assign(props.regions),
            rules,
            selections: {
              tags: {
                [`${name}-by-tag`]: {
                  iam_role_arn: assign(`arn:${partition}:iam::$account:role/${role}`),
                  tag_key: assign(this.selectionTagKey),
                  tag_value: assign(this.selectionTagValues),
                },
              },
            },
          },
        },
      },
    });
  }

  /** What member accounts declare with `OrganizationBackupCoverage` (rules Readiness-BAK1 and BAK2 read the declaration: selection and copy rule). */
  public coverageProps(): OrganizationBackupCoverageProps {
    return { ...this.coverage, regions: [...this.coverage.regions], selectionTagValues: [...this.coverage.selectionTagValues] };
  }
}

/** Daily at 05:00 UTC, or every `rpoHours` hours when the recovery point objective is shorter than a day. */
function scheduleFor(rpoHours: number): string {
  return rpoHours >= 24 ? 'cron(0 5 ? * * *)' : `cron(0 0/${Math.max(1, Math.floor(rpoHours))} ? * * *)`;
}

