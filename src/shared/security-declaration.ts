// The contract between SecurityBaseline and the SEC rules: services a baseline declares as
// provided (by the organization, or already set up) are written into an SSM parameter tagged
// `cdk-readiness:purpose=security-baseline-declaration`, whose value lists them as JSON. The
// rules read templates only, so the declaration must be a resource of the template.
// `OrganizationSecurityCoverage` writes the same declaration, with the organization's details.

export const DECLARATION_TAG_KEY = 'cdk-readiness:purpose';
export const DECLARATION_TAG_VALUE = 'security-baseline-declaration';

/** Names of the services a declaration can list. */
export const DECLARED = {
  guardDuty: 'guardduty',
  securityHub: 'securityhub',
  config: 'config',
  inspector: 'inspector',
  ecrScanning: 'ecr-scanning',
  cloudTrail: 'cloudtrail',
  accessAnalyzer: 'access-analyzer',
  incidentRouting: 'incident-routing',
} as const;

export interface DeclarationValue {
  readonly schema: 1;
  readonly provided: string[];
  /**
   * Set by `OrganizationSecurityCoverage`: the services are provided by the organization's
   * baseline, with what exactly it turns on (the rules still judge what it leaves off).
   */
  readonly organization?: OrganizationSecurityDetails;
}

/** What the organization's baseline turns on in a member account, as declared. */
export interface OrganizationSecurityDetails {
  /** GuardDuty protection plans auto-enabled (`GuardDutyFeature` names), when GuardDuty is. */
  readonly guardDutyFeatures?: string[];
  /** Security Hub standards of the central configuration policy (`standards/...` paths), when Security Hub is configured centrally. */
  readonly securityHubStandards?: string[];
  /** Inspector scan types auto-enabled (`InspectorScanType` names), when Inspector is. */
  readonly inspectorScanTypes?: string[];
  /** An organization aggregator collects AWS Config data (it records nothing itself). */
  readonly configAggregator?: boolean;
  /** Lowest severity of findings the delegated administrator routes, when it routes them. */
  readonly findingsMinimumSeverity?: string;
}

/** A parsed declaration: the services it declares, and the organization's details when it is an organization's. */
export interface ParsedDeclaration {
  readonly provided: string[];
  readonly organization?: OrganizationSecurityDetails;
}

/** The declaration a parameter value holds, or undefined if it is not one. */
export function parseDeclaration(value: unknown): ParsedDeclaration | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    if (!Array.isArray(parsed?.provided)) return undefined;
    const organization = parsed.organization !== null && typeof parsed.organization === 'object' ? parsed.organization as OrganizationSecurityDetails : undefined;
    return { provided: parsed.provided.map(String), ...(organization ? { organization } : {}) };
  } catch {
    return undefined;
  }
}
