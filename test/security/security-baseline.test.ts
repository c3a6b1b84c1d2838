import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import {
  EcrScanFrequency, EcrScanType, FindingSeverity, GuardDutyFeature, GuardDutyRuntimeAgent, InspectorEnablement, InspectorScanType,
  ReadinessProfile, SecurityBaseline, SecurityBaselineProps, SecurityHubStandard, SecurityIncidentRouting, ServiceMode,
} from '../../src';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const DR: StackProps = { env: { account: '111111111111', region: 'eu-central-1' } };

function build(props: SecurityBaselineProps = {}, env: StackProps = EU) {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  const stack = new Stack(app, 'Sec', env);
  const baseline = new SecurityBaseline(stack, 'Security', props);
  return { app, stack, baseline, t: Template.fromStack(stack) };
}

describe('defaults (PROD)', () => {
  const { t, baseline } = build();

  test('GuardDuty: every protection plan listed and enabled, agent management off, 15-minute updates', () => {
    t.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: Match.arrayWith([
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [
            { Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }, { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'DISABLED' }, { Name: 'EC2_AGENT_MANAGEMENT', Status: 'DISABLED' },
          ],
        },
      ]),
    });
    expect(t.toJSON().Resources[Object.keys(t.findResources('AWS::GuardDuty::Detector'))[0]].Properties.Features).toHaveLength(6);
    expect(JSON.stringify(t.toJSON())).not.toContain('DataSources');
  });

  test('Security Hub: no default standards, FSBP and CIS v3.0.0 with regional ARNs, each after the hub', () => {
    t.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false, ControlFindingGenerator: 'SECURITY_CONTROL' });
    const hubId = Object.keys(t.findResources('AWS::SecurityHub::Hub'))[0];
    for (const path of ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0']) {
      t.hasResource('AWS::SecurityHub::Standard', {
        Properties: { StandardsArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:securityhub:eu-west-1::standards/${path}`]] } },
        DependsOn: [hubId],
      });
    }
    t.resourceCountIs('AWS::SecurityHub::FindingAggregator', 0);
  });

  test('AWS Config: a stack role (not the service-linked role), every resource type with global ones, channel after recorder, KMS delivery', () => {
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
    });
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
      RecordingMode: { RecordingFrequency: 'CONTINUOUS' },
    });
    const recorder = Object.keys(t.findResources('AWS::Config::ConfigurationRecorder'))[0];
    t.hasResource('AWS::Config::DeliveryChannel', {
      Properties: { S3KeyPrefix: 'config', S3KmsKeyArn: Match.anyValue(), ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' } },
      DependsOn: Match.arrayWith([recorder]),
    });
    t.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    // The delivery permissions AWS Config documents for a role it assumes: the ACL check, the objects (with their ACL) under its prefix, the key.
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Object.keys(t.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('AWS Config') } }))[0] }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['s3:GetBucketAcl', 's3:ListBucket'] }),
          Match.objectLike({ Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: { 'Fn::Join': ['', [Match.anyValue(), '/config/AWSLogs/111111111111/Config/*']] } }),
          Match.objectLike({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'] }),
        ],
      },
    });
  });

  test('conformance pack of managed rules for the audit\'s controls, after recorder and channel', () => {
    const [pack] = Object.values<any>(t.findResources('AWS::Config::ConformancePack'));
    const rules = Object.values<any>(JSON.parse(pack.Properties.TemplateBody).Resources).map((r) => r.Properties.Source.SourceIdentifier);
    expect(rules).toEqual(expect.arrayContaining([
      'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'GUARDDUTY_ENABLED_CENTRALIZED', 'SECURITYHUB_ENABLED',
      'ECR_PRIVATE_IMAGE_SCANNING_ENABLED', 'INSPECTOR_EC2_SCAN_ENABLED', 'INSPECTOR_ECR_SCAN_ENABLED', 'INSPECTOR_LAMBDA_STANDARD_SCAN_ENABLED', 'ROOT_ACCOUNT_MFA_ENABLED',
    ]));
    expect(pack.DependsOn).toHaveLength(2);
  });

  test('Inspector: the custom resource with EC2, ECR and LAMBDA, restore on delete, least-privilege handler role', () => {
    t.hasResourceProperties('Custom::ReadinessInspectorEnablement', { ScanTypes: ['EC2', 'ECR', 'LAMBDA'], RemovalBehavior: 'restore' });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['inspector2:Enable', 'inspector2:Disable', 'inspector2:BatchGetAccountStatus'], Resource: '*' }),
          Match.objectLike({ Action: 'iam:CreateServiceLinkedRole', Condition: { StringEquals: { 'iam:AWSServiceName': ['inspector2.amazonaws.com', 'agentless.inspector2.amazonaws.com'] } } }),
          Match.objectLike({
            Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:parameter/cdk-readiness/inspector2-enablement/*']] },
          }),
          // The account's other enablement records (handover of scan types they ask for), by path.
          Match.objectLike({
            Action: 'ssm:GetParametersByPath',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111111111111:parameter/cdk-readiness/inspector2-enablement']] },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Timeout: 840 });
    // CloudFormation gives up on a handler that never answers after 15 minutes, not an hour.
    t.hasResourceProperties('Custom::ReadinessInspectorEnablement', { ServiceTimeout: '900' });
  });

  test('ECR: enhanced continuous scanning of every repository, after the Inspector enablement, retained on delete', () => {
    const registry = Object.values<any>(t.findResources('AWS::ECR::RegistryScanningConfiguration'))[0];
    expect(registry.Properties).toEqual({ ScanType: 'ENHANCED', Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }] });
    // CloudFormation's delete of an ENHANCED configuration calls inspector2:Disable on the account.
    expect(registry.DeletionPolicy).toBe('Retain');
    const cr = Object.keys(t.findResources('Custom::ReadinessInspectorEnablement'))[0];
    expect(registry.DependsOn).toEqual(expect.arrayContaining([cr]));
  });

  test('CloudTrail: multi-region, log file validation, KMS, CloudWatch Logs; the bucket and key are RETAIN', () => {
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      S3KeyPrefix: 'cloudtrail',
    });
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2557, NoncurrentVersionExpiration: { NoncurrentDays: 2557 } })] },
      }),
    });
    for (const key of Object.values<any>(t.findResources('AWS::KMS::Key'))) expect(key.DeletionPolicy).toBe('Retain');
    t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudTrailToEncryptLogs', Principal: { Service: 'cloudtrail.amazonaws.com' } })]) } });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
  });

  test('CIS alarms: 15 metric filters, each alarm routed through AlarmRouting with a runbook description', () => {
    t.resourceCountIs('AWS::Logs::MetricFilter', 15);
    expect(baseline.cisAlarms).toHaveLength(15);
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('userIdentity.type = "Root"') });
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('MFAUsed != "Yes"') });
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('StopLogging') });
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('ScheduleKeyDeletion') });
    const alarms = Object.values<any>(t.findResources('AWS::CloudWatch::Alarm')).filter((a) => a.Properties.Namespace === 'CloudTrailMetrics');
    expect(alarms).toHaveLength(15);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ReadinessAlarmRouting/) }]);
      expect(a.Properties.AlarmDescription).toMatch(/\. Runbook: .+/);
    }
    const root = alarms.find((a) => a.Properties.MetricName === 'RootAccountUsage');
    expect(root.Properties.AlarmActions[0].Ref).toMatch(/Critical/);
  });

  test('Access Analyzer and incident routing: three rules to a KMS topic whose key lets EventBridge in without source conditions', () => {
    t.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'source': ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], 'detail': { severity: [{ numeric: ['>=', 7] }] } } });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { 'source': ['aws.inspector2'], 'detail-type': ['Inspector2 Finding'], 'detail': { severity: ['HIGH', 'CRITICAL'], status: ['ACTIVE'] } } });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.securityhub'], detail: { findings: Match.objectLike({ Severity: { Label: ['HIGH', 'CRITICAL'] }, ProductName: [{ 'anything-but': ['GuardDuty', 'Inspector'] }] }) } } });
    const key = Object.values<any>(t.findResources('AWS::KMS::Key')).find((k) => /security findings topic/.test(k.Properties.Description));
    const events = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service === 'events.amazonaws.com');
    expect(events).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]);
    expect(events[0].Condition).toBeUndefined();
    expect(baseline.incidentRouting!.runbookEntries.map((e) => e.source)).toEqual(['guardduty', 'securityhub', 'inspector']);
    expect(baseline.incidentRouting!.runbook).toMatch(/GuardDuty threat finding: .*Runbook: 1\) /);
  });

  test('no declaration when nothing is provided', () => {
    t.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(baseline.provided).toEqual([]);
  });
});

describe('"provided" modes', () => {
  test('everything provided: nothing that would collide is created, the declaration lists the services, the conformance pack stays', () => {
    const modes = { mode: ServiceMode.PROVIDED };
    const { t, baseline } = build({
      guardDuty: modes,
      securityHub: modes,
      config: modes,
      inspector: modes,
      ecrScanning: modes,
      cloudTrail: modes,
      accessAnalyzer: modes,
      incidentRouting: modes,
    });
    for (const type of ['AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard', 'AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel',
      'Custom::ReadinessInspectorEnablement', 'AWS::CloudTrail::Trail', 'AWS::S3::Bucket', 'AWS::ECR::RegistryScanningConfiguration', 'AWS::AccessAnalyzer::Analyzer', 'AWS::Events::Rule']) {
      t.resourceCountIs(type, 0);
    }
    t.resourceCountIs('AWS::Config::ConformancePack', 1);
    const value = JSON.parse(Object.values<any>(t.findResources('AWS::SSM::Parameter'))[0].Properties.Value);
    expect(value).toEqual({ schema: 1, provided: ['access-analyzer', 'cloudtrail', 'config', 'ecr-scanning', 'guardduty', 'incident-routing', 'inspector', 'securityhub'] });
    t.hasResourceProperties('AWS::SSM::Parameter', { Tags: { 'cdk-readiness:purpose': 'security-baseline-declaration' } });
    expect(baseline.provided).toHaveLength(8);
  });

  test('DR region: trail provided (the primary\'s is multi-region), no global resource recording, routes for the detectors still there', () => {
    const { t } = build({ cloudTrail: { mode: ServiceMode.PROVIDED } }, DR);
    t.resourceCountIs('AWS::CloudTrail::Trail', 0);
    t.resourceCountIs('AWS::Logs::MetricFilter', 0);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    t.resourceCountIs('AWS::S3::Bucket', 2);
    t.resourceCountIs('AWS::Events::Rule', 3);
  });

  test('GuardDuty provided and Inspector off: routing keeps GuardDuty, drops Inspector; ECR falls back to basic scan on push', () => {
    const { t, baseline } = build({ guardDuty: { mode: ServiceMode.PROVIDED }, inspector: { mode: ServiceMode.OFF } });
    expect(baseline.incidentRouting!.runbookEntries.map((e) => e.source)).toEqual(['guardduty', 'securityhub']);
    t.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', { ScanType: 'BASIC', Rules: [{ ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }] });
  });
});

describe('options', () => {
  test('GuardDuty features and Fargate agent management; aggregator of the DR region; custom standards; ECR filters', () => {
    const { t } = build({
      guardDuty: {
        features: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.RUNTIME_MONITORING],
        runtimeMonitoringAgents: [GuardDutyRuntimeAgent.ECS_FARGATE_AGENT_MANAGEMENT],
      },
      securityHub: { standards: [SecurityHubStandard.NIST_800_53_R5, SecurityHubStandard.fromPath('ruleset/cis-aws-foundations-benchmark/v/1.2.0')], findingAggregator: { regions: ['eu-central-1'] } },
      ecrScanning: { scanType: EcrScanType.ENHANCED, frequency: EcrScanFrequency.SCAN_ON_PUSH, repositoryFilters: ['prod-*'] },
    });
    t.hasResourceProperties('AWS::GuardDuty::Detector', {
      Features: Match.arrayWith([
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'RUNTIME_MONITORING', Status: 'ENABLED', AdditionalConfiguration: Match.arrayWith([{ Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' }]) },
      ]),
    });
    t.hasResourceProperties('AWS::SecurityHub::FindingAggregator', { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1'] });
    t.hasResourceProperties('AWS::SecurityHub::Standard', { StandardsArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0']] } });
    t.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', { Rules: [{ ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: 'prod-*', FilterType: 'WILDCARD' }] }] });
  });

  test('incident routing to a response function and an Incident Manager response plan, from MEDIUM', () => {
    const app = new App();
    const stack = new Stack(app, 'Sec', EU);
    const fn = lambda.Function.fromFunctionArn(stack, 'Responder', 'arn:aws:lambda:eu-west-1:111111111111:function:responder');
    const routing = new SecurityIncidentRouting(stack, 'Routing', {
      minimumSeverity: FindingSeverity.MEDIUM,
      responseFunction: fn,
      responsePlanArn: 'arn:aws:ssm-incidents::111111111111:response-plan/security',
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.guardduty'], detail: { severity: [{ numeric: ['>=', 4] }] } }),
      Targets: Match.arrayWith([
        Match.objectLike({ Arn: 'arn:aws:lambda:eu-west-1:111111111111:function:responder' }),
        Match.objectLike({ Arn: 'arn:aws:ssm-incidents::111111111111:response-plan/security', RoleArn: Match.anyValue() }),
      ]),
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 'ssm-incidents:StartIncident', Resource: 'arn:aws:ssm-incidents::111111111111:response-plan/security' })] } });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.inspector2'], detail: { severity: ['MEDIUM', 'HIGH', 'CRITICAL'], status: ['ACTIVE'] } }) });
    expect(routing.runbookEntries[0].notifies).toEqual(expect.arrayContaining([expect.stringMatching(/^Lambda function/), expect.stringMatching(/^Incident Manager response plan/)]));
  });

  test('every route target (topic, response function, response plan) keeps what it cannot deliver in the alarmed dead-letter queue, under a retry policy', () => {
    const app = new App();
    const stack = new Stack(app, 'Sec', EU);
    const fn = lambda.Function.fromFunctionArn(stack, 'Responder', 'arn:aws:lambda:eu-west-1:111111111111:function:responder');
    new SecurityIncidentRouting(stack, 'Routing', { responseFunction: fn, responsePlanArn: 'arn:aws:ssm-incidents::111111111111:response-plan/security' });
    const t = Template.fromStack(stack);
    const rules = Object.values(t.findResources('AWS::Events::Rule')) as any[];
    const allTargets = rules.flatMap((r) => r.Properties.Targets);
    expect(allTargets.length).toBe(rules.length * 3);
    for (const target of allTargets) {
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/^RoutingDeliveryDlq/), 'Arn'] } });
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 });
    }
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^RoutingTopic') }],
      AlarmDescription: Match.stringLikeRegexp('security findings.*Runbook: 1\\)'),
    });
    // EventBridge may send to the queue, over TLS only.
    const policy = JSON.stringify(t.findResources('AWS::SQS::QueuePolicy'));
    expect(policy).toContain('events.amazonaws.com');
    expect(policy).toContain('aws:SecureTransport');
  });

  test('Inspector removal behavior and scan types reach the custom resource', () => {
    const stack = new Stack(new App(), 'S', EU);
    new InspectorEnablement(stack, 'I', { scanTypes: [InspectorScanType.LAMBDA_CODE, InspectorScanType.LAMBDA], removalBehavior: 'retain' as any });
    Template.fromStack(stack).hasResourceProperties('Custom::ReadinessInspectorEnablement', { ScanTypes: ['LAMBDA', 'LAMBDA_CODE'], RemovalBehavior: 'retain' });
  });
});

describe('bad input gets a clear error', () => {
  test.each<[string, SecurityBaselineProps, RegExp]>([
    ['unknown mode', { guardDuty: { mode: 'on' as any } }, /invalid guardDuty.mode "on"\. Use one of ServiceMode: enable, provided, off/],
    ['provided with feature settings', { guardDuty: { mode: ServiceMode.PROVIDED, features: [GuardDutyFeature.S3_DATA_EVENTS] } }, /invalid guardDuty.features .*guardDuty is provided: this baseline does not set it up/],
    ['provided with standards', { securityHub: { mode: ServiceMode.PROVIDED, standards: [SecurityHubStandard.NIST_800_53_R5] } }, /securityHub.standards .*securityHub is provided/],
    ['off with a routing topic', { incidentRouting: { mode: ServiceMode.OFF, minimumSeverity: FindingSeverity.LOW } }, /incidentRouting.minimumSeverity .*incidentRouting is off/],
    ['unknown standard', { securityHub: { standards: ['cis' as any] } }, /invalid securityHub.standards "cis"\. Unknown standard/],
    ['no standard', { securityHub: { standards: [] } }, /Enable at least one standard/],
    ['duplicate standard', { securityHub: { standards: [SecurityHubStandard.NIST_800_53_R5, SecurityHubStandard.NIST_800_53_R5] } }, /List each standard once/],
    ['aggregator linking its own region', { securityHub: { findingAggregator: { regions: ['eu-west-1'] } } }, /aggregation region eu-west-1 is included anyway/],
    ['unknown feature', { guardDuty: { features: ['EKS_RUNTIME_MONITORING' as any] } }, /invalid guardDuty.features "EKS_RUNTIME_MONITORING"/],
    ['agents without runtime monitoring', { guardDuty: { features: [GuardDutyFeature.S3_DATA_EVENTS], runtimeMonitoringAgents: [GuardDutyRuntimeAgent.EKS_ADDON_MANAGEMENT] } }, /Agent management needs Runtime Monitoring/],
    ['basic continuous ECR scanning', { ecrScanning: { scanType: EcrScanType.BASIC, frequency: EcrScanFrequency.CONTINUOUS_SCAN } }, /Basic scanning scans on push only/],
    ['bad repository filter', { ecrScanning: { repositoryFilters: ['Prod API'] } }, /invalid ecrScanning.repositoryFilters/],
    ['log group retention CloudWatch rejects', { cloudTrail: { logGroupRetentionDays: 42 } }, /invalid cloudTrail.logGroupRetentionDays 42\. CloudWatch Logs accepts only/],
    ['fractional audit retention', { cloudTrail: { retention: Duration.hours(36) } }, /invalid cloudTrail.retention/],
    ['severity threshold out of range', { incidentRouting: { minimumSeverity: 'SEVERE' as any } }, /invalid minimumSeverity "SEVERE"\. Use one of FindingSeverity: LOW, MEDIUM, HIGH, CRITICAL/],
    ['malformed response plan', { incidentRouting: { responsePlanArn: 'security-plan' } }, /invalid responsePlanArn "security-plan"/],
    ['runbook URL not https', { runbookUrl: 'http://runbooks' } as SecurityBaselineProps, /invalid runbookUrl "http:\/\/runbooks"\. Give an https:\/\/ URL/],
    ['LAMBDA_CODE without LAMBDA', { inspector: { scanTypes: [InspectorScanType.LAMBDA_CODE] } }, /LAMBDA_CODE\) needs Lambda standard scanning/],
  ])('%s', (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a second baseline in the same account and region', () => {
    const { app } = build();
    expect(() => new SecurityBaseline(new Stack(app, 'Other', EU), 'Security')).toThrow(/account 111111111111 in eu-west-1 already has a SecurityBaseline \('Sec\/Security'\)/);
    expect(() => new SecurityBaseline(new Stack(app, 'Dr', DR), 'Security', { cloudTrail: { mode: ServiceMode.PROVIDED } })).not.toThrow();
  });

  test('SecurityHubStandard.fromPath rejects what is not a standard path', () => {
    expect(() => SecurityHubStandard.fromPath('cis')).toThrow(/unknown standard path "cis"/);
    expect(SecurityHubStandard.fromPath('standards/nist-800-171/v/2.0.0').path).toBe('standards/nist-800-171/v/2.0.0');
  });
});

describe('cdk-nag', () => {
  test.each([['AwsSolutions', () => new AwsSolutionsChecks()], ['NIST 800-53 R5', () => new NIST80053R5Checks()]])('clean under %s (acknowledgements carry reasons)', (_name, pack) => {
    const { app } = build({ incidentRouting: { responsePlanArn: 'arn:aws:ssm-incidents::111111111111:response-plan/security' } });
    new SecurityBaseline(new Stack(app, 'Dr', DR), 'Security', { cloudTrail: { mode: ServiceMode.PROVIDED } });
    expect(pack().validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))).toEqual([]);
  });
});
