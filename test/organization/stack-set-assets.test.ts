import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ManagementAccountCoverage, ReadinessProfile, StackSetAssetBucket, StackSetRollout, StackSetStack } from '../../src';
import { findingsOf, ruleOutcome } from '../util/findings';

const TOOLING = '222222222222';
const OU = 'ou-ab12-abcdefgh';
const ORG = 'o-exampleorg1';
const PREFIX = 'acme-stackset-assets';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const CODE = path.join(__dirname, '..', '..', 'assets', 'backup', 'verifier', 'private', 'verifier.lambda');

function newApp(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  return app;
}

function assetBuckets(app: App, regions = REGIONS, prefix = PREFIX, account = TOOLING): StackSetAssetBucket[] {
  return regions.map((region) => new StackSetAssetBucket(new Stack(app, `Assets-${region}-${prefix}`, { env: { account, region } }), 'AssetBucket', {
    bucketNamePrefix: prefix, organizationId: ORG,
  }));
}

function templateWithCode(id = 'Member'): StackSetStack {
  const t = new StackSetStack(id);
  new lambda.Function(t, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(CODE) });
  return t;
}

function rollout(app: App, template: StackSetStack, buckets?: StackSetAssetBucket[], regions = REGIONS) {
  const tooling = new Stack(app, 'Tooling', { env: { account: TOOLING, region: 'eu-west-1' } });
  const r = new StackSetRollout(tooling, 'Rollout', {
    template, organizationalUnitIds: [OU], regions, managementAccount: ManagementAccountCoverage.NOT_NEEDED, assetBuckets: buckets,
  });
  return { tooling, rollout: r };
}

const stackSetOf = (tooling: Stack) => Object.values<any>(Template.fromStack(tooling).findResources('AWS::CloudFormation::StackSet'))[0];
const memberTemplateOf = (tooling: Stack) => JSON.parse(stackSetOf(tooling).Properties.TemplateBody);

describe('StackSetRollout with StackSetAssetBuckets', () => {
  const app = newApp();
  const buckets = assetBuckets(app);
  const { tooling } = rollout(app, templateWithCode(), buckets);
  const template = Template.fromStack(tooling);
  const member = memberTemplateOf(tooling);
  const code = Object.values<any>(member.Resources).find((r) => r.Type === 'AWS::Lambda::Function').Properties.Code;
  const copies = template.findResources('Custom::ReadinessStackSetAssetCopy');
  const calls = Object.values<any>(copies).map((c) => JSON.parse(JSON.stringify(Stack.of(tooling).resolve(c.Properties.Create))));

  test('the template reads its code from the asset bucket of the stack instance\'s region, by the asset\'s hash', () => {
    expect(code).toEqual({ S3Bucket: { 'Fn::Sub': `${PREFIX}-\${AWS::Region}` }, S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    expect(JSON.stringify(member)).not.toMatch(/cdk-[a-z0-9]+-assets|AWS::AccountId/);
  });

  test('each asset is copied into the bucket of every region of the rollout, under the key the template reads, before the StackSet changes', () => {
    expect(Object.keys(copies)).toHaveLength(2);
    const parsed = calls.map((c) => (typeof c === 'string' ? JSON.parse(c) : JSON.parse(c['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '<token>')).join(''))));
    expect(parsed.map((c) => [c.action, c.region, c.parameters.Bucket, c.parameters.Key]).sort()).toEqual(
      REGIONS.map((r) => ['copyObject', r, `${PREFIX}-${r}`, code.S3Key]).sort());
    for (const c of parsed) expect(c.parameters.CopySource).toMatch(new RegExp(`/${code.S3Key}$`));
    const stackSet = stackSetOf(tooling);
    expect(stackSet.DependsOn).toEqual(expect.arrayContaining(Object.keys(copies)));
  });

  test('the copied object is the asset this app publishes (the asset manifest of the rollout\'s stack)', () => {
    const assembly = app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Tooling.assets.json'), 'utf8'));
    const published = Object.values<any>(manifest.files).find((f) => Object.values<any>(f.destinations).some((d) => d.objectKey === code.S3Key));
    expect(published).toBeDefined();
    expect(published.source.packaging).toBe('zip');
    expect(fs.readdirSync(path.join(assembly.directory, published.source.path))).toEqual(fs.readdirSync(CODE));
    // The rollout's stack is deployed after the asset buckets' stacks.
    expect(assembly.getStackArtifact('Tooling').dependencies.map((d) => d.id)).toEqual(expect.arrayContaining(buckets.map((b) => Stack.of(b).artifactId)));
  });

  test('the copy may read only the asset object and write only its copy', () => {
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy')).map((p) => Stack.of(tooling).resolve(p.Properties.PolicyDocument.Statement));
    const statements = policies.flat();
    expect(statements.map((s) => s.Action).sort()).toEqual(['s3:GetObject', 's3:GetObject', 's3:PutObject', 's3:PutObject']);
    for (const s of statements) {
      const resource = JSON.stringify(s.Resource);
      expect(resource).toContain(`/${code.S3Key}`);
      if (s.Action === 's3:PutObject') expect(resource).toMatch(new RegExp(`:s3:::${PREFIX}-eu-(west|central)-1/`));
      else expect(resource).toContain('cdk-hnb659fds-assets-');
    }
  });

  test('the bucket: <prefix>-<region>, readable by the organization only, SSE-S3, versioned, TLS only, access logs, retained', () => {
    const b = Template.fromStack(Stack.of(buckets[1]));
    b.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: `${PREFIX}-eu-central-1`,
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: `${PREFIX}-eu-central-1/` }),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const policy = Object.values<any>(b.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p).includes('aws:PrincipalOrgID'));
    const allows = policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow');
    expect(allows).toEqual([expect.objectContaining({ Action: 's3:GetObject', Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } })]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]));
  });

});

