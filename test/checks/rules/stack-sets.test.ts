import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ManagementAccountCoverage, StackSetAssetBucket, StackSetCaller, StackSetRollout, StackSetStack } from '../../../src/organization';
import { findingsOf, reportOf, ruleOutcome } from '../../util/findings';

const MANAGEMENT: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const TOOLING: StackProps = { env: { account: '222222222222', region: 'eu-west-1' } };
const OU = 'ou-ab12-abcdefgh';
const app = () => new App({ context: { 'readiness:profile': 'prod' } });

function template(id = 'Member'): StackSetStack {
  const t = new StackSetStack(id);
  new sns.Topic(t, 'Alerts');
  return t;
}

/** A StackSet written by hand, with a template body of our choosing. */
function rawStackSet(stack: Stack, id: string, props: Partial<cloudformation.CfnStackSetProps>, body: object = { Resources: {} }) {
  return new cloudformation.CfnStackSet(stack, id, {
    stackSetName: id,
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
    stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: [OU] }, regions: ['eu-west-1'] }],
    operationPreferences: { maxConcurrentPercentage: 25, failureTolerancePercentage: 10 },
    templateBody: JSON.stringify(body),
    ...props,
  });
}

const lambdaWithAsset = (bucket: unknown) => ({
  Resources: {
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Bucket: bucket, S3Key: 'abc.zip' } },
      Metadata: { 'aws:asset:path': 'asset.abc', 'aws:asset:property': 'Code' },
    },
  },
});

