import { ArgumentError, flag, OptionSpec, parseCommandArgs, ParsedArgs, stringValue, stringValues } from './args';
import { AwsClients } from '../backup/verifier/private/clients';
import { DEFAULT_DRILL_TYPES, DRILL_TYPES, MetadataOverride, parseVerifierConfig, VerifierConfig } from '../backup/verifier/private/config';
import { VerificationReport } from '../backup/verifier/private/report';
import { DEFAULT_RETRY_POLICY } from '../backup/verifier/private/retry';
import { runVerification } from '../backup/verifier/private/run';
import { Progress } from '../backup/verifier/private/verify';
import { ReadinessProfile } from '../profile/readiness-profile';

export const VERIFY_USAGE = `Usage: cdk-readiness verify-backups --primary-vault ARN [--primary-vault ARN ...] --dr-vault ARN [options]

Proves that the backups of the primary vault(s) exist, are fresh and reached the DR vault: for every
resource with recovery points, the newest completed one is younger than the RPO, a copy is in the
DR vault within the allowed copy lag, both are encrypted with the expected keys; failed, expired
and aborted backup, copy and restore jobs of the lookback window are listed. With --drill it also
restores the newest DR copies, measures the restore time against the RTO, validates and deletes them.

Credentials and regions come from the standard AWS SDK chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/...,
SSO after \`aws sso login\`, instance and container roles); each vault is read in the region its ARN names.

Verification (read-only):
  --primary-vault ARN        a vault whose recovery points are verified (repeat for several)
  --dr-vault ARN             the vault in the DR region they are copied to
  --readiness-profile NAME   take RPO and RTO from a profile: dev, staging or prod (default prod)
  --rpo-hours N              the newest recovery point may be at most N hours old (default: the profile's rpoHours)
  --max-copy-lag-hours N     a recovery point must reach the DR vault within N hours (default 8)
  --since-hours N            list failed and expired jobs of the last N hours (default 24)
  --primary-key ARN          key that may encrypt primary recovery points (repeatable; default: the vault's key)
  --dr-key ARN               key that must encrypt the DR copies (default: the DR vault's key)
  --exclude-resource ARN     leave out a resource, e.g. a deleted one whose recovery points remain (repeatable)

Restore drills (create resources in the DR region, and delete them afterwards):
  --drill                    restore the newest DR copies and measure the restore time
  --restore-role ARN         role AWS Backup restores as (required with --drill)
  --rto-hours N              a restore must finish within N hours (default: the profile's rtoHours)
  --drill-types T,T          resource types to drill: ${DRILL_TYPES.join(', ')} (default ${DEFAULT_DRILL_TYPES.join(', ')}; EBS and EFS restores are kept)
  --max-drills N             start at most N restores (default 5)
  --drill-timeout-minutes N  wait at most N minutes for the restores (default: the RTO)
  --metadata TYPE:KEY=VALUE  restore metadata for a type, e.g. RDS:DBSubnetGroupName=dr-db (repeatable; the
                             drill's new name, deletion protection off and EFS new file system always apply)
  --keep-restored            keep the restored resources (default: delete them once validated)

Output:
  --json                     print the report as JSON (for machines)
  --no-progress              no progress bar (it is shown on a terminal only, never in CI or pipes)
  --help                     show this help

Exit codes: 0 every check passed; 1 a check, job or drill failed, or something could not be read; 2 bad usage.

Examples:
  AWS_PROFILE=prod npx cdk-readiness verify-backups \\
    --primary-vault arn:aws:backup:eu-west-1:123456789012:backup-vault:web-backups \\
    --dr-vault arn:aws:backup:eu-central-1:123456789012:backup-vault:web-backups-dr
  npx cdk-readiness verify-backups --primary-vault ARN --dr-vault ARN --json > backups.json
  npx cdk-readiness verify-backups --primary-vault ARN --dr-vault ARN --drill \\
    --restore-role arn:aws:iam::123456789012:role/backup-drill --drill-types DynamoDB
`;

const VALUE_OPTIONS = ['primary-vault', 'dr-vault', 'readiness-profile', 'rpo-hours', 'max-copy-lag-hours', 'since-hours',
  'primary-key', 'dr-key', 'exclude-resource', 'restore-role', 'rto-hours', 'drill-types', 'max-drills',
  'drill-timeout-minutes', 'metadata'];
const REPEATABLE = ['primary-vault', 'primary-key', 'exclude-resource', 'metadata'];
const OPTIONS: Record<string, OptionSpec> = {
  ...Object.fromEntries(VALUE_OPTIONS.map((o) => [o, { type: 'string' as const, multiple: REPEATABLE.includes(o) }])),
  'drill': { type: 'boolean' },
  'keep-restored': { type: 'boolean' },
  'json': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  'help': { type: 'boolean', short: 'h' },
};

