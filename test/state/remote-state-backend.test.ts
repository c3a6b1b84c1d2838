import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aws, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { plainBackend, prodBackend } from './helpers';
import { IacTool, RemoteStateBackend, RemoteStateReplica, StateLocking, StateReplicaDestination, TerraformStateMarker } from '../../src';

function stateBucket(t: Template): any {
  const buckets = t.findResources('AWS::S3::Bucket', {
    Properties: { Tags: Match.arrayWith([{ Key: TerraformStateMarker.PURPOSE_TAG_KEY, Value: TerraformStateMarker.STATE_BUCKET }]) },
  });
  expect(Object.keys(buckets)).toHaveLength(1);
  return Object.values(buckets)[0];
}

describe('state bucket', () => {
  const { stack } = prodBackend();
  const t = Template.fromStack(stack);

  test('is versioned, retained and named', () => {
    const b = stateBucket(t);
    expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(b.Properties.BucketName).toBe('acme-tfstate');
    expect(b.DeletionPolicy).toBe('Retain');
    expect(b.UpdateReplacePolicy).toBe('Retain');
  });

  test('is encrypted with the customer key, bucket key on', () => {
    const b = stateBucket(t);
    expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^StateKey/), 'Arn'] } },
    }]);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('blocks public access and disables ACLs', () => {
    const b = stateBucket(t);
    expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
    });
    expect(b.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('policy: TLS only (1.2+), and no writes with another algorithm or key', () => {
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^StateBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          Match.objectLike({ Sid: 'DenyWritesNotEncryptedWithSSEKMS', Effect: 'Deny', Action: 's3:PutObject', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }),
          Match.objectLike({
            Sid: 'DenyWritesWithAnotherKmsKey',
            Effect: 'Deny',
            Action: 's3:PutObject',
            Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^StateKey'), 'Arn'] }] } },
          }),
        ]),
      },
    });
  });

  test('logs access to a log bucket (SSE-S3, TLS only, logging service allowed by policy)', () => {
    const b = stateBucket(t);
    expect(b.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^StateAccessLogs/) }, LogFilePrefix: 'acme-tfstate/' });
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-access-logs', ExpirationInDays: 365 })]) },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^StateAccessLogs') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowS3ServerAccessLogDelivery', Principal: { Service: 'logging.s3.amazonaws.com' } })]) },
    });
  });

  test('lifecycle: noncurrent state versions (365 days in PROD, newest 100 kept), delete markers, uploads; no size-based rule that could hit small states', () => {
    expect(stateBucket(t).Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-noncurrent-state-versions', Status: 'Enabled', ExpiredObjectDeleteMarker: true, NoncurrentVersionExpiration: { NoncurrentDays: 365, NewerNoncurrentVersions: 100 } },
      { Id: 'abort-incomplete-uploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ]);
  });

  test.each(Object.values(StateLocking))('lifecycle (%s): no size-filtered rule, so a small state keeps its 365 days / 100 versions', (locking) => {
    // The former lock-file rule (objects under 1 KiB) also caught small state files. The option
    // that asked for it is gone: a JavaScript caller still passing it gets no such rule.
    const { stack: s } = plainBackend({ bucketName: 'acme-tfstate', locking, lockFileVersionExpiration: Duration.days(2) } as any, 'prod');
    const rules: any[] = stateBucket(Template.fromStack(s)).Properties.LifecycleConfiguration.Rules;
    expect(rules.map((r) => r.Id)).toEqual(['expire-noncurrent-state-versions', 'abort-incomplete-uploads']);
    expect(JSON.stringify(rules)).not.toMatch(/ObjectSize(LessThan|GreaterThan)/);
    expect(rules[0]).toMatchObject({ NoncurrentVersionExpiration: { NoncurrentDays: 365, NewerNoncurrentVersions: 100 } });
    expect(rules[0].Filter ?? rules[0].Prefix).toBeUndefined(); // every key: state and .tflock versions alike
  });

  test('DEV keeps noncurrent versions 90 days', () => {
    const { stack: dev } = plainBackend();
    expect(stateBucket(Template.fromStack(dev)).Properties.LifecycleConfiguration.Rules[0].NoncurrentVersionExpiration.NoncurrentDays).toBe(90);
  });

  test('is tagged as Terraform state locked by the lock file', () => {
    expect(stateBucket(t).Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'cdk-readiness:purpose', Value: 'terraform-state' },
      { Key: 'cdk-readiness:state-locking', Value: 'lockfile' },
    ]));
  });

  test('no lock table by default', () => {
    t.resourceCountIs('AWS::DynamoDB::Table', 0);
  });
});

