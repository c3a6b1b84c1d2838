import { Stack, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { GuardDutyFeature, InspectorScanType } from '../security/security-baseline-options';
import { SecurityHubStandard } from '../security/security-hub-standard';
import { FindingSeverity } from '../security/security-incident-routing';
import { DECLARATION_TAG_KEY, DECLARATION_TAG_VALUE, DECLARED, DeclarationValue, OrganizationSecurityDetails } from '../shared/security-declaration';
import { invalidProp } from '../shared/validation';

/**
 * Props of OrganizationSecurityCoverage: what the organization's security baseline turns on in
 * this member account. Take them from the baselines where the app holds them
 * (`OrganizationBaseline.securityCoverage()`, `SecurityToolingBaseline.securityCoverage()`), so the
 * declaration cannot drift from what is deployed.
 */
export interface OrganizationSecurityCoverageProps {
  /**
   * The organization trail (`OrganizationBaseline`) logs this account: multi-region, log file
   * validation, KMS (rule Readiness-SEC2).
   *
   * @default false
   */
  readonly organizationTrail?: boolean;

  /**
   * GuardDuty is auto-enabled in this account by the delegated administrator, with these
   * protection plans (rule Readiness-SEC1 reports the plans the account's workloads need and the
   * list leaves out). An empty list: GuardDuty on, no protection plan.
   *
   * @default - GuardDuty is not enabled by the organization
   */
  readonly guardDutyFeatures?: GuardDutyFeature[];

  /**
   * Security Hub is configured centrally (a configuration policy associated with this account's
   * OU) with these standards (rule Readiness-SEC3).
   *
   * @default - Security Hub is not configured by the organization
   */
  readonly securityHubStandards?: SecurityHubStandard[];

  /**
   * Amazon Inspector is auto-enabled in this account with these scan types (rule Readiness-SEC4
   * reports the scan types the account's workloads need and the list leaves out; ECR scanning
   * covers the account's repositories).
   *
   * @default - Inspector is not enabled by the organization
   */
  readonly inspectorScanTypes?: InspectorScanType[];

  /**
   * The organization records AWS Config in this account and region (Control Tower, or a
   * recorder and delivery channel rolled out with a `StackSetRollout`). An organization
   * aggregator alone records nothing.
   *
   * @default false
   */
  readonly configRecorder?: boolean;

  /**
   * An organization aggregator of AWS Config collects this account's configuration data.
   *
   * @default false
   */
  readonly configAggregator?: boolean;

  /**
   * The delegated administrator routes this account's findings of this severity and above to
   * incident response (rule Readiness-SEC5 needs HIGH and CRITICAL).
   *
   * @default - findings are not routed by the organization
   */
  readonly findingsRoutedFrom?: FindingSeverity;

  /**
   * Regions where the organization turns these on (GuardDuty and Inspector auto-enable are
   * configured per region by the delegated administrator). A declaration in a stack of another
   * region is refused.
   *
   * @default - the region of the stack the declaration is in
   */
  readonly regions?: string[];
}

const CONSTRUCT = 'OrganizationSecurityCoverage';
const SEVERITIES: readonly string[] = Object.values(FindingSeverity);

/**
 * A member account's declaration of what the organization's security baseline covers in its
 * account and region: the organization trail, GuardDuty and Inspector auto-enabled by the
 * delegated administrator (with which protection plans and scan types), Security Hub central
 * configuration (with which standards), AWS Config recording and aggregation, and central
 * routing of findings. Rules Readiness-SEC1 to SEC5 count what it declares as covered by the
 * organization, and still report what it leaves out (a protection plan or scan type the account's
 * workloads need, Config aggregated but not recorded, only CRITICAL findings routed).
 *
 * The declaration is explicit, never assumed: a `String` SSM parameter of this stack tagged
 * `cdk-readiness:purpose=security-baseline-declaration` (the checks read templates only). It
 * creates nothing else: a second detector or hub would fail the deployment. Add one per account
 * and region the app deploys to.
 */
export class OrganizationSecurityCoverage extends Construct {
  /** The declaration parameter. */
  public readonly parameter: ssm.CfnParameter;
  /** The services declared as provided by the organization (names of the readiness checks). */
  public readonly provided: string[];

  constructor(scope: Construct, id: string, props: OrganizationSecurityCoverageProps) {
    super(scope, id);
    const features = props.guardDutyFeatures;
    for (const f of features ?? []) {
      if (!Object.values(GuardDutyFeature).includes(f)) invalidProp(this, CONSTRUCT, 'guardDutyFeatures', f, `Use GuardDutyFeature: ${Object.values(GuardDutyFeature).join(', ')}.`);
    }
    for (const t of props.inspectorScanTypes ?? []) {
      if (!Object.values(InspectorScanType).includes(t)) invalidProp(this, CONSTRUCT, 'inspectorScanTypes', t, `Use InspectorScanType: ${Object.values(InspectorScanType).join(', ')}.`);
    }
    for (const s of props.securityHubStandards ?? []) {
      if (!SecurityHubStandard._isStandard(s)) invalidProp(this, CONSTRUCT, 'securityHubStandards', s, 'Use SecurityHubStandard constants or SecurityHubStandard.fromPath().');
    }
    if (props.findingsRoutedFrom !== undefined && !SEVERITIES.includes(props.findingsRoutedFrom)) {
      invalidProp(this, CONSTRUCT, 'findingsRoutedFrom', props.findingsRoutedFrom, `Use FindingSeverity: ${SEVERITIES.join(', ')}.`);
    }
    const region = Stack.of(this).region;
    if (props.regions !== undefined && !Token.isUnresolved(region) && !props.regions.includes(region)) {
      invalidProp(this, CONSTRUCT, 'regions', props.regions,
        `The organization turns these services on in ${props.regions.join(', ') || 'no region'}, not in ${region} where this stack deploys: declare only what the organization covers here (its delegated administrator configures GuardDuty and Inspector region by region).`);
    }
    const declares = [
      props.organizationTrail, features, props.securityHubStandards, props.inspectorScanTypes,
      props.configRecorder, props.configAggregator, props.findingsRoutedFrom,
    ];
    if (declares.every((v) => v === undefined || v === false)) {
      invalidProp(this, CONSTRUCT, 'props', props, 'Declare at least one service the organization provides (organizationTrail, guardDutyFeatures, securityHubStandards, inspectorScanTypes, configRecorder, configAggregator, findingsRoutedFrom).');
    }

    const inspectorTypes = props.inspectorScanTypes;
    const routesHigh = props.findingsRoutedFrom !== undefined && props.findingsRoutedFrom !== FindingSeverity.CRITICAL;
    const provided: string[] = [
      ...(props.organizationTrail ? [DECLARED.cloudTrail] : []),
      ...(features !== undefined ? [DECLARED.guardDuty] : []),
      ...(props.securityHubStandards !== undefined ? [DECLARED.securityHub] : []),
      ...(inspectorTypes !== undefined && inspectorTypes.length > 0 ? [DECLARED.inspector] : []),
      ...(inspectorTypes?.includes(InspectorScanType.ECR) ? [DECLARED.ecrScanning] : []),
      ...(props.configRecorder ? [DECLARED.config] : []),
      ...(routesHigh ? [DECLARED.incidentRouting] : []),
    ];
    this.provided = provided.sort();
    const organization: OrganizationSecurityDetails = {
      ...(features !== undefined ? { guardDutyFeatures: [...features] } : {}),
      ...(props.securityHubStandards !== undefined ? { securityHubStandards: props.securityHubStandards.map((s) => s.path) } : {}),
      ...(inspectorTypes !== undefined ? { inspectorScanTypes: [...inspectorTypes] } : {}),
      ...(props.configAggregator ? { configAggregator: true } : {}),
      ...(props.findingsRoutedFrom !== undefined ? { findingsMinimumSeverity: props.findingsRoutedFrom } : {}),
    };
    const value: DeclarationValue = { schema: 1, provided: this.provided, organization };
    this.parameter = new ssm.CfnParameter(this, 'Declaration', {
      type: 'String',
      value: JSON.stringify(value),
      description: `Security services of this account and region that the organization's baseline provides, as ${this.node.path} declares (cdk-readiness)`,
      tags: { [DECLARATION_TAG_KEY]: DECLARATION_TAG_VALUE },
    });
  }
}
