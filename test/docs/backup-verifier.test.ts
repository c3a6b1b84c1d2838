// docs/backup-verifier.md: its samples, run.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ReadinessTesting } from 'cdk-readiness';
import * as backupVerifierMinimal from './samples/backup-verifier-minimal';
import * as backupVerifierProduction from './samples/backup-verifier-production';

/** The verifier is code in the DR region: only the security baseline is left to add there. */
const SECURITY_ONLY = ['Readiness-SEC1 BackupDr', 'Readiness-SEC2 BackupDr', 'Readiness-SEC3 BackupDr', 'Readiness-SEC3 BackupDr', 'Readiness-SEC4 BackupDr'];
const inDr = (app: App) => ReadinessTesting.findings(app).filter((f) => f.stack === 'BackupDr').map((f) => `${f.ruleId} ${f.constructPath}`);

test('the minimal verifier: read-only, every 6 hours, its alarms routed and documented', () => {
  const { app, drStack, verifier } = backupVerifierMinimal;
  expect(inDr(app)).toEqual(SECURITY_ONLY);
  const t = Template.fromStack(drStack);
  t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
  expect(verifier.drillRole).toBeUndefined();
  expect(verifier.alarms.map((a) => a.node.id)).toEqual([
    'RecoveryPointAgeAlarm', 'CopyLagAlarm', 'IntegrityAlarm', 'JobsFailedAlarm', 'VerificationErrorsAlarm', 'HeartbeatAlarm', 'FunctionErrorsAlarm', 'DeliveryDlqAlarm',
  ]);
  // The verifier's own policy only reads (the DR restore automation beside it may start restores).
  const policy = JSON.stringify(Template.fromStack(drStack).toJSON().Resources[drStack.getLogicalId(verifier.node.findChild('Policy').node.defaultChild as any)]);
  expect(policy).toContain('backup:ListRecoveryPointsByBackupVault');
  expect(policy).not.toContain('backup:StartRestoreJob');
});

test('the production verifier: every 4 hours, drills, alarms to the team topic with the runbook', () => {
  const { app, drStack, verifier } = backupVerifierProduction;
  expect(inDr(app)).toEqual(SECURITY_ONLY);
  const t = Template.fromStack(drStack);
  t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(4 hours)' });
  t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(7 days)' });
  expect(verifier.drillRole).toBeDefined();
  expect(verifier.alarms.map((a) => a.node.id)).toEqual(expect.arrayContaining(['DrillFailedAlarm', 'RestoreTimeAlarm']));
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmDescription: Match.stringLikeRegexp('longer than the RTO of 4 h.*https://runbooks.example.com/backup-verification'),
    AlarmActions: ['arn:aws:sns:eu-central-1:111111111111:backup-team'],
  });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmDescription: Match.stringLikeRegexp('more than 6 h to reach the DR vault'),
  });
});
