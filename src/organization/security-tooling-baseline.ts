import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { OrganizationSecurityCoverageProps } from './organization-security-coverage';
import { sdkCall } from './private/sdk-call';
import { GuardDutyFeature, InspectorScanType } from '../security/security-baseline-options';
import { SecurityHubStandard } from '../security/security-hub-standard';
import { FindingSeverity, SecurityIncidentRouting } from '../security/security-incident-routing';
import { invalidProp } from '../shared/validation';

/**
 * Props of SecurityToolingBaseline.
 */
export interface SecurityToolingBaselineProps {
  /** OUs (`ou-...`) or the root (`r-...`) the Security Hub configuration policy is associated with. */
  readonly targetIds: string[];

  /**
   * GuardDuty protection plans auto-enabled in every member account.
   *
   * @default - S3, EKS audit logs, EBS malware protection, RDS login events, Lambda network logs and Runtime Monitoring
   */
  readonly guardDutyFeatures?: GuardDutyFeature[];

  /**
   * Amazon Inspector scan types auto-enabled in every member account.
   *
   * @default - EC2, ECR and LAMBDA
   */
  readonly inspectorScanTypes?: InspectorScanType[];

  /**
   * Member accounts that were in the organization before this baseline: the delegated
   * administrator enables Inspector in each, with `inspectorScanTypes` (`inspector2:Enable`).
   * Inspector's organization auto-enable (`UpdateOrganizationConfiguration`) covers only accounts
   * that join later, unlike GuardDuty's `AutoEnableOrganizationMembers: ALL`. List every existing
   * member account (at most 100): `securityCoverage()` declares Inspector only when this is given.
   * Re-deploying with more scan types enables them; removing an account or a scan type disables
   * nothing (turning Inspector off is a deliberate act: `aws inspector2 disable`).
   *
   * Without it, enable the existing accounts once, from the delegated administrator in each region:
   * `aws inspector2 enable --account-ids 111122223333 444455556666 --resource-types EC2 ECR LAMBDA --region eu-west-1`.
   *
   * @default - existing member accounts are not enabled by the baseline, and `securityCoverage()` leaves `inspectorScanTypes` out
   */
  readonly inspectorMemberAccountIds?: string[];

  /**
   * Security Hub standards of the configuration policy.
   *
   * @default - AWS Foundational Security Best Practices and CIS AWS Foundations 3.0.0
   */
  readonly standards?: SecurityHubStandard[];

  /**
   * Findings of this severity and above, from every member account, are routed.
   *
   * @default FindingSeverity.HIGH
   */
  readonly minimumSeverity?: FindingSeverity;
}

const CONSTRUCT = 'SecurityToolingBaseline';
const TARGET = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/**
 * The delegated administrator's (security tooling account's) part of the organization baseline,
 * deployed in its home region after `OrganizationBaseline`:
 * - GuardDuty: every member account, present and future, auto-enabled with the protection plans
 *   (`guardduty:UpdateOrganizationConfiguration` on the detector the delegation created);
 * - Security Hub central configuration: a home-region finding aggregator (all regions),
 *   `OrganizationConfiguration` of type CENTRAL, a `ConfigurationPolicy` with the standards and
 *   its `PolicyAssociation` to the OUs;
 * - Amazon Inspector: auto-enable for accounts that join the organization later
 *   (`inspector2:UpdateOrganizationConfiguration` covers only new members), and `inspector2:Enable`
 *   for the existing member accounts listed in `inspectorMemberAccountIds`;
 * - AWS Config: an organization aggregator (all accounts, all regions);
 * - findings of every member account routed once, from here, by severity (`SecurityIncidentRouting`:
 *   delegated administrators receive their members' findings as EventBridge events).
 *
 * The GuardDuty and Inspector calls have no CloudFormation resource: each is one
 * `AwsCustomResource` making exactly that call on create and update (the calls set a
 * configuration, so repeating them is harmless); deleting leaves the configuration as it is
 * (turning auto-enable off is done deliberately, in the console or CLI).
 */
export class SecurityToolingBaseline extends Construct {
  /** The routing of member accounts' findings. */
  public readonly incidentRouting: SecurityIncidentRouting;
  /** The Security Hub configuration policy. */
  public readonly configurationPolicy: securityhub.CfnConfigurationPolicy;
  /** The organization aggregator of AWS Config. */
  public readonly aggregator: config.CfnConfigurationAggregator;
  private readonly coverage: OrganizationSecurityCoverageProps;

