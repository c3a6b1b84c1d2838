import {
  BackupClient, BackupJob, CopyJob, DescribeBackupVaultCommand, paginateListBackupJobs, paginateListCopyJobs,
  paginateListRecoveryPointsByBackupVault, paginateListRestoreJobs, RecoveryPointByBackupVault, RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import { AwsClients } from './clients';
import { parseVaultArn, VaultRef, VerifierConfig } from './config';
import { runError } from './errors';
import { CheckResult, DrCopySummary, JobFinding, RecoveryPointSummary, ResourceResult, round, RunError, Status } from './report';

/** The SDK's largest page for every list call the verifier makes: a call per 1,000 items, never per item. */
export const PAGE_SIZE = 1000;

const HOUR = 3_600_000;
const USABLE = new Set(['COMPLETED', 'AVAILABLE']);
const FAILED_BACKUP_STATES = new Set(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL']);
const FAILED_COPY_STATES = new Set(['FAILED', 'PARTIAL']);
const FAILED_RESTORE_STATES = new Set(['FAILED', 'ABORTED']);

/** Progress of a run, for the CLI's progress bar. */
export interface Progress {
  /** What is being read. */
  readonly label: string;
  /** Items read so far in this step. */
  readonly items: number;
  /** Steps done and in total. */
  readonly step: number;
  readonly steps: number;
}

export interface RunContext {
  readonly clients: AwsClients;
  readonly now: () => Date;
  readonly progress?: (p: Progress) => void;
}

/** What verification learned, for the drills that follow it. */
export interface Verification {
  readonly resources: ResourceResult[];
  readonly jobs: JobFinding[];
  readonly errors: RunError[];
  /** Restore jobs of the DR region in the lookback window (drills reuse them). */
  readonly drRestoreJobs?: RestoreJobsListMember[];
  /** The newest completed DR copy per resource ARN. */
  readonly newestDrCopy: Map<string, RecoveryPointByBackupVault>;
}

async function collect<T>(pages: AsyncIterable<any>, key: string, onPage?: (n: number) => void): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) {
    out.push(...((page[key] ?? []) as T[]));
    onPage?.(out.length);
  }
  return out;
}

const time = (d: Date | undefined) => (d ? d.getTime() : undefined);
const iso = (d: Date | undefined) => (d ? d.toISOString() : undefined);
const hours = (ms: number) => round(Math.max(0, ms) / HOUR);

/** A continuous backup (point-in-time restore) recovery point. */
export function isContinuous(rp: { RecoveryPointArn?: string }): boolean {
  return /:recovery-point:continuous:/.test(rp.RecoveryPointArn ?? '');
}

/**
 * Resource types whose backups keep the source's encryption even where the recovery point has an
 * AWS Backup ARN (continuous backups of RDS and Aurora): they are not fully managed by AWS Backup.
 */
const SOURCE_ENCRYPTED_TYPES = new Set(['RDS', 'Aurora', 'DocumentDB', 'Neptune', 'EBS', 'EC2', 'FSx', 'Redshift']);

/**
 * Recovery points AWS Backup encrypts with the vault's key: its own ARN format, of a fully managed
 * type (DynamoDB with advanced features, EFS, S3, ...); others keep the source's key.
 */
function backupManaged(rp: { RecoveryPointArn?: string; ResourceType?: string }): boolean {
  return /^arn:[^:]+:backup:/.test(rp.RecoveryPointArn ?? '') && !SOURCE_ENCRYPTED_TYPES.has(rp.ResourceType ?? '');
}

/** Key ARNs compare by ARN; a bare key id compares with the id part of an ARN. */
export function sameKey(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  if (a.startsWith('arn:') && b.startsWith('arn:')) return a === b;
  const id = (k: string) => k.split('/').pop();
  return id(a) === id(b);
}

function summaryOf(rp: RecoveryPointByBackupVault): RecoveryPointSummary {
  return {
    arn: rp.RecoveryPointArn!, creationDate: iso(rp.CreationDate), encryptionKeyArn: rp.EncryptionKeyArn, continuous: isContinuous(rp) || undefined,
  };
}

function newest<T>(items: T[], at: (t: T) => number | undefined): T | undefined {
  let best: T | undefined;
  for (const it of items) {
    const t = at(it);
    if (t === undefined) continue;
    if (best === undefined || t > at(best)!) best = it;
  }
  return best;
}

