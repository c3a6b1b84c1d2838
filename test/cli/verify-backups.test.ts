import { DescribeRestoreJobCommand, GetRecoveryPointRestoreMetadataCommand, ListRecoveryPointsByBackupVaultCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import 'aws-sdk-client-mock-jest';
import { main } from '../../src/cli/main';
import { parseVerifyArgs as parseArgsOrHelp, progressLine, VerifyArgs, verifyBackups, VERIFY_USAGE } from '../../src/cli/verify-backups-command';

/** The parsed arguments of a command line that is not `--help`. */
const parseVerifyArgs = (argv: string[]): VerifyArgs => {
  const parsed = parseArgsOrHelp(argv);
  if (parsed === 'help') throw new Error(`parsed as --help: ${argv.join(' ')}`);
  return parsed;
};
import { DR_VAULT, drCopy, DRILL_ROLE, mockBackup, NOW, PRIMARY_VAULT, primaryRp, table } from '../backup/verifier/fixtures';

const BASE = ['--primary-vault', PRIMARY_VAULT, '--dr-vault', DR_VAULT];

async function run(argv: string[], interactive = false) {
  let out = '';
  let progress = '';
  const code = await verifyBackups(argv, {
    write: (s) => (out += s), writeProgress: (s) => (progress += s), interactive, now: () => NOW, sleep: async () => undefined,
  });
  return { code, out, progress };
}

function healthy() {
  return mockBackup({ primary: [primaryRp(table('orders'), 3)], dr: [drCopy(table('orders'), 2)] });
}

describe('arguments', () => {
  test('--help prints the usage and exits 0, from the command and from main', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, out: VERIFY_USAGE });
    let out = '';
    await expect(main(['verify-backups', '--help'], (s) => (out += s))).resolves.toBe(0);
    expect(out).toContain('Usage: cdk-readiness verify-backups --primary-vault ARN');
    expect(out).toContain('Exit codes: 0 every check passed; 1 a check, job or drill failed');
    let top = '';
    expect(main(['help'], (s) => (top += s))).toBe(0);
    expect(top).toContain('verify-backups --primary-vault ARN --dr-vault ARN [options]');
  });

  test.each([
    [[], 'Give at least one --primary-vault ARN.'],
    [['--primary-vault', PRIMARY_VAULT], 'Give the --dr-vault ARN.'],
    [[...BASE, '--frobnicate'], 'Unknown option --frobnicate.'],
    [[...BASE, 'extra'], "Unexpected argument 'extra'."],
    [[...BASE, '--rpo-hours'], 'Option --rpo-hours needs a value.'],
    [[...BASE, '--rpo-hours', '--json'], 'Option --rpo-hours needs a value.'],
    [[...BASE, '--rpo-hours', 'soon'], "--rpo-hours needs a positive number, got 'soon'."],
    [[...BASE, '--dr-vault', DR_VAULT], 'Option --dr-vault is given twice.'],
    [[...BASE, '--readiness-profile', 'qa'], "Unknown --readiness-profile 'qa': use dev, staging or prod."],
    [['--primary-vault', 'vault-name', '--dr-vault', DR_VAULT], 'primaryVaultArns[0]: "vault-name" is not a backup vault ARN.'],
    [['--primary-vault', PRIMARY_VAULT, '--dr-vault', PRIMARY_VAULT.replace('primary', 'dr2')], 'is in eu-west-1, the region of the DR vault'],
    [[...BASE, '--drill'], '--drill needs --restore-role ARN'],
    [[...BASE, '--max-drills', '2', '--keep-restored'], '--max-drills, --keep-restored only apply with --drill.'],
    [[...BASE, '--drill', '--restore-role', DRILL_ROLE, '--metadata', 'RDS-subnet'], "--metadata 'RDS-subnet': use TYPE:KEY=VALUE"],
    [[...BASE, '--drill', '--restore-role', DRILL_ROLE, '--drill-types', 'FSx'], "unknown type 'FSx'"],
    [[...BASE, '--drill', '--restore-role', DRILL_ROLE, '--metadata', 'rds:DBSubnetGroupName=dr-db'], "metadata: unknown resource type 'rds' for key DBSubnetGroupName"],
  ])('%j is a usage error', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(message);
    expect(r.out).toContain('Usage: cdk-readiness verify-backups');
  });

  test('defaults come from the profile; options override them; values may be inline', () => {
    const prod = parseVerifyArgs(BASE);
    expect(prod).toMatchObject({
      json: false, drill: false, drillTimeoutMinutes: 240, config: { rpoHours: 24, rtoHours: 4, maxCopyLagHours: 8, lookbackHours: 24 },
    });
    const staging = parseVerifyArgs([...BASE, '--readiness-profile=staging', '--rpo-hours=6', '--since-hours', '12', '--json', '--primary-vault', PRIMARY_VAULT.replace('primary', 'other')]);
    expect(staging).toMatchObject({ json: true, config: { rpoHours: 6, rtoHours: 8, lookbackHours: 12, primaryVaultArns: [PRIMARY_VAULT, PRIMARY_VAULT.replace('primary', 'other')] } });
    const drill = parseVerifyArgs([...BASE, '--drill', '--restore-role', DRILL_ROLE, '--drill-types', 'RDS, DynamoDB', '--max-drills', '1',
      '--metadata', 'RDS:DBSubnetGroupName=dr-db', '--metadata', 'RDS:VpcSecurityGroupIds=["sg-1"]', '--keep-restored', '--drill-timeout-minutes', '30']);
    // Without --drill-types, only the types whose restores drills delete (EBS and EFS restores are kept).
    expect(parseVerifyArgs([...BASE, '--drill', '--restore-role', DRILL_ROLE]).config.drill!.resourceTypes).toEqual(['Aurora', 'DocumentDB', 'DynamoDB', 'Neptune', 'RDS']);
    expect(drill).toMatchObject({
      drill: true,
      drillTimeoutMinutes: 30,
      config: {
        drill: {
          restoreRoleArn: DRILL_ROLE,
          resourceTypes: ['RDS', 'DynamoDB'],
          maxDrillsPerRun: 1,
          cleanup: false,
          metadata: [
            { resourceType: 'RDS', key: 'DBSubnetGroupName', value: 'dr-db' }, { resourceType: 'RDS', key: 'VpcSecurityGroupIds', value: '["sg-1"]' },
          ],
        },
      },
    });
  });
});

