import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../../profile';
import { restrictGrantsToAwsServices } from '../../shared/key-grants';

/** A customer managed key for state objects: rotation on, retained, deterministic description. */
export function stateKey(scope: Construct, id: string, description: string, alias?: string): kms.Key {
  return restrictGrantsToAwsServices(new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
    alias,
  }));
}

/** Why a log bucket is configured as it is: the reasons its cdk-nag acknowledgements give. */
export interface LogBucketReasons {
  /** What the bucket logs, e.g. "the Terraform state bucket". */
  readonly logsOf: string;
  /** Why the bucket is SSE-S3, not SSE-KMS. */
  readonly encryption: string;
  /** Why the bucket is not replicated. */
  readonly replication: string;
}

const STATE_LOG_REASONS: LogBucketReasons = {
  logsOf: 'the Terraform state bucket',
  encryption: 'S3 server access logging delivers only to buckets encrypted with SSE-S3 (SSE-KMS destinations are not supported); the logs hold request metadata, not state.',
  replication: 'Access logs are an audit trail of this region\'s state bucket with a bounded retention; the state itself is replicated, the request log of a lost region is not needed to restore it.',
};

/**
 * What every bucket of this library's constructs shares, whatever it holds: no public access,
 * owner-enforced objects (no ACLs), TLS 1.2 only, RETAIN.
 */
export const LOCKED_DOWN_BUCKET: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * A bucket that receives access logs (S3 server access logs of a state bucket by default).
 * S3 server access logging and Elastic Load Balancing deliver only to buckets encrypted with
 * SSE-S3; server access logging writes through a bucket-policy grant to `logging.s3.amazonaws.com`
 * (set explicitly with `allowLogDelivery`, whatever the app's feature flags).
 */
export function accessLogBucket(scope: Construct, id: string, retentionDays: number, reasons: LogBucketReasons = STATE_LOG_REASONS): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...LOCKED_DOWN_BUCKET,
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    lifecycleRules: [{
      id: 'expire-access-logs',
      expiration: Duration.days(retentionDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  const selfLogging = `This bucket is the access log destination of ${reasons.logsOf}; logging it into itself would log its own log deliveries without end.`;
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: selfLogging });
  Validations.of(bucket).acknowledge({ id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: selfLogging });
  Validations.of(bucket).acknowledge({ id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: reasons.encryption });
  Validations.of(bucket).acknowledge({ id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: reasons.replication });
  // AWS Control Tower's proactive controls (cdk-validator-cfnguard) ask the same of every bucket.
  Validations.of(bucket).acknowledge({ id: `${CONTROL_TOWER}::s3_bucket_logging_enabled_check`, reason: selfLogging });
  Validations.of(bucket).acknowledge({ id: `${CONTROL_TOWER}::s3_bucket_default_encryption_kms_check`, reason: reasons.encryption });
  acknowledgeUnwatchedBucket(bucket, 'Log objects expire by the lifecycle rule after the retention period; object lock would keep them past it, and the log services need no write-once guarantee from the destination (CloudTrail\'s own log file validation covers the audit trail).');
  return bucket;
}

/** The validation plugin name of AWS Control Tower's proactive controls (@cdklabs/cdk-validator-cfnguard). */
const CONTROL_TOWER = 'cdk-validator-cfnguard';

/**
 * Acknowledge the two Control Tower bucket controls that do not apply to a bucket only AWS
 * services and this library's tooling write to: event notifications (CT.S3.PR.4) and object lock
 * (CT.S3.PR.9, with the bucket's own reason).
 */
export function acknowledgeUnwatchedBucket(bucket: s3.Bucket, objectLockReason: string): void {
  Validations.of(bucket).acknowledge({
    id: `${CONTROL_TOWER}::s3_event_notifications_enabled_check`,
    reason: 'Nothing reacts to single objects of this bucket: AWS services or the owning tool write it and people read it on demand; access is recorded by the server access logs and CloudTrail, and GuardDuty S3 protection watches the data events.',
  });
  Validations.of(bucket).acknowledge({ id: `${CONTROL_TOWER}::s3_bucket_object_lock_enabled_check`, reason: objectLockReason });
}

/** Let S3 server access logging write objects under `prefix` for `source` only. */
export function allowLogDelivery(logBucket: s3.IBucket, source: s3.IBucket, prefix: string): void {
  logBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowS3ServerAccessLogDelivery',
    effect: iam.Effect.ALLOW,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [logBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': source.bucketArn },
      StringEquals: { 'aws:SourceAccount': Stack.of(source).account },
    },
  }));
}

/** Log to `logBucket` under `prefix`, set on the L1 so that no feature flag changes the result. */
export function enableAccessLogs(bucket: s3.Bucket, logBucket: s3.IBucket, prefix: string): void {
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: logBucket.bucketName,
    logFilePrefix: prefix,
  };
  allowLogDelivery(logBucket, bucket, prefix);
}

/**
 * Deny writes that would not be encrypted with the bucket's customer key: an explicit other
 * algorithm (SSE-S3, DSSE) or another KMS key. Requests without encryption headers get the
 * bucket default (the customer key, with a bucket key).
 */
export function denyUnencryptedWrites(bucket: s3.Bucket, allowedKeyIds: string[]): void {
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyWritesNotEncryptedWithSSEKMS',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyWritesWithAnotherKmsKey',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': allowedKeyIds } },
  }));
}

/** KMS conditions for S3 with Bucket Keys: the encryption context is the bucket ARN. */
export function s3KmsConditions(bucketArn: string, region: string): Record<string, any> {
  return {
    StringEquals: {
      'kms:EncryptionContext:aws:s3:arn': bucketArn,
      'kms:ViaService': `s3.${region}.amazonaws.com`,
    },
  };
}

/**
 * The bucket settings every state bucket shares, primary and replica (and the security baseline's
 * audit log bucket): SSE-KMS with the given key and bucket keys, no public access, owner-enforced
 * objects, TLS 1.2 only, RETAIN.
 */
export function hardenedStateBucketProps(encryptionKey: kms.IKey): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey,
    bucketKeyEnabled: true,
    ...LOCKED_DOWN_BUCKET,
  };
}

/** Noncurrent versions of state are kept a year under PROD-like retention, 90 days otherwise. */
export function defaultNoncurrentExpiration(profile: ReadinessProfile): Duration {
  return Duration.days(Math.max(90, profile.monthlyBackupRetentionDays, profile.minBackupRetentionDays));
}