/** The parsed command line. */
export interface VerifyArgs {
  readonly config: VerifierConfig;
  readonly json: boolean;
  readonly progress: boolean;
  readonly drill: boolean;
  readonly drillTimeoutMinutes: number;
}

/** A usage error: printed with the help, exit code 2. */
export class UsageError extends Error {}

function hoursOption(values: Map<string, string[]>, name: string, fallback: number): number {
  const raw = values.get(name)?.[0];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} needs a positive number, got '${raw}'.`);
  return n;
}

/** Parse `verify-backups` arguments; throws UsageError on bad input. */
export function parseVerifyArgs(argv: string[]): VerifyArgs | 'help' {
  let parsed: ParsedArgs;
  try {
    parsed = parseCommandArgs(argv, OPTIONS, false);
  } catch (e) {
    throw e instanceof ArgumentError ? new UsageError(e.message) : e;
  }
  // The same view as before: values by option name (with dashes), each a list, and the flags given.
  const values = new Map<string, string[]>();
  for (const name of VALUE_OPTIONS) {
    const v = stringValues(parsed, name) ?? (stringValue(parsed, name) === undefined ? undefined : [stringValue(parsed, name)!]);
    if (v !== undefined) values.set(`--${name}`, v);
  }
  const flags = new Set(Object.keys(OPTIONS).filter((o) => flag(parsed, o)).map((o) => `--${o}`));
  if (flags.has('--help')) return 'help';
  if (!values.has('--primary-vault')) throw new UsageError('Give at least one --primary-vault ARN.');
  if (!values.has('--dr-vault')) throw new UsageError('Give the --dr-vault ARN.');

  let profile: ReadinessProfile;
  try {
    profile = ReadinessProfile.fromName(values.get('--readiness-profile')?.[0] ?? 'prod');
  } catch {
    throw new UsageError(`Unknown --readiness-profile '${values.get('--readiness-profile')![0]}': use dev, staging or prod.`);
  }
  const rtoHours = hoursOption(values, '--rto-hours', profile.rtoHours);
  const drill = flags.has('--drill');
  const drillOnly = ['--restore-role', '--drill-types', '--max-drills', '--drill-timeout-minutes', '--metadata'].filter((o) => values.has(o));
  if (!drill && (drillOnly.length > 0 || flags.has('--keep-restored'))) {
    throw new UsageError(`${[...drillOnly, ...(flags.has('--keep-restored') ? ['--keep-restored'] : [])].join(', ')} only apply with --drill.`);
  }
  if (drill && !values.has('--restore-role')) throw new UsageError('--drill needs --restore-role ARN: the role AWS Backup restores as.');
  const metadata: MetadataOverride[] = (values.get('--metadata') ?? []).map((m) => {
    const match = /^([A-Za-z]+):([A-Za-z][\w-]*)=(.*)$/s.exec(m);
    if (!match) throw new UsageError(`--metadata '${m}': use TYPE:KEY=VALUE, e.g. RDS:DBSubnetGroupName=dr-db.`);
    return { resourceType: match[1], key: match[2], value: match[3] };
  });
  const maxDrills = values.get('--max-drills')?.[0];
  const raw = {
    name: 'verify-backups',
    primaryVaultArns: values.get('--primary-vault'),
    drVaultArn: values.get('--dr-vault')![0],
    primaryKeyArns: values.get('--primary-key'),
    drKeyArn: values.get('--dr-key')?.[0],
    rpoHours: hoursOption(values, '--rpo-hours', profile.rpoHours),
    maxCopyLagHours: hoursOption(values, '--max-copy-lag-hours', 8),
    rtoHours,
    lookbackHours: hoursOption(values, '--since-hours', 24),
    excludeResourceArns: values.get('--exclude-resource'),
    drill: drill ? {
      restoreRoleArn: values.get('--restore-role')![0],
      resourceTypes: values.get('--drill-types')?.[0].split(',').map((t) => t.trim()).filter((t) => t !== ''),
      maxDrillsPerRun: maxDrills === undefined ? undefined : Number(maxDrills),
      metadata,
      cleanup: !flags.has('--keep-restored'),
    } : undefined,
  };
  let config: VerifierConfig;
  try {
    config = parseVerifierConfig(raw, 'verify-backups');
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^verify-backups:? ?/, ''));
  }
  return {
    config,
    json: flags.has('--json'),
    progress: !flags.has('--no-progress'),
    drill,
    drillTimeoutMinutes: hoursOption(values, '--drill-timeout-minutes', rtoHours * 60),
  };
}

/** Where the command writes and what it may assume about the terminal; replaced in tests. */
export interface VerifyIo {
  readonly write: (s: string) => void;
  /** Progress output (stderr). */
  readonly writeProgress: (s: string) => void;
  /** A terminal that is not CI: the progress bar is drawn. */
  readonly interactive: boolean;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Draw a one-line progress bar; `undefined` clears it. */
export function progressLine(p: Progress | undefined, width = 24): string {
  if (!p) return '\r\x1b[2K';
  const done = Math.min(1, p.steps > 0 ? p.step / p.steps : 1);
  const filled = Math.round(done * width);
  return `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(done * 100)).padStart(3)}%  ${p.label}${p.items > 0 ? ` (${p.items.toLocaleString('en-US')})` : ''}`;
}

/** Run `verify-backups`; returns the exit code. */
export async function verifyBackups(argv: string[], io: VerifyIo): Promise<number> {
  let args: VerifyArgs | 'help';
  try {
    args = parseVerifyArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.write(`${e.message}\n\n${VERIFY_USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    io.write(VERIFY_USAGE);
    return 0;
  }
  const showProgress = args.progress && io.interactive;
  const clients = new AwsClients({
    ...DEFAULT_RETRY_POLICY,
    sleep: io.sleep,
    now: () => io.now().getTime(),
    onRetry: showProgress ? (e, attempt) => io.writeProgress(`\r\x1b[2K  retrying after ${(e as any)?.name ?? 'error'} (attempt ${attempt + 1})`) : undefined,
  });
  const report = await runVerification(args.config, {
    clients,
    now: io.now,
    sleep: io.sleep,
    deadline: io.now().getTime() + args.drillTimeoutMinutes * 60_000,
    startDrills: args.drill,
    progress: showProgress ? (p) => io.writeProgress(progressLine(p)) : undefined,
  });
  if (showProgress) io.writeProgress(progressLine(undefined));
  io.write(args.json ? JSON.stringify(report, undefined, 2) + '\n' : renderReport(report));
  return report.passed ? 0 : 1;
}

