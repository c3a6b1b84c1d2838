import {
  CopyJob, DescribeBackupVaultCommand, ListBackupJobsCommand, ListCopyJobsCommand, ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsCommand, RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import 'aws-sdk-client-mock-jest';
import {
  config, context, copyJob, DR_KEY, pages, DR_VAULT, drCopy, hoursAgo, mockBackup, OTHER_VAULT, PRIMARY_KEY, PRIMARY_VAULT, primaryRp,
  table, testClients,
} from './fixtures';
import { verify } from '../../../src/backup/verifier/private/verify';

const checkOf = (r: { checks: Array<{ check: string; status: string; message: string }> }, id: string) => r.checks.find((c) => c.check === id);

describe('verification of one resource', () => {
  const T = table('orders');

  test('fresh, copied by a copy job, encrypted with the expected keys: every check passes', async () => {
    const rp = primaryRp(T, 3);
    const copy = drCopy(T, 2);
    mockBackup({ primary: [primaryRp(T, 27), rp], dr: [copy], copyJobs: [copyJob(rp, copy, 2.9, 2)] });
    const v = await verify(config(), context());
    expect(v.errors).toEqual([]);
    expect(v.resources).toHaveLength(1);
    const r = v.resources[0];
    expect(r).toMatchObject({
      resourceArn: T,
      resourceType: 'DynamoDB',
      status: 'PASS',
      recoveryPointAgeHours: 3,
      copyLagHours: 1,
      newestRecoveryPoint: { arn: rp.RecoveryPointArn },
      drCopy: { arn: copy.RecoveryPointArn, matchedBy: 'copy-job', ofNewest: true },
    });
    expect(r.checks.map((c) => `${c.check}:${c.status}`)).toEqual(['rpo:PASS', 'encryption:PASS', 'copy:PASS', 'copy-lag:PASS', 'dr-encryption:PASS']);
    expect(v.newestDrCopy.get(T)?.RecoveryPointArn).toBe(copy.RecoveryPointArn);
  });

  test('the newest recovery point older than the RPO fails rpo', async () => {
    const rp = primaryRp(T, 30);
    mockBackup({ primary: [rp], dr: [drCopy(T, 29)] });
    const r = (await verify(config(), context())).resources[0];
    expect(r.status).toBe('FAIL');
    expect(checkOf(r, 'rpo')).toEqual({ check: 'rpo', status: 'FAIL', message: 'newest recovery point 30 h old; RPO 24 h' });
  });

  test('recovery points that are not completed do not count', async () => {
    mockBackup({ primary: [primaryRp(T, 1, { Status: 'CREATING' }), primaryRp(T, 2, { Status: 'EXPIRED' })], dr: [drCopy(T, 1)] });
    const r = (await verify(config(), context())).resources[0];
    expect(checkOf(r, 'rpo')).toMatchObject({ status: 'FAIL', message: 'No completed recovery point (recovery points are CREATING, EXPIRED).' });
  });

  test('no copy in the DR vault fails copy, and the waiting time counts as copy lag', async () => {
    mockBackup({ primary: [primaryRp(T, 10)], dr: [] });
    const r = (await verify(config(), context())).resources[0];
    expect(checkOf(r, 'copy')?.status).toBe('FAIL');
    expect(checkOf(r, 'copy')?.message).toMatch(/No completed copy of this resource from primary in the DR vault dr \(eu-central-1\)/);
    expect(checkOf(r, 'copy-lag')).toMatchObject({ status: 'FAIL', message: 'newest recovery point waiting for its copy for 10 h; allowed 8 h' });
    expect(r.copyLagHours).toBe(10);
  });

  test('a copy still on its way within the allowed lag passes; an older copy exists', async () => {
    mockBackup({ primary: [primaryRp(T, 26), primaryRp(T, 2)], dr: [drCopy(T, 25)] });
    const r = (await verify(config(), context())).resources[0];
    expect(r.status).toBe('PASS');
    expect(checkOf(r, 'copy')?.message).toBe('copies exist; the newest recovery point is not copied yet');
    expect(checkOf(r, 'copy-lag')?.message).toBe('newest recovery point waiting for its copy for 2 h; allowed 8 h');
    expect(r.drCopy).toMatchObject({ matchedBy: 'source-vault', ofNewest: false });
  });

  test('without a copy job the copy is matched by source vault and creation time', async () => {
    const copy = drCopy(T, 1, { CompletionDate: hoursAgo(0.5) });
    mockBackup({ primary: [primaryRp(T, 4)], dr: [drCopy(T, 28), copy] });
    const r = (await verify(config(), context())).resources[0];
    expect(r.drCopy).toMatchObject({ arn: copy.RecoveryPointArn, matchedBy: 'source-vault', ofNewest: true });
    expect(r.copyLagHours).toBe(3.5);
  });

  test('a slow copy fails copy-lag', async () => {
    const rp = primaryRp(T, 20);
    const copy = drCopy(T, 5);
    mockBackup({ primary: [rp], dr: [copy], copyJobs: [copyJob(rp, copy, 19, 5)] });
    const r = (await verify(config(), context())).resources[0];
    expect(checkOf(r, 'copy-lag')).toMatchObject({ status: 'FAIL', message: 'newest recovery point copied in 15 h; allowed 8 h' });
  });

  test('copies from another vault do not count', async () => {
    mockBackup({ primary: [primaryRp(T, 2)], dr: [drCopy(T, 1, { SourceBackupVaultArn: OTHER_VAULT })] });
    const r = (await verify(config(), context())).resources[0];
    expect(checkOf(r, 'copy')?.status).toBe('FAIL');
  });

  test('encryption: unencrypted, wrong vault key, source-key types, wrong DR key', async () => {
    const rds = 'arn:aws:rds:eu-west-1:111111111111:db:orders';
    mockBackup({
      primary: [
        primaryRp(table('plain'), 1, { IsEncrypted: false, EncryptionKeyArn: undefined }),
        primaryRp(table('wrongkey'), 1, { EncryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/other' }),
        primaryRp(rds, 1, { RecoveryPointArn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:awsbackup:job-1', ResourceType: 'RDS', EncryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/rds-own' }),
      ],
      dr: [drCopy(table('plain'), 0.5), drCopy(table('wrongkey'), 0.5, { EncryptionKeyArn: 'arn:aws:kms:eu-central-1:111111111111:key/not-dr' }), drCopy(rds, 0.5, { ResourceType: 'RDS' })],
    });
    const v = await verify(config(), context());
    const by = (name: string) => v.resources.find((r) => r.resourceArn.endsWith(name))!;
    expect(checkOf(by('plain'), 'encryption')).toMatchObject({ status: 'FAIL', message: 'The newest recovery point is not encrypted.' });
    expect(checkOf(by('wrongkey'), 'encryption')).toMatchObject({ status: 'FAIL', message: expect.stringContaining(`expected ${PRIMARY_KEY}`) });
    expect(checkOf(by('wrongkey'), 'dr-encryption')).toMatchObject({ status: 'FAIL', message: expect.stringContaining(`expected ${DR_KEY}`) });
    expect(checkOf(by('orders'), 'encryption')).toMatchObject({ status: 'PASS', message: "encrypted with the source resource's key arn:aws:kms:eu-west-1:111111111111:key/rds-own" });
    expect(checkOf(by('orders'), 'dr-encryption')?.status).toBe('PASS');
  });

  test('expected primary keys given: source-key recovery points must use one of them', async () => {
    const rds = 'arn:aws:rds:eu-west-1:111111111111:db:orders';
    const backup = mockBackup({
      primary: [primaryRp(rds, 1, { RecoveryPointArn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:awsbackup:job-2', ResourceType: 'RDS', EncryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/aws-rds' })],
      dr: [drCopy(rds, 0.5)],
    });
    const r = (await verify(config({ primaryKeyArns: ['arn:aws:kms:eu-west-1:111111111111:key/customer'] }), context())).resources[0];
    expect(checkOf(r, 'encryption')).toMatchObject({ status: 'FAIL', message: expect.stringContaining('expected arn:aws:kms:eu-west-1:111111111111:key/customer') });
    // With the keys given, the primary vault is not described.
    expect(backup).not.toHaveReceivedCommandWith(DescribeBackupVaultCommand, { BackupVaultName: 'primary' });
  });

  test('a continuous backup is fresh by definition; its copies are judged by their age beyond the RPO', async () => {
    const continuous = primaryRp(T, 200, { RecoveryPointArn: 'arn:aws:backup:eu-west-1:111111111111:recovery-point:continuous:db-abc-1234', ResourceType: 'Aurora' });
    const copy = drCopy(T, 30, { ResourceType: 'Aurora' });
    mockBackup({ primary: [continuous], dr: [copy], copyJobs: [copyJob(continuous, copy, 30, 29)] });
    const r = (await verify(config(), context())).resources[0];
    expect(r.recoveryPointAgeHours).toBe(0);
    expect(checkOf(r, 'rpo')?.message).toBe('continuous backup (point-in-time restore) running; RPO 24 h');
    expect(r.copyLagHours).toBe(6);
    expect(checkOf(r, 'copy-lag')).toMatchObject({ status: 'PASS', message: 'newest copy of the continuous backup 6 h older than the RPO; allowed 8 h' });
  });

  test('a running continuous backup sets the RPO over a newer snapshot of another rule; it keeps the database\'s key', async () => {
    const DB_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/33333333-aaaa-bbbb-cccc-000000000003';
    const aurora = { ResourceType: 'Aurora', EncryptionKeyArn: DB_KEY };
    const continuous = primaryRp(T, 600, { ...aurora, RecoveryPointArn: 'arn:aws:backup:eu-west-1:111111111111:recovery-point:continuous:cluster-abc-1234' });
    const monthly = primaryRp(T, 240, { ...aurora, RecoveryPointArn: 'arn:aws:rds:eu-west-1:111111111111:cluster-snapshot:awsbackup:job-monthly' });
    const copy = drCopy(T, 20, { ResourceType: 'Aurora' });
    mockBackup({ primary: [continuous, monthly], dr: [copy], copyJobs: [copyJob(continuous, copy, 20, 19)] });
    const r = (await verify(config(), context())).resources[0];
    expect(r).toMatchObject({ status: 'PASS', recoveryPointAgeHours: 0, newestRecoveryPoint: { arn: continuous.RecoveryPointArn, continuous: true } });
    expect(checkOf(r, 'encryption')).toMatchObject({ status: 'PASS', message: `encrypted with the source resource's key ${DB_KEY}` });
    // Stopped, it no longer counts: the newest snapshot does.
    mockBackup({ primary: [{ ...continuous, Status: 'STOPPED' }, monthly], dr: [copy] });
    expect((await verify(config(), context())).resources[0]).toMatchObject({ status: 'FAIL', recoveryPointAgeHours: 240 });
  });

  test('resources with only DR copies left fail rpo; excluded resources are left out', async () => {
    mockBackup({ primary: [primaryRp(table('kept'), 1)], dr: [drCopy(table('kept'), 0.5), drCopy(table('deleted'), 40), drCopy(table('gone'), 40)] });
    const v = await verify(config({ excludeResourceArns: [table('gone')] }), context());
    expect(v.resources.map((r) => r.resourceArn)).toEqual([table('deleted'), table('kept')]);
    expect(checkOf(v.resources[0], 'rpo')?.message).toMatch(/^No recovery point in the primary vault \(only DR copies are left\)/);
  });
});

describe('failed and expired jobs of the lookback window', () => {
  test('backup, copy and restore jobs that failed, expired or were aborted are listed; older or foreign ones are not', async () => {
    const T = table('t');
    const rp = primaryRp(T, 2);
    const backup = mockBackup({
      primary: [rp],
      dr: [drCopy(T, 1)],
      copyJobs: [copyJob(rp, undefined, 3, 2.5, 'FAILED'), copyJob(rp, undefined, 30, 29, 'FAILED')],
      backupJobs: [
        { BackupJobId: 'b-expired', BackupVaultName: 'primary', State: 'EXPIRED', ResourceArn: T, CreationDate: hoursAgo(5), StatusMessage: 'Backup job expired before it started' },
        { BackupJobId: 'b-ok', BackupVaultName: 'primary', State: 'COMPLETED', ResourceArn: T, CreationDate: hoursAgo(2) },
        { BackupJobId: 'b-running', BackupVaultName: 'primary', State: 'RUNNING', ResourceArn: T, CreationDate: hoursAgo(1) },
      ],
      restoreJobs: [
        { RestoreJobId: 'r-failed', Status: 'FAILED', BackupVaultArn: DR_VAULT, SourceResourceArn: T, CreationDate: hoursAgo(4), StatusMessage: 'DB subnet group not found' },
        { RestoreJobId: 'r-elsewhere', Status: 'FAILED', BackupVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:unrelated', CreationDate: hoursAgo(4) },
        // Without BackupVaultArn (an SDK older than the field drops it) a failed restore is listed, not missed.
        { RestoreJobId: 'r-unknown-vault', Status: 'ABORTED', CreationDate: hoursAgo(3) },
      ],
    });
    const v = await verify(config(), context());
    expect(v.jobs.map((j) => `${j.kind} ${j.jobId} ${j.state}`))
      .toEqual(['backup b-expired EXPIRED', expect.stringMatching(/^copy copy-\d+ FAILED$/), 'restore r-failed FAILED', 'restore r-unknown-vault ABORTED']);
    expect(v.jobs[2]).toMatchObject({ message: 'DB subnet group not found', resourceArn: T });
    // The windows asked of AWS: backup jobs of the vault since the lookback; copy jobs far enough
    // back for the newest copy (RPO + lag); restore jobs of the lookback.
    expect(backup).toHaveReceivedCommandWith(ListBackupJobsCommand, { ByBackupVaultName: 'primary', ByCreatedAfter: hoursAgo(24), MaxResults: 1000 });
    expect(backup).toHaveReceivedCommandWith(ListCopyJobsCommand, {
      ByDestinationVaultArn: DR_VAULT, ByCreatedAfter: hoursAgo(32), MaxResults: 1000,
    });
    expect(backup).toHaveReceivedCommandWith(ListRestoreJobsCommand, { ByCreatedAfter: hoursAgo(24), MaxResults: 1000 });
  });
});

describe('scale: 10,000 recovery points over many pages', () => {
  test('every page is read with the largest page size, and verifying takes at most 25 calls', async () => {
    // 250 resources × 40 daily recovery points = 10,000 in the primary vault, as many copies in DR.
    const primary: RecoveryPointByBackupVault[] = [];
    const dr: RecoveryPointByBackupVault[] = [];
    const jobs: CopyJob[] = [];
    for (let r = 0; r < 250; r++) {
      const T = table(`t${String(r).padStart(3, '0')}`);
      for (let d = 0; d < 40; d++) {
        const rp = primaryRp(T, 2 + 24 * d);
        const copy = drCopy(T, 1 + 24 * d);
        primary.push(rp);
        dr.push(copy);
        if (d === 0) jobs.push(copyJob(rp, copy, 1.9, 1));
      }
    }
    const backup = mockBackup({ primary, dr, copyJobs: jobs });
    // The paginator reuses one input object, so the tokens are recorded as each page is asked for.
    const asked: Array<string | undefined> = [];
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'primary' }).callsFake((input) => {
      asked.push(input.NextToken);
      return pages('RecoveryPoints', primary)(input);
    });
    const clients = testClients();
    const v = await verify(config(), context(clients));
    expect(v.errors).toEqual([]);
    expect(v.resources).toHaveLength(250);
    expect(v.resources.every((r) => r.status === 'PASS' && r.recoveryPointAgeHours === 2 && r.copyLagHours === 1)).toBe(true);
    const listCalls = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand);
    expect(listCalls).toHaveLength(20);
    expect(listCalls.every((c) => c.args[0].input.MaxResults === 1000)).toBe(true);
    // Pages are chained by NextToken, not re-read.
    expect(asked).toEqual([undefined, '1000', '2000', '3000', '4000', '5000', '6000', '7000', '8000', '9000']);
    expect(clients.counter.calls).toBe(backup.calls().length);
    expect(clients.counter.calls).toBeLessThanOrEqual(25);
  });
});

describe('partial failures are reported per item, the run goes on', () => {
  const accessDenied = Object.assign(new Error('User is not authorized to perform: backup:ListRecoveryPointsByBackupVault'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });

  test('AccessDenied on one vault: that vault is an error with the permission to grant, the other is verified', async () => {
    const backup = mockBackup({ primary: [primaryRp(table('a'), 1)], dr: [drCopy(table('a'), 0.5)] });
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'other' }).rejects(accessDenied);
    const v = await verify(config({ primaryVaultArns: [OTHER_VAULT, PRIMARY_VAULT] }), context());
    expect(v.errors).toEqual([{ target: OTHER_VAULT, code: 'AccessDenied', message: expect.stringMatching(/^AccessDeniedException: User is not authorized.*\. Grant backup:ListRecoveryPointsByBackupVault on it/) }]);
    expect(v.resources.map((r) => `${r.resourceArn} ${r.status}`)).toEqual([`${table('a')} PASS`]);
    // Not retried: access denied is not transient.
    expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'other' })).toHaveLength(1);
  });

  test('a missing DR vault: copy checks are errors, RPO is still checked', async () => {
    const backup = mockBackup({ primary: [primaryRp(table('a'), 30)] });
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'dr' })
      .rejects(Object.assign(new Error('Backup vault dr does not exist'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }));
    const v = await verify(config(), context());
    expect(v.errors).toEqual([{ target: DR_VAULT, code: 'NotFound', message: expect.stringContaining('the vault does not exist or was deleted') }]);
    const r = v.resources[0];
    expect(checkOf(r, 'rpo')?.status).toBe('FAIL');
    expect(checkOf(r, 'copy')).toEqual({ check: 'copy', status: 'ERROR', message: 'DR vault unreadable: NotFound' });
    expect(r.status).toBe('FAIL');
  });

  test('an empty primary vault is reported', async () => {
    mockBackup({ primary: [], dr: [] });
    const v = await verify(config(), context());
    expect(v.errors).toEqual([{ target: PRIMARY_VAULT, code: 'Empty', message: expect.stringContaining('no backup has completed into it yet') }]);
  });

  test('a job listing that cannot be read is an error; the resources are still verified', async () => {
    const backup = mockBackup({ primary: [primaryRp(table('a'), 1)], dr: [drCopy(table('a'), 0.5)] });
    backup.on(ListCopyJobsCommand).rejects(accessDenied);
    backup.on(ListRestoreJobsCommand).rejects(accessDenied);
    const v = await verify(config(), context());
    expect(v.errors.map((e) => `${e.code} ${e.target}`)).toEqual(['AccessDenied copy jobs in eu-west-1', 'AccessDenied restore jobs in eu-central-1']);
    expect(v.resources[0].status).toBe('PASS');
    expect(v.drRestoreJobs).toBeUndefined();
  });

  test('the DR vault key is read from the vault when not given', async () => {
    const backup = mockBackup({ primary: [primaryRp(table('a'), 1)], dr: [drCopy(table('a'), 0.5)] });
    const v = await verify(config({ drKeyArn: undefined }), context());
    expect(backup).toHaveReceivedCommandWith(DescribeBackupVaultCommand, { BackupVaultName: 'dr' });
    expect(v.resources[0].status).toBe('PASS');
  });
});

