import { DescribeRestoreJobCommand, GetRecoveryPointRestoreMetadataCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, config, context, DR_REGION, drCopy, DRILL_ROLE, hoursAgo, mockBackup, NOW, primaryRp, table } from './fixtures';
import { DRILL_TAG_KEY } from '../../../src/backup/verifier/private/config';
import { METRICS, reportMetrics } from '../../../src/backup/verifier/private/metrics';
import { runVerification } from '../../../src/backup/verifier/private/run';
import { handle, resetConfigForTests } from '../../../src/backup/verifier/private/verifier.lambda';

const ddb = mockClient(DynamoDBClient);
const drill = { restoreRoleArn: DRILL_ROLE, resourceTypes: ['DynamoDB'], maxDrillsPerRun: 2, windowHours: 168, metadata: [], cleanup: true };

function deps(lines: string[]) {
  return { now: () => NOW, sleep: async () => undefined, remainingMs: 900_000, write: (l: string) => lines.push(l) };
}
const emf = (lines: string[]) => lines.map((l) => JSON.parse(l)).filter((r) => r._aws);

beforeEach(() => {
  ddb.reset();
  resetConfigForTests();
});
afterAll(() => {
  delete process.env.VERIFIER_CONFIG;
});

describe('Embedded Metric Format', () => {
  test('a summary record with the heartbeat, then one record per resource', async () => {
    mockBackup({ primary: [primaryRp(table('a'), 3), primaryRp(table('b'), 30)], dr: [drCopy(table('a'), 2), drCopy(table('b'), 29)] });
    const report = await runVerification(config(), { ...context(), startDrills: false });
    const [summary, a, b] = reportMetrics(report, true, 1234) as any[];
    expect(summary).toEqual({
      _aws: {
        Timestamp: 1234,
        CloudWatchMetrics: [{
          Namespace: 'CdkReadiness/BackupVerifier',
          Dimensions: [['Verifier']],
          Metrics: [
            { Name: 'Runs', Unit: 'Count' }, { Name: 'ResourcesChecked', Unit: 'Count' }, { Name: 'ResourcesFailed', Unit: 'Count' },
            { Name: 'ChecksFailed', Unit: 'Count' }, { Name: 'JobsFailed', Unit: 'Count' }, { Name: 'VerificationErrors', Unit: 'Count' },
            { Name: 'MaxRecoveryPointAgeHours', Unit: 'None' }, { Name: 'MaxCopyLagHours', Unit: 'None' },
          ],
        }],
      },
      Verifier: 'test',
      Runs: 1,
      ResourcesChecked: 2,
      ResourcesFailed: 1,
      ChecksFailed: 1,
      JobsFailed: 0,
      VerificationErrors: 0,
      MaxRecoveryPointAgeHours: 30,
      MaxCopyLagHours: 1.25,
    });
    expect(a).toMatchObject({ Verifier: 'test', ResourceType: 'DynamoDB', Resource: table('a'), RecoveryPointAgeHours: 3, CopyLagHours: 1.25, ResourcePassed: 1 });
    expect(a._aws.CloudWatchMetrics[0].Dimensions).toEqual([['Verifier', 'ResourceType', 'Resource']]);
    expect(b).toMatchObject({ Resource: table('b'), RecoveryPointAgeHours: 30, ResourcePassed: 0 });
    // Without per-resource metrics only the summary is published.
    expect(reportMetrics(report, false, 1)).toHaveLength(1);
  });

  test('metrics without a value are left out (no resource: no age)', async () => {
    mockBackup({ primary: [], dr: [] });
    const report = await runVerification(config(), { ...context(), startDrills: false });
    const [summary] = reportMetrics(report, true, 1) as any[];
    expect(summary.MaxRecoveryPointAgeHours).toBeUndefined();
    expect(summary._aws.CloudWatchMetrics[0].Metrics.map((m: any) => m.Name)).not.toContain(METRICS.maxRecoveryPointAge);
    expect(summary.VerificationErrors).toBe(1);
  });
});

