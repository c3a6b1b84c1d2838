import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  FindingSeverity, GuardDutyFeature, InspectorScanType, OrganizationBaseline, OrganizationSecurityCoverage, OrganizationSecurityCoverageProps,
  ReadinessProfile, SecurityHubStandard, SecurityToolingBaseline,
} from '../../src';
import { findingsOf, ruleOutcome } from '../util/findings';

const MEMBER = '333333333333';
const OU = 'ou-ab12-abcdefgh';
const SEC = ['Readiness-SEC1', 'Readiness-SEC2', 'Readiness-SEC3', 'Readiness-SEC4', 'Readiness-SEC5'];

/** An organization's management and tooling stacks, and a member account's workload (a Lambda function, an ECR repository) in eu-west-1. */
function organizationApp(existingMembers: string[] | 'none' = [MEMBER]) {
  const inspectorMemberAccountIds = existingMembers === 'none' ? undefined : existingMembers;
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  const management = new Stack(app, 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
  const org = new OrganizationBaseline(management, 'Baseline', { organizationId: 'o-exampleorg1', securityToolingAccountId: '222222222222' });
  const toolingStack = new Stack(app, 'Tooling', { env: { account: '222222222222', region: 'eu-west-1' } });
  const tooling = new SecurityToolingBaseline(toolingStack, 'Tooling', { targetIds: [OU], inspectorMemberAccountIds });
  const member = new Stack(app, 'Member', { env: { account: MEMBER, region: 'eu-west-1' } });
  new lambda.Function(member, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
  new ecr.Repository(member, 'Images');
  return { app, org, tooling, member };
}

const memberFindings = (app: App, id: string) => findingsOf(app, id).filter((f) => f.constructPath.startsWith('Member'));

describe('OrganizationSecurityCoverage: SEC1-SEC5 count what the organization declares it covers', () => {
  test.each(SEC)('%s: compliant with the coverage derived from the baselines (and a recorder the organization rolls out)', (id) => {
    const { app, org, tooling, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', { ...org.securityCoverage(), ...tooling.securityCoverage(), configRecorder: true });
    expect(memberFindings(app, id)).toEqual([]);
  });

  test.each(SEC.slice(0, 4))('%s: non-compliant without a declaration', (id) => {
    const { app } = organizationApp();
    expect(memberFindings(app, id).length).toBeGreaterThan(0);
  });

  test('Readiness-SEC5: non-compliant when the organization runs GuardDuty here but the declaration routes no findings', () => {
    const { app, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', { guardDutyFeatures: Object.values(GuardDutyFeature) });
    expect(memberFindings(app, 'Readiness-SEC5').map((f) => f.message)).toEqual([
      expect.stringMatching(/^GuardDuty runs for account 333333333333 in eu-west-1 but no enabled EventBridge rule with a target routes its HIGH and CRITICAL findings there/),
    ]);
  });

  test('the member account is judged (SEC1 evaluated for it and passed)', () => {
    const { app, org, tooling, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', { ...org.securityCoverage(), ...tooling.securityCoverage(), configRecorder: true });
    const bare = organizationApp();
    const passedWith = ruleOutcome(app, 'Readiness-SEC1').passed;
    expect(passedWith).toBe(ruleOutcome(bare.app, 'Readiness-SEC1').passed + 1);
  });

  test('partial coverage: each gap the declaration leaves for the workloads here is reported, with what the organization does cover', () => {
    const { app, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', {
      organizationTrail: true,
      guardDutyFeatures: [GuardDutyFeature.S3_DATA_EVENTS, GuardDutyFeature.RUNTIME_MONITORING],
      securityHubStandards: [],
      inspectorScanTypes: [InspectorScanType.EC2, InspectorScanType.ECR],
      configAggregator: true,
      findingsRoutedFrom: FindingSeverity.CRITICAL,
    });
    expect(memberFindings(app, 'Readiness-SEC1').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The organization auto-enables GuardDuty for account 333333333333 in eu-west-1 \(OrganizationSecurityCoverage\) without the LAMBDA_NETWORK_LOGS protection plan.*Member\/Fn\/Resource run unwatched/),
    ]);
    expect(memberFindings(app, 'Readiness-SEC2')).toEqual([]);
    expect(memberFindings(app, 'Readiness-SEC3')).toHaveLength(2);
    expect(memberFindings(app, 'Readiness-SEC3').map((f) => f.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^The organization's Security Hub central configuration for account 333333333333 in eu-west-1 \(OrganizationSecurityCoverage\) enables no standard/),
      expect.stringMatching(/^The organization's AWS Config aggregator collects account 333333333333 in eu-west-1 .*an aggregator only gathers what the account records.*configRecorder/),
    ]));
    expect(memberFindings(app, 'Readiness-SEC4').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The organization auto-enables Amazon Inspector for account 333333333333 in eu-west-1 \(OrganizationSecurityCoverage\) without the LAMBDA scan type.*Member\/Fn\/Resource are not scanned/),
    ]);
    // ECR scanning comes with the organization's Inspector ECR scan type: the repository is not reported.
    expect(memberFindings(app, 'Readiness-SEC4').some((f) => /ECR repository/.test(f.message))).toBe(false);
    expect(memberFindings(app, 'Readiness-SEC5').map((f) => f.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^GuardDuty runs for account 333333333333 in eu-west-1 .*routes only its CRITICAL findings/),
    ]));
  });

  test('a protection plan or scan type no workload here needs is not required', () => {
    const { app, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', {
      // No EC2, EKS, RDS or bucket in the member account: only the Lambda plan and scan type are needed.
      guardDutyFeatures: [GuardDutyFeature.LAMBDA_NETWORK_LOGS],
      inspectorScanTypes: [InspectorScanType.LAMBDA, InspectorScanType.ECR],
    });
    expect(memberFindings(app, 'Readiness-SEC1')).toEqual([]);
    expect(memberFindings(app, 'Readiness-SEC4')).toEqual([]);
  });

  test.each([['management first', 'A', 'B'], ['tooling first', 'B', 'A']])('two declarations in one account and region are merged (%s): SEC1-SEC5 pass', (_order, orgId, toolingId) => {
    const { app, org, tooling, member } = organizationApp();
    new OrganizationSecurityCoverage(member, orgId, { ...org.securityCoverage(), configRecorder: true });
    new OrganizationSecurityCoverage(member, toolingId, tooling.securityCoverage());
    for (const id of SEC) expect([id, memberFindings(app, id)]).toEqual([id, []]);
  });

  test('merged declarations: the union of plans and scan types, an aggregator if any, the lowest severity routed', () => {
    const { app, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'A', {
      guardDutyFeatures: [GuardDutyFeature.S3_DATA_EVENTS], inspectorScanTypes: [InspectorScanType.ECR], findingsRoutedFrom: FindingSeverity.CRITICAL,
    });
    new OrganizationSecurityCoverage(member, 'B', {
      guardDutyFeatures: [GuardDutyFeature.LAMBDA_NETWORK_LOGS],
      inspectorScanTypes: [InspectorScanType.LAMBDA],
      configAggregator: true,
      findingsRoutedFrom: FindingSeverity.HIGH,
      securityHubStandards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES],
    });
    new OrganizationSecurityCoverage(member, 'C', { findingsRoutedFrom: FindingSeverity.MEDIUM });
    expect(memberFindings(app, 'Readiness-SEC1')).toEqual([]);
    expect(memberFindings(app, 'Readiness-SEC4')).toEqual([]);
    expect(memberFindings(app, 'Readiness-SEC5')).toEqual([]);
    // The aggregator of B is named in SEC3's message although A is the first declaration.
    expect(memberFindings(app, 'Readiness-SEC3').map((f) => f.message)).toEqual([
      expect.stringMatching(/^The organization's AWS Config aggregator collects account 333333333333 in eu-west-1/),
    ]);
  });

  test('the declaration holds for its own account and region only', () => {
    const { app, org, tooling, member } = organizationApp();
    new OrganizationSecurityCoverage(member, 'Organization', { ...org.securityCoverage(), ...tooling.securityCoverage(), configRecorder: true });
    const otherRegion = new Stack(app, 'MemberUs', { env: { account: MEMBER, region: 'us-east-1' } });
    new lambda.Function(otherRegion, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    expect(findingsOf(app, 'Readiness-SEC1').map((f) => f.constructPath)).toContain('MemberUs');
    // The organization trail is multi-region: the account is logged in every region.
    expect(findingsOf(app, 'Readiness-SEC2').map((f) => f.constructPath)).not.toContain('MemberUs');
  });
});

