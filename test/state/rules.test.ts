import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DR, plainBackend, PRIMARY, prodBackend } from './helpers';
import { StateLocking, StateLockingTag, TerraformStateMarker } from '../../src';
import { findingsOf, reportOf, ruleOutcome } from '../util/findings';

const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });

/** A hand-written, well-configured state bucket. */
function handWritten(stack: Stack, id = 'HandState', props: s3.BucketProps = {}) {
  return new s3.Bucket(stack, id, {
    versioned: true,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: new kms.Key(stack, `${id}Key`, { enableKeyRotation: true }),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    ...props,
  });
}

describe('Readiness-STA1 state bucket hardened', () => {
  test('compliant: RemoteStateBackend and its replica', () => {
    const { app } = prodBackend();
    expect(findingsOf(app, 'Readiness-STA1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-STA1')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('compliant: a hand-written bucket carrying the tag', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    TerraformStateMarker.markStateBucket(handWritten(stack), StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA1')).toEqual([]);
  });

  test('non-compliant: SSE-KMS with the AWS managed key given by alias (aws/s3)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = handWritten(stack);
    const cfn = bucket.node.defaultChild as s3.CfnBucket;
    cfn.addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault', {
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: 'alias/aws/s3',
    });
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA1').map((f) => f.message)).toEqual([
      expect.stringMatching(/^SSE-KMS uses the AWS managed key aws\/s3/),
    ]);
  });

  test.each([
    ['alias/aws/s3'],
    ['arn:aws:kms:eu-west-1:111111111111:alias/aws/s3'],
  ])('non-compliant: SSE-KMS with the AWS managed key %s', (keyId) => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = handWritten(stack);
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID', keyId);
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA1').map((f) => f.message.split(':')[0])).toEqual(['SSE-KMS uses the AWS managed key aws/s3']);
  });

  test('compliant: a customer key given by a literal key ARN or by a customer alias', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    for (const [id, keyId] of [['A', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'], ['B', 'arn:aws:kms:eu-west-1:111111111111:alias/tfstate']]) {
      const bucket = handWritten(stack, id);
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID', keyId);
      TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    }
    expect(findingsOf(app, 'Readiness-STA1')).toEqual([]);
  });

  test('non-compliant: a tagged bucket with none of it', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = new s3.Bucket(stack, 'Legacy', { blockPublicAccess: new s3.BlockPublicAccess({ blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: false }) });
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA1').map((f) => f.message).sort()).toEqual([
      'Default encryption is not configured, not SSE-KMS with a customer managed key',
      'No bucket policy denies requests without TLS (aws:SecureTransport = false)',
      'Public access is not fully blocked (BlockPublicPolicy, RestrictPublicBuckets not true)',
      'Versioning is not enabled: an overwritten or deleted state file cannot be recovered',
    ]);
  });

  test('non-compliant: a key that does not rotate; the aws/s3 managed key', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    TerraformStateMarker.markStateBucket(handWritten(stack, 'A', { encryptionKey: new kms.Key(stack, 'Static', { enableKeyRotation: false }) }), StateLockingTag.LOCK_FILE);
    TerraformStateMarker.markStateBucket(handWritten(stack, 'B', { encryption: s3.BucketEncryption.KMS_MANAGED, encryptionKey: undefined }), StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA1').map((f) => [f.constructPath, f.message.split(':')[0].split(' (')[0]])).toEqual([
      ['S/A/Resource', 'The state key S/Static/Resource does not rotate'],
      ['S/B/Resource', 'SSE-KMS uses the AWS managed key aws/s3'],
    ]);
  });

  test('untagged buckets are not judged', () => {
    const app = prodApp();
    new s3.Bucket(new Stack(app, 'S', { env: PRIMARY }), 'Plain');
    expect(ruleOutcome(app, 'Readiness-STA1')).toMatchObject({ evaluated: 0 });
  });
});