describe('object lock', () => {
  test('optional default retention', () => {
    const { stack } = plainBackend({ objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(30)) });
    expect(stateBucket(Template.fromStack(stack)).Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
    });
  });

  test('off by default', () => {
    const { stack } = plainBackend();
    expect(stateBucket(Template.fromStack(stack)).Properties.ObjectLockEnabled).toBeUndefined();
  });
});

describe('DynamoDB lock table', () => {
  const { stack, backend } = plainBackend({ locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE, lockTableName: 'acme-tflock' });
  const t = Template.fromStack(stack);

  test('on-demand, PITR, customer KMS key, deletion protection, retained, keyed on LockID', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        TableName: 'acme-tflock',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StateKey'), 'Arn'] } },
      },
    });
  });

  test('the bucket names the table in its locking tags', () => {
    expect(stateBucket(t).Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'cdk-readiness:state-locking', Value: 'lockfile+dynamodb' },
      { Key: 'cdk-readiness:state-lock-table', Value: { Ref: expect.stringMatching(/^StateLockTable/) } },
    ]));
  });

  test('the rendered config has both use_lockfile and dynamodb_table', () => {
    const hcl = stack.resolve(backend.renderBackendConfig());
    expect(JSON.stringify(hcl)).toContain('use_lockfile         = true');
    expect(JSON.stringify(hcl)).toContain('dynamodb_table');
  });

  test('DYNAMODB_TABLE alone drops use_lockfile and needs Terraform 1.6', () => {
    const { stack: s, backend: b } = plainBackend({ locking: StateLocking.DYNAMODB_TABLE, lockTableName: 'acme-tflock', bucketName: 'acme-tfstate' });
    const text = JSON.stringify(s.resolve(b.renderBackendConfig()));
    expect(text).not.toContain('use_lockfile');
    expect(text).toContain('required_version = \\">= 1.6.0\\"');
  });
});

