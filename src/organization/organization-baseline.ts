import { CustomResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { OrganizationSecurityCoverageProps } from './organization-security-coverage';
import { delegatedAdministrators } from './private/delegated-admin';
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
 * Config have no CloudFormation resource for it:
 * - GuardDuty and Inspector: a custom resource (`Custom::ReadinessDelegatedAdmin`) whose handler
 *   first lists the delegation (`guardduty:ListOrganizationAdminAccounts`,
 *   `inspector2:ListDelegatedAdminAccounts`) and calls the enable API only when no account is
 *   delegated. The tooling account already delegated is success; another account delegated, or a
 *   removal in progress, fails the deployment with what to do. No error of the enable call is
 *   ignored (GuardDuty answers every refusal with the same BadRequestException).
 * - AWS Config: an `AwsCustomResource` calling `organizations:RegisterDelegatedAdministrator` for
 *   `config.amazonaws.com`, ignoring only `AccountAlreadyRegisteredException`, which Organizations
 *   documents as "this account is already a delegated administrator for this service".
 *
 * Deletion: removing the construct (or the stack) leaves every delegation in place. The
 * delegated-administrator resources are retained and their handler does nothing on delete; the
 * AWS Config call has no delete call. Removing a delegation stops the organization-wide
 * protection of every account, so it is done deliberately (`aws guardduty
 * disable-organization-admin-account`, `aws inspector2 disable-delegated-admin-account`,
 * `aws organizations deregister-delegated-administrator`), not by a stack update.
 *
 * Deploy it in the management account, in the region the security tooling runs in, first (see
 * docs/organization.md); the account's own GuardDuty, Security Hub and Inspector are then enabled
 * by the delegated administrator and declared as provided here.
 */
export class OrganizationBaseline extends Construct {
  /** The security baseline of the management account (the organization trail). */
  public readonly baseline: SecurityBaseline;
  /** The delegation calls made with `AwsCustomResource` (AWS Config's registration). */
  public readonly delegations: cr.AwsCustomResource[];
  /** GuardDuty's and Inspector's delegated administrator (`Custom::ReadinessDelegatedAdmin`). */
  public readonly administrators: CustomResource[];

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
    // AWS Config's registration may register only the tooling account, only for AWS Config.
    const toolingAccount = Stack.of(this).formatArn({ service: 'organizations', region: '', resource: 'account', resourceName: `${props.organizationId}/${admin}` });
    // GuardDuty and Inspector: one handler reads the delegation first and enables it only where none is.
    this.administrators = delegatedAdministrators(this, {
      adminAccountId: admin, organizationId: props.organizationId, logKey: this.baseline.auditLogKey!,
    });
    // AWS Config: Organizations documents AccountAlreadyRegisteredException as exactly "this account is
    // already a delegated administrator for this service": the only error the call ignores.
    this.delegations = [
      sdkCall(this, 'ConfigAdmin', {
        service: 'Organizations',
        action: 'registerDelegatedAdministrator',
        parameters: { AccountId: admin, ServicePrincipal: 'config.amazonaws.com' },
        iamActions: [],
        scoped: [new iam.PolicyStatement({
          actions: ['organizations:RegisterDelegatedAdministrator'],
          resources: [toolingAccount],
          conditions: { StringEquals: { 'organizations:ServicePrincipal': 'config.amazonaws.com' } },
        })],
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