  constructor(scope: Construct, id: string, props: SecurityToolingBaselineProps) {
    super(scope, id);
    if (!Array.isArray(props.targetIds) || props.targetIds.length === 0) {
      invalidProp(this, CONSTRUCT, 'targetIds', props.targetIds, 'List the OUs (ou-...) or the root (r-...) the Security Hub configuration applies to.');
    }
    for (const t of props.targetIds) {
      if (!Token.isUnresolved(t) && !TARGET.test(t)) invalidProp(this, CONSTRUCT, 'targetIds', t, 'Give an OU id (ou-xxxx-yyyyyyyy) or the root id (r-xxxx).');
    }
    const features = props.guardDutyFeatures ?? Object.values(GuardDutyFeature);
    for (const f of features) {
      if (!Object.values(GuardDutyFeature).includes(f)) invalidProp(this, CONSTRUCT, 'guardDutyFeatures', f, `Use GuardDutyFeature: ${Object.values(GuardDutyFeature).join(', ')}.`);
    }
    const scanTypes = props.inspectorScanTypes ?? [InspectorScanType.EC2, InspectorScanType.ECR, InspectorScanType.LAMBDA];
    if (scanTypes.length === 0) invalidProp(this, CONSTRUCT, 'inspectorScanTypes', scanTypes, 'List at least one scan type (rule Readiness-SEC4).');
    const standards = props.standards
      ?? [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0];
    if (standards.length === 0) invalidProp(this, CONSTRUCT, 'standards', standards, 'Enable at least one standard (rule Readiness-SEC3).');

    this.guardDuty(features);
    this.configurationPolicy = this.securityHub(standards, props.targetIds);
    this.inspector(scanTypes);
    const existingMembers = props.inspectorMemberAccountIds;
    if (existingMembers !== undefined) this.inspectorMembers(existingMembers, scanTypes);
    this.aggregator = this.configAggregator();
    const minimumSeverity = props.minimumSeverity ?? FindingSeverity.HIGH;
    this.incidentRouting = new SecurityIncidentRouting(this, 'IncidentRouting', { minimumSeverity });
    const region = Stack.of(this).region;
    this.coverage = {
      guardDutyFeatures: features,
      securityHubStandards: standards,
      // Inspector's auto-enable reaches new accounts only: declared when the existing ones are enabled too.
      ...(existingMembers !== undefined ? { inspectorScanTypes: scanTypes } : {}),
      configAggregator: true,
      findingsRoutedFrom: minimumSeverity,
      // GuardDuty and Inspector auto-enable are set in this region only.
      ...(Token.isUnresolved(region) ? {} : { regions: [region] }),
    };
  }

  /**
   * What member accounts declare with `OrganizationSecurityCoverage` (rules Readiness-SEC1 to
   * SEC5 read the declaration): GuardDuty and Inspector auto-enabled with this baseline's plans and
   * scan types, Security Hub's central configuration with its standards, the Config aggregator and
   * the routing of findings, in this baseline's region. Add `organizationTrail` from
   * `OrganizationBaseline.securityCoverage()`, and `configRecorder` where the organization records.
   *
   * Inspector's scan types are declared only when `inspectorMemberAccountIds` is given: its
   * organization auto-enable covers only accounts that join later. An account that joined after
   * the baseline, or that was enabled with `aws inspector2 enable`, may add `inspectorScanTypes`
   * to its own declaration.
   */
  public securityCoverage(): OrganizationSecurityCoverageProps {
    const c = this.coverage;
    return {
      ...c,
      guardDutyFeatures: [...c.guardDutyFeatures!],
      securityHubStandards: [...c.securityHubStandards!],
      ...(c.inspectorScanTypes ? { inspectorScanTypes: [...c.inspectorScanTypes] } : {}),
      ...(c.regions ? { regions: [...c.regions] } : {}),
    };
  }