describe('OrganizationSecurityCoverage: the construct', () => {
  test('the declaration is a tagged SSM parameter listing what the organization provides, with its details', () => {
    const { org, tooling, member } = organizationApp();
    const coverage = new OrganizationSecurityCoverage(member, 'Organization', { ...org.securityCoverage(), ...tooling.securityCoverage() });
    expect(member.resolve(coverage.parameter.tags.renderTags())).toEqual({ 'cdk-readiness:purpose': 'security-baseline-declaration' });
    expect(JSON.parse(coverage.parameter.value)).toEqual({
      schema: 1,
      provided: ['cloudtrail', 'ecr-scanning', 'guardduty', 'incident-routing', 'inspector', 'securityhub'],
      organization: {
        guardDutyFeatures: Object.values(GuardDutyFeature),
        securityHubStandards: ['standards/aws-foundational-security-best-practices/v/1.0.0', 'standards/cis-aws-foundations-benchmark/v/3.0.0'],
        inspectorScanTypes: ['EC2', 'ECR', 'LAMBDA'],
        configAggregator: true,
        findingsMinimumSeverity: 'HIGH',
      },
    });
  });

  test('derived from the baselines: what the tooling baseline auto-enables, in its region', () => {
    const { tooling, org } = organizationApp();
    expect(org.securityCoverage()).toEqual({ organizationTrail: true });
    expect(tooling.securityCoverage()).toEqual({
      guardDutyFeatures: Object.values(GuardDutyFeature),
      securityHubStandards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0],
      inspectorScanTypes: [InspectorScanType.EC2, InspectorScanType.ECR, InspectorScanType.LAMBDA],
      configAggregator: true,
      findingsRoutedFrom: FindingSeverity.HIGH,
      regions: ['eu-west-1'],
    });
  });

  test('Inspector: without the existing member accounts, the derived coverage leaves Inspector out (auto-enable covers new members only) and SEC4 reports it', () => {
    const { app, org, tooling, member } = organizationApp('none');
    expect(tooling.securityCoverage().inspectorScanTypes).toBeUndefined();
    new OrganizationSecurityCoverage(member, 'Organization', { ...org.securityCoverage(), ...tooling.securityCoverage(), configRecorder: true });
    expect(memberFindings(app, 'Readiness-SEC4').map((f) => f.message)).toEqual([
      expect.stringMatching(/^Amazon Inspector is not enabled for account 333333333333 in eu-west-1/),
      expect.stringMatching(/^ECR repository Member\/Images\/Resource is not scanned on push/),
    ]);
  });

  test('Inspector: the existing member accounts are enabled from the delegated administrator with the scan types', () => {
    const { tooling } = organizationApp(['333333333333', '444444444444']);
    const template = Template.fromStack(Stack.of(tooling));
    const enable = Object.values(template.findResources('Custom::ReadinessOrganizationSetting'))
      .map((r) => JSON.stringify(r.Properties.Create))
      .filter((c) => c.includes('\\"action\\":\\"enable\\"'));
    expect(enable).toHaveLength(1);
    expect(JSON.parse(JSON.parse(enable[0]))).toMatchObject({
      service: 'Inspector2',
      action: 'enable',
      parameters: { accountIds: ['333333333333', '444444444444'], resourceTypes: ['EC2', 'ECR', 'LAMBDA'] },
    });
    const app = new App();
    const stack = new Stack(app, 'T', { env: { account: '222222222222', region: 'eu-west-1' } });
    expect(() => new SecurityToolingBaseline(stack, 'A', { targetIds: [OU], inspectorMemberAccountIds: ['12345'] })).toThrow(/invalid inspectorMemberAccountIds "12345"/);
    expect(() => new SecurityToolingBaseline(stack, 'B', { targetIds: [OU], inspectorMemberAccountIds: [] })).toThrow(/invalid inspectorMemberAccountIds/);
  });

  test('bad input is refused: a region the organization does not cover, an empty declaration, unknown plans', () => {
    const { app, tooling } = organizationApp();
    const us = new Stack(app, 'Us', { env: { account: MEMBER, region: 'us-east-1' } });
    expect(() => new OrganizationSecurityCoverage(us, 'A', tooling.securityCoverage()))
      .toThrow(/invalid regions \["eu-west-1"\]\. The organization turns these services on in eu-west-1, not in us-east-1/);
    expect(() => new OrganizationSecurityCoverage(us, 'B', {})).toThrow(/Declare at least one service/);
    expect(() => new OrganizationSecurityCoverage(us, 'C', { guardDutyFeatures: ['MALWARE' as GuardDutyFeature] })).toThrow(/invalid guardDutyFeatures "MALWARE"/);
    expect(() => new OrganizationSecurityCoverage(us, 'D', { findingsRoutedFrom: 'SEVERE' as FindingSeverity })).toThrow(/invalid findingsRoutedFrom "SEVERE"/);
    const props: OrganizationSecurityCoverageProps = { securityHubStandards: ['standards/x' as unknown as SecurityHubStandard] };
    expect(() => new OrganizationSecurityCoverage(us, 'E', props)).toThrow(/invalid securityHubStandards/);
  });
});