function oldest<T>(items: T[], at: (t: T) => number | undefined): T | undefined {
  return newest(items, (t) => {
    const v = at(t);
    return v === undefined ? undefined : -v;
  });
}

function groupBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

interface DrState {
  readonly vault: VaultRef;
  readonly keyArn?: string;
  readonly recoveryPoints?: RecoveryPointByBackupVault[];
  readonly error?: RunError;
}

/**
 * Verify every protected resource of the primary vaults: the newest completed recovery point is
 * younger than the RPO, a copy reached the DR vault within the allowed copy lag, both are
 * encrypted with the expected keys; and list the backup, copy and restore jobs of the lookback
 * window that failed, expired or were aborted. Every list call is paginated with full pages;
 * a vault or listing that cannot be read is reported and the run goes on.
 */
export async function verify(config: VerifierConfig, ctx: RunContext): Promise<Verification> {
  const now = ctx.now().getTime();
  const since = new Date(now - config.lookbackHours * HOUR);
  // Copy jobs far enough back to see the copy of the newest recovery point that is still within bounds.
  const copiesSince = new Date(now - Math.max(config.lookbackHours, config.rpoHours + config.maxCopyLagHours) * HOUR);
  const excluded = new Set(config.excludeResourceArns ?? []);
  const errors: RunError[] = [];
  const jobs: JobFinding[] = [];
  const resources: ResourceResult[] = [];
  const steps = 2 + config.primaryVaultArns.length * 3 + 1;
  let step = 0;
  const progress = (label: string) => (items: number) => ctx.progress?.({ label, items, step, steps });

  // ---- the DR vault: its key and every recovery point (the copies) --------------------------
  const drVault = parseVaultArn(config.drVaultArn, 'drVaultArn');
  const drClient = ctx.clients.backup(drVault.region);
  const dr = await readVault(drClient, drVault, config.drKeyArn, progress(`DR vault ${drVault.name} (${drVault.region})`));
  step += 2;
  if (dr.error) errors.push(dr.error);

  const newestDrCopy = new Map<string, RecoveryPointByBackupVault>();
  const copyJobsByRegion = new Map<string, CopyJob[] | RunError>();

  for (const arn of config.primaryVaultArns) {
    const vault = parseVaultArn(arn, 'primaryVaultArns');
    const client = ctx.clients.backup(vault.region);
    const primary = await readVault(client, vault, undefined, progress(`vault ${vault.name} (${vault.region})`), config.primaryKeyArns);
    step++;
    if (primary.error) {
      errors.push(primary.error);
      step += 2;
      continue;
    }
    const rps = primary.recoveryPoints!;
    if (rps.length === 0) {
      errors.push({ target: vault.arn, code: 'Empty', message: 'The vault holds no recovery points: no backup has completed into it yet, or this is not the vault the backup plan uses.' });
    }

    // Copy jobs run in the source region; one listing per region serves every vault there.
    let copyJobs = copyJobsByRegion.get(vault.region);
    if (copyJobs === undefined) {
      try {
        copyJobs = await collect<CopyJob>(paginateListCopyJobs({ client, pageSize: PAGE_SIZE },
          { ByDestinationVaultArn: drVault.arn, ByCreatedAfter: copiesSince }), 'CopyJobs', progress(`copy jobs in ${vault.region}`));
      } catch (e) {
        copyJobs = runError(`copy jobs in ${vault.region}`, 'backup:ListCopyJobs', e);
        errors.push(copyJobs);
      }
      copyJobsByRegion.set(vault.region, copyJobs);
    }
    step++;
    const copies = Array.isArray(copyJobs) ? copyJobs.filter((j) => j.SourceBackupVaultArn === vault.arn) : [];
    for (const j of copies) {
      if (FAILED_COPY_STATES.has(j.State ?? '') && (time(j.CreationDate) ?? 0) >= since.getTime()) {
        jobs.push({ kind: 'copy', jobId: j.CopyJobId ?? '?', state: j.State!, resourceArn: j.ResourceArn, vaultArn: vault.arn, creationDate: iso(j.CreationDate), message: j.StatusMessage ?? 'no status message' });
      }
    }

    try {
      const backupJobs = await collect<BackupJob>(paginateListBackupJobs({ client, pageSize: PAGE_SIZE },
        { ByBackupVaultName: vault.name, ByCreatedAfter: since }), 'BackupJobs', progress(`backup jobs of ${vault.name}`));
      for (const j of backupJobs) {
        if (FAILED_BACKUP_STATES.has(j.State ?? '')) {
          jobs.push({ kind: 'backup', jobId: j.BackupJobId ?? '?', state: j.State!, resourceArn: j.ResourceArn, vaultArn: vault.arn, creationDate: iso(j.CreationDate), message: j.StatusMessage ?? 'no status message' });
        }
      }
    } catch (e) {
      errors.push(runError(`backup jobs of ${vault.arn}`, 'backup:ListBackupJobs', e));
    }
    step++;

    const drOfVault = dr.recoveryPoints
      ? groupBy(dr.recoveryPoints.filter((r) => r.SourceBackupVaultArn === vault.arn), (r) => r.ResourceArn) : undefined;
    const byResource = groupBy(rps.filter((r) => !r.IsParent), (r) => r.ResourceArn);
    for (const resourceArn of drOfVault?.keys() ?? []) {
      if (!byResource.has(resourceArn)) byResource.set(resourceArn, []);
    }
    const jobBySource = groupBy(copies.filter((j) => j.State === 'COMPLETED'), (j) => j.SourceRecoveryPointArn);
    for (const [resourceArn, own] of byResource) {
      if (excluded.has(resourceArn)) continue;
      const drCopies = drOfVault?.get(resourceArn) ?? [];
      const result = judgeResource({ config, now, vault, primaryKeys: primary.allowedKeys!, dr, resourceArn, own, drCopies, jobBySource });
      resources.push(result.result);
      if (result.newestCopy) newestDrCopy.set(resourceArn, result.newestCopy);
    }
  }

  // ---- restore jobs in the DR region: failed restore tests and drills, and the drills' record ----
  let drRestoreJobs: RestoreJobsListMember[] | undefined;
  try {
    drRestoreJobs = await collect<RestoreJobsListMember>(paginateListRestoreJobs({ client: drClient, pageSize: PAGE_SIZE },
      { ByCreatedAfter: new Date(now - Math.max(config.lookbackHours, config.drill?.windowHours ?? 0) * HOUR) }),
    'RestoreJobs', progress(`restore jobs in ${drVault.region}`));
    for (const j of drRestoreJobs) {
      // BackupVaultArn is a recent field: a Lambda runtime whose SDK predates it drops it, and a
      // failed restore of the DR region is then listed rather than missed.
      const ofDrVault = j.BackupVaultArn === undefined || j.BackupVaultArn === drVault.arn;
      if (FAILED_RESTORE_STATES.has(j.Status ?? '') && ofDrVault && (time(j.CreationDate) ?? 0) >= since.getTime()) {
        jobs.push({ kind: 'restore', jobId: j.RestoreJobId ?? '?', state: j.Status!, resourceArn: j.SourceResourceArn, vaultArn: j.BackupVaultArn, creationDate: iso(j.CreationDate), message: j.StatusMessage ?? 'no status message' });
      }
    }
  } catch (e) {
    errors.push(runError(`restore jobs in ${drVault.region}`, 'backup:ListRestoreJobs', e));
  }
  step++;
  ctx.progress?.({ label: 'done', items: resources.length, step: steps, steps });

  resources.sort((a, b) => (a.resourceArn < b.resourceArn ? -1 : a.resourceArn > b.resourceArn ? 1 : 0));
  jobs.sort((a, b) => `${a.kind}${a.creationDate}${a.jobId}`.localeCompare(`${b.kind}${b.creationDate}${b.jobId}`));
  return { resources, jobs, errors, drRestoreJobs, newestDrCopy };
}

