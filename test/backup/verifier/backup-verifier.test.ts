import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { BackupVerifier, BackupVerifierOptions, CrossRegionBackupDr, ProtectedResourceType, RestoreMetadataOverride } from '../../../src';

const PRIMARY = 'arn:aws:backup:eu-west-1:111111111111:backup-vault:web-primary';
const ENV = { account: '111111111111', region: 'eu-central-1' };

function drStack(options: Partial<BackupVerifierOptions> = {}, drProps: object = {}) {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = new Stack(app, 'Dr', { env: ENV });
  const dr = new CrossRegionBackupDr(stack, 'BackupDr', drProps);
  const verifier = dr.verifyBackups({ primaryVaultArns: [PRIMARY], ...options });
  return { app, stack, dr, verifier, template: Template.fromStack(stack) };
}

/** The verifier's configuration as the function receives it, with tokens as `<LogicalId>`. */
function configOf(template: Template): any {
  const fn = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler', Environment: { Variables: { VERIFIER_CONFIG: Match.anyValue() } } } }))[0];
  const v = fn.Properties.Environment.Variables.VERIFIER_CONFIG;
  const text = typeof v === 'string' ? v : v['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : `<${p.Ref ?? p['Fn::GetAtt']?.[0]}>`)).join('');
  return JSON.parse(text);
}

function statementsOf(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^Backup verifier') } });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

const actions = (statements: any[]) => statements.flatMap((s) => [s.Action].flat());

describe('BackupVerifier, verification only (the default)', () => {
  const { template, verifier } = drStack();

  test('a pinned Node.js 22 function on arm64, 15 minutes, traced, with the verifier configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Timeout: 900,
      MemorySize: 512,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('BackupDrVerifierLogs') } },
    });
    expect(configOf(template)).toEqual({
      name: verifier.verifierName,
      primaryVaultArns: [PRIMARY],
      drVaultArn: 'arn:<AWS::Partition>:backup:eu-central-1:111111111111:backup-vault:Dr-BackupDr-Vault-13546E41',
      drKeyArn: '<BackupDrVaultKey1AE9752E>',
      rpoHours: 24,
      maxCopyLagHours: 8,
      rtoHours: 4,
      lookbackHours: 6,
      perResourceMetrics: true,
    });
  });

  test('runs every 6 hours with the verify mode, retried by EventBridge', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(6 hours)',
      Targets: [Match.objectLike({ Input: '{"mode":"verify"}', RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })],
    });
    template.resourcePropertiesCountIs('AWS::Events::Rule', { ScheduleExpression: Match.stringLikeRegexp('rate') }, 1);
    // No drills, no rule that finishes them (the DR alerts' rule on failed restores is another one).
    template.resourcePropertiesCountIs('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: { status: Match.arrayWith(['COMPLETED']) } }) }, 0);
  });

  test('read-only IAM: no wildcard action, vault reads on the two vaults, job lists, own logs, traces; no inline policy', () => {
    const statements = statementsOf(template);
    expect(actions(statements).filter((a: string) => a.includes('*'))).toEqual([]);
    expect(actions(statements).sort()).toEqual([
      'backup:DescribeBackupVault', 'backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRecoveryPointsByBackupVault', 'backup:ListRestoreJobs',
      'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
    expect(statements.find((s) => s.Sid === 'ReadVaults').Resource).toEqual([PRIMARY, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:eu-central-1:111111111111:backup-vault:Dr-BackupDr-Vault-13546E41']] }]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }, ManagedPolicyArns: Match.absent() });
  });

  test('an encrypted log group kept by the profile, its key usable by CloudWatch Logs for this log group only', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/cdk-readiness/backup-verifier/'), RetentionInDays: 365, KmsKeyId: Match.anyValue(),
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchLogsOfThisLogGroup',
          Principal: { Service: 'logs.eu-central-1.amazonaws.com' },
          Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('eight alarms (the last on the schedules\' dead-letter queue), every one routed as WARNING, with a runbook description that fits CloudWatch', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { AlarmDescription: Match.stringLikeRegexp('verif|backup|restore|Backup') } });
    const own = Object.entries(alarms).filter(([id]) => id.startsWith('BackupDrVerifier') && !id.startsWith('BackupDrVerifierMonitoring'));
    expect(own.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'BackupDrVerifierCopyLagAlarm', 'BackupDrVerifierDeliveryDlqAlarm', 'BackupDrVerifierFunctionErrorsAlarm', 'BackupDrVerifierHeartbeatAlarm', 'BackupDrVerifierIntegrityAlarm',
      'BackupDrVerifierJobsFailedAlarm', 'BackupDrVerifierRecoveryPointAgeAlarm', 'BackupDrVerifierVerificationErrorsAlarm',
    ]);
    for (const [, a] of own) {
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.AlarmActions[0].Ref).toMatch(/^ReadinessAlarmRoutingWarningTopic/);
      expect(a.Properties.AlarmDescription).toMatch(/^[A-Z].+\. Runbook: 1\) .+/);
      expect(a.Properties.AlarmDescription.length).toBeLessThanOrEqual(1024);
    }
    expect(verifier.alarms).toHaveLength(8);
  });

  test('every schedule target keeps what it cannot deliver in an encrypted, TLS-only dead-letter queue, under a retry policy', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r: any) => /verif|drill/i.test(r.Properties.Description ?? ''));
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules as any[]) {
      for (const t of r.Properties.Targets) {
        expect(t.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^BackupDrVerifierDeliveryDlq/);
        expect(t.RetryPolicy).toBeDefined();
      }
    }
    const dlq = Object.entries(template.findResources('AWS::SQS::Queue')).find(([id]) => id.startsWith('BackupDrVerifierDeliveryDlq'))![1];
    expect(dlq.Properties.SqsManagedSseEnabled).toBe(true);
    expect(JSON.stringify(template.findResources('AWS::SQS::QueuePolicy'))).toContain('aws:SecureTransport');
  });

  test('the function is monitored like any workload: throttles (WARNING), run-time anomaly (INFO), a dashboard with every verifier alarm', () => {
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith('BackupDrVerifierMonitoring'));
    expect(alarms.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'BackupDrVerifierMonitoringBackupDrVerifierFunctionLambdaDurationAnomaly', 'BackupDrVerifierMonitoringBackupDrVerifierFunctionLambdaThrottles',
    ]);
    const topic = (id: string) => alarms.find(([k]) => k.includes(id))![1].Properties.AlarmActions[0].Ref;
    expect(topic('LambdaThrottles')).toMatch(/^ReadinessAlarmRoutingWarningTopic/);
    // A scheduled job is invoked a few times a day: one throttled invocation is a missed run.
    expect(alarms.find(([k]) => k.includes('LambdaThrottles'))![1].Properties).toMatchObject({ MetricName: 'Throttles', EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    expect(topic('LambdaDurationAnomaly')).toMatch(/^ReadinessAlarmRoutingInfoTopic/);
    template.resourceCountIs('AWS::CloudWatch::AnomalyDetector', 1);
    const dashboards = Object.values<any>(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    expect(body).toContain('Backup verification');
    for (const alarm of verifier.alarms) expect(body).toContain(Stack.of(alarm).resolve(alarm.alarmArn)['Fn::GetAtt'][0]);
    expect(verifier.monitoring.dashboard).toBeDefined();
  });

  test('the RPO alarm: the largest recovery point age above the RPO in two runs in a row', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkReadiness/BackupVerifier',
      MetricName: 'MaxRecoveryPointAgeHours',
      Dimensions: [{ Name: 'Verifier', Value: verifier.verifierName }],
      Statistic: 'Maximum',
      Period: 21600,
      Threshold: 24,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'ignore',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'MaxCopyLagHours', Threshold: 8, ComparisonOperator: 'GreaterThanThreshold' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ResourcesFailed', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'JobsFailed', Threshold: 1, EvaluationPeriods: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'VerificationErrors', Threshold: 1 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Runs', Statistic: 'Sum', ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching', EvaluationPeriods: 2 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'Errors', Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  test('clean under cdk-nag AwsSolutions and NIST 800-53 R5', () => {
    const { app } = drStack();
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
      expect(pack.validateScope(app).violations).toEqual([]);
    }
  });
});

