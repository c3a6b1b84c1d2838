import {
  DescribeRestoreJobCommand, DescribeRestoreJobOutput, GetRecoveryPointRestoreMetadataCommand, PutRestoreValidationResultCommand,
  RestoreJobsListMember, StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { parseVaultArn, VerifierConfig } from './config';
import { drillMetadata, drillName } from './drill-metadata';
import { describeError, isNotFound, runError } from './errors';
import { DrillResult, ResourceResult, round } from './report';
import { deletableByDrills, deleteRestored, describeRestored, notOwned, parseRestored, ResourceState, tagRestored } from './restored-resources';
import { RunContext, Verification } from './verify';

const HOUR = 3_600_000;
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'ABORTED']);

/** A run that may wait: drills poll their restore jobs until done or until the deadline. */
export interface DrillContext extends RunContext {
  /** Epoch ms after which the run stops waiting (jobs still running are reported RUNNING). */
  readonly deadline: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** First wait between polls; it grows 1.5× per poll up to 5 minutes. */
  readonly pollIntervalMs?: number;
  /**
   * Wait for the restores and finish the drills in this run (the CLI). `false` (the Lambda, whose
   * restore job completion events finish them): start the restores and report them RUNNING, so
   * that no drill is finished twice. Default true.
   */
  readonly awaitDrills?: boolean;
}

/** Only restore jobs run as the drills' own role are drills: the role is their record. */
function isDrillJob(config: VerifierConfig, job: { IamRoleArn?: string }): boolean {
  return config.drill !== undefined && job.IamRoleArn === config.drill.restoreRoleArn;
}

/**
 * Start restore drills of the newest DR copies (at most `maxDrillsPerRun`, the least recently
 * drilled resources first), then (awaitDrills) wait for them with backoff until the deadline and
 * measure, validate and clean up each. A recovery point drilled within the drill window is not
 * restored again: a restore still running is reused (waited for, or reported), one that ended was
 * finished when it ended and is left out; StartRestoreJob carries an idempotency token for retries.
 */
export async function runDrills(config: VerifierConfig, verification: Verification, ctx: DrillContext): Promise<DrillResult[]> {
  const drill = config.drill;
  if (!drill) return [];
  const drVault = parseVaultArn(config.drVaultArn, 'drVaultArn');
  const now = ctx.now().getTime();
  const windowMs = drill.windowHours * HOUR;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const candidates = verification.resources
    .filter((r) => drill.resourceTypes.includes(r.resourceType) && verification.newestDrCopy.has(r.resourceArn));
  if (verification.drRestoreJobs === undefined) {
    // Without the list of restore jobs a repeated run could restore the same recovery point twice.
    return candidates.slice(0, drill.maxDrillsPerRun).map((r) => ({
      resourceArn: r.resourceArn,
      resourceType: r.resourceType,
      recoveryPointArn: verification.newestDrCopy.get(r.resourceArn)!.RecoveryPointArn!,
      status: 'ERROR',
      message: 'Not started: the restore jobs of the DR region could not be listed, so a repeated run could not be told from a new one (see errors).',
    }));
  }
  const ours = verification.drRestoreJobs.filter((j) => isDrillJob(config, j));
  const lastDrilled = new Map<string, number>();
  for (const j of ours) {
    const t = j.CreationDate?.getTime() ?? 0;
    if (j.SourceResourceArn && t > (lastDrilled.get(j.SourceResourceArn) ?? -1)) lastDrilled.set(j.SourceResourceArn, t);
  }
  // The newest drill job of the resource's newest copy within the window, if any.
  const inWindow = (r: ResourceResult) => ours
    .filter((j) => j.RecoveryPointArn === verification.newestDrCopy.get(r.resourceArn)!.RecoveryPointArn
      && (j.CreationDate?.getTime() ?? 0) >= now - windowMs)
    .sort((a, b) => (b.CreationDate?.getTime() ?? 0) - (a.CreationDate?.getTime() ?? 0))[0];
  const chosen = candidates
    // A drill of this copy that ended within the window was finished then (by the run that waited,
    // its completion event, or a later run): drilling or finishing it again would report it twice.
    .filter((r) => !TERMINAL.has(inWindow(r)?.Status ?? ''))
    .sort((a, b) => (lastDrilled.get(a.resourceArn) ?? -1) - (lastDrilled.get(b.resourceArn) ?? -1) || a.resourceArn.localeCompare(b.resourceArn))
    .slice(0, drill.maxDrillsPerRun);

  const backup = ctx.clients.backup(drVault.region);
  const started: Array<{ resource: ResourceResult; recoveryPointArn: string; jobId?: string; error?: string }> = [];
  for (const resource of chosen) {
    const recoveryPointArn = verification.newestDrCopy.get(resource.resourceArn)!.RecoveryPointArn!;
    const existing = inWindow(resource);
    if (existing?.RestoreJobId) {
      started.push({ resource, recoveryPointArn, jobId: existing.RestoreJobId });
      continue;
    }
    let action = 'backup:GetRecoveryPointRestoreMetadata';
    try {
      const name = drillName(recoveryPointArn, windowStart);
      const stored = await backup.send(new GetRecoveryPointRestoreMetadataCommand({
        BackupVaultName: drVault.name, BackupVaultAccountId: drVault.account, RecoveryPointArn: recoveryPointArn,
      }));
      const metadata = drillMetadata(resource.resourceType, stored.RestoreMetadata, drill.metadata, name, drVault.region);
      action = 'backup:StartRestoreJob';
      const out = await backup.send(new StartRestoreJobCommand({
        RecoveryPointArn: recoveryPointArn,
        Metadata: metadata,
        IamRoleArn: drill.restoreRoleArn,
        ResourceType: resource.resourceType,
        // Retries of this call within an hour start one job; the job list guards longer windows.
        IdempotencyToken: name,
      }));
      started.push({ resource, recoveryPointArn, jobId: out.RestoreJobId });
    } catch (e) {
      started.push({ resource, recoveryPointArn, error: runError(recoveryPointArn, action, e).message });
    }
  }

  const wait = ctx.awaitDrills !== false;
  const jobs = await pollJobs(started.filter((s) => s.jobId).map((s) => s.jobId!), ctx, drVault.region, wait);
  const results: DrillResult[] = [];
  for (const s of started) {
    const base = { resourceArn: s.resource.resourceArn, resourceType: s.resource.resourceType, recoveryPointArn: s.recoveryPointArn };
    if (s.error || !s.jobId) {
      results.push({ ...base, status: 'ERROR', message: s.error ?? 'no restore job id returned' });
      continue;
    }
    const job = jobs.get(s.jobId);
    if (job instanceof Error) {
      results.push({ ...base, restoreJobId: s.jobId, status: 'ERROR', message: describeError(job) });
    } else if (!wait && TERMINAL.has(job!.Status ?? '')) {
      // Ended before this run looked: its completion event finishes it.
      results.push({ ...base, restoreJobId: s.jobId, status: 'RUNNING', message: `Restore ${job!.Status}: its completion event finishes the drill.` });
    } else {
      const result = await finishDrill(config, job!, ctx, s.resource);
      if (result) results.push(result);
    }
  }
  return results;
}

