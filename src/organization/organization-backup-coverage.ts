import { Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ORGANIZATION_BACKUP_DECLARATION_TAG_VALUE, OrganizationBackupDeclarationValue } from '../shared/organization-backup-declaration';
import { DECLARATION_TAG_KEY } from '../shared/security-declaration';
import { invalidProp } from '../shared/validation';

/**
 * Props of OrganizationBackupCoverage: what the organization's backup policy backs up.
 */
export interface OrganizationBackupCoverageProps {
  /** Name of the organization's backup policy (`OrganizationBackupPolicy.policyName`). */
  readonly policyName: string;

  /** Regions the policy backs up. */
  readonly regions: string[];

  /** The tag key that selects resources. */
  readonly selectionTagKey: string;

  /** The tag values that select resources. */
  readonly selectionTagValues: string[];

  /**
   * Region the policy copies recovery points to (its copy rule). Declare what the policy does:
   * without a copy rule, rule Readiness-BAK2 reports every data store the policy alone backs up,
   * under profiles that require cross-region copies (PROD).
   *
   * @default - no copy
   */
  readonly copyRegion?: string;

  /**
   * Name of the vault the policy's plan keeps recovery points in, in this account and region
   * (rule Readiness-BAK5 checks that a restore testing plan of the account can pick them).
   *
   * @default - not declared: restore testing is judged by resource type only
   */
  readonly backupVaultName?: string;

  /**
   * Schedule of the policy's most frequent backup rule, as AWS Backup writes it (`cron(...)` or
   * `rate(...)`): rule Readiness-BAK5 checks that a restore testing plan's selection window is
   * long enough to find a recovery point of it (a weekly policy needs at least 7 days).
   *
   * @default - daily (AWS Backup's default schedule)
   */
  readonly scheduleExpression?: string;
}

const CONSTRUCT = 'OrganizationBackupCoverage';

/**
 * A member account's declaration that the organization's backup policy backs up its resources:
 * every database, table, file system and volume of this account, in a region the policy covers,
 * whose `selectionTagKey` tag has one of the `selectionTagValues`, counts as selected by a backup
 * plan (rule Readiness-BAK1), and has a copy in another region when the policy copies there (rule
 * Readiness-BAK2: a declaration without `copyRegion` says the policy does not copy, and is
 * reported where the profile requires copies). Resources without the tag are still reported.
 *
 * The declaration is explicit, never assumed: it is an SSM parameter of this stack (tagged
 * `cdk-readiness:purpose=organization-backup-declaration`), because the checks read templates
 * only. Take its props from the policy itself where one app holds both
 * (`OrganizationBackupPolicy.coverageProps()`), so the two cannot drift apart.
 */
export class OrganizationBackupCoverage extends Construct {
  /** The declaration parameter. */
  public readonly parameter: ssm.CfnParameter;

  constructor(scope: Construct, id: string, props: OrganizationBackupCoverageProps) {
    super(scope, id);
    if (!Array.isArray(props.regions) || props.regions.length === 0) invalidProp(this, CONSTRUCT, 'regions', props.regions, 'List the regions the policy backs up.');
    if (!props.selectionTagKey || !Array.isArray(props.selectionTagValues) || props.selectionTagValues.length === 0) {
      invalidProp(this, CONSTRUCT, 'selectionTagKey/selectionTagValues', { key: props.selectionTagKey, values: props.selectionTagValues },
        'Give the tag key and the values the policy selects resources by.');
    }
    if (props.copyRegion !== undefined && !Token.isUnresolved(props.copyRegion) && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.copyRegion)) {
      invalidProp(this, CONSTRUCT, 'copyRegion', props.copyRegion, 'Give a region name such as eu-central-1.');
    }
    if (props.scheduleExpression !== undefined && !Token.isUnresolved(props.scheduleExpression) && !/^(cron|rate)\(.+\)$/.test(props.scheduleExpression)) {
      invalidProp(this, CONSTRUCT, 'scheduleExpression', props.scheduleExpression, 'Give the policy rule\'s schedule as AWS Backup writes it, such as cron(0 5 ? * * *) or rate(12 hours).');
    }
    const value: OrganizationBackupDeclarationValue = {
      schema: 1,
      policyName: props.policyName,
      regions: props.regions,
      tagKey: props.selectionTagKey,
      tagValues: props.selectionTagValues,
      ...(props.copyRegion === undefined ? {} : { copyRegion: props.copyRegion }),
      ...(props.backupVaultName === undefined ? {} : { vaultName: props.backupVaultName }),
      ...(props.scheduleExpression === undefined ? {} : { scheduleExpression: props.scheduleExpression }),
    };
    this.parameter = new ssm.CfnParameter(this, 'Declaration', {
      type: 'String',
      description: `Resources tagged ${props.selectionTagKey}=${props.selectionTagValues.join('|')} are backed up by the organization's backup policy ${props.policyName} (cdk-readiness)`,
      value: JSON.stringify(value),
      tags: { [DECLARATION_TAG_KEY]: ORGANIZATION_BACKUP_DECLARATION_TAG_VALUE },
    });
  }
}
