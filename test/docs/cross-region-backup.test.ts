// docs/cross-region-backup.md: its samples, run.
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CrossRegionBackupDr, ReadinessTesting } from 'cdk-readiness';
import * as crossRegionBackupMinimal from './samples/cross-region-backup-minimal';
import * as crossRegionBackupProduction from './samples/cross-region-backup-production';

const BACKUP_RULES = ['Readiness-BAK1', 'Readiness-BAK2', 'Readiness-BAK3', 'Readiness-BAK4', 'Readiness-BAK5', 'Readiness-BAK6', 'Readiness-BAK7'];
const open = (app: App) => ReadinessTesting.findings(app).map((f) => `${f.ruleId} ${f.constructPath}`);

test('the minimal backup (STAGING): the table is backed up and restore-tested; only monitoring is left', () => {
  const { app, stack } = crossRegionBackupMinimal;
  expect(open(app)).toEqual(['Readiness-MON1 Data/Orders/Resource', 'Readiness-MON3 Data']);
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::Backup::BackupPlan', 1);
  t.resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
  // STAGING: no vault lock, no copy action.
  expect(JSON.stringify(t.findResources('AWS::Backup::BackupPlan'))).not.toContain('CopyActions');
  t.resourceCountIs('AWS::Backup::BackupVault', 1);
  expect(Object.values(t.findResources('AWS::Backup::BackupVault'))[0].Properties.LockConfiguration).toBeUndefined();
});

describe('the production backup (PROD)', () => {
  const { app, drStack, dataStack } = crossRegionBackupProduction;

  test('passes every backup rule; only monitoring is left', () => {
    const findings = open(app);
    expect(findings.filter((f) => BACKUP_RULES.some((r) => f.startsWith(r)) || f.startsWith('Readiness-STA'))).toEqual([]);
    expect(findings).toEqual(['Readiness-MON1 Data/Orders/Resource', 'Readiness-MON3 Data']);
  });

  test('copies to the DR vault by ARN (no cross-region reference), locked vaults in both regions', () => {
    const plan = JSON.stringify(Template.fromStack(dataStack).findResources('AWS::Backup::BackupPlan'));
    expect(plan).toContain(':backup:eu-central-1:111111111111:backup-vault:BackupDr-Vault-');
    expect(plan).not.toContain('Fn::ImportValue');
    expect(dataStack.dependencies).toEqual([drStack]);
    for (const s of [drStack, dataStack]) {
      Template.fromStack(s).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.objectLike({ MinRetentionDays: 35 }) });
      Template.fromStack(s).resourceCountIs('AWS::Backup::RestoreTestingPlan', 1);
    }
    Template.fromStack(drStack).hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      RestoreMetadataOverrides: Match.objectLike({ dbsubnetgroupname: 'dr-restores' }),
    });
  });

  test('the vault lock warnings were acknowledged; without that, synth prints them', () => {
    for (const s of [drStack, dataStack]) {
      expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('COMPLIANCE mode'))).toEqual([]);
    }
    const other = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(other, 'S', { env: { account: '111111111111', region: 'eu-central-1' } });
    new CrossRegionBackupDr(stack, 'Dr');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('becomes PERMANENT'))).toHaveLength(1);
  });
});
