import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { accessLogBucket, acknowledgeUnwatchedBucket, defaultNoncurrentExpiration, denyUnencryptedWrites, enableAccessLogs, hardenedStateBucketProps, stateKey } from './private/hardened-bucket';
import { validateBucketName } from './private/validation';
import { TerraformStateMarker } from './terraform-state-marker';
import { invalidValue } from '../shared/validation';

/**
 * Properties of a {@link RemoteStateReplica}.
 */
export interface RemoteStateReplicaProps {
  /**
   * Name of the replica bucket. Required and literal: the primary `RemoteStateBackend`, in
   * another region, refers to the replica by this name (never by a cross-region reference).
   */
  readonly bucketName: string;

  /**
   * Alias of the replica's KMS key; the primary's replication rule and role refer to the key
   * through this alias (the alias ARN), so the primary needs no reference to the replica stack.
   *
   * @default - `alias/terraform-state-replica/<bucketName, dots replaced by dashes>`
   */
  readonly kmsKeyAliasName?: string;

  /**
   * Expire noncurrent versions of replicated objects after this long.
   *
   * @default - the same default as the primary: 365 days under PROD, 90 days otherwise
   */
  readonly noncurrentVersionExpiration?: Duration;

  /**
   * Noncurrent versions always kept, however old (the newest ones).
   *
   * @default 100
   */
  readonly noncurrentVersionsToRetain?: number;

  /**
   * Enable S3 Object Lock on the replica bucket. Required when the primary uses object lock:
   * S3 replicates from an object-locked bucket only into an object-locked bucket.
   *
   * @default false
   */
  readonly objectLockEnabled?: boolean;

  /**
   * Bucket that receives the replica bucket's server access logs.
   *
   * @default - a new log bucket in the replica's region (SSE-S3, versioned, TLS only, retained,
   * logs expire after the profile's log retention)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * The disaster-recovery replica of a Terraform/OpenTofu state bucket: a versioned bucket
 * encrypted with its own customer managed key (rotation, bucket key), public access blocked,
 * TLS-only, access-logged, retained. Put it in a stack of the DR region and pass it to the
 * primary with `StateReplicaDestination.fromReplica(replica)`: the two are wired by name and
 * alias, so no cross-region reference (and no hidden custom resource) is created.
 */
export class RemoteStateReplica extends Construct {
  /** The replica bucket. */
  public readonly bucket: s3.Bucket;
  /** The replica's customer managed key. */
  public readonly encryptionKey: kms.Key;
  /** Name of the replica bucket (literal). */
  public readonly bucketName: string;
  /** Region of the replica (literal). */
  public readonly region: string;
  /** Alias of the replica key, `alias/...`. */
  public readonly kmsKeyAliasName: string;
  /** Whether the replica bucket has S3 Object Lock. */
  public readonly objectLockEnabled: boolean;
  /** The bucket receiving server access logs. */
  public readonly serverAccessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: RemoteStateReplicaProps) {
    super(scope, id);
    const where = `RemoteStateReplica '${this.node.path}'`;
    const stack = Stack.of(this);
    if (props.bucketName === undefined || Token.isUnresolved(props.bucketName)) {
      invalidValue(where, 'bucketName', props.bucketName,
        'Give the replica bucket a literal name: the primary backend in another region refers to it by name, never by a cross-region reference.');
    }
    validateBucketName(where, 'bucketName', props.bucketName);
    if (Token.isUnresolved(stack.region)) {
      invalidValue(where, 'stack region', stack.region,
        'Put the replica in a stack with an explicit region (new Stack(app, \'StateReplica\', { env: { account, region: \'eu-central-1\' } })): the primary must know where its replica is.');
    }
    const profile = ReadinessProfile.of(this);
    const aliasName = props.kmsKeyAliasName ?? `alias/terraform-state-replica/${props.bucketName.replace(/\./g, '-')}`;
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(aliasName) || aliasName.startsWith('alias/aws/') || aliasName.length > 256) {
      invalidValue(where, 'kmsKeyAliasName', aliasName, 'Use "alias/" followed by letters, digits, "/", "_" or "-" (not "alias/aws/"), at most 256 characters.');
    }
    const retain = props.noncurrentVersionsToRetain ?? 100;
    if (!Number.isInteger(retain) || retain < 1 || retain > 100) {
      invalidValue(where, 'noncurrentVersionsToRetain', retain, 'Use a whole number from 1 to 100 (the S3 lifecycle limit).');
    }

    this.bucketName = props.bucketName;
    this.region = stack.region;
    this.kmsKeyAliasName = aliasName;
    this.objectLockEnabled = props.objectLockEnabled ?? false;

    this.encryptionKey = stateKey(this, 'Key', `Terraform state replica ${props.bucketName}`, aliasName);
    this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? accessLogBucket(this, 'AccessLogs', profile.logRetentionDays);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...hardenedStateBucketProps(this.encryptionKey),
      bucketName: props.bucketName,
      versioned: true,
      objectLockEnabled: this.objectLockEnabled || undefined,
      lifecycleRules: [{
        id: 'expire-noncurrent-versions',
        noncurrentVersionExpiration: props.noncurrentVersionExpiration ?? defaultNoncurrentExpiration(profile),
        noncurrentVersionsToRetain: retain,
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      }],
    });
    enableAccessLogs(this.bucket, this.serverAccessLogsBucket, `${props.bucketName}/`);
    acknowledgeUnwatchedBucket(this.bucket, 'Terraform rewrites its state object on every apply; versioning (with the noncurrent-version lifecycle) keeps each earlier state restorable, while object lock would make every version undeletable and the noncurrent-version expiry impossible.');
    denyUnencryptedWrites(this.bucket, [
      this.encryptionKey.keyArn,
      stack.formatArn({ service: 'kms', resource: aliasName, arnFormat: undefined }),
    ]);
    TerraformStateMarker.markReplicaBucket(this.bucket);
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'This bucket is itself the cross-region replica of the Terraform state bucket; a second copy of the copy adds cost, not recoverability.',
    });
  }
}