describe('cross-region replica', () => {
  const { stack, drStack, backend } = prodBackend({ replicationTimeControl: true });
  const arn = (rest: string) => stack.resolve(`arn:${Aws.PARTITION}:${rest}`);
  const t = Template.fromStack(stack);
  const dr = Template.fromStack(drStack);

  test('replicates every object, KMS-encrypted ones included, and delete markers, to the replica by ARN and alias ARN', () => {
    expect(stateBucket(t).Properties.ReplicationConfiguration).toEqual({
      Role: { 'Fn::GetAtt': [expect.stringMatching(/^StateReplicationRole/), 'Arn'] },
      Rules: [{
        Id: 'replicate-state-to-dr-region',
        Status: 'Enabled',
        Priority: 0,
        Filter: { Prefix: '' },
        DeleteMarkerReplication: { Status: 'Enabled' },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
        Destination: {
          Bucket: arn('s3:::acme-tfstate-replica'),
          EncryptionConfiguration: { ReplicaKmsKeyID: arn('kms:eu-central-1:111111111111:alias/terraform-state-replica/acme-tfstate-replica') },
          ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
          Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
        },
      }],
    });
  });

  test('no cross-region reference: no custom resource, no export, no SSM parameter', () => {
    for (const tpl of [t, dr]) {
      expect(Object.keys(tpl.findResources('Custom::CrossRegionExportWriter'))).toHaveLength(0);
      expect(Object.keys(tpl.findResources('AWS::CloudFormation::CustomResource'))).toHaveLength(0);
      expect(Object.keys(tpl.findResources('AWS::SSM::Parameter'))).toHaveLength(0);
      expect(JSON.stringify(tpl.toJSON())).not.toContain('Fn::ImportValue');
    }
  });

  test('replication role: KMS grants use the bucket-ARN encryption context of S3 Bucket Keys', () => {
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'WriteReplicas', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: arn('s3:::acme-tfstate-replica/*') }),
          Match.objectLike({
            Sid: 'DecryptSourceWithBucketKeyContext',
            Action: 'kms:Decrypt',
            Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^StateBucket'), 'Arn'] }, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
          }),
          Match.objectLike({
            Sid: 'EncryptReplicaWithBucketKeyContext',
            Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
            Resource: arn('kms:eu-central-1:111111111111:key/*'),
            Condition: {
              'StringEquals': { 'kms:EncryptionContext:aws:s3:arn': arn('s3:::acme-tfstate-replica'), 'kms:ViaService': 's3.eu-central-1.amazonaws.com' },
              'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/terraform-state-replica/acme-tfstate-replica' },
            },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
    expect(JSON.stringify(t.toJSON())).not.toMatch(/EncryptionContext:aws:s3:arn[^}]*\/\*/);
    void backend;
  });

  test('replica: versioned, own rotating key behind the alias, bucket key, TLS only, logged, retained, tagged', () => {
    dr.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/terraform-state-replica/acme-tfstate-replica' });
    dr.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    dr.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: 'acme-tfstate-replica',
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true, ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'acme-tfstate-replica/' }),
        Tags: Match.arrayWith([{ Key: 'cdk-readiness:purpose', Value: 'terraform-state-replica' }]),
      }),
    });
    dr.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('PROD without a replica warns at synth (and fails STA2, see rules tests)', () => {
    const { stack: s } = plainBackend({}, 'prod');
    Annotations.fromStack(s).hasWarning('/Primary/State', Match.stringLikeRegexp('requires the Terraform state to be replicated'));
  });
});

