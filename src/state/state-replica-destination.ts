import { Stack, Token } from 'aws-cdk-lib';
import { validateBucketName } from './private/validation';
import { RemoteStateReplica } from './remote-state-replica';
import { invalidValue } from '../shared/validation';

/**
 * Where a replica lives, given by literal names (for a replica made elsewhere).
 */
export interface StateReplicaDestinationAttributes {
  /** Name of the replica bucket. */
  readonly bucketName: string;
  /** Region of the replica bucket, e.g. `eu-central-1`; must differ from the primary's. */
  readonly region: string;
  /**
   * Alias of the replica bucket's KMS key (`alias/...`), in the same account.
   *
   * @default - none: give `kmsKeyArn`
   */
  readonly kmsKeyAliasName?: string;
  /**
   * ARN of the replica bucket's KMS key.
   *
   * @default - none: give `kmsKeyAliasName`
   */
  readonly kmsKeyArn?: string;
  /**
   * Whether the replica bucket has S3 Object Lock (needed when the primary has it).
   *
   * @default false
   */
  readonly objectLockEnabled?: boolean;
}

/**
 * The cross-region replica a `RemoteStateBackend` replicates to, wired by literal names and
 * ARNs: never a construct reference across regions (those silently add custom resources).
 */
export class StateReplicaDestination {
  /**
   * The replica made by a `RemoteStateReplica` in a stack of another region. Only its literal
   * bucket name, region and key alias are read, and its stack: the state stack depends on it,
   * so that the replica bucket exists before replication to it is configured (an ordering only:
   * no export, no custom resource).
   */
  public static fromReplica(replica: RemoteStateReplica): StateReplicaDestination {
    const destination = new StateReplicaDestination({
      bucketName: replica.bucketName,
      region: replica.region,
      kmsKeyAliasName: replica.kmsKeyAliasName,
      objectLockEnabled: replica.objectLockEnabled,
    });
    destination._replicaStack = Stack.of(replica);
    return destination;
  }

  /**
   * A replica bucket made elsewhere (another app, another tool), by name and key.
   *
   * Nothing orders the deployments then: the replica bucket must exist, versioned, before the
   * state stack is deployed (S3 rejects a replication rule whose destination bucket does not
   * exist). Deploy the replica first.
   */
  public static fromAttributes(attrs: StateReplicaDestinationAttributes): StateReplicaDestination {
    return new StateReplicaDestination(attrs);
  }

  /** Name of the replica bucket. */
  public readonly bucketName: string;
  /** Region of the replica bucket. */
  public readonly region: string;
  /** Alias of the replica key, when given by alias. */
  public readonly kmsKeyAliasName?: string;
  /** ARN of the replica key, when given by ARN. */
  public readonly kmsKeyArn?: string;
  /** Whether the replica bucket has S3 Object Lock. */
  public readonly objectLockEnabled: boolean;

  /**
   * The stack of the replica when it is made in this app: the state stack deploys after it
   * (S3 rejects a replication rule whose destination bucket does not exist yet).
   * @internal
   */
  public _replicaStack?: Stack;

  private constructor(attrs: StateReplicaDestinationAttributes) {
    const where = 'StateReplicaDestination';
    if (!attrs.bucketName || Token.isUnresolved(attrs.bucketName)) {
      invalidValue(where, 'bucketName', attrs.bucketName, 'Give the literal name of the replica bucket (a cross-region token would add a custom resource).');
    }
    validateBucketName(where, 'bucketName', attrs.bucketName);
    if (!attrs.region || Token.isUnresolved(attrs.region) || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(attrs.region)) {
      invalidValue(where, 'region', attrs.region, 'Give the literal AWS region of the replica, for example "eu-central-1".');
    }
    if ((attrs.kmsKeyAliasName === undefined) === (attrs.kmsKeyArn === undefined)) {
      invalidValue(where, 'kmsKeyAliasName/kmsKeyArn', { kmsKeyAliasName: attrs.kmsKeyAliasName, kmsKeyArn: attrs.kmsKeyArn },
        'Give exactly one of them: the replica bucket\'s KMS key, by alias ("alias/...") or by key ARN.');
    }
    if (attrs.kmsKeyAliasName !== undefined && !attrs.kmsKeyAliasName.startsWith('alias/')) {
      invalidValue(where, 'kmsKeyAliasName', attrs.kmsKeyAliasName, 'A KMS alias name starts with "alias/".');
    }
    if (attrs.kmsKeyArn !== undefined && !Token.isUnresolved(attrs.kmsKeyArn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(attrs.kmsKeyArn)) {
      invalidValue(where, 'kmsKeyArn', attrs.kmsKeyArn, 'Give a KMS key ARN, "arn:aws:kms:<region>:<account>:key/<key id>".');
    }
    this.bucketName = attrs.bucketName;
    this.region = attrs.region;
    this.kmsKeyAliasName = attrs.kmsKeyAliasName;
    this.kmsKeyArn = attrs.kmsKeyArn;
    this.objectLockEnabled = attrs.objectLockEnabled ?? false;
  }
}