interface VaultRead extends DrState {
  readonly allowedKeys?: string[];
}

/** The vault's key (unless given) and all its recovery points; an error instead when it cannot be read. */
async function readVault(client: BackupClient, vault: VaultRef, keyArn: string | undefined, onPage: (n: number) => void,
  allowedKeys?: string[]): Promise<VaultRead> {
  let key = keyArn;
  if (key === undefined && allowedKeys === undefined) {
    try {
      const described = await client.send(new DescribeBackupVaultCommand({ BackupVaultName: vault.name, BackupVaultAccountId: vault.account }));
      key = described.EncryptionKeyArn;
    } catch (e) {
      return { vault, error: runError(vault.arn, 'backup:DescribeBackupVault', e) };
    }
  }
  try {
    const recoveryPoints = await collect<RecoveryPointByBackupVault>(paginateListRecoveryPointsByBackupVault({ client, pageSize: PAGE_SIZE },
      { BackupVaultName: vault.name, BackupVaultAccountId: vault.account }), 'RecoveryPoints', onPage);
    return { vault, keyArn: key, recoveryPoints, allowedKeys: allowedKeys ?? (key ? [key] : []) };
  } catch (e) {
    return { vault, error: runError(vault.arn, 'backup:ListRecoveryPointsByBackupVault', e) };
  }
}