describe('BackupVerifier with drills', () => {
  const { template, verifier } = drStack({
    drills: { maxDrillsPerRun: 2, resourceTypes: [ProtectedResourceType.RDS, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EBS], dbSubnetGroupName: 'dr-db', vpcSecurityGroupIds: ['sg-dr'] },
    runbookUrl: 'https://runbooks.example.com/backups',
  });

  test('a weekly drill schedule and a rule that finishes drills when their restore job ends', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(7 days)', Targets: [Match.objectLike({ Input: '{"mode":"drill"}' })] });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.backup'], 'detail-type': ['Restore Job State Change'], 'detail': { status: ['COMPLETED', 'FAILED', 'ABORTED'] } },
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 } })],
    });
  });

  test('the drill configuration: its own restore role, the types, the window, the DB placement for every DB type', () => {
    expect(configOf(template).drill).toEqual({
      restoreRoleArn: expect.stringMatching(/^<BackupDrVerifierDrillRestoreRole/),
      resourceTypes: ['DynamoDB', 'EBS', 'RDS'],
      maxDrillsPerRun: 2,
      windowHours: 167,
      metadata: expect.arrayContaining([
        { resourceType: 'RDS', key: 'DBSubnetGroupName', value: 'dr-db' },
        { resourceType: 'Aurora', key: 'VpcSecurityGroupIds', value: '["sg-dr"]' },
      ]),
      cleanup: true,
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] }],
    });
    expect(verifier.drillRole).toBeDefined();
  });

  test('drill IAM: still no wildcard action; PassRole only for the drill role to AWS Backup; deletes need the drill tag; only the drilled types', () => {
    const statements = statementsOf(template);
    expect(actions(statements).filter((a: string) => a.includes('*'))).toEqual([]);
    expect(statements.find((s) => s.Sid === 'PassDrillRoleToBackup')).toEqual({
      Sid: 'PassDrillRoleToBackup',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^BackupDrVerifierDrillRestoreRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    });
    const deletes = statements.filter((s) => [s.Action].flat().some((a: string) => /:Delete/.test(a)));
    expect(deletes.map((s) => s.Sid).sort()).toEqual(['DeleteTaggedDrillDatabases', 'DeleteTaggedDrillTables']);
    for (const d of deletes) expect(d.Condition).toEqual({ Null: { 'aws:ResourceTag/cdk-readiness:restore-drill': 'false' } });
    expect(statements.find((s) => s.Sid === 'DeleteTaggedDrillDatabases').Resource)
      .toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:eu-central-1:111111111111:db:cdkr-drill-*']] });
    for (const sid of ['TagDrillDatabases', 'TagDrillTables']) {
      expect(statements.find((s) => s.Sid === sid).Condition).toEqual({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['cdk-readiness:restore-drill'] } });
    }
    // Volumes and file systems: described, never tagged or deleted (their ids cannot be scoped).
    for (const a of ['elasticfilesystem:DeleteFileSystem', 'elasticfilesystem:TagResource', 'ec2:DeleteVolume', 'ec2:CreateTags']) {
      expect(actions(statements)).not.toContain(a);
    }
    expect(actions(statements)).toEqual(expect.arrayContaining(['backup:StartRestoreJob', 'backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult', 'backup:GetRecoveryPointRestoreMetadata']));
    // GetRecoveryPointRestoreMetadata and StartRestoreJob authorize on the recovery point (IAM
    // resource type recoveryPoint: RDS/EBS/DynamoDB snapshot ARNs), never on the vault ARN.
    for (const action of ['backup:GetRecoveryPointRestoreMetadata', 'backup:StartRestoreJob']) {
      expect(statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource)).toEqual(['*']);
    }
  });

  test('drill alarms: a failed drill and a restore slower than the RTO, with the runbook link', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DrillsFailed', Period: 86400, Threshold: 1, TreatMissingData: 'ignore' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MaxRestoreTimeHours',
      Threshold: 4,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmDescription: Match.stringLikeRegexp('RTO of 4 h.*Runbook: 1\\).*https://runbooks\\.example\\.com/backups'),
    });
    expect(verifier.alarms).toHaveLength(10);
  });

  test('clean under cdk-nag AwsSolutions and NIST 800-53 R5, every type drilled', () => {
    const every = [ProtectedResourceType.AURORA, ProtectedResourceType.DOCUMENTDB, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EBS,
      ProtectedResourceType.EFS, ProtectedResourceType.NEPTUNE, ProtectedResourceType.RDS];
    const { app } = drStack({ drills: { resourceTypes: every } });
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
      expect(pack.validateScope(app).violations).toEqual([]);
    }
  });

  test('by default drills restore only what they may delete: databases and tables, not volumes or file systems', () => {
    const { template: t } = drStack({ drills: {} });
    expect(configOf(t).drill.resourceTypes).toEqual(['Aurora', 'DocumentDB', 'DynamoDB', 'Neptune', 'RDS']);
    expect(actions(statementsOf(t)).filter((a: string) => /^(ec2|elasticfilesystem):/.test(a))).toEqual([]);
  });

  test('drills take the DR restore testing placement unless they say otherwise', () => {
    const { template: t } = drStack({ drills: { resourceTypes: [ProtectedResourceType.AURORA] } }, {
      restoreTesting: {
        dbSubnetGroupName: 'restore-tests',
        // The FSx override is restore testing's alone: drills do not restore FSx.
        metadataOverrides: [RestoreMetadataOverride.of(ProtectedResourceType.AURORA, 'port', '5433'), RestoreMetadataOverride.of(ProtectedResourceType.FSX, 'storageCapacity', '1200')],
      },
    });
    expect(configOf(t).drill.metadata).toEqual([
      { resourceType: 'Aurora', key: 'DBSubnetGroupName', value: 'restore-tests' },
      { resourceType: 'DocumentDB', key: 'DBSubnetGroupName', value: 'restore-tests' },
      { resourceType: 'Neptune', key: 'DBSubnetGroupName', value: 'restore-tests' },
      { resourceType: 'RDS', key: 'DBSubnetGroupName', value: 'restore-tests' },
      { resourceType: 'Aurora', key: 'port', value: '5433' },
    ]);
  });
});