describe('Readiness-STA2 state replicated to another region', () => {
  test('compliant: a replica in the DR region', () => {
    const { app } = prodBackend();
    expect(findingsOf(app, 'Readiness-STA2')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-STA2')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('non-compliant: PROD without a replica fails STA2', () => {
    const { app } = plainBackend({}, 'prod');
    expect(findingsOf(app, 'Readiness-STA2')).toEqual([
      expect.objectContaining({ severity: 'error', constructPath: 'Primary/State/Bucket/Resource', message: "State is not replicated to another region (profile 'prod' requires it)" }),
    ]);
  });

  test('non-compliant: a hand-written rule to a bucket of the same stack', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const target = new s3.Bucket(stack, 'SameRegion', { bucketName: 'acme-same-region', versioned: true });
    const bucket = handWritten(stack);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('s3.amazonaws.com') });
    (bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
      role: role.roleArn,
      rules: [{ status: 'Enabled', destination: { bucket: target.bucketArn } }],
    };
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA2').map((f) => f.message.split(':')[0])).toEqual(['Every replication rule targets a bucket in the same region']);
  });

  test('non-compliant: a cross-region rule that only replicates one prefix', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = handWritten(stack);
    (bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
      role: 'arn:aws:iam::111111111111:role/r',
      rules: [{
        status: 'Enabled',
        filter: { prefix: 'prod/' },
        destination: { bucket: 'arn:aws:s3:::acme-dr-copy', encryptionConfiguration: { replicaKmsKeyId: 'arn:aws:kms:eu-central-1:111111111111:key/k' } },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      }],
    };
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA2').map((f) => f.message.split(' (')[0])).toEqual(['State is not replicated to another region']);
  });

  test('non-compliant: a literal destination ARN of a bucket the app puts in the same region', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    new s3.Bucket(new Stack(app, 'Other', { env: PRIMARY }), 'T', { bucketName: 'acme-copy' });
    const bucket = handWritten(stack);
    (bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
      role: 'arn:aws:iam::111111111111:role/r',
      rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::acme-copy', encryptionConfiguration: { replicaKmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/k' } }, sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } }],
    };
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA2').map((f) => f.message.split(':')[0])).toEqual(['Every replication rule targets a bucket in the same region']);
  });

  test('not applicable where the profile does not require a replica (STAGING, DEV)', () => {
    const { app } = plainBackend({}, 'staging');
    expect(ruleOutcome(app, 'Readiness-STA2')).toMatchObject({ evaluated: 0 });
  });

  test('the DR stack alone is judged by STA1 only', () => {
    const { app } = prodBackend();
    expect(ruleOutcome(app, 'Readiness-STA3')).toMatchObject({ evaluated: 1 });
    void DR;
  });
});

