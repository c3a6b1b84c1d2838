import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ReadinessProfile, SecurityBaseline, ServiceMode } from '../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const DR: StackProps = { env: { account: '111111111111', region: 'eu-central-1' } };
const ALL_PROVIDED = {
  guardDuty: { mode: ServiceMode.PROVIDED },
  securityHub: { mode: ServiceMode.PROVIDED },
  config: { mode: ServiceMode.PROVIDED },
  inspector: { mode: ServiceMode.PROVIDED },
  ecrScanning: { mode: ServiceMode.PROVIDED },
  cloudTrail: { mode: ServiceMode.PROVIDED },
  accessAnalyzer: { mode: ServiceMode.PROVIDED },
  incidentRouting: { mode: ServiceMode.PROVIDED },
};

function prodApp() {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}
/** A stack that runs code (the SEC rules judge it). */
function workload(app: App, id: string, props: StackProps) {
  const stack = new Stack(app, id, props);
  new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
  return stack;
}
const SEC = ['Readiness-SEC1', 'Readiness-SEC2', 'Readiness-SEC3', 'Readiness-SEC4', 'Readiness-SEC5'];

describe('the recommended setup passes every SEC rule', () => {
  test.each(SEC)('%s: a baseline per region (trail in the primary, provided in the DR region)', (id) => {
    const app = prodApp();
    workload(app, 'Api', EU);
    workload(app, 'ApiDr', DR);
    new SecurityBaseline(new Stack(app, 'Sec', EU), 'Security');
    new SecurityBaseline(new Stack(app, 'SecDr', DR), 'Security', { cloudTrail: { mode: ServiceMode.PROVIDED } });
    expect(findingsOf(app, id)).toEqual([]);
    expect(ruleOutcome(app, id).evaluated).toBeGreaterThan(0);
  });

  test.each(SEC)('%s: every service declared as provided by the organization', (id) => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new SecurityBaseline(stack, 'Security', ALL_PROVIDED);
    expect(findingsOf(app, id)).toEqual([]);
  });
});

describe('no baseline: every SEC rule fails the stacks that run code, and only those', () => {
  test.each(SEC.filter((id) => id !== 'Readiness-SEC5'))('%s', (id) => {
    const app = prodApp();
    workload(app, 'Api', EU);
    new s3.Bucket(new Stack(app, 'DataOnly', EU), 'B');
    expect(pathsWith(app, id)).toEqual(['Api']);
  });

  test('Readiness-SEC5 is not applicable where nothing produces findings (SEC1 reports the gap)', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    expect(ruleOutcome(app, 'Readiness-SEC5').evaluated).toBe(0);
  });
});

describe('Readiness-SEC1 threat detection per account and region', () => {
  test('non-compliant: a detector in the primary region does not cover the DR region', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    workload(app, 'ApiDr', DR);
    new guardduty.CfnDetector(new Stack(app, 'Gd', EU), 'D', { enable: true });
    expect(findingsOf(app, 'Readiness-SEC1')).toEqual([expect.objectContaining({ constructPath: 'ApiDr', message: expect.stringMatching(/account 111111111111 in eu-central-1/) })]);
  });

  test('non-compliant: a disabled detector', () => {
    const app = prodApp();
    new guardduty.CfnDetector(workload(app, 'Api', EU), 'D', { enable: false });
    expect(pathsWith(app, 'Readiness-SEC1')).toEqual(['Api']);
  });

  test('compliant: a hand-written detector (Enable as a string, as hand-written templates have it)', () => {
    const app = prodApp();
    new guardduty.CfnDetector(workload(app, 'Api', EU), 'D', { enable: true }).addPropertyOverride('Enable', 'true');
    expect(pathsWith(app, 'Readiness-SEC1')).toEqual([]);
  });
});

