import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Throw the library's standard bad-input error: which construct, which prop, the value received
 * and what to do instead.
 */
export function invalidProp(scope: IConstruct, construct: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${construct} '${scope.node.path}': invalid ${prop} ${describe(value)}. ${fix}`);
}

function describe(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  return JSON.stringify(value);
}

/** Whole days of a resolved duration, or undefined when the duration is a token. */
export function daysOf(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toDays({ integral: false });
}

/** Whole hours of a resolved duration, or undefined when the duration is a token. */
export function hoursOf(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toHours({ integral: false });
}

/** The region part of an ARN string, when it is a literal (the rest of the ARN may hold tokens). */
export function regionOfArn(arn: string): string | undefined {
  if (Token.isUnresolved(arn) && !arn.includes(':')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const region = parts[3];
  return region && !Token.isUnresolved(region) ? region : undefined;
}

/** The resource-name part of a `...:backup-vault:<name>` ARN, when literal. */
export function vaultNameOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[5] !== 'backup-vault') return undefined;
  const name = parts.slice(6).join(':');
  return name && !Token.isUnresolved(name) ? name : undefined;
}

/** A value that is either a token or passes the check. */
export function resolvedAnd<T>(value: T, check: (v: T) => boolean): boolean {
  return !Token.isUnresolved(value) && check(value);
}

/** The AWS managed policies AWS Backup's service roles use, acknowledged for cdk-nag with the reason. */
export const BACKUP_MANAGED_POLICY_REASON =
  'AWS Backup service role: AWS maintains AWSBackupServiceRolePolicyForBackup/ForRestores for every resource type AWS Backup supports ' +
  '(RDS, Aurora, DynamoDB, EFS, EBS, FSx, DocumentDB, Neptune, with their KMS grant conditions); a hand-written copy would silently break backups when AWS adds permissions.';

export function backupManagedPolicyIds(policies: string[]): string[] {
  return policies.map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${p}]`);
}
