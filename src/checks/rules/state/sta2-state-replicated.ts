import { destinationRegion, wholeBucketReplicationRules } from '../../../analysis/data-buckets';
import { defaultEncryption, statePurpose } from '../../../analysis/state-buckets';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * STA2: Terraform state is replicated to a bucket in another region (where the profile requires it).
 */
export const STA2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-STA2',
  area: ReadinessArea.STATE,
  impact: RuleImpact.HIGH,
  title: 'Terraform state is replicated to another region',
  auditLine: 'Task 83 (Infrastructure as Code) and Task 87 (Backup & Recovery): "No disaster recovery procedures"',
  explanation:
    'When the state bucket\'s region is down, no infrastructure can be changed, including the infrastructure needed to fail over. A replica in another region, with KMS-encrypted objects replicated, keeps the state available.',
  fix: 'Plain CDK: an enabled replication rule on the state bucket (`replicationRules` on `s3.Bucket`, or `ReplicationConfiguration` on the L1) to a versioned bucket in another region, with `sseKmsEncryptedObjects` and the replica\'s KMS key. With this library: add a `RemoteStateReplica` in a stack of the DR region and pass `replica: StateReplicaDestination.fromReplica(replica)` to `RemoteStateBackend`.',
  resourceTypes: ['AWS::S3::Bucket'],
  evaluate(bucket, index, profile) {
    if (statePurpose(bucket) !== 'state' || !profile.requireStateReplica) return NOT_APPLICABLE;
    // Only rules that cover the whole bucket replicate the state: a prefix or tag filter leaves some out.
    const rules = wholeBucketReplicationRules(bucket);
    if (rules.length === 0) {
      return failAll([{ message: `State is not replicated to another region (profile '${profile.name}' requires it)`, location: 'Properties/ReplicationConfiguration' }]);
    }
    const failures: Failure[] = [];
    const elsewhere = rules.filter((r) => {
      const region = destinationRegion(index, bucket, r?.Destination?.Bucket);
      return region === undefined || region !== (bucket.stack.region ?? 'same-stack');
    });
    if (elsewhere.length === 0) {
      failures.push({ message: 'Every replication rule targets a bucket in the same region: a regional outage takes both copies', location: 'Properties/ReplicationConfiguration/Rules' });
    }
    const kms = defaultEncryption(bucket).algorithm?.startsWith('aws:kms');
    if (kms && elsewhere.length > 0 && !elsewhere.some((r) => r?.SourceSelectionCriteria?.SseKmsEncryptedObjects?.Status === 'Enabled' && r?.Destination?.EncryptionConfiguration?.ReplicaKmsKeyID !== undefined)) {
      failures.push({
        message: 'The bucket is SSE-KMS encrypted but no cross-region rule replicates SSE-KMS objects (SourceSelectionCriteria.SseKmsEncryptedObjects and a ReplicaKmsKeyID): S3 skips every state file',
        location: 'Properties/ReplicationConfiguration/Rules',
      });
    }
    return failAll(failures);
  },
};