describe('a throttling storm', () => {
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 }, $retryable: { throttling: true } });

  test('throttled pages are retried with growing, jittered waits, and the run completes', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => primaryRp(table(`t${i % 30}`), 1 + (i % 100)));
    const backup = mockBackup({ primary: items, dr: Array.from({ length: 30 }, (_, i) => drCopy(table(`t${i}`), 0.5)) });
    let n = 0;
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'primary' }).callsFake((input) => {
      // Every page is throttled four times before it is served.
      if (n++ % 5 < 4) throw throttled();
      const start = Number(input.NextToken ?? 0);
      return { RecoveryPoints: items.slice(start, start + 1000), NextToken: start + 1000 < items.length ? String(start + 1000) : undefined };
    });
    const waits: number[] = [];
    const clients = testClients(waits);
    const v = await verify(config(), context(clients));
    expect(v.errors).toEqual([]);
    expect(v.resources).toHaveLength(30);
    expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'primary' })).toHaveLength(15);
    // random() = 0.5: half of min(20 s, 250 ms × 2^attempt) per retry.
    expect(waits).toEqual([125, 250, 500, 1000, 125, 250, 500, 1000, 125, 250, 500, 1000]);
    expect(clients.counter.calls).toBe(backup.calls().length);
  });

  test('throttling that does not stop exhausts the retries: that vault is an error, the rest goes on', async () => {
    const backup = mockBackup({ primary: [primaryRp(table('a'), 1)], dr: [drCopy(table('a'), 0.5)] });
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'other' }).callsFake(() => { throw throttled(); });
    const v = await verify(config({ primaryVaultArns: [OTHER_VAULT, PRIMARY_VAULT] }), context());
    expect(v.errors).toEqual([{ target: OTHER_VAULT, code: 'Error', message: 'backup:ListRecoveryPointsByBackupVault failed: ThrottlingException: Rate exceeded' }]);
    expect(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'other' })).toHaveLength(10);
    expect(v.resources).toHaveLength(1);
  });
});