describe('grants per environment', () => {
  const setup = () => plainBackend({ bucketName: 'acme-tfstate', environments: [{ name: 'prod' }, { name: 'staging', keyPrefix: 'team-a/staging' }] });

  test('read-write: state get/put under the prefix, delete only *.tflock, KMS with the bucket-ARN context', () => {
    const { stack, backend } = setup();
    const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    backend.grantReadWrite(role, 'staging');
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy')[Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0]].Properties.PolicyDocument.Statement;
    const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^StateBucket/), 'Arn'] };
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 's3:ListBucket', Resource: bucketArn, Condition: { StringLike: { 's3:prefix': ['team-a/staging', 'team-a/staging/*'] } } }),
      expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Join': ['', [bucketArn, '/team-a/staging/*']] } }),
      expect.objectContaining({ Action: 's3:DeleteObject', Resource: { 'Fn::Join': ['', [bucketArn, '/team-a/staging/*.tflock']] } }),
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': bucketArn, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      }),
    ]));
    // Never delete on state files: the only delete is on lock files.
    const deletes = statements.filter((s: any) => [s.Action].flat().some((a: string) => /Delete/.test(a)));
    expect(deletes).toHaveLength(1);
    expect(JSON.stringify(deletes[0].Resource)).toContain('.tflock');
  });

  test('read-only: list, get and decrypt only', () => {
    const { stack, backend } = setup();
    const policy = backend.readOnlyPolicy('prod');
    const t = Template.fromStack(stack);
    const [res] = Object.values(t.findResources('AWS::IAM::ManagedPolicy')) as any[];
    expect(res.Properties.Description).toContain("environment 'prod'");
    const actions = res.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions.sort()).toEqual(['kms:Decrypt', 's3:GetObject', 's3:ListBucket']);
    expect(backend.readOnlyPolicy('prod')).toBe(policy); // made once
  });

  test('read-write managed policy with a lock table: items limited to the environment (LeadingKeys)', () => {
    const { stack, backend } = plainBackend({ bucketName: 'acme-tfstate', locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE });
    backend.readWritePolicy();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['acme-tfstate/dev/*'] } },
        })]),
      },
    });
  });

  test('an unknown or missing environment is a clear error', () => {
    const { stack, backend } = setup();
    const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => backend.grantRead(role, 'qa')).toThrow(/unknown environment "qa". Use one of: prod, staging/);
    expect(() => backend.grantRead(role)).toThrow(/environment is required when the backend serves several environments/);
  });
});

describe('environments and profile defaults', () => {
  test('one environment named after the profile by default', () => {
    expect(plainBackend({}, 'staging').backend.environmentNames).toEqual(['staging']);
    expect(plainBackend({}, 'dev').backend.environmentNames).toEqual(['dev']);
  });
});

describe('renderBackendConfig', () => {
  test('Terraform HCL with every attribute, the environment prefix and assume_role', () => {
    const { stack, backend } = plainBackend({ bucketName: 'acme-tfstate', environments: [{ name: 'prod', roleArn: 'arn:aws:iam::111111111111:role/tf' }] });
    const joined = stack.resolve(backend.renderBackendConfig({ stateKey: 'network/terraform.tfstate' }));
    const text = joined['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : '<KEY_ARN>')).join('');
    expect(text).toBe([
      "# Generated by cdk-readiness from RemoteStateBackend 'Primary/State', environment 'prod' (Terraform).",
      '# Terraform >= 1.10.1 (S3 native locking: use_lockfile).',
      'terraform {',
      '  required_version = ">= 1.10.1"',
      '',
      '  backend "s3" {',
      '    bucket               = "acme-tfstate"',
      '    key                  = "prod/network/terraform.tfstate"',
      '    region               = "eu-west-1"',
      '    encrypt              = true',
      '    kms_key_id           = "<KEY_ARN>"',
      '    use_lockfile         = true',
      '    workspace_key_prefix = "prod"',
      '',
      '    assume_role = {',
      '      role_arn = "arn:aws:iam::111111111111:role/tf"',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  test('OpenTofu flavour', () => {
    const { backend } = plainBackend({ bucketName: 'acme-tfstate' });
    const text = backend.renderBackendConfig({ tool: IacTool.OPENTOFU });
    expect(text).toContain('(OpenTofu).');
    expect(text).toContain('# OpenTofu >= 1.10.0');
    expect(text).not.toContain('assume_role');
  });

  test('stack outputs: bucket, region, key ARN and one JSON descriptor per environment', () => {
    const { stack } = plainBackend({ bucketName: 'acme-tfstate', environments: [{ name: 'prod' }, { name: 'dev' }] });
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    const descriptors = Object.entries<any>(outputs).filter(([k]) => /^StateBackend(Prod|Dev)/.test(k));
    expect(descriptors).toHaveLength(2);
    const resolved = JSON.stringify(descriptors[0][1].Value);
    expect(resolved).toContain('cdk-readiness/terraform-backend@1');
    expect(resolved).toContain('\\"keyPrefix\\":\\"prod\\"');
    expect(Object.values<any>(outputs).map((o) => o.Value)).toEqual(expect.arrayContaining(['acme-tfstate', 'eu-west-1']));
  });

  test('written into the cloud assembly, as backend.tf and backend.tofu per environment, deterministically', () => {
    const synth = () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-asm-'));
      const app = new App({ outdir, context: { 'readiness:profile': 'dev' } });
      const stack = new Stack(app, 'Primary', { env: { account: '111111111111', region: 'eu-west-1' } });
      new RemoteStateBackend(stack, 'State', { bucketName: 'acme-tfstate' });
      app.synth();
      const dir = path.join(outdir, 'terraform-backends', 'Primary');
      const [unique] = fs.readdirSync(dir);
      return { tf: fs.readFileSync(path.join(dir, unique, 'dev', 'backend.tf'), 'utf-8'), tofu: fs.readFileSync(path.join(dir, unique, 'dev', 'backend.tofu'), 'utf-8') };
    };
    const a = synth();
    expect(a.tf).toContain('bucket               = "acme-tfstate"');
    expect(a.tf).toMatch(/# kms_key_id += <known after deployment: stack output StateKmsKeyArnOutput[0-9A-F]+; run `cdk-readiness backend-config`>/);
    expect(a.tofu).toContain('OpenTofu');
    expect(synth()).toEqual(a);
  });
});

describe('deploy order and partial backend files', () => {
  test('the state stack deploys after its replica stack, with no export or custom resource between them', () => {
    const { app } = prodBackend();
    const assembly = app.synth();
    // The cloud assembly manifest, as the CDK CLI reads it to order `cdk deploy --all`.
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'manifest.json'), 'utf-8'));
    expect(manifest.artifacts.Primary.dependencies).toContain('Dr');
    expect(manifest.artifacts.Dr.dependencies ?? []).not.toContain('Primary');
    const primary = assembly.getStackByName('Primary');
    expect(primary.dependencies.map((d) => d.id)).toContain('Dr');
    for (const stack of [primary, assembly.getStackByName('Dr')]) {
      expect(JSON.stringify(stack.template)).not.toContain('Fn::ImportValue');
      expect(Object.values<any>(stack.template.Outputs ?? {}).filter((o) => o.Export)).toEqual([]);
      const types = Object.values<any>(stack.template.Resources).map((r) => r.Type);
      expect(types.filter((t) => /^Custom::|^AWS::CloudFormation::CustomResource$|^AWS::SSM::Parameter$|^AWS::Lambda::Function$/.test(t))).toEqual([]);
    }
  });

  test('a replica given by name only adds no dependency (the README says: deploy it first)', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    new Stack(app, 'Dr', { env: { account: '111111111111', region: 'eu-central-1' } });
    const stack = new Stack(app, 'Primary', { env: { account: '111111111111', region: 'eu-west-1' } });
    new RemoteStateBackend(stack, 'State', {
      replica: StateReplicaDestination.fromAttributes({ bucketName: 'acme-tfstate-replica', region: 'eu-central-1', kmsKeyAliasName: 'alias/r' }),
    });
    expect(stack.dependencies).toEqual([]);
  });

  test('a replica in another stage: no dependency is possible, a warning says to deploy it first', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const drStage = new Stage(app, 'DrStage');
    const replica = new RemoteStateReplica(new Stack(drStage, 'Dr', { env: { account: '111111111111', region: 'eu-central-1' } }), 'Replica', { bucketName: 'acme-tfstate-replica' });
    const stack = new Stack(new Stage(app, 'Main'), 'Primary', { env: { account: '111111111111', region: 'eu-west-1' } });
    new RemoteStateBackend(stack, 'State', { replica: StateReplicaDestination.fromReplica(replica) });
    expect(stack.dependencies).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Main/Primary/State', Match.stringLikeRegexp("replica stack 'DrStage/Dr' is in another stage.*deploy it before"));
  });

  test('a backend file whose KMS key is known at synth sets kms_key_id (no placeholder)', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Primary', { env: { account: '111111111111', region: 'eu-west-1' } });
    const keyArn = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    new RemoteStateBackend(stack, 'State', { bucketName: 'acme-tfstate', encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn) });
    const dir = app.synth().directory;
    const [backendDir] = fs.readdirSync(path.join(dir, 'terraform-backends', 'Primary'));
    for (const file of ['backend.tf', 'backend.tofu']) {
      const text = fs.readFileSync(path.join(dir, 'terraform-backends', 'Primary', backendDir, 'dev', file), 'utf-8');
      expect(text).toContain(`    kms_key_id           = "${keyArn}"\n`);
      expect(text).not.toContain('Fill in kms_key_id');
    }
  });

  test('a backend file whose KMS key is only known after deploy says the bucket denies other keys', () => {
    // The key is made in this stack: its ARN is a deploy-time value, so the file written into the
    // cloud assembly holds a placeholder.
    const { app } = plainBackend({ bucketName: 'acme-tfstate' });
    const dir = app.synth().directory;
    const [backendDir] = fs.readdirSync(path.join(dir, 'terraform-backends', 'Primary'));
    const text = fs.readFileSync(path.join(dir, 'terraform-backends', 'Primary', backendDir, 'dev', 'backend.tf'), 'utf-8');
    expect(text).toMatch(/# kms_key_id\s+= </);
    expect(text).toMatch(/Fill in kms_key_id .*\n.*denies uploads encrypted with any other key/);
  });
});
