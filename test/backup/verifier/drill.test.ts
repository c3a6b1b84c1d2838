import {
  DescribeRestoreJobCommand, GetRecoveryPointRestoreMetadataCommand, ListRestoreJobsCommand, PutRestoreValidationResultCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { CreateTagsCommand, DeleteVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DeleteFileSystemCommand, DescribeFileSystemsCommand, EFSClient, TagResourceCommand as EfsTagResourceCommand } from '@aws-sdk/client-efs';
import { AddTagsToResourceCommand, DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  ACCOUNT, config, context, DR_REGION, DR_VAULT, drCopy, DRILL_ROLE, hoursAgo, mockBackup, NOW, primaryRp, table, World,
} from './fixtures';
import { DRILL_TAG_KEY, DrillConfig } from '../../../src/backup/verifier/private/config';
import { finishDrill, finishLeftoverDrills } from '../../../src/backup/verifier/private/drill';
import { drillMetadata, drillName } from '../../../src/backup/verifier/private/drill-metadata';
import { runVerification } from '../../../src/backup/verifier/private/run';

const rds = mockClient(RDSClient);
const ddb = mockClient(DynamoDBClient);
const efs = mockClient(EFSClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => [rds, ddb, efs, ec2].forEach((m) => m.reset()));

const DB = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`;
const drill = (over: Partial<DrillConfig> = {}): DrillConfig => ({
  restoreRoleArn: DRILL_ROLE, resourceTypes: ['RDS', 'DynamoDB', 'EFS', 'EBS', 'Aurora'], maxDrillsPerRun: 5, windowHours: 168, metadata: [], cleanup: true, ...over,
});
const restoredDb = (name: string) => `arn:aws:rds:${DR_REGION}:${ACCOUNT}:db:${name}`;

function rdsWorld(extra: Partial<World> = {}): World {
  const copy = drCopy(DB, 2, { ResourceType: 'RDS', RecoveryPointArn: `arn:aws:rds:${DR_REGION}:${ACCOUNT}:snapshot:awsbackup:copyjob-1` });
  return { primary: [primaryRp(DB, 3, { ResourceType: 'RDS' })], dr: [copy], ...extra };
}

function run(drillConfig = drill(), over: Parameters<typeof config>[0] = {}, ctxOver: object = {}) {
  return runVerification(config({ drill: drillConfig, ...over }), { ...context(), startDrills: true, ...ctxOver });
}

describe('restore metadata of a drill', () => {
  test('stored metadata without region-bound keys, a new name, the drill essentials, then the overrides', () => {
    const stored = {
      DBInstanceIdentifier: 'orders',
      DBInstanceClass: 'db.t4g.medium',
      Engine: 'postgres',
      MultiAZ: 'true',
      AvailabilityZone: 'eu-west-1a',
      DBSubnetGroupName: 'primary-subnets',
      VpcSecurityGroupIds: '["sg-primary"]',
      KmsKeyId: 'arn:aws:kms:eu-west-1:1:key/x',
      DeletionProtection: 'true',
    };
    const m = drillMetadata('RDS', stored, [
      { resourceType: 'RDS', key: 'dbsubnetgroupname', value: 'dr-subnets' },
      { resourceType: 'DynamoDB', key: 'targetTableName', value: 'ignored' },
    ], 'cdkr-drill-abc', DR_REGION);
    expect(m).toEqual({
      DBInstanceClass: 'db.t4g.medium',
      Engine: 'postgres',
      DBInstanceIdentifier: 'cdkr-drill-abc',
      DeletionProtection: 'false',
      MultiAZ: 'false',
      PubliclyAccessible: 'false',
      dbsubnetgroupname: 'dr-subnets',
    });
  });

  test.each([
    ['Aurora', { DBClusterIdentifier: 'cdkr-drill-x', DeletionProtection: 'false' }],
    ['DynamoDB', { targetTableName: 'cdkr-drill-x', deletionProtection: 'false', encryptionType: 'Default' }],
    ['EFS', { newFileSystem: 'true', CreationToken: 'cdkr-drill-x', Encrypted: 'true' }],
    ['EBS', { availabilityZone: 'eu-central-1a', encrypted: 'true' }],
  ])('%s', (type, expected) => {
    expect(drillMetadata(type, {}, [], 'cdkr-drill-x', DR_REGION)).toEqual(expected);
  });

  test('names are stable within a window and differ across recovery points and windows', () => {
    expect(drillName('rp-1', 0)).toBe(drillName('rp-1', 0));
    expect(drillName('rp-1', 0)).not.toBe(drillName('rp-2', 0));
    expect(drillName('rp-1', 0)).not.toBe(drillName('rp-1', 1));
    expect(drillName('rp-1', 0)).toMatch(/^cdkr-drill-[0-9a-f]{16}$/);
  });

  test('unsupported types are refused', () => {
    expect(() => drillMetadata('FSx', {}, [], 'n', DR_REGION)).toThrow('Restore drills do not support resource type FSx.');
  });
});

describe('a drill that succeeds', () => {
  test('restores the newest DR copy, polls with backoff, measures the RTO, validates, tags and deletes only what it restored', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: { DBInstanceIdentifier: 'orders', AvailabilityZone: 'eu-west-1b', Engine: 'postgres' } });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-1' });
    let created: string | undefined;
    backup.on(StartRestoreJobCommand).callsFake((input) => {
      created = restoredDb(input.Metadata.DBInstanceIdentifier);
      return { RestoreJobId: 'job-1' };
    });
    const job = () => ({ RestoreJobId: 'job-1', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', CreationDate: hoursAgo(1), RecoveryPointArn: 'rp' });
    backup.on(DescribeRestoreJobCommand)
      .resolvesOnce({ ...job(), Status: 'RUNNING', PercentDone: '40%' })
      .resolvesOnce({ ...job(), Status: 'RUNNING', PercentDone: '90%' })
      .callsFake(() => ({ ...job(), Status: 'COMPLETED', CompletionDate: hoursAgo(0.5), CreatedResourceArn: created }));
    rds.on(DescribeDBInstancesCommand).callsFake(() => ({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(0.9), TagList: [] }] }));
    const waits: number[] = [];
    const report = await run(drill(), {}, { sleep: async (ms: number) => { waits.push(ms); } });

    const start = backup.commandCalls(StartRestoreJobCommand);
    expect(start).toHaveLength(1);
    const input = start[0].args[0].input;
    expect(input).toMatchObject({ IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', IdempotencyToken: expect.stringMatching(/^cdkr-drill-/) });
    expect(input.Metadata).toEqual({ Engine: 'postgres', DBInstanceIdentifier: input.IdempotencyToken, DeletionProtection: 'false', MultiAZ: 'false', PubliclyAccessible: 'false' });
    expect(backup).toHaveReceivedCommandWith(GetRecoveryPointRestoreMetadataCommand, { BackupVaultName: 'dr', BackupVaultAccountId: ACCOUNT });
    expect(waits).toEqual([1000, 1500]);

    expect(report.drills).toEqual([expect.objectContaining({
      status: 'PASSED',
      resourceArn: DB,
      resourceType: 'RDS',
      restoreJobId: 'job-1',
      restoreTimeHours: 0.5,
      createdResourceArn: created,
      validation: 'SUCCESSFUL',
      validationReported: true,
      cleanup: 'DELETING',
    })]);
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, { ResourceName: created, Tags: [{ Key: DRILL_TAG_KEY, Value: 'job-1' }] });
    expect(backup).toHaveReceivedCommandWith(PutRestoreValidationResultCommand, { RestoreJobId: 'job-1', ValidationStatus: 'SUCCESSFUL' });
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: input.IdempotencyToken, SkipFinalSnapshot: true });
    expect(report.passed).toBe(true);
    expect(report.summary).toMatchObject({ drills: 1, drillsFailed: 0, maxRestoreTimeHours: 0.5 });
  });

  test('AWS Backup refusing the validation result does not fail the drill', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-2' });
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'job-2', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.75), CreatedResourceArn: restoredDb('cdkr-drill-0000000000000002'),
    });
    backup.on(PutRestoreValidationResultCommand).rejects(Object.assign(new Error('Restore job is not part of a restore testing plan'), { name: 'InvalidRequestException' }));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(0.9), TagList: [{ Key: DRILL_TAG_KEY, Value: 'job-2' }] }] });
    const d = (await run()).drills[0];
    expect(d).toMatchObject({ status: 'PASSED', validation: 'SUCCESSFUL', validationReported: false, cleanup: 'DELETING' });
    expect(d.message).toContain('validation not reported to AWS Backup (InvalidRequestException');
  });
});

describe('a drill whose restore fails', () => {
  test('is a failed drill with the status message; nothing is created so nothing is deleted', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-f' });
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'job-f', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'FAILED', StatusMessage: 'DBSubnetGroupNotFoundFault: default', CreationDate: hoursAgo(1),
    });
    const report = await run();
    expect(report.drills).toEqual([expect.objectContaining({ status: 'FAILED', restoreJobId: 'job-f', cleanup: 'NOT_NEEDED', message: 'restore FAILED: DBSubnetGroupNotFoundFault: default' })]);
    expect(rds.calls()).toHaveLength(0);
    expect(report.passed).toBe(false);
    expect(report.summary.drillsFailed).toBe(1);
  });

  test('a failed restore that left a resource: it is tagged as the drill and deleted', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-p' });
    const leftover = restoredDb('cdkr-drill-00000000000000ff');
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'job-p', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'FAILED', StatusMessage: 'storage-full', CreationDate: hoursAgo(1), CreatedResourceArn: leftover,
    });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'failed', InstanceCreateTime: hoursAgo(0.9) }] });
    const d = (await run()).drills[0];
    expect(d).toMatchObject({ status: 'FAILED', cleanup: 'DELETING' });
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: 'cdkr-drill-00000000000000ff' });
    expect(backup).not.toHaveReceivedCommand(PutRestoreValidationResultCommand);
  });

  test('StartRestoreJob refused: an error drill, the run goes on', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).rejects(Object.assign(new Error('not authorized to perform iam:PassRole'), { name: 'AccessDeniedException' }));
    const report = await run();
    expect(report.drills).toEqual([expect.objectContaining({ status: 'ERROR', message: expect.stringContaining('Grant backup:StartRestoreJob') })]);
    expect(report.resources[0].status).toBe('PASS');
  });

  test('restore metadata refused: the error names that call, no restore starts', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    const report = await run();
    expect(backup).not.toHaveReceivedCommand(StartRestoreJobCommand);
    expect(report.drills).toEqual([expect.objectContaining({ status: 'ERROR', message: expect.stringContaining('Grant backup:GetRecoveryPointRestoreMetadata') })]);
  });

  test('a restore longer than the RTO fails the drill', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-s' });
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'job-s', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: hoursAgo(6), CompletionDate: hoursAgo(1), CreatedResourceArn: restoredDb('cdkr-drill-0000000000000005'),
    });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(5.9) }] });
    const d = (await run()).drills[0];
    expect(d).toMatchObject({ status: 'FAILED', restoreTimeHours: 5, validation: 'SUCCESSFUL' });
    expect(d.message).toContain('RTO exceeded by 1 h');
  });

  test('a restore still running at the deadline is RUNNING, and FAILED once beyond the RTO', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-r' });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-r', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'RUNNING', PercentDone: '10%', CreationDate: hoursAgo(0.1) });
    const report = await run(drill(), {}, { deadline: NOW.getTime() + 500 });
    expect(report.drills[0]).toMatchObject({ status: 'RUNNING', message: expect.stringContaining('completion event, or the next run, finishes the drill') });
    expect(report.summary.drillsFailed).toBe(0);

    const late = await finishDrill(config({ drill: drill() }), { RestoreJobId: 'job-r', IamRoleArn: DRILL_ROLE, Status: 'RUNNING', CreationDate: hoursAgo(5) }, context());
    expect(late).toMatchObject({ status: 'FAILED', message: 'Restore still RUNNING after 5 h: beyond the RTO of 4 h.' });
  });
});

describe('idempotency and safety', () => {
  test('a recovery point drilled within the window is not restored again: its job is reused', async () => {
    const world = rdsWorld();
    const copyArn = world.dr![0].RecoveryPointArn;
    const backup = mockBackup({ ...world, restoreJobs: [{ RestoreJobId: 'job-old', IamRoleArn: DRILL_ROLE, RecoveryPointArn: copyArn, SourceResourceArn: DB, Status: 'RUNNING', CreationDate: hoursAgo(20) }] });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-old', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'RUNNING', CreationDate: hoursAgo(0.2) });
    const report = await run(drill(), {}, { deadline: NOW.getTime() });
    expect(backup).not.toHaveReceivedCommand(StartRestoreJobCommand);
    expect(report.drills[0]).toMatchObject({ restoreJobId: 'job-old', status: 'RUNNING' });
  });

  test('a drill of the newest copy that ended within the window is neither restored nor finished again; the slot goes to another resource', async () => {
    const tables = ['a', 'b'].map((n) => table(n));
    const copies = tables.map((t) => drCopy(t, 1));
    const backup = mockBackup({
      primary: tables.map((t) => primaryRp(t, 2)),
      dr: copies,
      restoreJobs: [{
        RestoreJobId: 'done-a',
        IamRoleArn: DRILL_ROLE,
        RecoveryPointArn: copies[0].RecoveryPointArn,
        SourceResourceArn: tables[0],
        Status: 'COMPLETED',
        CreationDate: hoursAgo(3),
        CreatedResourceArn: `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-00000000000000a0`,
      }],
    });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-b' });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-b', IamRoleArn: DRILL_ROLE, Status: 'RUNNING', CreationDate: NOW });
    // The ended drill's table is gone: it was finished when its restore ended.
    ddb.on(DescribeTableCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    const report = await run(drill({ maxDrillsPerRun: 1 }), {}, { deadline: NOW.getTime() });
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 1);
    expect(backup).not.toHaveReceivedCommandWith(DescribeRestoreJobCommand, { RestoreJobId: 'done-a' });
    expect(report.drills).toEqual([expect.objectContaining({ resourceArn: tables[1], restoreJobId: 'job-b', status: 'RUNNING' })]);
    expect(report.passed).toBe(true);
  });

  test('without the list of restore jobs no drill starts', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(ListRestoreJobsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const report = await run();
    expect(backup).not.toHaveReceivedCommand(StartRestoreJobCommand);
    expect(report.drills).toEqual([expect.objectContaining({ status: 'ERROR', message: expect.stringContaining('could not be listed') })]);
  });

  test('at most maxDrillsPerRun restores start, least recently drilled first', async () => {
    const tables = ['a', 'b', 'c'].map((n) => table(n));
    const backup = mockBackup({
      primary: tables.map((t) => primaryRp(t, 2)),
      dr: tables.map((t) => drCopy(t, 1)),
      // b was drilled yesterday (its previous copy), a two days ago; c never.
      restoreJobs: [
        { RestoreJobId: 'old-b', IamRoleArn: DRILL_ROLE, RecoveryPointArn: 'older-b', SourceResourceArn: tables[1], Status: 'COMPLETED', CreationDate: hoursAgo(24) },
        { RestoreJobId: 'old-a', IamRoleArn: DRILL_ROLE, RecoveryPointArn: 'older-a', SourceResourceArn: tables[0], Status: 'COMPLETED', CreationDate: hoursAgo(48) },
      ],
    });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).callsFake((input) => ({ RestoreJobId: `job-${input.Metadata.targetTableName}` }));
    backup.on(DescribeRestoreJobCommand).callsFake((input) => ({ RestoreJobId: input.RestoreJobId, IamRoleArn: DRILL_ROLE, Status: 'RUNNING', CreationDate: NOW }));
    const report = await run(drill({ maxDrillsPerRun: 2 }), {}, { deadline: NOW.getTime() });
    expect(report.drills.map((d) => d.resourceArn)).toEqual([tables[2], tables[0]]);
  });

  test('a restored resource with the drill tag of another restore job is left alone, not even tagged', async () => {
    const backup = mockBackup(rdsWorld());
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-t' });
    backup.on(DescribeRestoreJobCommand).resolves({
      RestoreJobId: 'job-t', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5), CreatedResourceArn: restoredDb('cdkr-drill-0000000000000007'),
    });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(0.9), TagList: [{ Key: DRILL_TAG_KEY, Value: 'some-other-job' }] }] });
    const d = (await run()).drills[0];
    expect(d).toMatchObject({ cleanup: 'KEPT', validation: 'SUCCESSFUL' });
    expect(d.message).toContain('carries the drill tag of restore job some-other-job, not job-t: left alone');
    expect(rds).not.toHaveReceivedCommand(AddTagsToResourceCommand);
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  test.each([
    // A restore into an existing file system (newFileSystem false) names that file system.
    ['created before its restore job started', { LifeCycleState: 'available', CreationTime: hoursAgo(400) }, 'before restore job job-e started: the drill did not create it, left alone'],
    ['without a creation time', { LifeCycleState: 'available' }, 'has no creation time to compare with its restore job\'s: left alone'],
  ])('a file system %s is never tagged or deleted', async (_what, fs, message) => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [fs as any] });
    const d = await finishDrill(config({ drill: drill() }), {
      RestoreJobId: 'job-e', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5), CreatedResourceArn: `arn:aws:elasticfilesystem:${DR_REGION}:${ACCOUNT}:file-system/fs-prod`,
    }, context());
    expect(d).toMatchObject({ cleanup: 'KEPT' });
    expect(d!.message).toContain(message);
    expect(efs).not.toHaveReceivedCommand(EfsTagResourceCommand);
    expect(efs).not.toHaveReceivedCommand(DeleteFileSystemCommand);
  });

  test('metadata overrides cannot change what makes a drill a new resource of its own', () => {
    const overrides = [
      { resourceType: 'EFS', key: 'newfilesystem', value: 'false' },
      { resourceType: 'EFS', key: 'file-system-id', value: 'fs-prod' },
      { resourceType: 'RDS', key: 'dbinstanceidentifier', value: 'orders' },
      { resourceType: 'RDS', key: 'deletionprotection', value: 'true' },
      { resourceType: 'RDS', key: 'multiaz', value: 'true' },
      { resourceType: 'DynamoDB', key: 'TargetTableName', value: 'orders' },
    ];
    expect(drillMetadata('EFS', { 'file-system-id': 'fs-source' }, overrides, 'cdkr-drill-x', DR_REGION))
      .toEqual({ 'file-system-id': 'fs-prod', 'Encrypted': 'true', 'newFileSystem': 'true', 'CreationToken': 'cdkr-drill-x' });
    expect(drillMetadata('RDS', {}, overrides, 'cdkr-drill-x', DR_REGION))
      .toEqual({ PubliclyAccessible: 'false', multiaz: 'true', DBInstanceIdentifier: 'cdkr-drill-x', DeletionProtection: 'false' });
    expect(drillMetadata('DynamoDB', {}, overrides, 'cdkr-drill-x', DR_REGION))
      .toEqual({ encryptionType: 'Default', targetTableName: 'cdkr-drill-x', deletionProtection: 'false' });
  });

  test.each([
    ['outside the drill name prefix', restoredDb('production-db')],
    ['in another region', `arn:aws:rds:eu-west-1:${ACCOUNT}:db:cdkr-drill-0000000000000009`],
    ['of a kind drills never make', 'arn:aws:s3:::some-bucket'],
  ])('a created resource %s is never touched', async (_what, arn) => {
    const d = await finishDrill(config({ drill: drill() }), {
      RestoreJobId: 'job-x', IamRoleArn: DRILL_ROLE, ResourceType: 'RDS', Status: 'COMPLETED', CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5), CreatedResourceArn: arn,
    }, context());
    expect(d!.cleanup).toBe('KEPT');
    expect(rds.calls()).toHaveLength(0);
  });

  test('a restore job that did not run as the drill role is not a drill', async () => {
    const d = await finishDrill(config({ drill: drill() }), {
      RestoreJobId: 'job-y', IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/someone-else`, Status: 'COMPLETED', CreatedResourceArn: restoredDb('cdkr-drill-000000000000000a'),
    }, context());
    expect(d).toMatchObject({ status: 'ERROR', message: expect.stringContaining('not a drill, left alone') });
    expect(rds.calls()).toHaveLength(0);
  });

  test('clean-up off: the restored resource is kept', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(0.9) }] });
    const d = await finishDrill(config({ drill: drill({ cleanup: false }) }), {
      RestoreJobId: 'job-k', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5), CreatedResourceArn: restoredDb('cdkr-drill-000000000000000b'),
    }, context());
    expect(d).toMatchObject({ status: 'PASSED', cleanup: 'KEPT' });
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });
});

