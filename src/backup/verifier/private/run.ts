import { VerifierConfig } from './config';
import { DrillContext, finishLeftoverDrills, runDrills } from './drill';
import { DrillResult, summarize, VerificationReport } from './report';
import { verify } from './verify';

/** Options of a run beyond its configuration. */
export interface RunOptions extends DrillContext {
  /** Start restore drills in this run (a run without it still finishes drills that ended unattended). */
  readonly startDrills: boolean;
}

/**
 * One run: verify, then (drills configured) start drills and finish any whose restore ended while
 * no run waited for it. The same code serves the scheduled Lambda and `cdk-readiness verify-backups`.
 */
export async function runVerification(config: VerifierConfig, options: RunOptions): Promise<VerificationReport> {
  const startedAt = options.now();
  const verification = await verify(config, options);
  const drills: DrillResult[] = [];
  if (config.drill) {
    if (options.startDrills) drills.push(...await runDrills(config, verification, options));
    const seen = new Set(drills.map((d) => d.restoreJobId).filter((id): id is string => id !== undefined));
    drills.push(...await finishLeftoverDrills(config, verification.drRestoreJobs ?? [], options, seen));
  }
  const { summary, passed } = summarize(verification.resources, verification.jobs, verification.errors, drills);
  return {
    tool: 'cdk-readiness',
    kind: 'backup-verification',
    name: config.name,
    startedAt: startedAt.toISOString(),
    finishedAt: options.now().toISOString(),
    thresholds: {
      rpoHours: config.rpoHours, maxCopyLagHours: config.maxCopyLagHours, rtoHours: config.rtoHours, lookbackHours: config.lookbackHours,
    },
    primaryVaultArns: config.primaryVaultArns,
    drVaultArn: config.drVaultArn,
    resources: verification.resources,
    jobs: verification.jobs,
    errors: verification.errors,
    drills,
    summary,
    passed,
    apiCalls: options.clients.counter.calls,
  };
}