describe('the Lambda handler', () => {
  test('a scheduled verify run writes EMF records and one log line per finding; it does not throw on failures', async () => {
    process.env.VERIFIER_CONFIG = JSON.stringify(config({ name: 'web' }));
    mockBackup({ primary: [primaryRp(table('a'), 30)], dr: [drCopy(table('a'), 29)] });
    const lines: string[] = [];
    const out = await handle({ mode: 'verify' }, deps(lines));
    expect(out).toMatchObject({ passed: false, summary: { resources: 1, resourcesFailed: 1 } });
    expect(emf(lines)[0]).toMatchObject({ Verifier: 'web', Runs: 1, ResourcesFailed: 1 });
    expect(lines.map((l) => JSON.parse(l).message)).toEqual([undefined, undefined, 'backup check failed', 'backup verification']);
  });

  test('a drill run starts drills and does not wait for them (their completion events finish them); a verify run starts none', async () => {
    process.env.VERIFIER_CONFIG = JSON.stringify(config({ drill }));
    const backup = mockBackup({ primary: [primaryRp(table('a'), 2), primaryRp(table('b'), 2)], dr: [drCopy(table('a'), 1), drCopy(table('b'), 1)] });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).callsFake((input) => ({ RestoreJobId: `j-${input.Metadata.targetTableName}` }));
    // One restore still running, one already ended when the run looks: neither is finished here.
    backup.on(DescribeRestoreJobCommand).callsFake((input) => ({
      RestoreJobId: input.RestoreJobId,
      IamRoleArn: DRILL_ROLE,
      CreationDate: NOW,
      CompletionDate: NOW,
      Status: backup.commandCalls(DescribeRestoreJobCommand).length === 1 ? 'RUNNING' : 'COMPLETED',
      CreatedResourceArn: `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-0000000000000002`,
    }));
    await handle({ mode: 'verify' }, deps([]));
    expect(backup).not.toHaveReceivedCommand(StartRestoreJobCommand);
    const waits: number[] = [];
    const out = await handle({ mode: 'drill' }, { ...deps([]), sleep: async (ms) => { waits.push(ms); } });
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 2);
    expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 2);
    expect(waits).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
    expect(out).toMatchObject({ summary: { drills: 2, drillsFailed: 0 } });
  });

  test('a restore job event of a drill finishes it and publishes its restore time', async () => {
    process.env.VERIFIER_CONFIG = JSON.stringify(config({ drill }));
    const backup = mockBackup({});
    const created = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-0000000000000001`;
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'j2', IamRoleArn: DRILL_ROLE, ResourceType: 'DynamoDB', SourceResourceArn: table('a'), Status: 'COMPLETED', CreationDate: hoursAgo(2), CompletionDate: hoursAgo(1), CreatedResourceArn: created,
    });
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: hoursAgo(1.9) } });
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    const lines: string[] = [];
    const out = await handle({ 'detail-type': 'Restore Job State Change', 'detail': { restoreJobId: 'j2' } }, deps(lines));
    expect(out).toMatchObject({ drill: { status: 'PASSED', restoreTimeHours: 1, cleanup: 'DELETING' } });
    const records = emf(lines);
    expect(records[0]).toMatchObject({ Verifier: 'test', Drills: 1, DrillsFailed: 0, MaxRestoreTimeHours: 1 });
    expect(records[0].Runs).toBeUndefined();
    expect(records[1]).toMatchObject({ Resource: table('a'), RestoreTimeHours: 1, DrillPassed: 1 });
  });

  test('a repeated event of a drill already finished publishes nothing', async () => {
    process.env.VERIFIER_CONFIG = JSON.stringify(config({ drill }));
    const backup = mockBackup({});
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'j4',
      IamRoleArn: DRILL_ROLE,
      Status: 'COMPLETED',
      CreationDate: hoursAgo(2),
      CompletionDate: hoursAgo(1),
      CreatedResourceArn: `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-0000000000000004`,
    });
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'DELETING', CreationDateTime: hoursAgo(1.9) } });
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: DRILL_TAG_KEY, Value: 'j4' }] });
    const lines: string[] = [];
    expect(await handle({ 'detail-type': 'Restore Job State Change', 'detail': { restoreJobId: 'j4' } }, deps(lines))).toEqual({ ignored: 'restore drill j4 is already finished' });
    expect(lines).toEqual([]);
  });

  test('restore jobs that are not drills are ignored', async () => {
    process.env.VERIFIER_CONFIG = JSON.stringify(config({ drill }));
    const backup = mockBackup({});
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'j3', IamRoleArn: 'arn:aws:iam::111111111111:role/restore-testing', Status: 'COMPLETED' });
    const lines: string[] = [];
    expect(await handle({ 'detail-type': 'Restore Job State Change', 'detail': { restoreJobId: 'j3' } }, deps(lines))).toEqual({ ignored: 'restore job j3 is not a drill' });
    expect(lines).toEqual([]);
    expect(ddb.calls()).toHaveLength(0);
  });

  test('a missing or invalid configuration fails loudly', async () => {
    delete process.env.VERIFIER_CONFIG;
    await expect(handle({}, deps([]))).rejects.toThrow('VERIFIER_CONFIG is not set: deploy this function with the BackupVerifier construct.');
    resetConfigForTests();
    process.env.VERIFIER_CONFIG = JSON.stringify({ ...config(), rpoHours: -1 });
    await expect(handle({}, deps([]))).rejects.toThrow('VERIFIER_CONFIG rpoHours: -1 is not a positive number of hours.');
  });
});
