import { App, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  GuardDutyFeature, InspectorScanType, ManagementAccountCoverage, OrganizationBackupPolicy, OrganizationBaseline, ReadinessProfile,
  RegionConcurrency, SecurityToolingBaseline, StackSetCaller, StackSetRollout, StackSetStack,
} from '../../src';

const MANAGEMENT: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const OU = 'ou-ab12-abcdefgh';

function stackIn(profile: ReadinessProfile = ReadinessProfile.PROD, env: StackProps = MANAGEMENT): Stack {
  const app = new App();
  profile.applyTo(app);
  return new Stack(app, 'Org', env);
}

function memberTemplate(id = 'Member'): StackSetStack {
  const t = new StackSetStack(id, { description: 'member baseline' });
  new sns.Topic(t, 'Alerts');
  return t;
}

describe('StackSetRollout', () => {
  test('a service-managed StackSet to the OUs and regions, auto-deployed, with explicit operation preferences and the template inline', () => {
    const stack = stackIn();
    new StackSetRollout(stack, 'Rollout', { template: memberTemplate(), organizationalUnitIds: [OU], regions: ['eu-west-1', 'eu-central-1'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'Member',
      Description: 'member baseline',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      ManagedExecution: { Active: true },
      OperationPreferences: { RegionConcurrencyType: 'SEQUENTIAL', MaxConcurrentPercentage: 25, FailureTolerancePercentage: 10, RegionOrder: ['eu-west-1', 'eu-central-1'] },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU] }, Regions: ['eu-west-1', 'eu-central-1'] }],
    });
    const body = JSON.parse(t.findResources('AWS::CloudFormation::StackSet')[Object.keys(t.findResources('AWS::CloudFormation::StackSet'))[0]].Properties.TemplateBody);
    // The member template: the topic, no bootstrap parameter or rule (member accounts are not bootstrapped).
    expect(Object.values<any>(body.Resources).map((r) => r.Type)).toEqual(['AWS::SNS::Topic']);
    expect(body.Parameters?.BootstrapVersion).toBeUndefined();
    expect(body.Rules).toBeUndefined();
    t.hasResource('AWS::CloudFormation::StackSet', { Metadata: { 'cdk-readiness:management-account': 'uncovered' } });
  });

  test('a delegated administrator calls as DELEGATED_ADMIN; preferences and coverage are the props', () => {
    const stack = stackIn();
    new StackSetRollout(stack, 'Rollout', {
      template: memberTemplate(),
      organizationalUnitIds: [OU],
      regions: ['eu-west-1'],
      callAs: StackSetCaller.DELEGATED_ADMIN,
      maxConcurrentPercentage: 50,
      failureTolerancePercentage: 0,
      regionConcurrency: RegionConcurrency.PARALLEL,
      managementAccount: ManagementAccountCoverage.NOT_NEEDED,
      stackSetName: 'baseline',
      autoDeployment: false,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'baseline',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: false },
      OperationPreferences: { RegionConcurrencyType: 'PARALLEL', MaxConcurrentPercentage: 50, FailureTolerancePercentage: 0 },
    });
    t.hasResource('AWS::CloudFormation::StackSet', { Metadata: { 'cdk-readiness:management-account': 'not-needed' } });
  });

  test('aspects and tags of the template stack apply (it is synthesized, not just rendered)', () => {
    const stack = stackIn();
    const template = memberTemplate();
    Tags.of(template).add('owner', 'platform');
    new StackSetRollout(stack, 'Rollout', { template, organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    const body = JSON.parse(Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'))[0].Properties.TemplateBody);
    expect(Object.values<any>(body.Resources)[0].Properties.Tags).toEqual([{ Key: 'owner', Value: 'platform' }]);
  });

  test('the template has no path metadata, even when the CDK CLI asks every app for it', () => {
    const before = process.env.CDK_CONTEXT_JSON;
    process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:enable-path-metadata': true });
    let template: StackSetStack;
    try {
      template = memberTemplate();
    } finally {
      if (before === undefined) delete process.env.CDK_CONTEXT_JSON; else process.env.CDK_CONTEXT_JSON = before;
    }
    expect(template.templateBody).not.toContain('aws:cdk:path');
  });

  test('a template with a file asset renders only through a rollout with asset buckets: alone, it is refused, naming the asset and what to do', () => {
    const template = new StackSetStack('Member');
    new lambda.Function(template, 'Verifier', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(__dirname),
    });
    expect(() => template.templateBody).toThrow(/StackSetStack 'Member': invalid file asset "Member\/Verifier\/Code"\. A StackSet template is deployed to every account .*give the StackSetRollout `assetBuckets`/);
    // Inline code needs no bucket.
    const inline = new StackSetStack('Inline');
    new lambda.Function(inline, 'Inline', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
    expect(inline.templateBody).toContain('exports.handler');
  });

  test('a template over the inline limit is refused with its size', () => {
    const stack = stackIn();
    const template = new StackSetStack('Big');
    for (let i = 0; i < 400; i++) new sns.Topic(template, `Topic${i}`, { displayName: 'x'.repeat(90) });
    new StackSetRollout(stack, 'Rollout', { template, organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    expect(() => Template.fromStack(stack)).toThrow(/invalid template size \(bytes\) \d+\. CloudFormation takes at most 51200 bytes inline: split 'Big'/);
  });

  test.each([
    ['organizationalUnitIds', { organizationalUnitIds: [] }, /invalid organizationalUnitIds \[\]/],
    ['organizationalUnitIds', { organizationalUnitIds: ['engineering'] }, /invalid organizationalUnitIds "engineering"\. Give organizational unit ids/],
    ['regions', { regions: ['Europe'] }, /invalid regions "Europe"/],
    ['regions', { regions: ['eu-west-1', 'eu-west-1'] }, /List each value once/],
    ['template', { template: new Stack() as any }, /invalid template .* Pass a StackSetStack/],
    ['maxConcurrentPercentage', { maxConcurrentPercentage: 0 }, /invalid maxConcurrentPercentage 0\. Give a whole percentage from 1 to 100/],
    ['failureTolerancePercentage', { failureTolerancePercentage: 101 }, /invalid failureTolerancePercentage 101/],
  ])('bad %s is refused', (_prop, bad, message) => {
    const stack = stackIn();
    expect(() => new StackSetRollout(stack, 'Rollout', { template: memberTemplate(), organizationalUnitIds: [OU], regions: ['eu-west-1'], ...bad }))
      .toThrow(message);
  });

  test('a StackSetStack is not a stack of the app: cdk deploy never sees it', () => {
    const stack = stackIn();
    new StackSetRollout(stack, 'Rollout', { template: memberTemplate(), organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    const assembly = (stack.node.root as App).synth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Org']);
  });
});

describe('OrganizationBackupPolicy', () => {
  const content = (stack: Stack) => Object.values<any>(Template.fromStack(stack).findResources('AWS::Organizations::Policy'))[0].Properties;

  test('PROD: the profile plan (daily 35 days, monthly 365), a copy to the DR region, selection by tag, attached to the OU', () => {
    const stack = stackIn();
    new OrganizationBackupPolicy(stack, 'Backup', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-central-1' });
    const p = content(stack);
    expect(p).toMatchObject({ Type: 'BACKUP_POLICY', TargetIds: [OU], Name: 'readiness-organization-backup' });
    const plan = p.Content.plans['readiness-organization-backup'];
    expect(plan.regions).toEqual({ '@@assign': ['eu-west-1'] });
    expect(plan.rules.primary).toMatchObject({
      schedule_expression: { '@@assign': 'cron(0 5 ? * * *)' },
      target_backup_vault_name: { '@@assign': 'readiness-backup-vault' },
      lifecycle: { delete_after_days: { '@@assign': '35' } },
    });
    expect(plan.rules.monthly.lifecycle.delete_after_days).toEqual({ '@@assign': '365' });
    const [copyKey, copy] = Object.entries<any>(plan.rules.primary.copy_actions)[0];
    expect(copyKey).toEqual('arn:aws:backup:eu-central-1:$account:backup-vault:readiness-backup-vault');
    expect(copyKey).toContain(':backup:eu-central-1:$account:backup-vault:readiness-backup-vault');
    expect(copy.lifecycle.delete_after_days).toEqual({ '@@assign': '35' });
    expect(plan.selections.tags['readiness-organization-backup-by-tag']).toMatchObject({
      tag_key: { '@@assign': 'backup-plan' },
      tag_value: { '@@assign': ['organization'] },
    });
    expect(JSON.stringify(plan.selections)).toContain(':iam::$account:role/ReadinessOrganizationBackup');
  });

  test('DEV: a shorter plan and no copy; no monthly rule', () => {
    const stack = stackIn(ReadinessProfile.DEV);
    new OrganizationBackupPolicy(stack, 'Backup', { targetIds: ['r-ab12'], regions: ['eu-west-1'] });
    const plan = content(stack).Content.plans['readiness-organization-backup'];
    expect(Object.keys(plan.rules)).toEqual(['primary']);
    expect(plan.rules.primary.lifecycle.delete_after_days).toEqual({ '@@assign': '7' });
    expect(plan.rules.primary.copy_actions).toBeUndefined();
  });

  test('PROD without a copy region, a copy in a backed-up region and a bad target are refused', () => {
    expect(() => new OrganizationBackupPolicy(stackIn(), 'B', { targetIds: [OU], regions: ['eu-west-1'] }))
      .toThrow(/invalid copyRegion undefined\. The prod profile requires a copy of every recovery point in another region/);
    expect(() => new OrganizationBackupPolicy(stackIn(), 'B', { targetIds: [OU], regions: ['eu-west-1'], copyRegion: 'eu-west-1' }))
      .toThrow(/The copy must leave the region it is taken in/);
    expect(() => new OrganizationBackupPolicy(stackIn(), 'B', { targetIds: ['prod-ou'], regions: ['eu-west-1'], copyRegion: 'eu-central-1' }))
      .toThrow(/invalid targetIds "prod-ou"/);
  });
});

describe('OrganizationBaseline', () => {
  test('an organization trail and the tooling account delegated for Security Hub, GuardDuty, Inspector and Config (checked first or only the documented already-registered error ignored, never undone on delete)', () => {
    const stack = stackIn();
    new OrganizationBaseline(stack, 'Org', { organizationId: 'o-abcdefghij', securityToolingAccountId: '222222222222' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudTrail::Trail', { IsOrganizationTrail: true, IsMultiRegionTrail: true, EnableLogFileValidation: true });
    t.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: '222222222222' });
    const calls = Object.values<any>(t.findResources('Custom::ReadinessOrganizationSetting')).map((r) => JSON.parse(r.Properties.Create['Fn::Join'] ? r.Properties.Create['Fn::Join'][1].join('') : r.Properties.Create));
    // AWS Config: one AwsCustomResource ignoring only the error Organizations documents as "already registered".
    expect(calls.map((c) => [c.service, c.action, c.ignoreErrorCodesMatching])).toEqual([
      ['Organizations', 'registerDelegatedAdministrator', 'AccountAlreadyRegisteredException'],
    ]);
    for (const r of Object.values<any>(t.findResources('Custom::ReadinessOrganizationSetting'))) expect(r.Properties.Delete).toBeUndefined();
    // GuardDuty and Inspector: the check-first handler (no ignored error), retained so removing it never calls delete.
    const admins = t.findResources('Custom::ReadinessDelegatedAdmin');
    expect(Object.values<any>(admins).map((r) => [r.Properties.service, r.Properties.adminAccountId, r.DeletionPolicy])).toEqual([
      ['guardduty', '222222222222', 'Retain'],
      ['inspector2', '222222222222', 'Retain'],
    ]);
    const handlerPolicy = JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('Delegated-administrator handler') } }));
    for (const action of ['guardduty:ListOrganizationAdminAccounts', 'guardduty:EnableOrganizationAdminAccount', 'inspector2:ListDelegatedAdminAccounts', 'inspector2:EnableDelegatedAdminAccount']) {
      expect(handlerPolicy).toContain(action);
    }
    expect(handlerPolicy).not.toMatch(/Disable|Deregister|Delete/);
    // The management account's own services are provided by the delegated administrator: declared, not created.
    t.resourceCountIs('AWS::GuardDuty::Detector', 0);
    t.resourceCountIs('AWS::SecurityHub::Hub', 0);
  });

  test('a bad account or organization id is refused', () => {
    expect(() => new OrganizationBaseline(stackIn(), 'Org', { organizationId: 'o-abcdefghij', securityToolingAccountId: 'tooling' }))
      .toThrow(/invalid securityToolingAccountId "tooling"\. Give the 12-digit id/);
    expect(() => new OrganizationBaseline(stackIn(), 'Org', { organizationId: 'my-org', securityToolingAccountId: '222222222222' }))
      .toThrow(/invalid cloudTrail\.organizationId "my-org"/);
  });
});

describe('SecurityToolingBaseline', () => {
  test('GuardDuty auto-enable with protection plans, Security Hub central configuration, Inspector auto-enable, Config org aggregator, routed findings', () => {
    const stack = stackIn(ReadinessProfile.PROD, { env: { account: '222222222222', region: 'eu-west-1' } });
    new SecurityToolingBaseline(stack, 'Tooling', {
      targetIds: [OU, 'r-ab12'], guardDutyFeatures: [GuardDutyFeature.S3_DATA_EVENTS], inspectorScanTypes: [InspectorScanType.ECR],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecurityHub::OrganizationConfiguration', { AutoEnable: false, AutoEnableStandards: 'NONE', ConfigurationType: 'CENTRAL' });
    t.hasResourceProperties('AWS::SecurityHub::FindingAggregator', { RegionLinkingMode: 'ALL_REGIONS' });
    t.hasResourceProperties('AWS::SecurityHub::ConfigurationPolicy', { ConfigurationPolicy: { SecurityHub: { ServiceEnabled: true, EnabledStandardIdentifiers: Match.anyValue() } } });
    t.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', { TargetId: OU, TargetType: 'ORGANIZATIONAL_UNIT' });
    t.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', { TargetId: 'r-ab12', TargetType: 'ROOT' });
    t.hasResourceProperties('AWS::Config::ConfigurationAggregator', { OrganizationAggregationSource: { AllAwsRegions: true, RoleArn: Match.anyValue() } });
    const json = JSON.stringify(t.findResources('Custom::ReadinessOrganizationSetting'));
    expect(json).toContain('\\"AutoEnableOrganizationMembers\\":\\"ALL\\"');
    expect(json).toContain('{\\"Name\\":\\"S3_DATA_EVENTS\\",\\"AutoEnable\\":\\"ALL\\"}');
    expect(json).toContain('{\\"Name\\":\\"EKS_AUDIT_LOGS\\",\\"AutoEnable\\":\\"NONE\\"}');
    expect(json).toContain('\\"autoEnable\\":{\\"ec2\\":false,\\"ecr\\":true,\\"lambda\\":false,\\"lambdaCode\\":false}');
    // HIGH and CRITICAL findings of every member account, routed from here.
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.guardduty'] }) });
  });

  test('no targets, or a bad one, is refused', () => {
    const stack = stackIn();
    expect(() => new SecurityToolingBaseline(stack, 'A', { targetIds: [] })).toThrow(/invalid targetIds \[\]/);
    expect(() => new SecurityToolingBaseline(stack, 'B', { targetIds: ['111111111111'] })).toThrow(/invalid targetIds "111111111111"/);
  });
});