describe('Readiness-SEC2 audit logging per account', () => {
  const trailIn = (stack: Stack, props: Partial<cloudtrail.CfnTrailProps>) => new cloudtrail.CfnTrail(stack, 'T', {
    isLogging: true, s3BucketName: 'logs', isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k', ...props,
  });

  test('compliant: one multi-region trail in the primary region covers the DR region', () => {
    const app = prodApp();
    workload(app, 'ApiDr', DR);
    trailIn(new Stack(app, 'Trail', EU), {});
    expect(pathsWith(app, 'Readiness-SEC2')).toEqual([]);
  });

  test.each([
    ['single-region', { isMultiRegionTrail: false }, /not multi-region/],
    ['no log file validation', { enableLogFileValidation: false }, /no log file validation/],
    ['unencrypted', { kmsKeyId: undefined }, /not KMS-encrypted/],
    ['stopped', { isLogging: false }, /logging stopped/],
    ['write-only management events', { eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] }, /management event/],
  ])('non-compliant: a %s trail', (_name, props, message) => {
    const app = prodApp();
    trailIn(workload(app, 'Api', EU), props as any);
    expect(findingsOf(app, 'Readiness-SEC2')).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
  });

  test('advanced event selectors: a Management selector that filters on nothing else is complete; data events only, or write-only management events, are not', () => {
    const verdict = (advancedEventSelectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[]) => {
      const app = prodApp();
      trailIn(workload(app, 'Api', EU), { advancedEventSelectors });
      return findingsOf(app, 'Readiness-SEC2').map((f) => f.message);
    };
    const management = { field: 'eventCategory', equalTo: ['Management'] };
    const s3Data = { name: 'S3 objects', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: ['AWS::S3::Object'] }] };
    expect(verdict([{ name: 'All management events', fieldSelectors: [management] }, s3Data])).toEqual([]);
    expect(verdict([s3Data])).toEqual([expect.stringMatching(/not every management event/)]);
    expect(verdict([{ fieldSelectors: [management, { field: 'readOnly', equalTo: ['false'] }] }])).toEqual([expect.stringMatching(/not every management event/)]);
  });

  test('non-compliant: a trail of another account does not count', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    trailIn(new Stack(app, 'Other', { env: { account: '222222222222', region: 'eu-west-1' } }), {});
    expect(pathsWith(app, 'Readiness-SEC2')).toEqual(['Api']);
  });
});

describe('Readiness-SEC3 Security Hub with a standard, and AWS Config', () => {
  test('non-compliant: a hub with default standards switched off and no standard; a recorder without a delivery channel', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new securityhub.CfnHub(stack, 'Hub', { enableDefaultStandards: false });
    new config.CfnConfigurationRecorder(stack, 'Rec', { roleArn: 'arn:aws:iam::111111111111:role/config', recordingGroup: { allSupported: true } });
    expect(findingsOf(app, 'Readiness-SEC3').map((f) => f.message)).toEqual([
      expect.stringMatching(/AWS Config .* lacks a delivery channel/),
      expect.stringMatching(/Security Hub .* enables no standard/),
    ]);
  });

  test('compliant: a hub with its default standards, a recorder and a channel, in another stack of the region', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    const stack = new Stack(app, 'Compliance', EU);
    new securityhub.CfnHub(stack, 'Hub', {});
    new config.CfnConfigurationRecorder(stack, 'Rec', { roleArn: 'arn:aws:iam::111111111111:role/config' });
    new config.CfnDeliveryChannel(stack, 'Ch', { s3BucketName: 'config' });
    expect(findingsOf(app, 'Readiness-SEC3')).toEqual([]);
  });

  test('compliant: a recorder of every resource type but excluded ones (recording strategy EXCLUSION_BY_RESOURCE_TYPES)', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new securityhub.CfnHub(stack, 'Hub', {});
    new config.CfnConfigurationRecorder(stack, 'Rec', {
      roleArn: 'arn:aws:iam::111111111111:role/config',
      recordingGroup: { allSupported: false, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' }, exclusionByResourceTypes: { resourceTypes: ['AWS::EC2::NetworkInterface'] } },
    });
    new config.CfnDeliveryChannel(stack, 'Ch', { s3BucketName: 'config' });
    expect(findingsOf(app, 'Readiness-SEC3')).toEqual([]);
  });

  test('non-compliant: nothing in the region', () => {
    const app = prodApp();
    workload(app, 'Api', EU);
    expect(findingsOf(app, 'Readiness-SEC3').map((f) => f.message)).toEqual([
      expect.stringMatching(/AWS Config .* lacks a configuration recorder that records resources and a delivery channel/),
      expect.stringMatching(/No Security Hub subscription/),
    ]);
  });
});

describe('Readiness-SEC4 vulnerability scanning', () => {
  test('non-compliant: no Inspector, and a repository nobody scans', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new ecr.CfnRepository(stack, 'Repo', { repositoryName: 'api' });
    expect(findingsOf(app, 'Readiness-SEC4').map((f) => f.message)).toEqual([
      expect.stringMatching(/Amazon Inspector is not enabled/),
      expect.stringMatching(/ECR repository Api\/Repo is not scanned on push/),
    ]);
  });

  test('compliant: scan on push on the repository; Inspector through an AwsCustomResource calling inspector2:Enable', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new ecr.CfnRepository(stack, 'Repo', { imageScanningConfiguration: { scanOnPush: true } });
    new cr.AwsCustomResource(stack, 'Inspector', {
      onCreate: { service: 'Inspector2', action: 'enable', parameters: { resourceTypes: ['ECR'] }, physicalResourceId: cr.PhysicalResourceId.of('inspector') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(findingsOf(app, 'Readiness-SEC4')).toEqual([]);
  });

  test('registry scanning rules match repositories by wildcard filter', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new ecr.CfnRepository(stack, 'Prod', { repositoryName: 'prod-api' });
    new ecr.CfnRepository(stack, 'Dev', { repositoryName: 'dev-api' });
    new ecr.CfnRegistryScanningConfiguration(stack, 'Scan', {
      scanType: 'ENHANCED', rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'prod-*', filterType: 'WILDCARD' }] }],
    });
    expect(findingsOf(app, 'Readiness-SEC4').map((f) => f.message).filter((m) => m.startsWith('ECR'))).toEqual([expect.stringMatching(/Api\/Dev/)]);
  });

  test('a registry filter without a wildcard matches the repositories whose name contains it (as ECR applies it)', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new ecr.CfnRepository(stack, 'Api', { repositoryName: 'team-prod-api' });
    new ecr.CfnRepository(stack, 'Dev', { repositoryName: 'team-dev-api' });
    new ecr.CfnRegistryScanningConfiguration(stack, 'Scan', {
      scanType: 'BASIC', rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'prod', filterType: 'WILDCARD' }] }],
    });
    expect(findingsOf(app, 'Readiness-SEC4').map((f) => f.message).filter((m) => m.startsWith('ECR'))).toEqual([expect.stringMatching(/Api\/Dev/)]);
  });
});