  private guardDuty(features: GuardDutyFeature[]): cr.AwsCustomResource {
    // The detector exists: the delegation enabled GuardDuty in this account and region.
    const detectors = sdkCall(this, 'GuardDutyDetector', {
      service: 'GuardDuty',
      action: 'listDetectors',
      parameters: {},
      iamActions: ['guardduty:ListDetectors'],
      physicalId: 'guardduty-detector',
    });
    return sdkCall(this, 'GuardDutyAutoEnable', {
      service: 'GuardDuty',
      action: 'updateOrganizationConfiguration',
      parameters: {
        DetectorId: detectors.getResponseField('DetectorIds.0'),
        AutoEnableOrganizationMembers: 'ALL',
        Features: Object.values(GuardDutyFeature).map((name) => ({ Name: name, AutoEnable: features.includes(name) ? 'ALL' : 'NONE' })),
      },
      iamActions: ['guardduty:UpdateOrganizationConfiguration'],
      physicalId: 'guardduty-organization-configuration',
    });
  }

  private securityHub(standards: SecurityHubStandard[], targetIds: string[]): securityhub.CfnConfigurationPolicy {
    // Central configuration needs a home region that aggregates every region.
    const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', { regionLinkingMode: 'ALL_REGIONS' });
    const organization = new securityhub.CfnOrganizationConfiguration(this, 'SecurityHubOrganization', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    });
    organization.addResourceDependency(aggregator);
    const policy = new securityhub.CfnConfigurationPolicy(this, 'SecurityHubPolicy', {
      name: 'readiness-organization',
      description: 'Security Hub on, with the readiness standards, in every account of the organization (cdk-readiness)',
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: standards.map((s) => s.arnIn(this)),
          securityControlsConfiguration: { disabledSecurityControlIdentifiers: [] },
        },
      },
    });
    policy.addResourceDependency(organization);
    targetIds.forEach((targetId, i) => {
      new securityhub.CfnPolicyAssociation(this, i === 0 ? 'SecurityHubPolicyAssociation' : `SecurityHubPolicyAssociation${i + 1}`, {
        configurationPolicyId: policy.attrId,
        targetId,
        targetType: targetId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
      });
    });
    return policy;
  }

  private inspector(scanTypes: InspectorScanType[]): cr.AwsCustomResource {
    const on = (t: InspectorScanType) => scanTypes.includes(t);
    return sdkCall(this, 'InspectorAutoEnable', {
      service: 'Inspector2',
      action: 'updateOrganizationConfiguration',
      parameters: {
        autoEnable: {
          ec2: on(InspectorScanType.EC2),
          ecr: on(InspectorScanType.ECR),
          lambda: on(InspectorScanType.LAMBDA),
          lambdaCode: on(InspectorScanType.LAMBDA_CODE),
        },
      },
      iamActions: ['inspector2:UpdateOrganizationConfiguration'],
      physicalId: 'inspector2-organization-configuration',
    });
  }

  /** Inspector enabled in the existing member accounts (auto-enable reaches only new ones). */
  private inspectorMembers(accountIds: string[], scanTypes: InspectorScanType[]): cr.AwsCustomResource {
    if (!Array.isArray(accountIds) || accountIds.length === 0 || accountIds.length > 100) {
      invalidProp(this, CONSTRUCT, 'inspectorMemberAccountIds', accountIds, 'List the 1 to 100 member accounts (12-digit ids) that were in the organization before this baseline, or leave the prop out.');
    }
    for (const a of accountIds) {
      if (!Token.isUnresolved(a) && !/^\d{12}$/.test(a)) invalidProp(this, CONSTRUCT, 'inspectorMemberAccountIds', a, 'Give 12-digit AWS account ids.');
    }
    return sdkCall(this, 'InspectorMemberEnable', {
      service: 'Inspector2',
      action: 'enable',
      parameters: { accountIds, resourceTypes: [...scanTypes] },
      iamActions: ['inspector2:Enable'],
      physicalId: 'inspector2-member-enablement',
    });
  }

  private configAggregator(): config.CfnConfigurationAggregator {
    const role = new iam.Role(this, 'ConfigAggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
      description: `Lets AWS Config read the organization's accounts for the aggregator of ${Stack.of(this).stackName}`,
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
      reason: 'The AWS managed policy made for this one purpose: it lets AWS Config list the organization\'s accounts (organizations:List*, Describe*) and nothing else, and AWS keeps it current with the service.',
    });
    return new config.CfnConfigurationAggregator(this, 'ConfigAggregator', {
      configurationAggregatorName: 'readiness-organization',
      organizationAggregationSource: { roleArn: role.roleArn, allAwsRegions: true },
    });
  }
}