/** Poll restore jobs with growing waits until every one is done or the deadline has come (once, without `wait`). */
async function pollJobs(jobIds: string[], ctx: DrillContext, region: string, wait: boolean): Promise<Map<string, DescribeRestoreJobOutput | Error>> {
  const backup = ctx.clients.backup(region);
  const latest = new Map<string, DescribeRestoreJobOutput | Error>();
  let delay = ctx.pollIntervalMs ?? 15_000;
  for (;;) {
    for (const id of jobIds) {
      const known = latest.get(id);
      if (known && (known instanceof Error || TERMINAL.has(known.Status ?? ''))) continue;
      try {
        latest.set(id, await backup.send(new DescribeRestoreJobCommand({ RestoreJobId: id })));
      } catch (e) {
        latest.set(id, e instanceof Error ? e : new Error(String(e)));
      }
    }
    const pending = jobIds.filter((id) => {
      const j = latest.get(id);
      return !(j instanceof Error) && !TERMINAL.has(j?.Status ?? '');
    });
    ctx.progress?.({ label: `restore drills: ${jobIds.length - pending.length}/${jobIds.length} done`, items: jobIds.length - pending.length, step: jobIds.length - pending.length, steps: jobIds.length });
    if (!wait || pending.length === 0 || ctx.now().getTime() + delay > ctx.deadline) return latest;
    await ctx.sleep(delay);
    delay = Math.min(delay * 1.5, 300_000);
  }
}

/**
 * Finish a drill from its restore job: the restore time, the validation of the restored resource
 * (reported with PutRestoreValidationResult where AWS Backup accepts it), and the clean-up.
 *
 * Clean-up deletes the restored resource only when (1) the restore job ran as the drills' role,
 * (2) the resource is the job's CreatedResourceArn, of a kind and (for databases and tables) a
 * name drills make, in the DR vault's account and region, (3) it was created after the restore
 * job started and carries no drill tag of another job, (4) it is a database or table, whose name
 * the drill chose (volumes and file systems are kept: see `deletableByDrills`). It is then tagged
 * with the job's id, which IAM requires for the delete. Anything else is left alone and reported.
 *
 * `undefined`: the drill was already finished (a completed restore whose resource is already
 * deleted or being deleted, with clean-up on): another run or a repeated event did it.
 */