describe('Readiness-SEC5 high-severity findings are routed', () => {
  const gdRule = (stack: Stack, detail: Record<string, unknown>, withTarget = true) => {
    const rule = new events.Rule(stack, `R${stack.node.children.length}`, { eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'], detail } });
    if (withTarget) rule.addTarget(new targets.SnsTopic(new sns.Topic(stack, `T${stack.node.children.length}`)));
    return rule;
  };

  test('compliant: a GuardDuty rule on severity >= 7 with a target', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    gdRule(stack, { severity: [{ numeric: ['>=', 7] }] });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([]);
  });

  test('compliant: a bounded range that keeps HIGH and CRITICAL (>= 7, <= 10)', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    gdRule(stack, { severity: [{ numeric: ['>=', 7, '<=', 10] }] });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([]);
  });

  test.each([
    ['a range that stops below CRITICAL', { severity: [{ numeric: ['>=', 7, '<', 9] }] }, true],
    ['a threshold above HIGH', { severity: [{ numeric: ['>=', 9] }] }, true],
    ['no target', {}, false],
  ])('non-compliant: %s', (_name, detail, withTarget) => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    gdRule(stack, detail, withTarget);
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([expect.objectContaining({ message: expect.stringMatching(/GuardDuty runs .* no enabled EventBridge rule/) })]);
  });

  test('non-compliant: a rule on a custom event bus (findings arrive on the default bus only)', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    new events.Rule(stack, 'OnCustomBus', {
      eventBus: new events.EventBus(stack, 'Bus'),
      eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] },
      targets: [new targets.SnsTopic(new sns.Topic(stack, 'T'))],
    });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([expect.objectContaining({ message: expect.stringMatching(/GuardDuty runs .* no enabled EventBridge rule/) })]);
  });

  test('compliant: a rule that names the default bus by its ARN', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    const rule = new events.Rule(stack, 'OnDefaultBus', {
      eventPattern: { source: ['aws.guardduty'], detailType: ['GuardDuty Finding'] },
      targets: [new targets.SnsTopic(new sns.Topic(stack, 'T'))],
    });
    (rule.node.defaultChild as events.CfnRule).eventBusName = 'arn:aws:events:eu-west-1:111111111111:event-bus/default';
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([]);
  });

  test('a Security Hub route in the aggregation region covers the linked region, GuardDuty findings included', () => {
    const app = prodApp();
    const dr = workload(app, 'ApiDr', DR);
    new guardduty.CfnDetector(dr, 'D', { enable: true });
    new securityhub.CfnHub(dr, 'Hub', {});
    const home = new Stack(app, 'Home', EU);
    new securityhub.CfnFindingAggregator(home, 'Agg', { regionLinkingMode: 'SPECIFIED_REGIONS', regions: ['eu-central-1'] });
    new events.Rule(home, 'Hub', {
      eventPattern: { source: ['aws.securityhub'], detailType: ['Security Hub Findings - Imported'], detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] } } } },
      targets: [new targets.SnsTopic(new sns.Topic(home, 'T'))],
    });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([]);
  });

  test('the baseline\'s own routing: each source routed once (Security Hub leaves out GuardDuty and Inspector products)', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new SecurityBaseline(stack, 'Security', { incidentRouting: { minimumSeverity: undefined } });
    expect(findingsOf(app, 'Readiness-SEC5')).toEqual([]);
  });

  test('incident routing declared as provided: not applicable', () => {
    const app = prodApp();
    const stack = workload(app, 'Api', EU);
    new guardduty.CfnDetector(stack, 'D', { enable: true });
    new SecurityBaseline(new Stack(app, 'Sec', EU), 'Security', { ...ALL_PROVIDED, guardDuty: { mode: ServiceMode.OFF } });
    expect(ruleOutcome(app, 'Readiness-SEC5').evaluated).toBe(0);
  });
});