describe('Readiness-DEP8 StackSet templates have no unreachable assets', () => {
  test('non-compliant: Lambda code in the bootstrap bucket; compliant: code in a bucket per region, and a StackSetRollout', () => {
    const a = app();
    const stack = new Stack(a, 'Management', MANAGEMENT);
    rawStackSet(stack, 'Bootstrap', {}, lambdaWithAsset({ 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }));
    rawStackSet(stack, 'PerAccount', {}, lambdaWithAsset({ 'Fn::Sub': 'org-assets-${AWS::AccountId}-${AWS::Region}' }));
    rawStackSet(stack, 'PerRegion', {}, lambdaWithAsset({ 'Fn::Sub': 'org-assets-${AWS::Region}' }));
    new StackSetRollout(stack, 'Rollout', { template: template(), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    // A template with Lambda code from an asset, through StackSetAssetBuckets.
    const code = new StackSetStack('WithCode');
    new lambda.Function(code, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(__dirname) });
    const buckets = [new StackSetAssetBucket(new Stack(a, 'Assets', MANAGEMENT), 'Bucket', { bucketNamePrefix: 'org-code', organizationId: 'o-exampleorg1' })];
    new StackSetRollout(stack, 'WithAssets', { template: code, organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED, assetBuckets: buckets });
    const findings = findingsOf(a, 'Readiness-DEP8');
    expect(findings.map((f) => f.constructPath)).toEqual(['Management/Bootstrap', 'Management/PerAccount']);
    expect(findings[0].message).toContain('resource Fn of the StackSet\'s template needs the asset asset.abc');
    expect(ruleOutcome(a, 'Readiness-DEP8')).toMatchObject({ passed: 3, findings: 2 });
  });
});

describe('StackSet templates the checks cannot read', () => {
  test('a template given by URL, in YAML or assembled with intrinsics is listed as not examined, with the reason; DEP8 does not judge it', () => {
    const a = app();
    const stack = new Stack(a, 'Management', MANAGEMENT);
    rawStackSet(stack, 'Json', {}, lambdaWithAsset({ 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }));
    rawStackSet(stack, 'ByUrl', { templateBody: undefined, templateUrl: 'https://s3.amazonaws.com/templates/member.yaml' });
    rawStackSet(stack, 'Yaml', { templateBody: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' });
    rawStackSet(stack, 'Joined', { templateBody: { 'Fn::Join': ['', ['{"Resources":{}', '}']] } as any });
    const report = reportOf(a);
    expect(report.notExamined?.map((n) => [n.path, n.type, n.reason.match(/template is ([^:]+):/)?.[1]])).toEqual([
      ['Management/ByUrl', 'AWS::CloudFormation::StackSet', 'given by TemplateURL'],
      ['Management/Joined', 'AWS::CloudFormation::StackSet', 'assembled with intrinsic functions'],
      ['Management/Yaml', 'AWS::CloudFormation::StackSet', 'not JSON (YAML)'],
    ]);
    expect(ruleOutcome(a, 'Readiness-DEP8')).toMatchObject({ evaluated: 1, findings: 1 });
  });
});

describe('Readiness-DEP9 StackSets set concurrency and failure tolerance', () => {
  test('non-compliant: no OperationPreferences, or concurrency only; compliant: StackSetRollout defaults', () => {
    const a = app();
    const stack = new Stack(a, 'Management', MANAGEMENT);
    rawStackSet(stack, 'None', { operationPreferences: undefined });
    rawStackSet(stack, 'ConcurrencyOnly', { operationPreferences: { maxConcurrentCount: 2 } });
    new StackSetRollout(stack, 'Rollout', { template: template(), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    const findings = findingsOf(a, 'Readiness-DEP9');
    expect(findings.map((f) => [f.constructPath, f.message.substring(0, 45)])).toEqual([
      ['Management/ConcurrencyOnly', 'the StackSet does not say how many accounts m'],
      ['Management/None', 'the StackSet does not say how many accounts i'],
      ['Management/None', 'the StackSet does not say how many accounts m'],
    ]);
  });
});

describe('Readiness-DEP10 the management account is not left out silently', () => {
  test('non-compliant (a warning in PROD, naming the account): uncovered; compliant: deployed separately or not needed; self-managed is not judged', () => {
    const a = app();
    const stack = new Stack(a, 'Management', MANAGEMENT);
    new StackSetRollout(stack, 'Uncovered', { template: template('A'), organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    new StackSetRollout(stack, 'Separately', { template: template('B'), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.DEPLOYED_SEPARATELY });
    new StackSetRollout(stack, 'NotNeeded', { template: template('C'), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    rawStackSet(stack, 'SelfManaged', { permissionModel: 'SELF_MANAGED', autoDeployment: undefined });
    const findings = findingsOf(a, 'Readiness-DEP10');
    expect(findings).toEqual([expect.objectContaining({ constructPath: 'Management/Uncovered/StackSet', severity: 'warning' })]);
    expect(findings[0].message).toContain('the management account (111111111111)');
    expect(ruleOutcome(a, 'Readiness-DEP10')).toMatchObject({ passed: 2, findings: 1 });
  });
});

describe('Readiness-DEP11 delegated-admin StackSets are created CallAs DELEGATED_ADMIN', () => {
  test('non-compliant: a StackSet in the delegated administrator as SELF; compliant: DELEGATED_ADMIN there, SELF in the management account', () => {
    const a = app();
    const management = new Stack(a, 'Management', MANAGEMENT);
    new securityhub.CfnDelegatedAdmin(management, 'Admin', { adminAccountId: '222222222222' });
    new StackSetRollout(management, 'Own', { template: template('A'), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    const tooling = new Stack(a, 'Tooling', TOOLING);
    new StackSetRollout(tooling, 'AsSelf', { template: template('B'), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    new StackSetRollout(tooling, 'AsAdmin', {
      template: template('C'), organizationalUnitIds: [OU], regions: ['eu-west-1'], callAs: StackSetCaller.DELEGATED_ADMIN, managementAccount: ManagementAccountCoverage.NOT_NEEDED,
    });
    const findings = findingsOf(a, 'Readiness-DEP11');
    expect(findings.map((f) => f.constructPath)).toEqual(['Tooling/AsSelf/StackSet']);
    expect(findings[0].message).toContain('account 222222222222');
    expect(ruleOutcome(a, 'Readiness-DEP11')).toMatchObject({ passed: 2, findings: 1 });
  });

  test('not judged when the app does not show which account is the management account', () => {
    const a = app();
    const stack = new Stack(a, 'Somewhere', TOOLING);
    new StackSetRollout(stack, 'AsSelf', { template: template(), organizationalUnitIds: [OU], regions: ['eu-west-1'], managementAccount: ManagementAccountCoverage.NOT_NEEDED });
    expect(findingsOf(a, 'Readiness-DEP11')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-DEP11')).toMatchObject({ passed: 0, findings: 0 });
  });
});
