import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { CrossRegionBackup, CrossRegionBackupDr, Runbook, RunbookSection, ServiceMonitoring } from '../../../src';
import { handWrittenDr } from '../../runbooks/helpers';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });
const env = { account: '111111111111', region: 'eu-west-1' };

describe('Readiness-DOC1 every alarm carries a runbook reference', () => {
  test('non-compliant: no description, a description without the marker, the marker with nothing after it, a composite alarm', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const q = new sqs.Queue(stack, 'Q');
    const none = q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'None', { threshold: 1, evaluationPeriods: 1 });
    q.metricNumberOfMessagesSent().createAlarm(stack, 'NoMarker', { threshold: 1, evaluationPeriods: 1, alarmDescription: 'Queue is old; see the wiki' });
    q.metricNumberOfMessagesReceived().createAlarm(stack, 'Empty', { threshold: 1, evaluationPeriods: 1, alarmDescription: 'Queue is old. Runbook:  ' });
    new cw.CompositeAlarm(stack, 'Composite', { alarmRule: cw.AlarmRule.fromAlarm(none, cw.AlarmState.ALARM) });
    expect(pathsWith(app, 'Readiness-DOC1').sort()).toEqual(['S/Composite/Resource', 'S/Empty/Resource', 'S/NoMarker/Resource', 'S/None/Resource']);
    expect(findingsOf(app, 'Readiness-DOC1')[0].message).toBe('Alarm description has no runbook reference: add "Runbook:" followed by the first checks or a runbook URL');
  });

  test('compliant: inline checks, a URL built with tokens (Fn::Join), hand-written L1s, and every alarm of ServiceMonitoring', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'T');
    const q = new sqs.Queue(stack, 'Q');
    q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'Inline', {
      threshold: 1, evaluationPeriods: 1, alarmDescription: 'Backlog. Runbook: 1) check the consumers',
    }).addAlarmAction(new cwActions.SnsAction(topic));
    q.metricNumberOfMessagesSent().createAlarm(stack, 'Url', {
      threshold: 1, evaluationPeriods: 1, alarmDescription: `Backlog of ${q.queueName}. Runbook: https://runbooks.example.com/${stack.stackName}`,
    });
    new CfnResource(stack, 'Raw', {
      type: 'AWS::CloudWatch::CompositeAlarm',
      properties: { AlarmName: 'raw', AlarmRule: 'ALARM(x)', AlarmDescription: 'Service down. Runbook: https://runbooks.example.com/svc' },
    });
    new ServiceMonitoring(stack, 'Monitoring', { compositeAlarm: true }).monitor(new sqs.Queue(stack, 'Jobs'));
    expect(findingsOf(app, 'Readiness-DOC1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-DOC1').evaluated).toBe(7);
  });

  test('not judged: alarms that only drive a step scaling policy (no person reads them)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const q = new sqs.Queue(stack, 'Q');
    const target = new appscaling.ScalableTarget(stack, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS, scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/c/s', minCapacity: 2, maxCapacity: 4,
    });
    target.scaleOnMetric('Backlog', {
      metric: q.metricApproximateNumberOfMessagesVisible(),
      scalingSteps: [{ upper: 0, change: -1 }, { lower: 100, change: +1 }],
    });
    expect(findingsOf(app, 'Readiness-DOC1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-DOC1').evaluated).toBe(0);
  });
});

