import { DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { AwsClients } from './clients';
import { parseVaultArn, parseVerifierConfig, VerifierConfig } from './config';
import { finishDrill } from './drill';
import { drillMetrics, reportMetrics } from './metrics';
import { DEFAULT_RETRY_POLICY } from './retry';
import { runVerification } from './run';

/** Seconds kept back from the Lambda timeout to publish metrics and return. */
const MARGIN_MS = 60_000;

/** What the scheduled rules send (`mode`) or EventBridge delivers for a restore job. */
export interface VerifierEvent {
  readonly 'mode'?: 'verify' | 'drill';
  readonly 'detail-type'?: string;
  readonly 'detail'?: { readonly restoreJobId?: string };
}

/** Dependencies of a run, replaced in tests. */
export interface HandlerDeps {
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Time left before the Lambda times out. */
  readonly remainingMs: number;
  /** Where EMF records and the log go (stdout, without the runtime's log prefix, so EMF is parsed). */
  readonly write: (line: string) => void;
}

let cachedConfig: VerifierConfig | undefined;
function configFromEnv(): VerifierConfig {
  if (!cachedConfig) {
    const raw = process.env.VERIFIER_CONFIG;
    if (!raw) throw new Error('VERIFIER_CONFIG is not set: deploy this function with the BackupVerifier construct.');
    cachedConfig = parseVerifierConfig(JSON.parse(raw), 'VERIFIER_CONFIG');
  }
  return cachedConfig;
}

/** Handle a scheduled run (`{ mode }`) or a restore job state change (a drill ended). */
export async function handle(event: VerifierEvent, deps: HandlerDeps): Promise<Record<string, unknown>> {
  const config = configFromEnv();
  const deadline = deps.now().getTime() + deps.remainingMs - MARGIN_MS;
  const clients = new AwsClients({ ...DEFAULT_RETRY_POLICY, sleep: deps.sleep, deadline, now: () => deps.now().getTime() });
  const ctx = { clients, now: deps.now, sleep: deps.sleep, deadline };
  const emit = (records: object[]) => records.forEach((r) => deps.write(JSON.stringify(r)));

  if (event['detail-type'] === 'Restore Job State Change') {
    const jobId = event.detail?.restoreJobId;
    if (!config.drill || !jobId) return { ignored: 'not a restore drill event' };
    const region = parseVaultArn(config.drVaultArn, 'drVaultArn').region;
    const job = await clients.backup(region).send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }));
    if (job.IamRoleArn !== config.drill.restoreRoleArn) return { ignored: `restore job ${jobId} is not a drill` };
    const drill = await finishDrill(config, job, ctx);
    // A repeated event, or a run that got there first: the drill is already finished and reported.
    if (!drill) return { ignored: `restore drill ${jobId} is already finished` };
    emit(drillMetrics(config.name, [drill], config.perResourceMetrics !== false, deps.now().getTime()));
    deps.write(JSON.stringify({ level: drill.status === 'PASSED' ? 'INFO' : 'ERROR', message: 'restore drill finished', drill }));
    return { drill };
  }

  // Drills are started, not waited for: each restore job's completion event finishes its drill
  // (one finisher per drill; a run that also waited would finish them a second time).
  const report = await runVerification(config, { ...ctx, startDrills: event.mode === 'drill', awaitDrills: false });
  emit(reportMetrics(report, config.perResourceMetrics !== false, deps.now().getTime()));
  // One log line per finding, so CloudWatch Logs Insights can filter them; then the summary.
  for (const r of report.resources.filter((x) => x.status !== 'PASS')) deps.write(JSON.stringify({ level: 'ERROR', message: 'backup check failed', resource: r }));
  for (const j of report.jobs) deps.write(JSON.stringify({ level: 'ERROR', message: `${j.kind} job ${j.state}`, job: j }));
  for (const e of report.errors) deps.write(JSON.stringify({ level: 'ERROR', message: 'could not verify', error: e }));
  for (const d of report.drills) deps.write(JSON.stringify({ level: d.status === 'PASSED' || d.status === 'RUNNING' ? 'INFO' : 'ERROR', message: 'restore drill', drill: d }));
  const result = { passed: report.passed, summary: report.summary, apiCalls: report.apiCalls };
  deps.write(JSON.stringify({ level: report.passed ? 'INFO' : 'ERROR', message: 'backup verification', ...result }));
  return result;
}

/** The Lambda entry point. */
export async function handler(event: VerifierEvent, context?: { getRemainingTimeInMillis(): number }): Promise<Record<string, unknown>> {
  return handle(event ?? {}, {
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    remainingMs: context?.getRemainingTimeInMillis() ?? 900_000,
    write: (line) => process.stdout.write(line + '\n'),
  });
}

/** For tests: forget the configuration read from the environment. */
export function resetConfigForTests(): void {
  cachedConfig = undefined;
}