test('Readiness-DEP8 passes a rollout with asset buckets; the asset bucket holds no data (BAK1 does not judge it), its access-log bucket neither', () => {
  const app = newApp();
  rollout(app, templateWithCode(), assetBuckets(app));
  expect(findingsOf(app, 'Readiness-DEP8')).toEqual([]);
  expect(ruleOutcome(app, 'Readiness-DEP8')).toMatchObject({ passed: 1, findings: 0 });
  expect(findingsOf(app, 'Readiness-BAK1')).toEqual([]);
});

describe('StackSet asset buckets: what is refused', () => {
  test('BAK1 judges a bucket named like an asset bucket that no StackSet reads from (it holds data)', () => {
    const app = newApp();
    assetBuckets(app, ['eu-west-1']);
    expect(findingsOf(app, 'Readiness-BAK1').map((f) => f.constructPath)).toEqual([`Assets-eu-west-1-${PREFIX}/AssetBucket/Bucket/Resource`]);
  });

  test('a template with a file asset and a rollout without asset buckets: refused, naming the asset and what to do', () => {
    expect(() => rollout(newApp(), templateWithCode())).toThrow(
      /StackSetRollout 'Tooling\/Rollout': invalid assetBuckets undefined\. The template has file assets \(Member\/Fn\/Code\).*give `assetBuckets`.*lambda\.Code\.fromInline/);
  });

  test('an asset added to the template after the rollout was created is refused at synth', () => {
    const app = newApp();
    const template = new StackSetStack('Member');
    const { tooling } = rollout(app, template, assetBuckets(app));
    new lambda.Function(template, 'Late', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromAsset(CODE) });
    expect(() => Template.fromStack(tooling)).toThrow(/invalid template \["Member\/Late\/Code"\]\. These assets were added to the template after the rollout was created/);
  });

  test('a Docker image asset is refused, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackset-docker-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const template = new StackSetStack('Member');
    expect(() => new ecrAssets.DockerImageAsset(template, 'Image', { directory: dir })).toThrow(/StackSetStack 'Member': invalid Docker image asset "Member\/Image"/);
  });

  test.each([
    ['a region without a bucket', (app: App) => assetBuckets(app, ['eu-west-1']), /missing: eu-central-1/],
    ['two prefixes', (app: App) => [...assetBuckets(app, ['eu-west-1']), ...assetBuckets(app, ['eu-central-1'], 'other-prefix')], /the same bucketNamePrefix/],
    ['two buckets in one region', (app: App) => [...assetBuckets(app), new StackSetAssetBucket(new Stack(app, 'Again', { env: { account: TOOLING, region: 'eu-west-1' } }), 'AssetBucket', {
      bucketNamePrefix: PREFIX, organizationId: ORG,
    })], /Give one asset bucket per region/],
    ['another account', (app: App) => assetBuckets(app, REGIONS, PREFIX, '333333333333'), /Create the asset buckets in the rollout's account \(222222222222\)/],
  ])('%s is refused', (_case, make, message) => {
    const app = newApp();
    expect(() => rollout(app, templateWithCode(), make(app))).toThrow(message);
  });

  test('a bad prefix, organization id or an environment-agnostic stack is refused', () => {
    const app = newApp();
    const stack = new Stack(app, 'S', { env: { account: TOOLING, region: 'eu-west-1' } });
    expect(() => new StackSetAssetBucket(stack, 'A', { bucketNamePrefix: 'Acme_Assets', organizationId: ORG })).toThrow(/invalid bucketNamePrefix "Acme_Assets"\. Use lowercase letters/);
    expect(() => new StackSetAssetBucket(stack, 'B', { bucketNamePrefix: 'x'.repeat(60), organizationId: ORG })).toThrow(/at most 53 characters/);
    expect(() => new StackSetAssetBucket(stack, 'C', { bucketNamePrefix: PREFIX, organizationId: 'acme' })).toThrow(/invalid organizationId "acme"/);
    expect(() => new StackSetAssetBucket(new Stack(app, 'Agnostic'), 'D', { bucketNamePrefix: PREFIX, organizationId: ORG })).toThrow(/invalid region of the stack/);
  });

  test('a log bucket of the user\'s is used instead of one of its own', () => {
    const app = newApp();
    const stack = new Stack(app, 'S', { env: { account: TOOLING, region: 'eu-west-1' } });
    const logs = new s3.Bucket(stack, 'Logs');
    const b = new StackSetAssetBucket(stack, 'A', { bucketNamePrefix: PREFIX, organizationId: ORG, serverAccessLogsBucket: logs });
    expect(b.serverAccessLogsBucket).toBe(logs);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 2);
  });
});
