/**
 * Rendering of Terraform/OpenTofu `backend "s3"` blocks, shared by RemoteStateBackend (synth
 * time) and the `cdk-readiness backend-config` CLI (from `cdk deploy --outputs-file`).
 * Plain data in, text out: no CDK imports, so the CLI loads nothing else.
 */

/** Marks a stack output as a backend descriptor (its value is JSON). */
export const DESCRIPTOR_FORMAT = 'cdk-readiness/terraform-backend@1';

/** Everything a backend block needs. Values may be CDK token strings at synth time. */
export interface BackendValues {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly kmsKeyId: string;
  readonly useLockfile: boolean;
  readonly dynamodbTable?: string;
  readonly workspaceKeyPrefix: string;
  readonly roleArn?: string;
}

/** The stack output value: a backend environment with the key prefix, not a full key. */
export interface BackendDescriptor {
  readonly format: string;
  /** Construct path of the backend. */
  readonly backend: string;
  readonly environment: string;
  readonly bucket: string;
  readonly region: string;
  readonly kmsKeyId: string;
  readonly keyPrefix: string;
  readonly stateKey: string;
  readonly useLockfile: boolean;
  readonly dynamodbTable?: string;
  readonly roleArn?: string;
}

export type Tool = 'terraform' | 'opentofu';

/** Minimum client version for the rendered configuration. */
export function minimumVersion(values: BackendValues, tool: Tool): string {
  // use_lockfile: Terraform 1.10.1 (1.10.0 cannot write lock files to an Object Lock bucket,
  // hashicorp/terraform#36113) and OpenTofu 1.10; the `assume_role = {}` argument: both 1.6.
  if (!values.useLockfile) return '1.6.0';
  return tool === 'opentofu' ? '1.10.0' : '1.10.1';
}

/** The values of one environment and state key. */
export function valuesFromDescriptor(d: BackendDescriptor, stateKey?: string, roleArn?: string): BackendValues {
  return {
    bucket: d.bucket,
    key: `${d.keyPrefix}/${stateKey ?? d.stateKey}`,
    region: d.region,
    kmsKeyId: d.kmsKeyId,
    useLockfile: d.useLockfile,
    dynamodbTable: d.dynamodbTable,
    workspaceKeyPrefix: d.keyPrefix,
    roleArn: roleArn ?? d.roleArn,
  };
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/**
 * The HCL. `placeholders` maps attribute names whose value is only known after deployment to a
 * note; those attributes are written as comments (a partial configuration).
 */
export function renderHcl(values: BackendValues, tool: Tool, header: string[], placeholders: Record<string, string> = {}): string {
  const toolName = tool === 'opentofu' ? 'OpenTofu' : 'Terraform';
  const lines: string[] = [];
  for (const h of header) lines.push(`# ${h}`);
  lines.push(`# ${toolName} >= ${minimumVersion(values, tool)}${values.useLockfile ? ' (S3 native locking: use_lockfile)' : ''}.`);
  lines.push('terraform {');
  lines.push(`  required_version = ">= ${minimumVersion(values, tool)}"`);
  lines.push('');
  lines.push('  backend "s3" {');
  const attrs: Array<[string, string]> = [
    ['bucket', quote(values.bucket)],
    ['key', quote(values.key)],
    ['region', quote(values.region)],
    ['encrypt', 'true'],
    ['kms_key_id', quote(values.kmsKeyId)],
  ];
  if (values.useLockfile) attrs.push(['use_lockfile', 'true']);
  if (values.dynamodbTable !== undefined) attrs.push(['dynamodb_table', quote(values.dynamodbTable)]);
  attrs.push(['workspace_key_prefix', quote(values.workspaceKeyPrefix)]);
  const width = Math.max(...attrs.map(([k]) => k.length));
  if (placeholders.kms_key_id) {
    lines.push('    # Fill in kms_key_id (or run `cdk-readiness backend-config` on the deploy outputs): the bucket');
    lines.push('    # policy denies uploads encrypted with any other key, including `encrypt = true` alone (SSE-S3).');
  }
  for (const [k, v] of attrs) {
    const note = placeholders[k];
    lines.push(note ? `    # ${k.padEnd(width)} = <${note}>` : `    ${k.padEnd(width)} = ${v}`);
  }
  if (values.roleArn !== undefined) {
    lines.push('');
    // An object argument (`assume_role = { ... }`), not a block: `assume_role { ... }` fails `init`.
    lines.push('    assume_role = {');
    const note = placeholders.role_arn;
    lines.push(note ? `      # role_arn = <${note}>` : `      role_arn = ${quote(values.roleArn)}`);
    lines.push('    }');
  }
  lines.push('  }');
  lines.push('}');
  return lines.join('\n') + '\n';
}
