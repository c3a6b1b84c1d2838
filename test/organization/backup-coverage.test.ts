import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { BackupRestoreTesting, OrganizationBackupCoverage, OrganizationBackupPolicy, ProtectedResourceType, ReadinessProfile } from '../../src';
import { findingsOf, ruleOutcome } from '../util/findings';

const MEMBER = '333333333333';
const OU = 'ou-ab12-abcdefgh';

function table(stack: Stack, id: string, tag?: string) {
  const t = new dynamodb.Table(stack, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
  if (tag) Tags.of(t).add('backup-plan', tag);
  return t;
}

describe('Readiness-BAK1 counts an explicitly declared organization backup policy', () => {
  test('compliant: tagged tables of the declaring account in a covered region; non-compliant: untagged, another region, another account', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    // The management app's policy gives the declaration its props (one app here; in practice the member account's app copies them).
    const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
    const policy = new OrganizationBackupPolicy(management, 'Backups', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });

    const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
    new OrganizationBackupCoverage(member, 'OrganizationBackups', policy.coverageProps());
    table(member, 'Tagged', 'organization');
    table(member, 'OtherValue', 'none');
    table(member, 'Untagged');
    // Same account, a region the policy does not back up.
    table(new Stack(app, 'MemberUs', { env: { account: MEMBER, region: 'us-east-1' } }), 'Tagged', 'organization');
    // Another account: the declaration is per account.
    table(new Stack(app, 'Other', { env: { account: '444444444444', region: 'eu-west-1' } }), 'Tagged', 'organization');

    expect(findingsOf(app, 'Readiness-BAK1').map((f) => f.constructPath).sort()).toEqual([
      'Member/OtherValue/Resource', 'Member/Untagged/Resource', 'MemberUs/Tagged/Resource', 'Other/Tagged/Resource',
    ]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ passed: 1, findings: 4 });
  });

  test('the declaration is a tagged SSM parameter holding the policy\'s selection', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    const stack = new Stack(app, 'Member');
    const coverage = new OrganizationBackupCoverage(stack, 'C', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: ['v'] });
    expect(stack.resolve(coverage.parameter.tags.renderTags())).toEqual({ 'cdk-readiness:purpose': 'organization-backup-declaration' });
    expect(JSON.parse(coverage.parameter.value)).toEqual({ schema: 1, policyName: 'p', regions: ['eu-west-1'], tagKey: 'k', tagValues: ['v'] });
  });

  test('no regions or tag values, or a copy region that is no region, are refused; a declaration without a copy rule is accepted (BAK2 judges it)', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    const stack = new Stack(app, 'Member');
    expect(() => new OrganizationBackupCoverage(stack, 'A', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: ['v'] })).not.toThrow();
    expect(() => new OrganizationBackupCoverage(stack, 'B', { policyName: 'p', regions: [], selectionTagKey: 'k', selectionTagValues: ['v'], copyRegion: 'eu-central-1' }))
      .toThrow(/invalid regions \[\]/);
    expect(() => new OrganizationBackupCoverage(stack, 'C', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: [], copyRegion: 'eu-central-1' }))
      .toThrow(/invalid selectionTagKey\/selectionTagValues/);
    expect(() => new OrganizationBackupCoverage(stack, 'D', { policyName: 'p', regions: ['eu-west-1'], selectionTagKey: 'k', selectionTagValues: ['v'], copyRegion: 'frankfurt' }))
      .toThrow(/invalid copyRegion "frankfurt"/);
  });
});