describe('clean-up per resource type', () => {
  const done = (arn: string) => ({ RestoreJobId: 'job-z', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED' as const, CreationDate: hoursAgo(1), CompletionDate: hoursAgo(0.5), CreatedResourceArn: arn });
  const tag = [{ Key: DRILL_TAG_KEY, Value: 'job-z' }];
  let backupMockOfTest: ReturnType<typeof mockBackup>;
  const backup = () => backupMockOfTest;
  beforeEach(() => {
    backupMockOfTest = mockBackup({});
  });

  test('DynamoDB table', async () => {
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: hoursAgo(0.9) } });
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    const arn = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-000000000000000c`;
    expect(await finishDrill(config({ drill: drill() }), done(arn), context())).toMatchObject({ status: 'PASSED', cleanup: 'DELETING' });
    expect(ddb).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: arn, Tags: tag });
    expect(ddb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: 'cdkr-drill-000000000000000c' });
  });

  test('EFS file system: validated, then kept (never tagged or deleted) with the command that deletes it', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ LifeCycleState: 'available', CreationTime: hoursAgo(0.9), Tags: [] } as any] });
    const arn = `arn:aws:elasticfilesystem:${DR_REGION}:${ACCOUNT}:file-system/fs-0123`;
    const d = await finishDrill(config({ drill: drill() }), done(arn), context());
    expect(d).toMatchObject({ status: 'PASSED', validation: 'SUCCESSFUL', cleanup: 'KEPT' });
    expect(d!.message).toContain(`aws efs delete-file-system --file-system-id fs-0123 --region ${DR_REGION}`);
    expect(efs).not.toHaveReceivedCommand(EfsTagResourceCommand);
    expect(efs).not.toHaveReceivedCommand(DeleteFileSystemCommand);
  });

  test('EBS volume: validated, then kept (never tagged or deleted) with the command that deletes it', async () => {
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ State: 'available', CreateTime: hoursAgo(0.9) }] });
    const arn = `arn:aws:ec2:${DR_REGION}:${ACCOUNT}:volume/vol-0123`;
    const d = await finishDrill(config({ drill: drill() }), done(arn), context());
    expect(d).toMatchObject({ status: 'PASSED', validation: 'SUCCESSFUL', cleanup: 'KEPT' });
    expect(d!.message).toContain(`aws ec2 delete-volume --volume-id vol-0123 --region ${DR_REGION}`);
    expect(ec2).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(ec2).not.toHaveReceivedCommand(DeleteVolumeCommand);
  });

  test('kept volumes and file systems are not finished again by later runs', async () => {
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ State: 'available', CreateTime: hoursAgo(0.9) }] });
    const job = { ...done(`arn:aws:ec2:${DR_REGION}:${ACCOUNT}:volume/vol-0123`), ResourceType: 'EBS' };
    expect(await finishLeftoverDrills(config({ drill: drill() }), [job], context(), new Set())).toEqual([]);
    expect(backup()).not.toHaveReceivedCommand(DescribeRestoreJobCommand);
  });

  test('Aurora cluster; one with instances the drill did not create is kept', async () => {
    const arn = `arn:aws:rds:${DR_REGION}:${ACCOUNT}:cluster:cdkr-drill-000000000000000d`;
    rds.on(DescribeDBClustersCommand).resolvesOnce({ DBClusters: [{ Status: 'available', ClusterCreateTime: hoursAgo(0.9), DBClusterMembers: [] }] })
      .resolves({ DBClusters: [{ Status: 'available', ClusterCreateTime: hoursAgo(0.9), TagList: tag, DBClusterMembers: [{ DBInstanceIdentifier: 'someone' }] }] });
    expect(await finishDrill(config({ drill: drill() }), done(arn), context())).toMatchObject({ cleanup: 'DELETING' });
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: 'cdkr-drill-000000000000000d', SkipFinalSnapshot: true });
    expect(await finishDrill(config({ drill: drill() }), done(arn), context())).toMatchObject({ cleanup: 'KEPT' });
    expect(rds).toHaveReceivedCommandTimes(DeleteDBClusterCommand, 1);
  });

  test('already gone, or being deleted with its drill tag: finished before (a run that waited, a repeated event), not again', async () => {
    const arn = restoredDb('cdkr-drill-000000000000000e');
    rds.on(DescribeDBInstancesCommand).rejectsOnce(Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' }))
      .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'deleting', InstanceCreateTime: hoursAgo(0.9), TagList: tag }] });
    expect(await finishDrill(config({ drill: drill() }), done(arn), context())).toBeUndefined();
    expect(await finishDrill(config({ drill: drill() }), done(arn), context())).toBeUndefined();
    expect(backup()).not.toHaveReceivedCommand(PutRestoreValidationResultCommand);
    expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
  });

  test('a delete that races another finisher is DELETING', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available', InstanceCreateTime: hoursAgo(0.9) }] });
    rds.on(DeleteDBInstanceCommand).rejects(Object.assign(new Error('Instance cdkr-drill is already being deleted.'), { name: 'InvalidDBInstanceStateFault' }));
    expect(await finishDrill(config({ drill: drill() }), done(restoredDb('cdkr-drill-000000000000000f')), context())).toMatchObject({ status: 'PASSED', cleanup: 'DELETING' });
  });

  test('with clean-up off a completed restore whose resource is gone fails validation (nothing of ours deleted it)', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(Object.assign(new Error('not found'), { name: 'DBInstanceNotFoundFault' }));
    expect(await finishDrill(config({ drill: drill({ cleanup: false }) }), done(restoredDb('cdkr-drill-0000000000000010')), context()))
      .toMatchObject({ status: 'FAILED', validation: 'FAILED', message: expect.stringContaining('is missing') });
  });
});

describe('drills that ended unattended', () => {
  test('a verify run finishes terminal drill jobs whose restored resource still exists', async () => {
    const left = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-00000000000000aa`;
    const backup = mockBackup({
      primary: [primaryRp(table('a'), 2)],
      dr: [drCopy(table('a'), 1)],
      restoreJobs: [
        { RestoreJobId: 'job-l', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreatedResourceArn: left, CreationDate: hoursAgo(10), BackupVaultArn: DR_VAULT },
        { RestoreJobId: 'job-gone', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreatedResourceArn: `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-00000000000000bb`, CreationDate: hoursAgo(10) },
        { RestoreJobId: 'job-test', IamRoleArn: 'arn:aws:iam::111111111111:role/restore-testing', Status: 'COMPLETED', CreatedResourceArn: `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/awsbackup-restore-test-1`, CreationDate: hoursAgo(10) },
      ],
    });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-l', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreationDate: hoursAgo(10), CompletionDate: hoursAgo(9.5), CreatedResourceArn: left, ValidationStatus: 'SUCCESSFUL' });
    ddb.on(DescribeTableCommand, { TableName: 'cdkr-drill-00000000000000aa' }).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: hoursAgo(9.9) } });
    ddb.on(DescribeTableCommand, { TableName: 'cdkr-drill-00000000000000bb' }).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [{ Key: DRILL_TAG_KEY, Value: 'job-l' }] });
    const report = await runVerification(config({ drill: drill() }), { ...context(), startDrills: false });
    expect(backup).not.toHaveReceivedCommand(StartRestoreJobCommand);
    expect(report.drills).toEqual([expect.objectContaining({ restoreJobId: 'job-l', cleanup: 'DELETING', validationReported: true })]);
    expect(backup).not.toHaveReceivedCommand(PutRestoreValidationResultCommand);
    expect(ddb).toHaveReceivedCommandTimes(DeleteTableCommand, 1);
  });

  test('a leftover drill job that cannot be read is an error drill; the run goes on', async () => {
    const left = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-00000000000000cc`;
    const backup = mockBackup({
      primary: [primaryRp(table('a'), 2)],
      dr: [drCopy(table('a'), 1)],
      restoreJobs: [{ RestoreJobId: 'job-u', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreatedResourceArn: left, CreationDate: hoursAgo(10), SourceResourceArn: table('a') }],
    });
    backup.on(DescribeRestoreJobCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: hoursAgo(9.9) } });
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    const report = await runVerification(config({ drill: drill() }), { ...context(), startDrills: false });
    expect(report.resources).toHaveLength(1);
    expect(report.drills).toEqual([expect.objectContaining({ restoreJobId: 'job-u', status: 'ERROR', message: expect.stringContaining('Grant backup:DescribeRestoreJob') })]);
    expect(ddb).not.toHaveReceivedCommand(DeleteTableCommand);
  });

  test('a leftover resource the drill did not create (older than its restore job) is not touched', async () => {
    const left = `arn:aws:dynamodb:${DR_REGION}:${ACCOUNT}:table/cdkr-drill-00000000000000dd`;
    const backup = mockBackup({
      primary: [primaryRp(table('a'), 2)],
      dr: [drCopy(table('a'), 1)],
      restoreJobs: [{ RestoreJobId: 'job-o', IamRoleArn: DRILL_ROLE, Status: 'COMPLETED', CreatedResourceArn: left, CreationDate: hoursAgo(10) }],
    });
    ddb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE', CreationDateTime: hoursAgo(100) } });
    ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    const report = await runVerification(config({ drill: drill() }), { ...context(), startDrills: false });
    expect(report.drills).toEqual([]);
    expect(backup).not.toHaveReceivedCommand(DescribeRestoreJobCommand);
    expect(ddb).not.toHaveReceivedCommand(TagResourceCommand);
    expect(ddb).not.toHaveReceivedCommand(DeleteTableCommand);
  });
});
