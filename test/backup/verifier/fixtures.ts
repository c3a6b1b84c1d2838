import {
  BackupClient, BackupJob, CopyJob, DescribeBackupVaultCommand, ListBackupJobsCommand, ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand, ListRestoreJobsCommand, RecoveryPointByBackupVault, RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClients } from '../../../src/backup/verifier/private/clients';
import { VerifierConfig } from '../../../src/backup/verifier/private/config';
import { DEFAULT_RETRY_POLICY } from '../../../src/backup/verifier/private/retry';

export const ACCOUNT = '111111111111';
export const PRIMARY_REGION = 'eu-west-1';
export const DR_REGION = 'eu-central-1';
export const PRIMARY_VAULT = `arn:aws:backup:${PRIMARY_REGION}:${ACCOUNT}:backup-vault:primary`;
export const OTHER_VAULT = `arn:aws:backup:${PRIMARY_REGION}:${ACCOUNT}:backup-vault:other`;
export const DR_VAULT = `arn:aws:backup:${DR_REGION}:${ACCOUNT}:backup-vault:dr`;
export const PRIMARY_KEY = `arn:aws:kms:${PRIMARY_REGION}:${ACCOUNT}:key/11111111-aaaa-bbbb-cccc-000000000001`;
export const DR_KEY = `arn:aws:kms:${DR_REGION}:${ACCOUNT}:key/22222222-aaaa-bbbb-cccc-000000000002`;
export const DRILL_ROLE = `arn:aws:iam::${ACCOUNT}:role/drill`;
export const NOW = new Date('2025-06-01T12:00:00.000Z');

export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
export const table = (name: string) => `arn:aws:dynamodb:${PRIMARY_REGION}:${ACCOUNT}:table/${name}`;

export function config(over: Partial<VerifierConfig> = {}): VerifierConfig {
  return {
    name: 'test',
    primaryVaultArns: [PRIMARY_VAULT],
    drVaultArn: DR_VAULT,
    rpoHours: 24,
    maxCopyLagHours: 8,
    rtoHours: 4,
    lookbackHours: 24,
    drKeyArn: DR_KEY,
    ...over,
  };
}

let seq = 0;
/** A completed recovery point of the primary vault, AWS Backup format (encrypted with the vault key). */
export function primaryRp(resourceArn: string, ageHours: number, extra: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:backup:${PRIMARY_REGION}:${ACCOUNT}:recovery-point:p-${++seq}`,
    BackupVaultArn: PRIMARY_VAULT,
    BackupVaultName: 'primary',
    ResourceArn: resourceArn,
    ResourceType: 'DynamoDB',
    ResourceName: resourceArn.split('/').pop(),
    Status: 'COMPLETED',
    CreationDate: hoursAgo(ageHours),
    CompletionDate: hoursAgo(ageHours - 0.25),
    EncryptionKeyArn: PRIMARY_KEY,
    IsEncrypted: true,
    ...extra,
  };
}

/** A copy in the DR vault of a recovery point of `resourceArn` from the primary vault. */
export function drCopy(resourceArn: string, ageHours: number, extra: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:backup:${DR_REGION}:${ACCOUNT}:recovery-point:d-${++seq}`,
    BackupVaultArn: DR_VAULT,
    BackupVaultName: 'dr',
    SourceBackupVaultArn: PRIMARY_VAULT,
    ResourceArn: resourceArn,
    ResourceType: 'DynamoDB',
    Status: 'COMPLETED',
    CreationDate: hoursAgo(ageHours),
    CompletionDate: hoursAgo(ageHours - 0.25),
    EncryptionKeyArn: DR_KEY,
    IsEncrypted: true,
    ...extra,
  };
}

export function copyJob(source: RecoveryPointByBackupVault, dest: RecoveryPointByBackupVault | undefined, createdHoursAgo: number, completedHoursAgo: number | undefined, state = 'COMPLETED'): CopyJob {
  return {
    CopyJobId: `copy-${++seq}`,
    SourceBackupVaultArn: source.BackupVaultArn,
    SourceRecoveryPointArn: source.RecoveryPointArn,
    DestinationBackupVaultArn: DR_VAULT,
    DestinationRecoveryPointArn: dest?.RecoveryPointArn,
    ResourceArn: source.ResourceArn,
    CreationDate: hoursAgo(createdHoursAgo),
    CompletionDate: completedHoursAgo === undefined ? undefined : hoursAgo(completedHoursAgo),
    State: state as any,
    StatusMessage: state === 'COMPLETED' ? undefined : 'Access denied to the destination vault key',
  };
}

/** A list call answered page by page from `items`, honouring MaxResults and NextToken like AWS. */
export function pages<T>(key: string, items: T[]) {
  return (input: { NextToken?: string; MaxResults?: number }) => {
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? 100;
    const next = start + size;
    return { [key]: items.slice(start, next), NextToken: next < items.length ? String(next) : undefined };
  };
}

export interface World {
  readonly primary?: RecoveryPointByBackupVault[];
  readonly other?: RecoveryPointByBackupVault[];
  readonly dr?: RecoveryPointByBackupVault[];
  readonly copyJobs?: CopyJob[];
  readonly backupJobs?: BackupJob[];
  readonly restoreJobs?: RestoreJobsListMember[];
}

/** The AWS Backup mock of every test (reset by `mockBackup`). */
export const backupMock = mockClient(BackupClient);

/** Mock AWS Backup for the vaults of the fixtures (vaults told apart by name). */
export function mockBackup(world: World) {
  const mock = backupMock;
  mock.reset();
  const byVault: Record<string, RecoveryPointByBackupVault[] | undefined> = { primary: world.primary, other: world.other, dr: world.dr };
  mock.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input) => pages('RecoveryPoints', byVault[input.BackupVaultName] ?? [])(input));
  mock.on(DescribeBackupVaultCommand).callsFake((input) => ({
    BackupVaultName: input.BackupVaultName,
    EncryptionKeyArn: input.BackupVaultName === 'dr' ? DR_KEY : PRIMARY_KEY,
  }));
  mock.on(ListCopyJobsCommand).callsFake(pages('CopyJobs', world.copyJobs ?? []));
  mock.on(ListBackupJobsCommand).callsFake((input) => pages('BackupJobs', (world.backupJobs ?? []).filter((j) => j.BackupVaultName === input.ByBackupVaultName))(input));
  mock.on(ListRestoreJobsCommand).callsFake(pages('RestoreJobs', world.restoreJobs ?? []));
  return mock;
}

/** Clients whose retries do not wait (the waits are recorded). */
export function testClients(waits: number[] = []): AwsClients {
  return new AwsClients({ ...DEFAULT_RETRY_POLICY, sleep: async (ms) => { waits.push(ms); }, random: () => 0.5, now: () => NOW.getTime() });
}

export function context(clients: AwsClients = testClients()) {
  return { clients, now: () => NOW, sleep: async () => undefined, deadline: NOW.getTime() + 3_600_000, pollIntervalMs: 1000 };
}
