// docs/remote-state-backend.md: its samples, run.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessTesting, StateLockingTag, TerraformStateMarker } from 'cdk-readiness';
import * as remoteStateMinimal from './samples/remote-state-minimal';
import * as remoteStateProduction from './samples/remote-state-production';

describe('the minimal backend (STAGING)', () => {
  const { app, stack } = remoteStateMinimal;

  test('is production-ready for its profile: STA1 and STA3 pass, no replica is required', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test('one environment named after the profile, its backend.tf in the cloud assembly', () => {
    const assembly = app.synth();
    // terraform-backends/<stack>/<unique id of the backend>/<environment>/backend.tf (and backend.tofu)
    const dir = path.join(assembly.directory, 'terraform-backends', 'TerraformState');
    const [backendDir] = fs.readdirSync(dir);
    expect(fs.readdirSync(path.join(dir, backendDir, 'staging')).sort()).toEqual(['backend.tf', 'backend.tofu']);
    const hcl = fs.readFileSync(path.join(dir, backendDir, 'staging', 'backend.tf'), 'utf-8');
    expect(hcl).toContain('bucket               = "acme-tfstate-111111111111-eu-west-1"');
    expect(hcl).toContain('key                  = "staging/terraform.tfstate"');
    expect(hcl).toContain('use_lockfile         = true');
    expect(hcl).toMatch(/# kms_key_id .*known after deployment/);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'acme-tfstate-111111111111-eu-west-1',
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });
});

describe('the production backend (PROD)', () => {
  const { app, drStack, stateStack, hcl } = remoteStateProduction;

  test('is production-ready: STA1-STA5 pass, the replica included', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test('the state stack deploys after the replica stack, with no cross-region reference', () => {
    expect(stateStack.dependencies).toEqual([drStack]);
    const template = JSON.stringify(Template.fromStack(stateStack).toJSON());
    expect(template).not.toContain('Fn::ImportValue');
    expect(template).toContain('acme-tfstate-replica-111111111111-eu-central-1');
  });

  test('grants and policies per environment; the rendered OpenTofu configuration', () => {
    const t = Template.fromStack(stateStack);
    // The replication role's policy, and the three asked for.
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 4);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: ['terraform-prod'] });
    expect(hcl).toContain('key                  = "prod/network/terraform.tfstate"');
    expect(hcl).toContain('assume_role = {');
    expect(hcl).toContain('role_arn = "arn:aws:iam::111111111111:role/terraform-prod"');
    expect(hcl).toMatch(/OpenTofu >= 1\.10\.0/);
    t.hasResourceProperties('AWS::S3::Bucket', { ReplicationConfiguration: Match.objectLike({ Rules: Match.anyValue() }) });
  });
});

test('a state bucket made by hand is judged once marked', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = new Stack(app, 'Legacy', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });

  // sample: remote-state-backend/mark
  const legacy = new s3.Bucket(stack, 'LegacyState', { versioned: true });
  TerraformStateMarker.markStateBucket(legacy, StateLockingTag.DYNAMODB_TABLE, 'terraform-locks');
  // end-sample

  const messages = ReadinessTesting.findings(app).filter((f) => f.constructPath === 'Legacy/LegacyState/Resource').map((f) => `${f.ruleId}: ${f.message}`);
  expect(messages).toEqual([
    'Readiness-STA1: Default encryption is not configured, not SSE-KMS with a customer managed key',
    'Readiness-STA1: No bucket policy denies requests without TLS (aws:SecureTransport = false)',
    'Readiness-STA1: Public access is not fully blocked (BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets not true)',
    'Readiness-STA2: State is not replicated to another region (profile \'prod\' requires it)',
    'Readiness-STA3: The lock table "terraform-locks" is not part of this app, so its protection cannot be verified',
  ]);
});
