/**
 * What a verification run checks: the same JSON for the scheduled Lambda (environment variable
 * `VERIFIER_CONFIG`, written by the `BackupVerifier` construct) and the CLI (built from its flags).
 */

/** The restore metadata a drill sets for one resource type, over what the recovery point stores. */
export interface MetadataOverride {
  /** AWS Backup resource type (`RDS`, `Aurora`, `DynamoDB`, `EFS`, `EBS`, `DocumentDB`, `Neptune`). */
  readonly resourceType: string;
  /** Restore metadata key (case-insensitive, e.g. `DBSubnetGroupName`). */
  readonly key: string;
  /** Its value; lists are JSON arrays (`["sg-0123"]`). */
  readonly value: string;
}

/** Restore drills: opt-in restores of the newest DR copies, measured and cleaned up. */
export interface DrillConfig {
  /** The role AWS Backup restores as; only drills use it, so its restore jobs are the drills' record. */
  readonly restoreRoleArn: string;
  /** Resource types drilled. */
  readonly resourceTypes: string[];
  /** At most this many restores are started per run. */
  readonly maxDrillsPerRun: number;
  /**
   * A recovery point is restored at most once within this many hours: a run inside it waits for
   * (or reports) a restore still running and leaves out one that ended.
   */
  readonly windowHours: number;
  /** Restore metadata set over the stored one (subnet group, security groups, ...). */
  readonly metadata: MetadataOverride[];
  /** Delete what the drill restored once it is measured and validated. */
  readonly cleanup: boolean;
}

/** One verification run. */
export interface VerifierConfig {
  /** Name of the verifier: the `Verifier` dimension of its metrics. */
  readonly name: string;
  /** Vaults whose recovery points are verified (any region; usually the primary region). */
  readonly primaryVaultArns: string[];
  /** The DR vault the primary vaults copy to. */
  readonly drVaultArn: string;
  /**
   * Keys that may encrypt recovery points of the primary vaults that AWS Backup encrypts itself.
   * Default: each vault's own key (DescribeBackupVault).
   */
  readonly primaryKeyArns?: string[];
  /** The key that must encrypt the DR copies. Default: the DR vault's key (DescribeBackupVault). */
  readonly drKeyArn?: string;
  /** The newest recovery point of a resource may be at most this old. */
  readonly rpoHours: number;
  /** A recovery point must reach the DR vault within this many hours of its creation. */
  readonly maxCopyLagHours: number;
  /** A restore drill must finish within this many hours. */
  readonly rtoHours: number;
  /** Failed and expired jobs of the last this-many hours are listed (the run interval). */
  readonly lookbackHours: number;
  /** Resources left out (deleted ones whose recovery points have not expired yet). */
  readonly excludeResourceArns?: string[];
  /** Emit metrics per resource, not only the run's summary. Default true. */
  readonly perResourceMetrics?: boolean;
  /** Restore drills, when enabled. */
  readonly drill?: DrillConfig;
}

/** Tag every resource a drill restores carries; its value is the id of the restore job. */
export const DRILL_TAG_KEY = 'cdk-readiness:restore-drill';
/** Prefix of the names drills give restored databases and tables (IAM scopes deletion to it). */
export const DRILL_NAME_PREFIX = 'cdkr-drill-';
/** Resource types drills know how to restore, validate and clean up. */
export const DRILL_TYPES = ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EFS', 'Neptune', 'RDS'];
/** Types drilled unless others are named: those whose restores drills delete (EBS and EFS restores are kept). */
export const DEFAULT_DRILL_TYPES = DRILL_TYPES.filter((t) => t !== 'EBS' && t !== 'EFS');