function table(rows: string[][], indent = ''): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** The resource part of an ARN (after account), short enough for a table. */
function shortArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 5 ? parts.slice(5).join(':') : arn;
}

const h = (n: number | undefined) => (n === undefined ? '-' : `${n} h`);

/** The report as the terminal shows it. */
export function renderReport(r: VerificationReport): string {
  const t = r.thresholds;
  let out = `Backup verification of ${r.primaryVaultArns.join(', ')} -> ${r.drVaultArn}\n`;
  out += `RPO ${t.rpoHours} h, copy lag ${t.maxCopyLagHours} h, RTO ${t.rtoHours} h, jobs of the last ${t.lookbackHours} h\n\n`;
  if (r.resources.length > 0) {
    const rows = [['STATUS', 'TYPE', 'RESOURCE', 'RP AGE', 'COPY LAG', 'FINDINGS']];
    for (const res of r.resources) {
      const findings = res.checks.filter((c) => c.status !== 'PASS').map((c) => `${c.check}: ${c.message}`).join('; ');
      rows.push([res.status, res.resourceType, shortArn(res.resourceArn), h(res.recoveryPointAgeHours), h(res.copyLagHours), findings]);
    }
    out += table(rows);
  } else {
    out += 'No protected resource found.\n';
  }
  if (r.jobs.length > 0) {
    out += `\nFailed, expired or aborted jobs of the last ${t.lookbackHours} h:\n`;
    out += table([['KIND', 'STATE', 'JOB', 'RESOURCE', 'MESSAGE'], ...r.jobs.map((j) => [j.kind, j.state, j.jobId, shortArn(j.resourceArn ?? '-'), j.message])], '  ');
  }
  if (r.errors.length > 0) {
    out += '\nCould not verify:\n';
    out += table([['CODE', 'TARGET', 'MESSAGE'], ...r.errors.map((e) => [e.code, e.target, e.message])], '  ');
  }
  if (r.drills.length > 0) {
    out += '\nRestore drills:\n';
    out += table([['STATUS', 'TYPE', 'RESOURCE', 'RESTORE TIME', 'VALIDATION', 'CLEAN-UP', 'DETAILS'],
      ...r.drills.map((d) => [d.status, d.resourceType, shortArn(d.resourceArn), h(d.restoreTimeHours), d.validation ?? '-', d.cleanup ?? '-', d.message])], '  ');
  }
  const s = r.summary;
  const why = [
    s.resourcesFailed > 0 ? `${s.resourcesFailed} of ${s.resources} resources failed` : undefined,
    s.jobsFailed > 0 ? `${s.jobsFailed} job(s) failed` : undefined,
    s.errors > 0 ? `${s.errors} could not be read` : undefined,
    s.drillsFailed > 0 ? `${s.drillsFailed} drill(s) failed` : undefined,
  ].filter((x) => x !== undefined);
  const ok = `${s.resources} resources verified${s.drills > 0 ? `, ${s.drills} drill(s) passed or running` : ''}`;
  out += `\n${r.passed ? 'PASS' : 'FAIL'}: ${r.passed ? ok : why.join(', ')} (${r.apiCalls} API calls)\n`;
  return out;
}
