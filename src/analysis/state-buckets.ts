import { AppIndex, asArray, IndexedResource } from './app-index';
import * as STATE_TAGS from '../shared/state-tags';

/** Raw value of a tag (literal or intrinsic), or undefined. */
export function rawTag(resource: IndexedResource, key: string): unknown {
  for (const t of asArray(resource.properties.Tags)) {
    if (t && t.Key === key) return t.Value;
  }
  return undefined;
}

/** The purpose tag of a bucket: state, replica or none. */
export function statePurpose(resource: IndexedResource): 'state' | 'replica' | undefined {
  const purpose = rawTag(resource, STATE_TAGS.PURPOSE_TAG_KEY);
  if (purpose === STATE_TAGS.STATE_BUCKET) return 'state';
  if (purpose === STATE_TAGS.REPLICA_BUCKET) return 'replica';
  return undefined;
}

/** Bucket policies of every bucket, by reference or by literal bucket name (computed once). */
export function bucketPolicies(index: AppIndex, bucket: IndexedResource): readonly IndexedResource[] {
  const map = index.derived('state:bucket-policies', (ix) => {
    const byBucket = new Map<IndexedResource, IndexedResource[]>();
    for (const policy of ix.resourcesOfType('AWS::S3::BucketPolicy')) {
      const target = policy.properties.Bucket;
      const buckets = typeof target === 'string'
        ? ix.resourcesNamed(target).filter((r) => r.type === 'AWS::S3::Bucket')
        : ix.referencedResources(target, policy.stack).filter((r) => r.type === 'AWS::S3::Bucket');
      for (const b of buckets) {
        let list = byBucket.get(b);
        if (!list) byBucket.set(b, (list = []));
        list.push(policy);
      }
    }
    return byBucket;
  });
  return map.get(bucket) ?? [];
}

/** Every statement of the bucket's policies. */
export function policyStatements(index: AppIndex, bucket: IndexedResource): any[] {
  return bucketPolicies(index, bucket).flatMap((p) => asArray(p.properties.PolicyDocument?.Statement));
}

/** A statement that applies to every principal. */
export function appliesToEveryone(statement: any): boolean {
  const p = statement?.Principal;
  return p === '*' || (p && typeof p === 'object' && asArray(p.AWS).includes('*'));
}

/** Whether a statement's actions include an action (wildcards such as `s3:*`, `s3:Delete*`, `*`). */
export function coversAction(statement: any, action: string): boolean {
  return asArray(statement?.Action).some((a) => {
    if (typeof a !== 'string') return false;
    const pattern = new RegExp('^' + a.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
    return pattern.test(action);
  });
}

/** The SSE algorithm and key of a bucket's default encryption. */
export function defaultEncryption(bucket: IndexedResource): { algorithm?: string; key?: unknown } {
  const rule = asArray(bucket.properties.BucketEncryption?.ServerSideEncryptionConfiguration)[0];
  const d = rule?.ServerSideEncryptionByDefault;
  return { algorithm: d?.SSEAlgorithm, key: d?.KMSMasterKeyID };
}
