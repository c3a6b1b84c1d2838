// The contract between SecurityBaseline and the SEC rules: services a baseline declares as
// provided (by the organization, or already set up) are written into an SSM parameter tagged
// `cdk-readiness:purpose=security-baseline-declaration`, whose value lists them as JSON. The
// rules read templates only, so the declaration must be a resource of the template.

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
}

/** The services a parameter value declares as provided, or undefined if it is not a declaration. */
export function parseDeclaration(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed?.provided) ? parsed.provided.map(String) : undefined;
  } catch {
    return undefined;
  }
}