interface JudgeInput {
  readonly config: VerifierConfig;
  readonly now: number;
  readonly vault: VaultRef;
  readonly primaryKeys: string[];
  readonly dr: DrState;
  readonly resourceArn: string;
  readonly own: RecoveryPointByBackupVault[];
  readonly drCopies: RecoveryPointByBackupVault[];
  readonly jobBySource: Map<string, CopyJob[]>;
}

function judgeResource(input: JudgeInput): { result: ResourceResult; newestCopy?: RecoveryPointByBackupVault } {
  const { config, now, vault, dr, resourceArn, own, drCopies, jobBySource } = input;
  const checks: CheckResult[] = [];
  const check = (c: CheckResult['check'], status: Status, message: string) => checks.push({ check: c, status, message });
  const sample = own[0] ?? drCopies[0];
  const usable = own.filter((r) => USABLE.has(r.Status ?? ''));
  // A running continuous backup (STOPPED is not usable) is as fresh as it gets, however long ago it
  // started: it, not the newest snapshot of another rule (a monthly one), sets the RPO.
  const latest = newest(usable.filter(isContinuous), (r) => time(r.CreationDate)) ?? newest(usable, (r) => time(r.CreationDate));

  // ---- RPO ------------------------------------------------------------------------------------
  let age: number | undefined;
  if (!latest) {
    const states = [...new Set(own.map((r) => r.Status))].join(', ');
    check('rpo', 'FAIL', own.length === 0
      ? 'No recovery point in the primary vault (only DR copies are left): backups stopped, or the resource was deleted (exclude it).'
      : `No completed recovery point (recovery points are ${states}).`);
  } else {
    age = isContinuous(latest) ? 0 : hours(now - time(latest.CreationDate)!);
    const what = isContinuous(latest) ? 'continuous backup (point-in-time restore) running' : `newest recovery point ${age} h old`;
    check('rpo', age <= config.rpoHours ? 'PASS' : 'FAIL', `${what}; RPO ${config.rpoHours} h`);
  }

  // ---- encryption of the newest primary recovery point ----------------------------------------
  if (latest) {
    const key = latest.EncryptionKeyArn;
    if (latest.IsEncrypted === false) {
      check('encryption', 'FAIL', 'The newest recovery point is not encrypted.');
    } else if (backupManaged(latest)) {
      const ok = input.primaryKeys.some((k) => sameKey(k, key));
      check('encryption', ok ? 'PASS' : 'FAIL', ok ? `encrypted with the expected key ${key}` : `encrypted with ${key ?? 'an unknown key'}, expected ${input.primaryKeys.join(' or ') || 'the vault key'}`);
    } else if (config.primaryKeyArns && !config.primaryKeyArns.some((k) => sameKey(k, key))) {
      check('encryption', 'FAIL', `encrypted with ${key ?? 'an unknown key'}, expected ${config.primaryKeyArns.join(' or ')}`);
    } else {
      check('encryption', 'PASS', `encrypted with the source resource's key ${key ?? ''}`.trim());
    }
  }

  // ---- the DR copy ------------------------------------------------------------------------------
  let copy: DrCopySummary | undefined;
  let newestCopy: RecoveryPointByBackupVault | undefined;
  let lag: number | undefined;
  if (dr.error) {
    const why = `DR vault unreadable: ${dr.error.code}`;
    check('copy', 'ERROR', why);
    check('copy-lag', 'ERROR', why);
  } else {
    const usableCopies = drCopies.filter((r) => USABLE.has(r.Status ?? ''));
    newestCopy = newest(usableCopies, (r) => time(r.CreationDate));
    const byArn = new Map(usableCopies.map((r) => [r.RecoveryPointArn, r]));
    let matched: { rp?: RecoveryPointByBackupVault; completedAt?: number; by: 'copy-job' | 'source-vault' } | undefined;
    if (latest && isContinuous(latest)) {
      // Copies of a continuous backup are periodic snapshots: the copy lag is how far the newest
      // one is behind beyond the RPO (the same bound as for snapshots: DR data at most RPO + lag old).
      const job = newest(jobBySource.get(latest.RecoveryPointArn!) ?? [], (j) => time(j.CreationDate));
      if (job) matched = { rp: byArn.get(job.DestinationRecoveryPointArn), completedAt: time(job.CompletionDate), by: 'copy-job' };
      const dataTime = job ? time(job.CreationDate) : time(newestCopy?.CreationDate);
      if (dataTime !== undefined) lag = hours(now - dataTime - config.rpoHours * HOUR);
    } else if (latest) {
      const created = time(latest.CreationDate)!;
      const job = newest(jobBySource.get(latest.RecoveryPointArn!) ?? [], (j) => time(j.CompletionDate));
      // Without a copy job in the window, the first copy of the resource created after the
      // recovery point is its copy (copies carry the source vault, not the source recovery point).
      const firstAfter = oldest(usableCopies.filter((r) => (time(r.CreationDate) ?? 0) >= created), (r) => time(r.CreationDate));
      if (job) {
        matched = { rp: byArn.get(job.DestinationRecoveryPointArn), completedAt: time(job.CompletionDate), by: 'copy-job' };
      } else if (firstAfter) {
        matched = { rp: firstAfter, completedAt: time(firstAfter.CompletionDate) ?? time(firstAfter.CreationDate), by: 'source-vault' };
      }
      lag = hours((matched?.completedAt ?? now) - created);
    }
    const shown = matched?.rp ?? newestCopy;
    if (shown) {
      copy = { ...summaryOf(shown), continuous: undefined, matchedBy: matched?.by ?? 'source-vault', ofNewest: matched !== undefined };
      newestCopy = newestCopy ?? shown;
    }
    if (usableCopies.length === 0) {
      check('copy', 'FAIL', `No completed copy of this resource from ${vault.name} in the DR vault ${dr.vault.name} (${dr.vault.region}): check the plan's copy action and the copy jobs.`);
    } else {
      check('copy', 'PASS', matched ? `copy of the newest recovery point (matched by ${matched.by})` : 'copies exist; the newest recovery point is not copied yet');
    }
    if (lag !== undefined) {
      const what = isContinuous(latest!) ? `newest copy of the continuous backup ${lag} h older than the RPO`
        : matched ? `newest recovery point copied in ${lag} h` : `newest recovery point waiting for its copy for ${lag} h`;
      check('copy-lag', lag <= config.maxCopyLagHours ? 'PASS' : 'FAIL', `${what}; allowed ${config.maxCopyLagHours} h`);
    }
    const drKey = dr.keyArn;
    const copyRp = matched?.rp ?? newestCopy;
    if (copyRp) {
      const ok = copyRp.IsEncrypted !== false && (drKey === undefined || sameKey(drKey, copyRp.EncryptionKeyArn));
      check('dr-encryption', ok ? 'PASS' : 'FAIL', ok
        ? `copy encrypted with the DR vault key ${copyRp.EncryptionKeyArn ?? ''}`.trim()
        : `copy encrypted with ${copyRp.IsEncrypted === false ? 'no key' : copyRp.EncryptionKeyArn ?? 'an unknown key'}, expected ${drKey}`);
    }
  }

  const status: Status = checks.some((c) => c.status === 'FAIL') ? 'FAIL' : checks.some((c) => c.status === 'ERROR') ? 'ERROR' : 'PASS';
  return {
    result: {
      resourceArn,
      resourceType: sample?.ResourceType ?? 'unknown',
      resourceName: sample?.ResourceName,
      primaryVaultArn: vault.arn,
      newestRecoveryPoint: latest ? summaryOf(latest) : undefined,
      drCopy: copy,
      recoveryPointAgeHours: age,
      copyLagHours: lag === undefined ? undefined : Math.max(0, lag),
      checks,
      status,
    },
    newestCopy,
  };
}
