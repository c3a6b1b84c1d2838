import { App, Aws, CfnResource, Duration, Fn, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const US: StackProps = { env: { account: '111111111111', region: 'us-east-1' } };
const appOf = (profile = 'prod') => new App({ context: { 'readiness:profile': profile } });

/** A backup selection of raw shape (by ARN, by tag, by resource type). */
function selection(scope: Construct, id: string, body: Record<string, unknown>) {
  const plan = backup.BackupPlan.daily35DayRetention(scope, `${id}Plan`);
  return new CfnResource(scope, id, {
    type: 'AWS::Backup::BackupSelection',
    properties: { BackupPlanId: plan.backupPlanId, BackupSelection: { SelectionName: id, IamRoleArn: 'arn:aws:iam::111111111111:role/backup', ...body } },
  });
}

/** A bucket replicated to `destination` (a bucket name), with versioning as given. */
function replicated(scope: Construct, id: string, destination: string, versioned = true) {
  const b = new s3.Bucket(scope, id, { versioned });
  (b.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: 'arn:aws:iam::111111111111:role/replication',
    rules: [{ status: 'Enabled', destination: { bucket: `arn:aws:s3:::${destination}` } }],
  };
  return b;
}

describe('Which buckets hold data (analysis/data-buckets), as BAK1 and BAK8 see them', () => {
  test('not judged: access-log, load balancer log, CloudTrail, flow-log, Config, canary artifact, Terraform state and CDK asset buckets', () => {
    const app = appOf();
    const stack = new Stack(app, 'Logs', EU);
    const accessLogs = new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Served', { serverAccessLogsBucket: accessLogs, versioned: true });
    selection(stack, 'ServedBackup', { Resources: ['arn:aws:s3:::*'] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const lbLogs = new s3.Bucket(stack, 'LbLogs');
    new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc }).logAccessLogs(lbLogs);
    vpc.addFlowLog('Flow', { destination: ec2.FlowLogDestination.toS3(new s3.Bucket(stack, 'FlowLogs')) });
    new cloudtrail.Trail(stack, 'Trail', { bucket: new s3.Bucket(stack, 'TrailLogs') });
    const config = new s3.Bucket(stack, 'ConfigLogs');
    new CfnResource(stack, 'Delivery', { type: 'AWS::Config::DeliveryChannel', properties: { S3BucketName: config.bucketName } });
    new synthetics.Canary(stack, 'Canary', {
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_9_1,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline('exports.handler = async () => {};'), handler: 'index.handler' }),
      artifactsBucketLocation: { bucket: new s3.Bucket(stack, 'CanaryArtifacts') },
    });
    const state = new s3.Bucket(stack, 'State');
    Tags.of(state).add('cdk-readiness:purpose', 'terraform-state');
    new s3.Bucket(stack, 'Assets', { bucketName: 'cdk-hnb659fds-assets-111111111111-eu-west-1' });
    // the bootstrap template's way: a name joined from the qualifier parameter, the account and the region
    new s3.CfnBucket(stack, 'Staging', { bucketName: Fn.join('', ['cdk-', Fn.ref('AWS::StackName'), '-staging-', Aws.ACCOUNT_ID, '-', Aws.REGION]) });
    // Served holds data (a plan selects every bucket by type, and it is versioned): every other bucket is not judged.
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 1, passed: 1 });
    expect(pathsWith(app, 'Readiness-BAK8')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK8')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('the same buckets without those roles hold data: BAK1 and BAK8 report them', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Assets', { bucketName: 'my-assets' });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual(['Data/AccessLogs/Resource', 'Data/Assets/Resource']);
    expect(pathsWith(app, 'Readiness-BAK8').sort()).toEqual(['Data/AccessLogs/Resource', 'Data/Assets/Resource']);
  });
});

describe('StackSet asset buckets (analysis/data-buckets)', () => {
  test('not judged: the bucket of its region a StackSet\'s inline template reads code from; judged: another region\'s name, or a name no template reads', () => {
    const app = appOf();
    const stack = new Stack(app, 'Org', EU);
    const body = { Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: { 'Fn::Sub': 'org-code-${AWS::Region}' }, S3Key: 'abc.zip' } } } } };
    new CfnResource(stack, 'StackSet', { type: 'AWS::CloudFormation::StackSet', properties: { StackSetName: 'x', PermissionModel: 'SERVICE_MANAGED', TemplateBody: JSON.stringify(body) } });
    new s3.Bucket(stack, 'Code', { bucketName: 'org-code-eu-west-1', versioned: true });
    new s3.Bucket(stack, 'OtherRegionName', { bucketName: 'org-code-us-east-1', versioned: true });
    new s3.Bucket(stack, 'Unread', { bucketName: 'org-data-eu-west-1', versioned: true });
    expect(pathsWith(app, 'Readiness-BAK1').sort()).toEqual(['Org/OtherRegionName/Resource', 'Org/Unread/Resource']);
  });
});