const VAULT_ARN = /^arn:(aws[a-z-]*):backup:([a-z0-9-]+):(\d{12}):backup-vault:([a-zA-Z0-9\-_]{2,50})$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The parts of a backup vault ARN. */
export interface VaultRef {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** Parse a backup vault ARN, or throw naming where it came from. */
export function parseVaultArn(arn: string, what: string): VaultRef {
  const m = VAULT_ARN.exec(String(arn));
  if (!m) {
    throw new Error(`${what}: ${JSON.stringify(arn)} is not a backup vault ARN. Give arn:aws:backup:<region>:<account>:backup-vault:<name>.`);
  }
  return { arn, partition: m[1], region: m[2], account: m[3], name: m[4] };
}

function positive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(`${what}: ${JSON.stringify(value)} is not a positive number of hours.`);
  }
  return value;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new Error(`${what}: expected a list of strings, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Validate a configuration (from the environment or the CLI); every error names the field. */
export function parseVerifierConfig(raw: unknown, source: string): VerifierConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`${source}: expected a JSON object with primaryVaultArns, drVaultArn, rpoHours, ...`);
  }
  const c = raw as Record<string, any>;
  const name = typeof c.name === 'string' && c.name !== '' ? c.name : 'verify-backups';
  const primaryVaultArns = stringList(c.primaryVaultArns, `${source} primaryVaultArns`);
  if (primaryVaultArns.length === 0) throw new Error(`${source} primaryVaultArns: give at least one vault to verify.`);
  primaryVaultArns.forEach((a, i) => parseVaultArn(a, `${source} primaryVaultArns[${i}]`));
  const dr = parseVaultArn(c.drVaultArn, `${source} drVaultArn`);
  for (const a of primaryVaultArns) {
    if (parseVaultArn(a, source).region === dr.region) {
      throw new Error(`${source}: primary vault ${a} is in ${dr.region}, the region of the DR vault. A DR copy must be in another region.`);
    }
  }
  const config: VerifierConfig = {
    name,
    primaryVaultArns,
    drVaultArn: dr.arn,
    primaryKeyArns: c.primaryKeyArns === undefined ? undefined : stringList(c.primaryKeyArns, `${source} primaryKeyArns`),
    drKeyArn: c.drKeyArn === undefined ? undefined : stringList([c.drKeyArn], `${source} drKeyArn`)[0],
    rpoHours: positive(c.rpoHours, `${source} rpoHours`),
    maxCopyLagHours: positive(c.maxCopyLagHours, `${source} maxCopyLagHours`),
    rtoHours: positive(c.rtoHours, `${source} rtoHours`),
    lookbackHours: positive(c.lookbackHours, `${source} lookbackHours`),
    excludeResourceArns: c.excludeResourceArns === undefined ? undefined : stringList(c.excludeResourceArns, `${source} excludeResourceArns`),
    perResourceMetrics: c.perResourceMetrics === undefined ? true : Boolean(c.perResourceMetrics),
    drill: c.drill === undefined || c.drill === null ? undefined : parseDrill(c.drill, `${source} drill`),
  };
  return config;
}

function parseDrill(raw: unknown, source: string): DrillConfig {
  if (!raw || typeof raw !== 'object') throw new Error(`${source}: expected an object.`);
  const d = raw as Record<string, any>;
  if (typeof d.restoreRoleArn !== 'string' || !ROLE_ARN.test(d.restoreRoleArn)) {
    throw new Error(`${source} restoreRoleArn: ${JSON.stringify(d.restoreRoleArn)} is not an IAM role ARN. Give the role AWS Backup restores as (trusting backup.amazonaws.com, with AWSBackupServiceRolePolicyForRestores).`);
  }
  const resourceTypes = d.resourceTypes === undefined ? [...DEFAULT_DRILL_TYPES] : stringList(d.resourceTypes, `${source} resourceTypes`);
  for (const t of resourceTypes) {
    if (!DRILL_TYPES.includes(t)) throw new Error(`${source} resourceTypes: unknown type '${t}'. Drills support ${DRILL_TYPES.join(', ')}.`);
  }
  const max = d.maxDrillsPerRun ?? 5;
  if (!Number.isInteger(max) || max < 1 || max > 50) throw new Error(`${source} maxDrillsPerRun: ${JSON.stringify(max)}; use a whole number from 1 to 50.`);
  const metadata = d.metadata ?? [];
  if (!Array.isArray(metadata) || metadata.some((m: any) => !m || typeof m.resourceType !== 'string' || typeof m.key !== 'string' || typeof m.value !== 'string')) {
    throw new Error(`${source} metadata: expected a list of { resourceType, key, value } strings.`);
  }
  for (const m of metadata as MetadataOverride[]) {
    if (!DRILL_TYPES.includes(m.resourceType)) {
      throw new Error(`${source} metadata: unknown resource type '${m.resourceType}' for key ${m.key}. Drills support ${DRILL_TYPES.join(', ')} (case as written).`);
    }
  }
  return {
    restoreRoleArn: d.restoreRoleArn,
    resourceTypes,
    maxDrillsPerRun: max,
    windowHours: positive(d.windowHours ?? 24, `${source} windowHours`),
    metadata,
    cleanup: d.cleanup === undefined ? true : Boolean(d.cleanup),
  };
}