describe('Readiness-DOC2 runbooks are generated for the app (DR restore, incident response)', () => {
  const DOC2 = 'Readiness-DOC2';

  test('compliant: a backed-up table whose DR copy has a restore automation in the DR region, hand-written L1s only', () => {
    const app = prodApp();
    handWrittenDr(app);
    expect(findingsOf(app, DOC2)).toEqual([]);
    expect(ruleOutcome(app, DOC2)).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('non-compliant: the DR copy has no restore automation in its region (one in the primary region does not count)', () => {
    const app = prodApp();
    const { data } = handWrittenDr(app, { automation: false });
    new ssm.CfnDocument(data, 'LocalRestore', {
      documentType: 'Automation',
      content: { schemaVersion: '0.3', mainSteps: [{ name: 'Start', action: 'aws:executeAwsApi', inputs: { Service: 'backup', Api: 'StartRestoreJob', BackupVaultName: 'primary' } }] },
    });
    expect(findingsOf(app, DOC2)).toEqual([expect.objectContaining({
      constructPath: 'Data',
      message: 'Data/Orders: its DR copy in eu-central-1 has no restore automation there (an SSM Automation document calling StartRestoreJob on that vault), so the DR runbook can only be read, not run',
    })]);
  });

  test('without a copy outside the region (BAK2\'s finding), a restore automation for the local vault is what DOC2 asks for', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    handWrittenDr(app, { automation: false, copy: false });
    expect(findingsOf(app, DOC2).map((f) => f.message)).toEqual([
      'Data/Orders: no restore automation (an SSM Automation document calling StartRestoreJob) for the vault holding its recovery points in eu-west-1',
    ]);
    const fixed = new App({ context: { 'readiness:profile': 'dev' } });
    const again = handWrittenDr(fixed, { automation: false, copy: false });
    new ssm.CfnDocument(again.data, 'Restore', {
      documentType: 'Automation',
      content: { schemaVersion: '0.3', parameters: { BackupVaultName: { type: 'String', default: 'primary' } }, mainSteps: [{ name: 'Start', action: 'aws:executeAwsApi', inputs: { Service: 'backup', Api: 'StartRestoreJob' } }] },
    });
    expect(findingsOf(fixed, DOC2)).toEqual([]);
  });

  test('CrossRegionBackup with CrossRegionBackupDr passes; enableRestoreAutomation: false fails it', () => {
    for (const enableRestoreAutomation of [true, false]) {
      const app = prodApp();
      const drStack = new Stack(app, 'Dr', { env: { account: '111111111111', region: 'eu-central-1' } });
      const companion = new CrossRegionBackupDr(drStack, 'BackupDr', { enableRestoreAutomation });
      const stack = new Stack(app, 'Data', { env });
      new CrossRegionBackup(stack, 'Backup', { drVaultArn: companion.backupVaultArn, drVaultLock: companion.vault.lock })
        .protect(new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
      expect(pathsWith(app, DOC2)).toEqual(enableRestoreAutomation ? [] : ['Data']);
    }
  });

  test('incident routes: a rule with a runbook entry or "Runbook:" text in its notification passes, a bare one fails, a disabled one is not judged', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Sec', { env });
    const topic = new sns.Topic(stack, 'T');
    const documented = new events.Rule(stack, 'Documented', { eventPattern: { source: ['aws.guardduty'] } });
    documented.addTarget(new targets.SnsTopic(topic));
    Runbook.addEntry(documented, { section: RunbookSection.INCIDENT_RESPONSE, title: 'Threat', steps: ['Isolate the resource'] });
    new events.Rule(stack, 'Inline', { eventPattern: { source: ['aws.securityhub'] } })
      .addTarget(new targets.SnsTopic(topic, { message: events.RuleTargetInput.fromText('Finding. Runbook: 1) triage it') }));
    new events.Rule(stack, 'Bare', { eventPattern: { source: ['aws.backup'], detail: { state: ['FAILED'] } } }).addTarget(new targets.SnsTopic(topic));
    new events.Rule(stack, 'Off', { enabled: false, eventPattern: { source: ['aws.inspector2'] } }).addTarget(new targets.SnsTopic(topic));
    expect(findingsOf(app, DOC2)).toEqual([expect.objectContaining({
      constructPath: 'Sec',
      message: 'Sec/Bare: the rule routes failed AWS Backup jobs but no runbook entry or "Runbook:" text says what the responder does',
    })]);
  });

  test('AWS Backup job rules: failed restores (detail.status) are a route to document; a rule taking every outcome (COMPLETED too) feeds automation, not people', () => {
    const app = prodApp();
    const stack = new Stack(app, 'Jobs', { env });
    const topic = new sns.Topic(stack, 'T');
    new events.Rule(stack, 'FailedRestores', { eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['FAILED', 'ABORTED'] } } })
      .addTarget(new targets.SnsTopic(topic));
    new events.Rule(stack, 'EveryRestoreOutcome', { eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] } } })
      .addTarget(new targets.SnsTopic(topic));
    new events.Rule(stack, 'CompletedBackups', { eventPattern: { source: ['aws.backup'], detail: { state: ['COMPLETED'] } } }).addTarget(new targets.SnsTopic(topic));
    expect(findingsOf(app, DOC2).map((f) => f.message)).toEqual([
      'Jobs/FailedRestores: the rule routes failed AWS Backup jobs but no runbook entry or "Runbook:" text says what the responder does',
    ]);
  });

  test('not applicable: a stack with no backed-up data store and no incident route', () => {
    const app = prodApp();
    new sqs.Queue(new Stack(app, 'S', { env }), 'Q');
    expect(ruleOutcome(app, DOC2).evaluated).toBe(0);
  });
});