describe('Readiness-STA3 state locking', () => {
  test('compliant: lock file (default) and lock file + protected table', () => {
    const { app } = plainBackend({}, 'prod');
    expect(findingsOf(app, 'Readiness-STA3')).toEqual([]);
    const { app: withTable } = plainBackend({ locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE }, 'prod');
    expect(findingsOf(withTable, 'Readiness-STA3')).toEqual([]);
    expect(ruleOutcome(withTable, 'Readiness-STA3')).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('non-compliant: a tagged bucket that does not say how it is locked', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = handWritten(stack);
    (bucket.node.defaultChild as s3.CfnBucket).tags.setTag(TerraformStateMarker.PURPOSE_TAG_KEY, TerraformStateMarker.STATE_BUCKET);
    expect(findingsOf(app, 'Readiness-STA3')).toEqual([expect.objectContaining({ message: expect.stringMatching(/does not declare how its state is locked/) })]);
  });

  test('non-compliant: a policy that denies DeleteObject to everyone blocks the lock file', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    const bucket = handWritten(stack);
    bucket.addToResourcePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['s3:DeleteObject'], resources: [bucket.arnForObjects('*')] }));
    TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
    expect(findingsOf(app, 'Readiness-STA3').map((f) => f.message)).toEqual([expect.stringMatching(/denies s3:DeleteObject to every principal: Terraform could never release a .tflock/)]);
  });

  test('non-compliant: a lock table without PITR or deletion protection, keyed wrong', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    new dynamodb.Table(stack, 'Locks', { tableName: 'tf-locks', partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
    TerraformStateMarker.markStateBucket(handWritten(stack), StateLockingTag.DYNAMODB_TABLE, 'tf-locks');
    expect(findingsOf(app, 'Readiness-STA3').map((f) => f.message).sort()).toEqual([
      'Lock table S/Locks/Resource has no deletion protection',
      'Lock table S/Locks/Resource has no point-in-time recovery',
      'Lock table S/Locks/Resource is not keyed on LockID (string): Terraform cannot lock with it',
    ]);
  });

  test('compliant: a hand-written lock table whose booleans are the strings "true"', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    // As a template included with CfnInclude or written by hand would have it.
    new CfnResource(stack, 'Locks', {
      type: 'AWS::DynamoDB::Table',
      properties: {
        TableName: 'tf-locks',
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: 'true' },
        DeletionProtectionEnabled: 'true',
      },
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    TerraformStateMarker.markStateBucket(handWritten(stack), StateLockingTag.DYNAMODB_TABLE, 'tf-locks');
    expect(findingsOf(app, 'Readiness-STA3')).toEqual([]);
  });

  test('non-compliant: a lock table the app does not contain', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env: PRIMARY });
    TerraformStateMarker.markStateBucket(handWritten(stack), StateLockingTag.DYNAMODB_TABLE, 'elsewhere');
    expect(findingsOf(app, 'Readiness-STA3').map((f) => f.message)).toEqual(['The lock table "elsewhere" is not part of this app, so its protection cannot be verified']);
  });

  test('markStateBucket / markReplicaBucket on an imported bucket (nothing to tag) is a clear error', () => {
    const stack = new Stack(new App(), 'S');
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'acme-tfstate');
    expect(() => TerraformStateMarker.markStateBucket(imported, StateLockingTag.LOCK_FILE)).toThrow(
      /TerraformStateMarker.markStateBucket\('S\/Imported'\): the construct has no taggable AWS::S3::Bucket resource .*imported bucket.*tag the bucket where it is defined/);
    expect(() => TerraformStateMarker.markReplicaBucket(imported)).toThrow(/markReplicaBucket\('S\/Imported'\).*cdk-readiness:purpose=terraform-state-replica/);
    // Not a bucket at all: a table.
    const table = new dynamodb.Table(stack, 'T', { partitionKey: { name: 'LockID', type: dynamodb.AttributeType.STRING } });
    expect(() => TerraformStateMarker.markStateBucket(table, StateLockingTag.LOCK_FILE)).toThrow(/no taggable AWS::S3::Bucket resource/);
    // An L2 Bucket and a CfnBucket are fine.
    TerraformStateMarker.markStateBucket(new s3.Bucket(stack, 'L2'), StateLockingTag.LOCK_FILE);
    TerraformStateMarker.markReplicaBucket(new s3.CfnBucket(stack, 'L1'));
  });

  test('markStateBucket needs the table name for DynamoDB locking', () => {
    const stack = new Stack(new App(), 'S');
    expect(() => TerraformStateMarker.markStateBucket(new s3.Bucket(stack, 'B'), StateLockingTag.DYNAMODB_TABLE)).toThrow(/Pass the name of the DynamoDB lock table/);
  });
});

describe('the whole backend passes every readiness rule in PROD', () => {
  test('no findings at all for the replica and primary stacks', () => {
    const { app } = prodBackend({ locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE });
    const report = reportOf(app);
    expect(report.findings.map((f) => `${f.ruleId} ${f.constructPath}: ${f.message}`)).toEqual([]);
    expect(report.acknowledged.map((a) => a.ruleId).sort()).toEqual(['Readiness-BAK1', 'Readiness-MON1']);
  });
});

test('Readiness-STA2 non-compliant: a cross-region rule that skips SSE-KMS objects', () => {
  const app = prodApp();
  const stack = new Stack(app, 'S', { env: PRIMARY });
  new s3.Bucket(new Stack(app, 'Other', { env: DR }), 'T', { bucketName: 'acme-dr-copy' });
  const bucket = handWritten(stack);
  (bucket.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: 'arn:aws:iam::111111111111:role/r',
    rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::acme-dr-copy' } }],
  };
  TerraformStateMarker.markStateBucket(bucket, StateLockingTag.LOCK_FILE);
  expect(findingsOf(app, 'Readiness-STA2').map((f) => f.message)).toEqual([expect.stringMatching(/^The bucket is SSE-KMS encrypted but no cross-region rule replicates SSE-KMS objects/)]);
});