describe('wiring and options', () => {
  test('CrossRegionBackupDr builds the verifier from its verification prop', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Dr', { env: ENV });
    const dr = new CrossRegionBackupDr(stack, 'BackupDr', { verification: { primaryVaultArns: [PRIMARY], interval: Duration.hours(24), rpo: Duration.hours(12) } });
    expect(dr.verifier).toBeInstanceOf(BackupVerifier);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
    expect(configOf(t)).toMatchObject({ rpoHours: 12, rtoHours: 24, lookbackHours: 24 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  test('per-resource metrics off, reserved concurrency on', () => {
    const { template } = drStack({ perResourceMetrics: false, reservedConcurrentExecutions: 1, verifierName: 'web-backups' });
    expect(configOf(template)).toMatchObject({ name: 'web-backups', perResourceMetrics: false });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1 });
  });
});

describe('bad input', () => {
  const newVerifier = (props: object) => {
    const stack = new Stack(new App(), 'Dr', { env: ENV });
    return () => new BackupVerifier(stack, 'V', { primaryVaultArns: [PRIMARY], drVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr', ...props });
  };

  test.each([
    [{ primaryVaultArns: [] }, /invalid primaryVaultArns \[\]\. Give the ARN of at least one vault/],
    [{ primaryVaultArns: ['web-primary'] }, /invalid primaryVaultArns\[0\] "web-primary"\. Give a backup vault ARN/],
    [{ primaryVaultArns: ['arn:aws:backup:eu-central-1:111111111111:backup-vault:x1'] }, /It is in eu-central-1, the DR region/],
    [{ drVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:dr' }, /invalid drVaultArn .*The verifier runs in the DR region: put it in a stack of us-east-1/],
    [{ interval: Duration.minutes(30) }, /invalid interval 30 minutes\. Use a whole number of hours from 1 to 24\./],
    [{ interval: Duration.hours(36) }, /invalid interval 1 day 12 hours\. Use a whole number of hours from 1 to 24\./],
    [{ rpo: Duration.hours(0) }, /invalid rpo 0 hours\. Use a positive duration\./],
    [{ drills: { interval: Duration.hours(6) } }, /invalid drills\.interval 6 hours\. Use a whole number of hours from 24 to 8760\./],
    [{ drills: { maxDrillsPerRun: 0 } }, /invalid drills\.maxDrillsPerRun 0\. Use a whole number from 1 to 50\./],
    [{ drills: { resourceTypes: [ProtectedResourceType.FSX] } }, /invalid drills\.resourceTypes "FSx"\. Drills restore, validate and clean up/],
    [{ drills: { resourceTypes: [] } }, /invalid drills\.resourceTypes \[\]\. Give at least one type/],
    [{ verifierName: 'web backups!' }, /invalid verifierName "web backups!"/],
    [{ drills: { metadataOverrides: [RestoreMetadataOverride.of(ProtectedResourceType.FSX, 'storageCapacity', '1200')] } }, /invalid drills\.metadataOverrides "FSx:storageCapacity"\. Drills restore .*would never apply/],
  ])('%j', (props, message) => {
    expect(newVerifier(props)).toThrow(message);
  });

  test('verifyBackups() twice', () => {
    const { dr } = drStack();
    expect(() => dr.verifyBackups({ primaryVaultArns: [PRIMARY] })).toThrow(/invalid verifyBackups\(\) .*Backups are already verified by Dr\/BackupDr\/Verifier: give every primary vault to one call/);
  });
});

test('a configuration too large for the Lambda environment fails synth with what to shorten', () => {
  const app = new App();
  const stack = new Stack(app, 'Dr', { env: ENV });
  new BackupVerifier(stack, 'V', {
    primaryVaultArns: [PRIMARY],
    drVaultArn: 'arn:aws:backup:eu-central-1:111111111111:backup-vault:dr',
    excludeResourceArns: Array.from({ length: 60 }, (_, i) => `arn:aws:dynamodb:eu-west-1:111111111111:table/deleted-table-number-${i}`),
  });
  expect(() => app.synth()).toThrow(/BackupVerifier: its configuration is about \d+ bytes, over what fits in the Lambda environment \(4 KB\)\. Give fewer excludeResourceArns/);
});