describe('output and exit codes', () => {
  test('a healthy account: a table, PASS, exit 0', async () => {
    healthy();
    const r = await run(BASE);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/STATUS\s+TYPE\s+RESOURCE\s+RP AGE\s+COPY LAG\s+FINDINGS/);
    expect(r.out).toMatch(/PASS\s+DynamoDB\s+table\/orders\s+3 h\s+1\.25 h/);
    expect(r.out).toMatch(/\nPASS: 1 resources verified \(\d+ API calls\)\n$/);
  });

  test('a failed check: its finding in the table, FAIL, exit 1', async () => {
    mockBackup({ primary: [primaryRp(table('orders'), 30)], dr: [] });
    const r = await run(BASE);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+DynamoDB\s+table\/orders\s+30 h\s+30 h\s+rpo: newest recovery point 30 h old; RPO 24 h; copy: No completed copy/);
    expect(r.out).toMatch(/\nFAIL: 1 of 1 resources failed/);
  });

  test('an unreadable vault is listed and fails the run', async () => {
    const backup = healthy();
    backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: 'dr' }).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const r = await run(BASE);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Could not verify:\n\s+CODE\s+TARGET\s+MESSAGE\n\s+AccessDenied\s+arn:aws:backup:eu-central-1:111111111111:backup-vault:dr/);
  });

  test('--json prints the report for machines, with the same exit code', async () => {
    mockBackup({ primary: [primaryRp(table('orders'), 30)], dr: [drCopy(table('orders'), 29)] });
    const r = await run([...BASE, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ tool: 'cdk-readiness', kind: 'backup-verification', passed: false, summary: { resources: 1, resourcesFailed: 1 } });
    expect(report.resources[0].checks[0]).toEqual({ check: 'rpo', status: 'FAIL', message: 'newest recovery point 30 h old; RPO 24 h' });
  });

  test('a drill from the CLI: restored, measured and reported in the table', async () => {
    const backup = healthy();
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: {} });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'cli-1' });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'cli-1', IamRoleArn: DRILL_ROLE, Status: 'FAILED', StatusMessage: 'quota', CreationDate: NOW });
    const r = await run([...BASE, '--drill', '--restore-role', DRILL_ROLE]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Restore drills:\n\s+STATUS\s+TYPE\s+RESOURCE\s+RESTORE TIME\s+VALIDATION\s+CLEAN-UP\s+DETAILS\n\s+FAILED\s+DynamoDB\s+table\/orders\s+-\s+-\s+NOT_NEEDED\s+restore FAILED: quota/);
  });
});

describe('progress', () => {
  test('a progress bar on a terminal only, cleared at the end', async () => {
    healthy();
    const tty = await run(BASE, true);
    expect(tty.progress).toContain('[');
    expect(tty.progress).toMatch(/\r\x1b\[2K$/);
    healthy();
    expect((await run(BASE, false)).progress).toBe('');
    healthy();
    expect((await run([...BASE, '--no-progress'], true)).progress).toBe('');
  });

  test('the bar shows the share of steps done, what is read and how many items', () => {
    expect(progressLine({ label: 'vault primary (eu-west-1)', items: 12000, step: 1, steps: 4 }, 8)).toBe('\r\x1b[2K[##......]  25%  vault primary (eu-west-1) (12,000)');
    expect(progressLine({ label: 'done', items: 0, step: 4, steps: 4 }, 4)).toBe('\r\x1b[2K[####] 100%  done');
  });
});
