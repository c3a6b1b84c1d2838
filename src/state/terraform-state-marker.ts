import { CfnResource, Tags, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as STATE_TAGS from '../shared/state-tags';

/**
 * How an S3 bucket declares the Terraform lock mechanism that guards the state in it
 * (tag `TerraformStateMarker.LOCKING_TAG_KEY`, read by rule Readiness-STA3).
 */
export enum StateLockingTag {
  /** S3 native lock file (`use_lockfile = true`, Terraform 1.10.1 and OpenTofu 1.10 and later). */
  LOCK_FILE = 'lockfile',
  /** A DynamoDB lock table, named by the tag `TerraformStateMarker.LOCK_TABLE_TAG_KEY`. */
  DYNAMODB_TABLE = 'dynamodb',
  /** Both: the lock file and a DynamoDB table (the migration path from the table to the lock file). */
  LOCK_FILE_AND_DYNAMODB_TABLE = 'lockfile+dynamodb',
}

/**
 * The tags that mark an S3 bucket as Terraform/OpenTofu remote state, so that the
 * ReadinessChecks rules STA1-STA3 judge it, whether `RemoteStateBackend` made it or you did:
 *
 * ```ts
 * TerraformStateMarker.markStateBucket(myBucket, StateLockingTag.LOCK_FILE);
 * ```
 *
 * or, in any IaC tool, the tag `cdk-readiness:purpose = terraform-state` on the bucket.
 */
export class TerraformStateMarker {
  /** Tag key naming the purpose of a bucket. */
  public static readonly PURPOSE_TAG_KEY = STATE_TAGS.PURPOSE_TAG_KEY;
  /** Purpose tag value of a bucket that holds Terraform/OpenTofu state (rules STA1, STA2, STA3). */
  public static readonly STATE_BUCKET = STATE_TAGS.STATE_BUCKET;
  /** Purpose tag value of the cross-region replica of a state bucket (rule STA1). */
  public static readonly REPLICA_BUCKET = STATE_TAGS.REPLICA_BUCKET;
  /** Purpose tag value of a DynamoDB lock table. */
  public static readonly LOCK_TABLE = STATE_TAGS.LOCK_TABLE;
  /** Tag key declaring how the state in a bucket is locked; values are `StateLockingTag`. */
  public static readonly LOCKING_TAG_KEY = STATE_TAGS.LOCKING_TAG_KEY;
  /** Tag key naming the DynamoDB lock table of a state bucket. */
  public static readonly LOCK_TABLE_TAG_KEY = STATE_TAGS.LOCK_TABLE_TAG_KEY;

  /**
   * Mark a bucket (an L2 `Bucket` or a `CfnBucket`) as holding Terraform/OpenTofu state.
   * An imported bucket (`Bucket.fromBucketName`) cannot be marked: it has no CloudFormation
   * resource to tag. Tag it where it is defined instead.
   *
   * @param bucket the bucket construct
   * @param locking how the state is locked
   * @param lockTableName the DynamoDB lock table, for `DYNAMODB_TABLE` and `LOCK_FILE_AND_DYNAMODB_TABLE`
   */
  public static markStateBucket(bucket: IConstruct, locking: StateLockingTag, lockTableName?: string): void {
    assertTaggableBucket('markStateBucket', bucket);
    const needsTable = locking !== StateLockingTag.LOCK_FILE;
    if (needsTable && !lockTableName) {
      throw new Error(
        `TerraformStateMarker.markStateBucket('${bucket.node.path}'): locking is '${locking}' but lockTableName is ${JSON.stringify(lockTableName)}. ` +
          'Pass the name of the DynamoDB lock table, or use StateLockingTag.LOCK_FILE.',
      );
    }
    Tags.of(bucket).add(TerraformStateMarker.PURPOSE_TAG_KEY, TerraformStateMarker.STATE_BUCKET);
    Tags.of(bucket).add(TerraformStateMarker.LOCKING_TAG_KEY, locking);
    if (needsTable && lockTableName) Tags.of(bucket).add(TerraformStateMarker.LOCK_TABLE_TAG_KEY, lockTableName);
  }

  /**
   * Mark a bucket as the cross-region replica of a state bucket (judged by rule STA1).
   */
  public static markReplicaBucket(bucket: IConstruct): void {
    assertTaggableBucket('markReplicaBucket', bucket);
    Tags.of(bucket).add(TerraformStateMarker.PURPOSE_TAG_KEY, TerraformStateMarker.REPLICA_BUCKET);
  }

  private constructor() {}
}

/**
 * Tags reach CloudFormation only through a taggable `AWS::S3::Bucket` resource: the construct
 * itself (a `CfnBucket`) or its default child (an L2 `Bucket`). Anything else, an imported
 * bucket above all, would be left untagged without a word, and the rules would never judge it.
 */
function assertTaggableBucket(method: string, bucket: IConstruct): void {
  const resource = CfnResource.isCfnResource(bucket) ? bucket : bucket.node.defaultChild;
  const isBucket = resource !== undefined && CfnResource.isCfnResource(resource) && resource.cfnResourceType === 'AWS::S3::Bucket';
  if (!isBucket || !TagManager.isTaggable(resource)) {
    throw new Error(
      `TerraformStateMarker.${method}('${bucket.node.path}'): the construct has no taggable AWS::S3::Bucket resource of this app ` +
        '(an imported bucket such as Bucket.fromBucketName has none), so the tags would be silently dropped and rules STA1-STA3 would never judge it. ' +
        'Pass the Bucket or CfnBucket that defines the bucket, or tag the bucket where it is defined ' +
        `(${TerraformStateMarker.PURPOSE_TAG_KEY}=${method === 'markStateBucket' ? TerraformStateMarker.STATE_BUCKET : TerraformStateMarker.REPLICA_BUCKET}).`,
    );
  }
}