describe('Readiness-BAK1 data buckets', () => {
  test('non-compliant: a bucket nothing protects; a versioned bucket replicated in its own region; a replicated bucket without versioning', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'Uploads', { versioned: true });
    new s3.Bucket(stack, 'Local', { bucketName: 'local-copy' });
    replicated(stack, 'SameRegion', 'local-copy');
    const dr = new Stack(app, 'Dr', US);
    new s3.Bucket(dr, 'Replica', { bucketName: 'dr-copy', versioned: true });
    replicated(stack, 'Unversioned', 'dr-copy', false);
    const findings = findingsOf(app, 'Readiness-BAK1');
    expect(findings.map((f) => f.constructPath).sort()).toEqual([
      'Data/Local/Resource', 'Data/SameRegion/Resource', 'Data/Unversioned/Resource', 'Data/Uploads/Resource', 'Dr/Replica/Resource',
    ]);
    expect(findings[0].message).toMatch(/^This bucket holds data, but no AWS Backup plan selects it and it is not versioned and replicated to another region/);
  });

  test('compliant: selected by ARN, by tag, by resource type; versioned and replicated to another region', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'ByArn', { bucketName: 'orders-archive', versioned: true });
    selection(stack, 'ArnSelection', { Resources: ['arn:aws:s3:::orders-archive'] });
    const tagged = new s3.Bucket(stack, 'ByTag', { versioned: true });
    Tags.of(tagged).add('backup', 'daily');
    selection(stack, 'TagSelection', { ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] });
    const other = new Stack(app, 'Other', EU);
    new s3.Bucket(other, 'ByType', { versioned: true });
    selection(other, 'TypeSelection', { Resources: ['arn:aws:s3:::*'] });
    const dr = new Stack(app, 'Dr', US);
    new s3.Bucket(dr, 'Replica', { bucketName: 'uploads-replica', versioned: true });
    selection(dr, 'DrSelection', { Resources: ['arn:aws:s3:::uploads-replica'] });
    replicated(stack, 'Uploads', 'uploads-replica');
    // The type selection of Other selects every bucket of its region, Data's included.
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK1')).toMatchObject({ evaluated: 5, passed: 5 });
  });

  test('non-compliant: a plan selects a bucket that is not versioned (AWS Backup backs up only versioned buckets)', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'Unversioned', { bucketName: 'orders-archive' });
    selection(stack, 'ArnSelection', { Resources: ['arn:aws:s3:::orders-archive'] });
    expect(findingsOf(app, 'Readiness-BAK1')).toEqual([expect.objectContaining({
      constructPath: 'Data/Unversioned/Resource',
      message: expect.stringMatching(/^A backup plan selects this bucket, but it is not versioned/),
    })]);
  });

  test('a bucket replicated to another region counts without a plan', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    const dr = new Stack(app, 'Dr', US);
    new s3.Bucket(dr, 'Replica', { bucketName: 'uploads-replica', versioned: true });
    replicated(stack, 'Uploads', 'uploads-replica');
    expect(pathsWith(app, 'Readiness-BAK1')).toEqual(['Dr/Replica/Resource']);
  });
});

describe('Buckets a backup plan selects are protected data stores: BAK5 and DOC2', () => {
  test('non-compliant: a selected bucket without an S3 restore test or a restore automation', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'Uploads', { bucketName: 'uploads', versioned: true });
    selection(stack, 'Selection', { Resources: ['arn:aws:s3:::uploads'] });
    expect(findingsOf(app, 'Readiness-BAK5')).toEqual([expect.objectContaining({
      constructPath: 'Data/Uploads/Resource', message: expect.stringMatching(/^No restore testing selection of type S3 covers this data store/),
    })]);
    expect(findingsOf(app, 'Readiness-DOC2').map((f) => f.message)).toEqual([expect.stringMatching(/^Data\/Uploads: no restore automation/)]);
  });

  test('compliant: a restore testing selection of type S3 covers it; an unselected bucket is not asked for one', () => {
    const app = appOf();
    const stack = new Stack(app, 'Data', EU);
    new s3.Bucket(stack, 'Uploads', { bucketName: 'uploads', versioned: true });
    new s3.Bucket(stack, 'Scratch', { versioned: true });
    selection(stack, 'Selection', { Resources: ['arn:aws:s3:::uploads'] });
    new CfnResource(stack, 'TestPlan', {
      type: 'AWS::Backup::RestoreTestingPlan',
      properties: { RestoreTestingPlanName: 'plan', ScheduleExpression: 'cron(0 5 ? * * *)', RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] } },
    });
    new CfnResource(stack, 'TestSelection', {
      type: 'AWS::Backup::RestoreTestingSelection',
      properties: { RestoreTestingPlanName: 'plan', RestoreTestingSelectionName: 's3', ProtectedResourceType: 'S3', IamRoleArn: 'arn:aws:iam::111111111111:role/r', ProtectedResourceArns: ['*'] },
    });
    expect(pathsWith(app, 'Readiness-BAK5')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK5')).toMatchObject({ evaluated: 1, passed: 1 });
  });
});

describe('Readiness-BAK8 versioning on data buckets', () => {
  test('non-compliant: a data bucket without versioning (PROD and STAGING)', () => {
    for (const profile of ['prod', 'staging']) {
      const app = appOf(profile);
      new s3.Bucket(new Stack(app, 'Data', EU), 'Uploads');
      expect(findingsOf(app, 'Readiness-BAK8')).toEqual([expect.objectContaining({
        constructPath: 'Data/Uploads/Resource',
        message: `Versioning is off on this bucket, which holds data: an overwritten or deleted object cannot be brought back (the '${profile}' profile requires it)`,
      })]);
    }
  });

  test('compliant: a versioned data bucket; DEV and a profile with requireBucketVersioning off do not judge it', () => {
    const app = appOf();
    new s3.Bucket(new Stack(app, 'Data', EU), 'Uploads', { versioned: true, lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }] });
    expect(pathsWith(app, 'Readiness-BAK8')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-BAK8')).toMatchObject({ evaluated: 1, passed: 1 });
    const dev = appOf('dev');
    new s3.Bucket(new Stack(dev, 'Data', EU), 'Uploads');
    expect(pathsWith(dev, 'Readiness-BAK8')).toEqual([]);
    const relaxed = appOf();
    new s3.Bucket(new Stack(relaxed, 'Data', EU), 'Uploads');
    expect(pathsWith(relaxed, 'Readiness-BAK8', { profile: ReadinessProfile.PROD.extend('prod-unversioned', { requireBucketVersioning: false }) })).toEqual([]);
  });
});
