import { Token } from 'aws-cdk-lib';
import { invalidValue } from '../../shared/validation';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why S3 would reject a general purpose bucket name, or undefined when it is valid. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it is ${name.length} characters long; S3 bucket names have 3 to 63`;
  if (!BUCKET_NAME.test(name)) {
    return 'S3 bucket names use only lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit';
  }
  if (name.includes('..')) return 'it contains two adjacent dots';
  if (name.includes('.-') || name.includes('-.')) return 'a dot is next to a hyphen';
  if (IP_ADDRESS.test(name)) return 'it is formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `the prefix '${prefix}' is reserved by S3`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `the suffix '${suffix}' is reserved by S3`;
  return undefined;
}

/** Validate a literal bucket name (tokens pass). */
export function validateBucketName(where: string, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) return;
  const problem = bucketNameProblem(name);
  if (problem) {
    invalidValue(where, prop, name, `S3 would reject it: ${problem}. Use 3-63 lowercase letters, digits and hyphens, for example "acme-tfstate-eu-west-1".`);
  }
}

/** Characters safe in S3 keys AND in IAM resource ARNs: no `*` or `?`, which IAM reads as wildcards. */
const PREFIX_SEGMENT = /^[A-Za-z0-9!_.'()=+-]+$/;

/** Why a state key prefix (or key) is unsafe, or undefined when it is fine. */
export function keyPathProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.startsWith('/')) return 'it starts with "/" (S3 keys have no leading slash; Terraform would write to an object named with an empty first segment)';
  if (value.endsWith('/')) return 'it ends with "/"';
  if (value.length > 512) return 'it is longer than 512 characters';
  for (const segment of value.split('/')) {
    if (segment === '..' || segment === '.') return `it contains the path segment "${segment}", which escapes or aliases the prefix that IAM grants are scoped to`;
    if (segment === '') return 'it contains an empty segment ("//")';
    if (/[*?]/.test(segment)) return `the segment "${segment}" contains "*" or "?", which IAM policies read as wildcards: the grants of this prefix would reach other environments' state`;
    if (!PREFIX_SEGMENT.test(segment)) return `the segment "${segment}" has characters outside letters, digits and !_.'()=+-`;
  }
  if (value.includes('..')) return 'it contains ".."';
  return undefined;
}

export function validateKeyPath(where: string, prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    invalidValue(where, prop, value, 'Key prefixes and keys must be literal strings: IAM grants and rendered backend configurations are built from them at synth time.');
  }
  const problem = keyPathProblem(value);
  if (problem) {
    invalidValue(where, prop, value, `A state key prefix must be a relative S3 key path without ".." segments: ${problem}. Use segments such as "prod" or "team-a/prod".`);
  }
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function validateEnvironmentName(where: string, prop: string, value: string): void {
  if (Token.isUnresolved(value) || !ENVIRONMENT_NAME.test(value)) {
    invalidValue(where, prop, value, 'Use 1-32 lowercase letters, digits or dashes, starting with a letter (for example "prod" or "staging-eu").');
  }
}
