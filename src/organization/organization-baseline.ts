import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { OrganizationSecurityCoverageProps } from './organization-security-coverage';
import { sdkCall } from './private/sdk-call';
import { SecurityBaseline } from '../security/security-baseline';
import { ServiceMode } from '../security/security-baseline-options';
import { invalidProp } from '../shared/validation';

/**
 * Props of OrganizationBaseline.
 */
export interface OrganizationBaselineProps {
  /** The organization (`o-...`): its trail logs every account. */
  readonly organizationId: string;

  /** The security tooling account made delegated administrator of GuardDuty, Security Hub, Inspector and AWS Config. */
  readonly securityToolingAccountId: string;
}

const CONSTRUCT = 'OrganizationBaseline';

/**
 * The management account's part of the organization's security baseline: the organization
 * CloudTrail trail (every account, every region, KMS, log file validation, CloudWatch Logs with
 * the CIS alarms) and the security tooling account as delegated administrator of GuardDuty,
 * Security Hub, Amazon Inspector and AWS Config.
 *
 * Security Hub's delegation is `AWS::SecurityHub::DelegatedAdmin`. GuardDuty, Inspector and AWS
 * Config have no CloudFormation resource for it, so each is one `AwsCustomResource` making exactly
 * that call (`guardduty:EnableOrganizationAdminAccount`, `inspector2:EnableDelegatedAdminAccount`,
 * `organizations:RegisterDelegatedAdministrator` for `config.amazonaws.com`) on create and update,
 * ignoring the service's "already delegated" error so it can run again. Deleting the construct
 * leaves the delegations in place: removing one stops the organization-wide protection, so it is
 * done deliberately (`aws guardduty disable-organization-admin-account`, ...), not by a stack update.
 *
 * Deploy it in the management account, in the region the security tooling runs in, first (see
 * docs/organization.md); the account's own GuardDuty, Security Hub and Inspector are then enabled
 * by the delegated administrator and declared as provided here.
 */
export class OrganizationBaseline extends Construct {
  /** The security baseline of the management account (the organization trail). */
  public readonly baseline: SecurityBaseline;
  /** The delegation calls CloudFormation has no resource for. */
  public readonly delegations: cr.AwsCustomResource[];

  constructor(scope: Construct, id: string, props: OrganizationBaselineProps) {
    super(scope, id);
    const admin = props.securityToolingAccountId;
    if (typeof admin !== 'string' || (!Token.isUnresolved(admin) && !/^\d{12}$/.test(admin))) {
      invalidProp(this, CONSTRUCT, 'securityToolingAccountId', admin, 'Give the 12-digit id of the security tooling account.');
    }
    const provided = { mode: ServiceMode.PROVIDED };
    this.baseline = new SecurityBaseline(this, 'Baseline', {
      cloudTrail: { organizationId: props.organizationId },
      guardDuty: provided,
      securityHub: provided,
      inspector: provided,
      config: provided,
      ecrScanning: provided,
      incidentRouting: provided,
    });
    new securityhub.CfnDelegatedAdmin(this, 'SecurityHubAdmin', { adminAccountId: admin });
    // The delegation calls may register only the tooling account, only for their own service, and
    // enable organization access only for that service (no `*` on these two actions).
    const toolingAccount = Stack.of(this).formatArn({ service: 'organizations', region: '', resource: 'account', resourceName: `${props.organizationId}/${admin}` });
    const delegate = (servicePrincipal: string): iam.PolicyStatement[] => [
      new iam.PolicyStatement({
        actions: ['organizations:RegisterDelegatedAdministrator'],
        resources: [toolingAccount],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': servicePrincipal } },
      }),
      new iam.PolicyStatement({
        actions: ['organizations:EnableAWSServiceAccess'],
        resources: ['*'],
        conditions: { StringEquals: { 'organizations:ServicePrincipal': servicePrincipal } },
      }),
    ];
    const readOrganization = ['organizations:ListDelegatedAdministrators', 'organizations:ListAWSServiceAccessForOrganization', 'organizations:DescribeOrganization'];
    this.delegations = [
      sdkCall(this, 'GuardDutyAdmin', {
        service: 'GuardDuty',
        action: 'enableOrganizationAdminAccount',
        parameters: { AdminAccountId: admin },
        iamActions: ['guardduty:EnableOrganizationAdminAccount', ...readOrganization],
        scoped: delegate('guardduty.amazonaws.com'),
        alreadyDone: 'BadRequestException',
        physicalId: `guardduty-admin-${admin}`,
      }),
      sdkCall(this, 'InspectorAdmin', {
        service: 'Inspector2',
        action: 'enableDelegatedAdminAccount',
        parameters: { delegatedAdminAccountId: admin },
        iamActions: ['inspector2:EnableDelegatedAdminAccount', ...readOrganization],
        scoped: [
          ...delegate('inspector2.amazonaws.com'),
          new iam.PolicyStatement({
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2' })],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
          }),
        ],
        alreadyDone: 'ConflictException',
        physicalId: `inspector2-admin-${admin}`,
      }),
      sdkCall(this, 'ConfigAdmin', {
        service: 'Organizations',
        action: 'registerDelegatedAdministrator',
        parameters: { AccountId: admin, ServicePrincipal: 'config.amazonaws.com' },
        iamActions: [],
        scoped: delegate('config.amazonaws.com').slice(0, 1),
        alreadyDone: 'AccountAlreadyRegisteredException',
        physicalId: `config-admin-${admin}`,
      }),
    ];
  }

  /**
   * What member accounts declare with `OrganizationSecurityCoverage`: the organization trail logs
   * them (rule Readiness-SEC2). Combine it with `SecurityToolingBaseline.securityCoverage()`.
   */
  public securityCoverage(): OrganizationSecurityCoverageProps {
    return { organizationTrail: true };
  }
}
