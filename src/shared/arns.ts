import { Token } from 'aws-cdk-lib';

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
