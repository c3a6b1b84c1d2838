import { DrillResult, VerificationReport } from './report';

/**
 * Metric names and the namespace the verifier publishes in CloudWatch Embedded Metric Format;
 * the `BackupVerifier` construct alarms on the summary metrics (dimension `Verifier`).
 */
export const METRICS = {
  namespace: 'CdkReadiness/BackupVerifier',
  /** 1 per completed verification run (the heartbeat). */
  runs: 'Runs',
  resourcesChecked: 'ResourcesChecked',
  resourcesFailed: 'ResourcesFailed',
  checksFailed: 'ChecksFailed',
  jobsFailed: 'JobsFailed',
  errors: 'VerificationErrors',
  maxRecoveryPointAge: 'MaxRecoveryPointAgeHours',
  maxCopyLag: 'MaxCopyLagHours',
  drills: 'Drills',
  drillsFailed: 'DrillsFailed',
  maxRestoreTime: 'MaxRestoreTimeHours',
  /** Per resource (dimensions Verifier, ResourceType, Resource). */
  recoveryPointAge: 'RecoveryPointAgeHours',
  copyLag: 'CopyLagHours',
  resourcePassed: 'ResourcePassed',
  restoreTime: 'RestoreTimeHours',
  drillPassed: 'DrillPassed',
} as const;

type Values = Record<string, number | undefined>;

function record(timestamp: number, dimensions: Record<string, string>, values: Values): object | undefined {
  const defined = Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined);
  if (defined.length === 0) return undefined;
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: METRICS.namespace,
        Dimensions: [Object.keys(dimensions)],
        Metrics: defined.map(([name]) => ({ Name: name, Unit: /Hours$/.test(name) ? 'None' : 'Count' })),
      }],
    },
    ...dimensions,
    ...Object.fromEntries(defined),
  };
}

function drillRecords(name: string, timestamp: number, drills: DrillResult[], perResource: boolean): object[] {
  const done = drills.filter((d) => d.status !== 'RUNNING');
  const out: Array<object | undefined> = [];
  if (done.length > 0) {
    const rtos = done.map((d) => d.restoreTimeHours).filter((x): x is number => x !== undefined);
    out.push(record(timestamp, { Verifier: name }, {
      [METRICS.drills]: done.length,
      [METRICS.drillsFailed]: done.filter((d) => d.status !== 'PASSED').length,
      [METRICS.maxRestoreTime]: rtos.length > 0 ? Math.max(...rtos) : undefined,
    }));
  }
  if (perResource) {
    for (const d of done) {
      out.push(record(timestamp, { Verifier: name, ResourceType: d.resourceType, Resource: d.resourceArn }, {
        [METRICS.restoreTime]: d.restoreTimeHours,
        [METRICS.drillPassed]: d.status === 'PASSED' ? 1 : 0,
      }));
    }
  }
  return out.filter((r): r is object => r !== undefined);
}

/** The EMF records of a run: its summary (with the heartbeat), each resource, each finished drill. */
export function reportMetrics(report: VerificationReport, perResource: boolean, timestamp: number): object[] {
  const s = report.summary;
  const out: Array<object | undefined> = [record(timestamp, { Verifier: report.name }, {
    [METRICS.runs]: 1,
    [METRICS.resourcesChecked]: s.resources,
    [METRICS.resourcesFailed]: s.resourcesFailed,
    [METRICS.checksFailed]: s.checksFailed,
    [METRICS.jobsFailed]: s.jobsFailed,
    [METRICS.errors]: s.errors,
    [METRICS.maxRecoveryPointAge]: s.maxRecoveryPointAgeHours,
    [METRICS.maxCopyLag]: s.maxCopyLagHours,
  })];
  if (perResource) {
    for (const r of report.resources) {
      out.push(record(timestamp, { Verifier: report.name, ResourceType: r.resourceType, Resource: r.resourceArn }, {
        [METRICS.recoveryPointAge]: r.recoveryPointAgeHours,
        [METRICS.copyLag]: r.copyLagHours,
        [METRICS.resourcePassed]: r.status === 'PASS' ? 1 : 0,
      }));
    }
  }
  return [...out.filter((r): r is object => r !== undefined), ...drillRecords(report.name, timestamp, report.drills, perResource)];
}

/** The EMF records of drills finished outside a run (a restore job's completion event). */
export function drillMetrics(name: string, drills: DrillResult[], perResource: boolean, timestamp: number): object[] {
  return drillRecords(name, timestamp, drills, perResource);
}
