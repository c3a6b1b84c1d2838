// The contract between OrganizationBackupCoverage and rule BAK1: a member account's app declares
// that the organization's backup policy backs up its resources carrying a tag. The rules read
// templates only, so the declaration is an SSM parameter tagged
// `cdk-readiness:purpose=organization-backup-declaration` whose value is this JSON.

export const ORGANIZATION_BACKUP_DECLARATION_TAG_VALUE = 'organization-backup-declaration';

export interface OrganizationBackupDeclarationValue {
  readonly schema: 1;
  /** The backup policy of the organization (its name, for the reader). */
  readonly policyName: string;
  /** Regions the policy backs up. */
  readonly regions: string[];
  /** The tag key that selects resources, and the values that do. */
  readonly tagKey: string;
  readonly tagValues: string[];
  /** Where the policy copies recovery points, if anywhere. */
  readonly copyRegion?: string;
  /** The vault the policy's plan keeps recovery points in, in every account and region, when declared. */
  readonly vaultName?: string;
  /** The schedule of the policy's most frequent rule (`cron(...)` or `rate(...)`), when declared; daily when not. */
  readonly scheduleExpression?: string;
}

/** The declaration a parameter value holds, or undefined if it is not one. */
export function parseOrganizationBackupDeclaration(value: unknown): OrganizationBackupDeclarationValue | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value);
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (parsed?.schema !== 1 || typeof parsed.tagKey !== 'string' || !strings(parsed.regions) || !strings(parsed.tagValues)) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}