export async function finishDrill(config: VerifierConfig, job: DescribeRestoreJobOutput, ctx: RunContext,
  resource?: Pick<ResourceResult, 'resourceArn' | 'resourceType'>): Promise<DrillResult | undefined> {
  const drill = config.drill!;
  const drVault = parseVaultArn(config.drVaultArn, 'drVaultArn');
  const base = {
    resourceArn: resource?.resourceArn ?? job.SourceResourceArn ?? 'unknown',
    resourceType: resource?.resourceType ?? job.ResourceType ?? 'unknown',
    recoveryPointArn: job.RecoveryPointArn ?? 'unknown',
    restoreJobId: job.RestoreJobId!,
  };
  if (!isDrillJob(config, job)) {
    return { ...base, status: 'ERROR', message: `Restore job ${job.RestoreJobId} did not run as the drill role ${drill.restoreRoleArn}: not a drill, left alone.` };
  }
  if (!TERMINAL.has(job.Status ?? '')) {
    const runningHours = job.CreationDate ? round((ctx.now().getTime() - job.CreationDate.getTime()) / HOUR) : 0;
    if (runningHours > config.rtoHours) {
      return { ...base, status: 'FAILED', restoreTimeHours: runningHours, message: `Restore still ${job.Status ?? 'PENDING'} after ${runningHours} h: beyond the RTO of ${config.rtoHours} h.` };
    }
    return { ...base, status: 'RUNNING', message: `Restore ${job.Status ?? 'PENDING'} (${job.PercentDone ?? '0%'} done) past this run's deadline: the restore job's completion event, or the next run, finishes the drill.` };
  }
  const completed = job.Status === 'COMPLETED';
  const rto = completed && job.CreationDate && job.CompletionDate
    ? round((job.CompletionDate.getTime() - job.CreationDate.getTime()) / HOUR) : undefined;
  const notes: string[] = [];
  if (!completed) notes.push(`restore ${job.Status}: ${job.StatusMessage ?? 'no status message'}`);
  else notes.push(`restored in ${rto} h (RTO ${config.rtoHours} h)`);

  let validation: DrillResult['validation'];
  let validationReported: boolean | undefined;
  let cleanup: DrillResult['cleanup'] = 'NOT_NEEDED';
  const restored = parseRestored(job.CreatedResourceArn);
  if (job.CreatedResourceArn && (!restored || restored.region !== drVault.region || restored.account !== drVault.account)) {
    cleanup = 'KEPT';
    notes.push(`${job.CreatedResourceArn} is not a resource drills make in ${drVault.account}/${drVault.region}: left alone`);
  } else if (restored) {
    const state = await describeRestored(ctx.clients, restored).catch((e) => e as Error);
    if (state instanceof Error) {
      notes.push(`could not describe ${restored.arn}: ${describeError(state)}`);
      if (completed) validation = 'FAILED';
      cleanup = 'FAILED';
    } else {
      if (completed && drill.cleanup && finishedElsewhere(state, job)) return undefined;
      if (completed) {
        validation = state.exists && state.available ? 'SUCCESSFUL' : 'FAILED';
        notes.push(validation === 'SUCCESSFUL' ? `${restored.kind} ${restored.id} is ${state.status}` : `${restored.kind} ${restored.id} is ${state.exists ? state.status : 'missing'}`);
        validationReported = await reportValidation(ctx, drVault.region, job, validation, notes);
      }
      cleanup = drill.cleanup ? await cleanUp(ctx, restored, state, job, notes) : 'KEPT';
      if (!drill.cleanup) notes.push('clean-up is off: the restored resource is kept');
    }
  } else if (completed) {
    validation = 'FAILED';
    notes.push('the restore job names no created resource');
  }

  const passed = completed && validation === 'SUCCESSFUL' && rto !== undefined && rto <= config.rtoHours;
  if (completed && rto !== undefined && rto > config.rtoHours) notes.push(`RTO exceeded by ${round(rto - config.rtoHours)} h`);
  return { ...base, status: passed ? 'PASSED' : 'FAILED', restoreTimeHours: rto, createdResourceArn: job.CreatedResourceArn, validation, validationReported, cleanup, message: notes.join('; ') };
}

/** A completed drill's resource already deleted, or being deleted with this job's drill tag: a finisher ran before. */
function finishedElsewhere(state: ResourceState, job: { RestoreJobId?: string }): boolean {
  return !state.exists || (/^delet/i.test(state.status ?? '') && state.drillTag === job.RestoreJobId);
}