describe('Readiness-BAK2 judges a data store the organization backup policy alone backs up by the policy\'s copy rule', () => {
  function memberApp(coverage: { copyRegion?: string }, profile = ReadinessProfile.PROD) {
    const app = new App();
    profile.applyTo(app);
    const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
    new OrganizationBackupCoverage(member, 'OrganizationBackups', {
      policyName: 'readiness-organization-backup', regions: ['eu-west-1'], selectionTagKey: 'backup-plan', selectionTagValues: ['organization'], ...coverage,
    });
    table(member, 'Tagged', 'organization');
    table(member, 'OtherValue', 'none');
    return app;
  }

  test('compliant: the policy copies to another region (the declaration taken from the policy)', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
    const policy = new OrganizationBackupPolicy(management, 'Backups', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });
    const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
    new OrganizationBackupCoverage(member, 'OrganizationBackups', policy.coverageProps());
    table(member, 'Tagged', 'organization');
    expect(findingsOf(app, 'Readiness-BAK2')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK2')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('non-compliant: the policy has no copy rule; the message says the organization\'s policy does not copy', () => {
    const app = memberApp({});
    expect(findingsOf(app, 'Readiness-BAK2')).toEqual([expect.objectContaining({
      constructPath: 'Member/Tagged/Resource',
      message: expect.stringMatching(/^The organization's backup policy readiness-organization-backup backs this data store up \(OrganizationBackupCoverage\) but does not copy its recovery points to another region: they live in eu-west-1 only/),
    })]);
  });

  test('non-compliant: the policy copies within the data store\'s own region', () => {
    const app = memberApp({ copyRegion: 'eu-west-1' });
    expect(findingsOf(app, 'Readiness-BAK2').map((f) => f.message)).toEqual([expect.stringMatching(/copies the recovery points of this data store within eu-west-1/)]);
  });

  test('tags that do not match the policy\'s selection: not judged by BAK2 (BAK1 reports the data store)', () => {
    const app = memberApp({ copyRegion: 'eu-central-1' });
    expect(findingsOf(app, 'Readiness-BAK2')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK2')).toMatchObject({ evaluated: 1, passed: 1 });
    expect(findingsOf(app, 'Readiness-BAK1').map((f) => f.constructPath)).toEqual(['Member/OtherValue/Resource']);
  });

  test.each([['the copying policy declared second', ['none', 'copy']], ['the copying policy declared first', ['copy', 'none']]])(
    'several policies select the data store: compliant when any copies to another region (%s)', (_order, kinds) => {
      const app = new App();
      ReadinessProfile.PROD.applyTo(app);
      const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
      for (const kind of kinds) {
        new OrganizationBackupCoverage(member, `Backups-${kind}`, {
          policyName: `policy-${kind}`,
          regions: ['eu-west-1'],
          selectionTagKey: 'backup-plan',
          selectionTagValues: ['organization'],
          ...(kind === 'copy' ? { copyRegion: 'eu-central-1' } : {}),
        });
      }
      table(member, 'Tagged', 'organization');
      expect(findingsOf(app, 'Readiness-BAK2')).toEqual([]);
      expect(ruleOutcome(app, 'Readiness-BAK2')).toMatchObject({ evaluated: 1, passed: 1 });
    });

  test('several policies select the data store and none copies to another region: non-compliant, naming them all', () => {
    const app = memberApp({ copyRegion: 'eu-west-1' });
    new OrganizationBackupCoverage(app.node.findChild('Member'), 'Second', {
      policyName: 'second-policy', regions: ['eu-west-1'], selectionTagKey: 'backup-plan', selectionTagValues: ['organization'],
    });
    expect(findingsOf(app, 'Readiness-BAK2').map((f) => f.message)).toEqual([
      expect.stringMatching(/^None of the organization's backup policies that back this data store up \(readiness-organization-backup, second-policy\) copies .* \(a copy within eu-west-1 is lost/),
    ]);
  });

  test('profiles that do not require copies do not judge it', () => {
    const app = memberApp({}, ReadinessProfile.DEV);
    expect(findingsOf(app, 'Readiness-BAK2')).toEqual([]);
  });
});

describe('Readiness-BAK5 judges restore testing of a data store the organization backup policy backs up against the declared vault', () => {
  interface MemberOptions {
    readonly region?: string;
    readonly scheduleExpression?: string;
    readonly selectionWindowDays?: number;
    /** Another policy selecting the table, declared first, writing to this vault. */
    readonly firstPolicyVault?: string;
  }
  function memberApp(testedVault: string, options: MemberOptions = {}) {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    const region = options.region ?? 'eu-west-1';
    const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    const member = new Stack(app, 'Member', { env: { account: MEMBER, region } });
    const declare = (id: string, policyName: string, backupVaultName: string) => new OrganizationBackupCoverage(member, id, {
      policyName,
      regions: [region],
      selectionTagKey: 'backup-plan',
      selectionTagValues: ['organization'],
      copyRegion: 'eu-central-1',
      backupVaultName,
      ...(options.scheduleExpression ? { scheduleExpression: options.scheduleExpression } : {}),
    });
    if (options.firstPolicyVault) declare('AFirstPolicy', 'first', options.firstPolicyVault);
    declare('OrganizationBackups', 'p', 'readiness-backup-vault');
    table(member, 'Tagged', 'organization');
    new BackupRestoreTesting(member, 'RestoreTesting', {
      vaultArns: [`arn:${partition}:backup:${region}:${MEMBER}:backup-vault:${testedVault}`],
      resourceTypes: [ProtectedResourceType.DYNAMODB],
      ...(options.selectionWindowDays ? { selectionWindow: Duration.days(options.selectionWindowDays) } : {}),
    });
    return app;
  }

  test.each(['cn-north-1', 'us-gov-west-1'])('compliant in the %s partition: the vault ARN is the partition\'s', (region) => {
    expect(findingsOf(memberApp('readiness-backup-vault', { region }), 'Readiness-BAK5')).toEqual([]);
  });

  test('the policy\'s schedule is read: a weekly policy is non-compliant under a 3-day selection window, a daily one (or none declared) compliant', () => {
    expect(findingsOf(memberApp('readiness-backup-vault', { scheduleExpression: 'cron(0 5 ? * SUN *)', selectionWindowDays: 3 }), 'Readiness-BAK5')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/no snapshot rule runs within its SelectionWindowDays of 3 days \(of the organization's backup policy p every 7 days\)/) }),
    ]);
    expect(findingsOf(memberApp('readiness-backup-vault', { scheduleExpression: 'cron(0 5 ? * * *)', selectionWindowDays: 3 }), 'Readiness-BAK5')).toEqual([]);
    expect(findingsOf(memberApp('readiness-backup-vault', { selectionWindowDays: 3 }), 'Readiness-BAK5')).toEqual([]);
    expect(findingsOf(memberApp('readiness-backup-vault', { scheduleExpression: 'cron(0 5 ? * SUN *)', selectionWindowDays: 7 }), 'Readiness-BAK5')).toEqual([]);
  });

  test('several policies select the data store: compliant when the plan can pick the recovery points of any of them', () => {
    // The first declared policy writes to a vault the plan does not test; the second to the tested one.
    expect(findingsOf(memberApp('readiness-backup-vault', { firstPolicyVault: 'team-vault' }), 'Readiness-BAK5')).toEqual([]);
    expect(findingsOf(memberApp('other-vault', { firstPolicyVault: 'team-vault' }), 'Readiness-BAK5')).toHaveLength(1);
  });

  test('compliant: the restore testing plan includes the vault the policy writes to', () => {
    expect(findingsOf(memberApp('readiness-backup-vault'), 'Readiness-BAK5')).toEqual([]);
  });

  test('non-compliant: the plan includes another vault', () => {
    expect(findingsOf(memberApp('team-vault'), 'Readiness-BAK5')).toEqual([expect.objectContaining({
      constructPath: 'Member/Tagged/Resource',
      message: expect.stringMatching(/cannot pick this data store's recovery points: its IncludeVaults .* hold none of the vaults/),
    })]);
  });

  test('the declaration taken from the policy names its vault', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    const policy = new OrganizationBackupPolicy(new Stack(app, 'Management'), 'Backups', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-central-1', backupVaultName: 'org-vault' });
    expect(policy.coverageProps()).toMatchObject({ backupVaultName: 'org-vault', copyRegion: 'eu-central-1', scheduleExpression: 'cron(0 5 ? * * *)' });
    expect(() => new OrganizationBackupCoverage(new Stack(app, 'Member'), 'C', { ...policy.coverageProps(), scheduleExpression: 'weekly' }))
      .toThrow(/invalid scheduleExpression "weekly"/);
  });
});
