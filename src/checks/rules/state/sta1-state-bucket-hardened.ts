import { appliesToEveryone, defaultEncryption, policyStatements, statePurpose } from '../../../analysis/state-buckets';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const PUBLIC_ACCESS_FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * STA1: a Terraform state bucket (or its replica) is versioned, encrypted with a customer
 * managed KMS key that rotates, blocks public access and accepts TLS requests only.
 */
export const STA1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-STA1',
  area: ReadinessArea.STATE,
  impact: RuleImpact.CRITICAL,
  title: 'Terraform state buckets are versioned, KMS-encrypted, private and TLS-only',
  auditLine: 'Task 83 (Infrastructure as Code): "No terraform state management configuration"',
  explanation:
    'Terraform state holds every resource ID and often secrets in plain text. Without versioning a bad apply or a corrupt write loses it for good; without a customer key, blocked public access and TLS-only access it can leak.',
  fix: 'Plain CDK: give the bucket `versioned: true`, `encryption: s3.BucketEncryption.KMS` with a rotating key (`new kms.Key(this, "StateKey", { enableKeyRotation: true })`), `blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL` and `enforceSSL: true`. With this library: `RemoteStateBackend` (and `RemoteStateReplica`) set all of it. Buckets are judged when tagged `cdk-readiness:purpose=terraform-state` (or `terraform-state-replica`).',
  resourceTypes: ['AWS::S3::Bucket'],
  evaluate(bucket, index) {
    if (!statePurpose(bucket)) return NOT_APPLICABLE;
    const p = bucket.properties;
    const failures: Failure[] = [];
    if (p.VersioningConfiguration?.Status !== 'Enabled') {
      failures.push({ message: 'Versioning is not enabled: an overwritten or deleted state file cannot be recovered', location: 'Properties/VersioningConfiguration' });
    }
    const enc = defaultEncryption(bucket);
    if (enc.algorithm !== 'aws:kms' && enc.algorithm !== 'aws:kms:dsse') {
      failures.push({ message: `Default encryption is ${enc.algorithm ?? 'not configured'}, not SSE-KMS with a customer managed key`, location: 'Properties/BucketEncryption' });
    } else if (enc.key === undefined || (typeof enc.key === 'string' && /(^|:)alias\/aws\//.test(enc.key))) {
      failures.push({ message: 'SSE-KMS uses the AWS managed key aws/s3: access to the state cannot be restricted or audited through a key policy', location: 'Properties/BucketEncryption' });
    } else {
      for (const key of index.referencedResources(enc.key, bucket.stack).filter((r) => r.type === 'AWS::KMS::Key')) {
        if (key.properties.EnableKeyRotation !== true && key.properties.EnableKeyRotation !== 'true') {
          failures.push({ message: `The state key ${key.path} does not rotate (EnableKeyRotation is not true)`, location: 'Properties/BucketEncryption' });
        }
      }
    }
    const pab = p.PublicAccessBlockConfiguration ?? {};
    const open = PUBLIC_ACCESS_FLAGS.filter((f) => pab[f] !== true && pab[f] !== 'true');
    if (open.length > 0) {
      failures.push({ message: `Public access is not fully blocked (${open.join(', ')} not true)`, location: 'Properties/PublicAccessBlockConfiguration' });
    }
    const tlsOnly = policyStatements(index, bucket).some((s) => s?.Effect === 'Deny' && appliesToEveryone(s) &&
      ['false', false].includes(s?.Condition?.Bool?.['aws:SecureTransport']));
    if (!tlsOnly) {
      failures.push({ message: 'No bucket policy denies requests without TLS (aws:SecureTransport = false)', location: 'BucketPolicy' });
    }
    return failAll(failures);
  },
};
