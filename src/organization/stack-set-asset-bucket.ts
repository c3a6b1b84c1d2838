import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { invalidProp } from '../shared/validation';
import { accessLogBucket, acknowledgeUnwatchedBucket, enableAccessLogs, LOCKED_DOWN_BUCKET } from '../state/private/hardened-bucket';

const CONSTRUCT = 'StackSetAssetBucket';
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const PREFIX = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

/**
 * Props of StackSetAssetBucket.
 */
export interface StackSetAssetBucketProps {
  /**
   * Start of the bucket's name: the bucket is named `<bucketNamePrefix>-<region>`, and the
   * StackSet templates read their assets from `<bucketNamePrefix>-${AWS::Region}`. Bucket names
   * are global: include something of yours (the organization or account id).
   */
  readonly bucketNamePrefix: string;

  /** The organization (`o-...`) whose accounts may read the assets. */
  readonly organizationId: string;

  /**
   * Where the bucket's S3 server access logs go.
   *
   * @default - a log bucket of its own in this stack (SSE-S3, expires logs after the profile's log retention)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * The readiness profile whose log retention applies to the access-log bucket this construct creates.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;
}

/**
 * The asset bucket of one region for StackSet templates that need assets (Lambda code): a
 * `StackSetRollout` given these buckets (one per region of the rollout) copies the template's
 * file assets into them, and the template reads them from `<bucketNamePrefix>-${AWS::Region}`,
 * the bucket of the region each stack instance runs in.
 *
 * Create one in a stack of each region, in the account that owns the rollout, and deploy these
 * stacks before the rollout's stack. The bucket is SSE-S3 (member accounts read it across
 * accounts: an SSE-KMS bucket would need a key every account of the organization may decrypt
 * with, which protects nothing the bucket policy does not), versioned, TLS only, with access
 * logs, retained; only accounts of the organization may read objects, and nobody outside this
 * account may write.
 */
export class StackSetAssetBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The start of the bucket's name (the name is `<bucketNamePrefix>-<region>`). */
  public readonly bucketNamePrefix: string;
  /** The bucket's region (the region of its stack). */
  public readonly region: string;
  /** The organization whose accounts may read the assets. */
  public readonly organizationId: string;
  /** Where the bucket's access logs go. */
  public readonly serverAccessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: StackSetAssetBucketProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      invalidProp(this, CONSTRUCT, 'region of the stack', stack.region, 'Give the stack an explicit region (env: { account, region }): the bucket is named after it.');
    }
    if (typeof props.organizationId !== 'string' || !ORGANIZATION_ID.test(props.organizationId)) {
      invalidProp(this, CONSTRUCT, 'organizationId', props.organizationId, 'Give the organization id (o-xxxxxxxxxx, see `aws organizations describe-organization`).');
    }
    const name = `${props.bucketNamePrefix}-${stack.region}`;
    if (typeof props.bucketNamePrefix !== 'string' || !PREFIX.test(props.bucketNamePrefix) || props.bucketNamePrefix.includes('--') || name.length > 63) {
      invalidProp(this, CONSTRUCT, 'bucketNamePrefix', props.bucketNamePrefix,
        `Use lowercase letters, digits and single hyphens, at most ${62 - stack.region.length} characters here: the bucket is named '<prefix>-${stack.region}' (63 at most).`);
    }
    this.bucketNamePrefix = props.bucketNamePrefix;
    this.region = stack.region;
    this.organizationId = props.organizationId;
    const profile = props.profile ?? ReadinessProfile.of(this);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...LOCKED_DOWN_BUCKET,
      bucketName: name,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      // Assets are addressed by their hash and never overwritten; an older version exists only
      // when the same object is copied again.
      lifecycleRules: [{ id: 'expire-noncurrent-copies', noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowOrganizationToReadAssets',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    }));
    this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? accessLogBucket(this, 'AccessLogs', profile.logRetentionDays, {
      logsOf: `the StackSet asset bucket ${name}`,
      encryption: 'S3 server access logging delivers only to buckets encrypted with SSE-S3 (SSE-KMS destinations are not supported); the logs hold request metadata.',
      replication: 'Access logs of this region\'s asset bucket, with a bounded retention: the assets themselves are copied again by every deployment of the rollout.',
    });
    enableAccessLogs(this.bucket, this.serverAccessLogsBucket, `${name}/`);

    const reproducible = 'The bucket holds copies of the StackSet templates\' assets, which every deployment of the rollout copies again from the CDK app; each region has its own bucket because CloudFormation reads Lambda code only from a bucket in the stack\'s region.';
    Validations.of(this.bucket).acknowledge(
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason: 'Every account of the organization reads these objects across accounts: SSE-KMS would need a key policy letting the whole organization decrypt, which protects nothing the bucket policy (aws:PrincipalOrgID) does not; the objects are Lambda code, not data.',
      },
      { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', reason: 'SSE-S3 on purpose: every account of the organization reads these objects across accounts (see the NIST acknowledgement).' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: reproducible },
      { id: 'cdk-validator-cfnguard::s3_bucket_replication_enabled_check', reason: reproducible },
    );
    acknowledgeUnwatchedBucket(this.bucket, 'Objects are addressed by their content hash and written only by the rollout\'s copy; versioning keeps an overwritten or deleted object restorable, and object lock would keep old code past its use.');
  }
}