async function reportValidation(ctx: RunContext, region: string, job: DescribeRestoreJobOutput, validation: 'SUCCESSFUL' | 'FAILED', notes: string[]): Promise<boolean> {
  if (job.ValidationStatus === 'SUCCESSFUL' || job.ValidationStatus === 'FAILED') return true;
  try {
    await ctx.clients.backup(region).send(new PutRestoreValidationResultCommand({
      RestoreJobId: job.RestoreJobId, ValidationStatus: validation, ValidationStatusMessage: `cdk-readiness restore drill: ${notes[notes.length - 1]}`,
    }));
    return true;
  } catch (e) {
    // AWS Backup takes validation results for restore testing jobs; on-demand restores may refuse them.
    notes.push(`validation not reported to AWS Backup (${describeError(e)})`);
    return false;
  }
}

async function cleanUp(ctx: RunContext, restored: NonNullable<ReturnType<typeof parseRestored>>, state: Awaited<ReturnType<typeof describeRestored>>,
  job: DescribeRestoreJobOutput, notes: string[]): Promise<DrillResult['cleanup']> {
  if (!state.exists) {
    notes.push(`${restored.id} is deleted`);
    return 'DELETED';
  }
  const foreign = restored.arn !== job.CreatedResourceArn ? `${restored.id} is not the resource of restore job ${job.RestoreJobId}: left alone` : notOwned(restored, state, job);
  if (foreign) {
    notes.push(foreign);
    return 'KEPT';
  }
  if (!deletableByDrills(restored)) {
    notes.push(`${restored.kind} ${restored.id} is kept: drills may not delete volumes or file systems, whose ids IAM cannot tell from yours; ` +
      `delete it yourself (${restored.kind === 'volume' ? `aws ec2 delete-volume --volume-id ${restored.id}` : `aws efs delete-file-system --file-system-id ${restored.id}`} --region ${restored.region})`);
    return 'KEPT';
  }
  if ((state.members ?? 0) > 0) {
    notes.push(`cluster ${restored.id} has ${state.members} instance(s) the drill did not create: left alone`);
    return 'KEPT';
  }
  if (/^delet/i.test(state.status ?? '')) return 'DELETING';
  try {
    // The drill tag marks it as this drill's: IAM allows the delete only on resources that carry it.
    await tagRestored(ctx.clients, restored, job.RestoreJobId!);
    await deleteRestored(ctx.clients, restored);
    notes.push(`${restored.id} deleting`);
    return 'DELETING';
  } catch (e) {
    if (isNotFound(e)) return 'DELETED';
    // A second run (or the completion event) already started the deletion.
    if (/being deleted|already deleting|is deleting|state: *deleting/i.test(describeError(e))) return 'DELETING';
    notes.push(`could not tag and delete ${restored.id}: ${describeError(e)} (a later run tries again)`);
    return 'FAILED';
  }
}

/**
 * Finish drills whose restore jobs ended while no run was waiting for them (a completion event was
 * missed, or a delete failed): terminal drill jobs of the window whose restored resource still
 * exists, is not being deleted and is the drill's to delete. A job that cannot be read is reported
 * on its own; the run goes on.
 */
export async function finishLeftoverDrills(config: VerifierConfig, jobs: RestoreJobsListMember[], ctx: RunContext,
  skip: Set<string>): Promise<DrillResult[]> {
  if (!config.drill?.cleanup) return [];
  const region = parseVaultArn(config.drVaultArn, 'drVaultArn').region;
  const results: DrillResult[] = [];
  for (const j of jobs) {
    if (!isDrillJob(config, j) || !TERMINAL.has(j.Status ?? '') || !j.RestoreJobId || skip.has(j.RestoreJobId)) continue;
    const restored = parseRestored(j.CreatedResourceArn);
    // Volumes and file systems are kept (and reported) when their drill finishes: nothing is left to do.
    if (!restored || !deletableByDrills(restored)) continue;
    const state = await describeRestored(ctx.clients, restored).catch(() => undefined);
    if (!state?.exists || /^delet/i.test(state.status ?? '') || notOwned(restored, state, j) || (state.members ?? 0) > 0) continue;
    try {
      const job = await ctx.clients.backup(region).send(new DescribeRestoreJobCommand({ RestoreJobId: j.RestoreJobId }));
      const result = await finishDrill(config, job, ctx);
      if (result) results.push(result);
    } catch (e) {
      results.push({
        resourceArn: j.SourceResourceArn ?? 'unknown',
        resourceType: j.ResourceType ?? 'unknown',
        recoveryPointArn: j.RecoveryPointArn ?? 'unknown',
        restoreJobId: j.RestoreJobId,
        status: 'ERROR',
        message: runError(`restore job ${j.RestoreJobId}`, 'backup:DescribeRestoreJob', e).message,
      });
    }
  }
  return results;
}
