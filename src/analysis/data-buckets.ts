// Which S3 buckets hold data: the one definition BAK1 (protection), BAK8 (versioning), BAK5 and
// DOC2 (through the backup selections) share. A bucket holds data unless it only receives what
// a service writes for its own records or what a deploy puts there again:
//   - access logs: the LoggingConfiguration target of another bucket, or the log bucket of a
//     CloudFront distribution or a load balancer;
//   - log delivery: the bucket of a CloudTrail trail, an AWS Config delivery channel or a VPC
//     flow log (retention and integrity are SEC2/SEC3's business, not backups');
//   - canary artifacts: the ArtifactS3Location of a CloudWatch Synthetics canary;
//   - Terraform state and its replica (this library's state buckets: STA1–STA3 judge them);
//   - CDK asset and staging buckets (`cdk-<qualifier>-assets-…`, `cdk-<qualifier>-staging-…`):
//     every deploy uploads their contents again;
//   - StackSet asset buckets: the bucket of its region a StackSet's inline template reads code
//     from (`S3Bucket: { Fn::Sub: '<prefix>-${AWS::Region}' }`), which every deploy copies again.
// A bucket that holds data is protected when an AWS Backup plan selects it, or when it is
// versioned and replicated (every object, an enabled rule) to a bucket in another region.
import { AppIndex, asArray, IndexedResource, IndexedStack } from './app-index';
import { isSelectedForBackup } from './backup-selections';
import { stackSetTemplate } from './stack-set-template';
import { statePurpose } from './state-buckets';

const BUCKET = 'AWS::S3::Bucket';

/** The buckets a template value names: by reference, or by a literal name, ARN, `s3://` URL or domain name. */
function bucketsIn(value: unknown, from: IndexedStack, index: AppIndex): IndexedResource[] {
  const referenced = index.referencedResources(value, from).filter((r) => r.type === BUCKET);
  if (referenced.length > 0 || typeof value !== 'string') return referenced;
  const name = value.replace(/^arn:[^:]+:s3:::/, '').replace(/^s3:\/\//, '').replace(/\.s3[.-].*$/, '').split('/')[0];
  return index.resourcesNamed(name).filter((r) => r.type === BUCKET);
}

/** What each non-data bucket is for, computed once per validation. */
function nonDataRoles(index: AppIndex): ReadonlyMap<IndexedResource, string> {
  return index.derived('data-buckets:roles', (ix) => {
    const roles = new Map<IndexedResource, string>();
    const mark = (value: unknown, from: IndexedStack, role: string) => {
      for (const b of bucketsIn(value, from, ix)) if (!roles.has(b)) roles.set(b, role);
    };
    for (const b of ix.resourcesOfType(BUCKET)) mark(b.properties.LoggingConfiguration?.DestinationBucketName, b.stack, 'an access-log bucket (another bucket\'s server access logs)');
    for (const d of ix.resourcesOfType('AWS::CloudFront::Distribution')) mark(d.properties.DistributionConfig?.Logging?.Bucket, d.stack, 'an access-log bucket (CloudFront logs)');
    for (const lb of ix.resourcesOfType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      for (const a of asArray(lb.properties.LoadBalancerAttributes)) {
        if (typeof a?.Key === 'string' && /^(access|connection)_logs\.s3\.bucket$/.test(a.Key)) mark(a.Value, lb.stack, 'an access-log bucket (load balancer logs)');
      }
    }
    for (const t of ix.resourcesOfType('AWS::CloudTrail::Trail')) mark(t.properties.S3BucketName, t.stack, 'a CloudTrail delivery bucket');
    for (const c of ix.resourcesOfType('AWS::Config::DeliveryChannel')) mark(c.properties.S3BucketName, c.stack, 'an AWS Config delivery bucket');
    for (const f of ix.resourcesOfType('AWS::EC2::FlowLog')) {
      if (f.properties.LogDestinationType === 's3') mark(f.properties.LogDestination, f.stack, 'a flow-log delivery bucket');
    }
    for (const c of ix.resourcesOfType('AWS::Synthetics::Canary')) mark(c.properties.ArtifactS3Location, c.stack, 'a canary artifact bucket');
    const stackSetAssets = stackSetAssetBucketPatterns(ix);
    for (const b of ix.resourcesOfType(BUCKET)) {
      if (roles.has(b)) continue;
      const name = b.properties.BucketName;
      const region = b.stack.region;
      if (statePurpose(b) !== undefined) {
        roles.set(b, 'a Terraform state bucket');
      } else if (isCdkAssetBucket(b)) {
        roles.set(b, 'a CDK asset bucket');
      } else if (typeof name === 'string' && region !== undefined && stackSetAssets.some((p) => p.replace('${AWS::Region}', region) === name)) {
        roles.set(b, 'a StackSet asset bucket (the code a StackSet\'s template reads, copied again by every deploy)');
      }
    }
    return roles;
  });
}

/**
 * The bucket names, with `${AWS::Region}` in them and no other variable, that StackSets' inline
 * templates read code from (an `S3Bucket` property given as `Fn::Sub`).
 */
function stackSetAssetBucketPatterns(index: AppIndex): string[] {
  const patterns = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) { value.forEach(visit); return; }
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const sub = (v as any)?.['Fn::Sub'];
      if (k === 'S3Bucket' && typeof sub === 'string' && sub.split('${').length === 2 && sub.includes('${AWS::Region}')) patterns.add(sub);
      else visit(v);
    }
  };
  for (const s of index.resourcesOfType('AWS::CloudFormation::StackSet')) {
    // A template this library cannot read (URL, YAML, intrinsics) is listed as not examined.
    visit(stackSetTemplate(s.properties)?.Resources);
  }
  return [...patterns];
}

/** A CDK bootstrap or staging bucket, by its name (`cdk-<qualifier>-assets-…`, `cdk-<qualifier>-staging-…`). */
function isCdkAssetBucket(bucket: IndexedResource): boolean {
  const name = namePrefix(bucket.properties.BucketName);
  return name !== undefined && /^cdk-[^-]+-(assets|staging)-/.test(name);
}

/**
 * The literal start of a bucket name: a string, an `Fn::Sub` pattern, or the literal parts an
 * `Fn::Join` begins with (the bootstrap template and app-staging synthesizer build names both ways;
 * a token stands in as `*`).
 */
function namePrefix(raw: any): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw?.['Fn::Sub'] === 'string') return raw['Fn::Sub'];
  if (Array.isArray(raw?.['Fn::Sub']) && typeof raw['Fn::Sub'][0] === 'string') return raw['Fn::Sub'][0];
  const join = raw?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((p: unknown) => (typeof p === 'string' ? p : '*')).join(join[0]);
  }
  return undefined;
}

/** Why a bucket holds no data BAK1 and BAK8 judge (e.g. "an access-log bucket"), or undefined when it holds data. */
export function nonDataRole(bucket: IndexedResource, index: AppIndex): string | undefined {
  return nonDataRoles(index).get(bucket);
}

/** Whether a bucket holds data that must be protected (see the top of this file). */
export function holdsData(bucket: IndexedResource, index: AppIndex): boolean {
  return bucket.type === BUCKET && nonDataRole(bucket, index) === undefined;
}

/** S3 versioning is on. */
export function isVersioned(bucket: IndexedResource): boolean {
  return bucket.properties.VersioningConfiguration?.Status === 'Enabled';
}

/** Region of a replication destination, when the app tells it. */
export function destinationRegion(index: AppIndex, source: IndexedResource, destination: unknown): string | undefined {
  if (typeof destination === 'string') {
    const name = destination.replace(/^arn:[^:]+:s3:::/, '');
    const found = index.resourcesNamed(name).find((r) => r.type === BUCKET);
    return found?.stack.region;
  }
  const joined = destination && typeof destination === 'object' ? (destination as any)['Fn::Join'] : undefined;
  if (Array.isArray(joined) && Array.isArray(joined[1])) {
    const literal = joined[1].filter((x: unknown) => typeof x === 'string').join('');
    const m = /:s3:::(.+)$/.exec(literal);
    if (m) return destinationRegion(index, source, m[1]);
  }
  // A reference (Ref / GetAtt) is to a bucket of the same stack: the same region.
  const refs = index.referencedResources(destination, source.stack).filter((r) => r.type === BUCKET);
  return refs.length > 0 ? source.stack.region ?? 'same-stack' : undefined;
}

/** A replication rule with no filter, or an empty prefix filter, replicates every object. */
export function coversWholeBucket(rule: any): boolean {
  if (rule.Prefix !== undefined && rule.Prefix !== '') return false;
  const filter = rule.Filter;
  if (filter === undefined) return true;
  return (filter.Prefix === undefined || filter.Prefix === '') && filter.TagFilter === undefined && filter.And === undefined;
}

/** The enabled replication rules of a bucket that copy every object. */
export function wholeBucketReplicationRules(bucket: IndexedResource): any[] {
  return asArray(bucket.properties.ReplicationConfiguration?.Rules).filter((r) => r?.Status === 'Enabled' && coversWholeBucket(r));
}

/**
 * Whether the bucket keeps a copy of every object in another region: an enabled whole-bucket
 * replication rule whose destination is not in the bucket's region (a destination outside the
 * app, whose region the template cannot tell, counts).
 */
export function isReplicatedToAnotherRegion(bucket: IndexedResource, index: AppIndex): boolean {
  return wholeBucketReplicationRules(bucket).some((r) => {
    const region = destinationRegion(index, bucket, r?.Destination?.Bucket);
    return region === undefined || region !== (bucket.stack.region ?? 'same-stack');
  });
}

/** How a bucket that holds data is protected: selected by a backup plan, versioned and replicated to another region, or not. */
export function bucketProtection(bucket: IndexedResource, index: AppIndex): 'backup-plan' | 'replicated' | undefined {
  if (isSelectedForBackup(bucket, index)) return 'backup-plan';
  if (isVersioned(bucket) && isReplicatedToAnotherRegion(bucket, index)) return 'replicated';
  return undefined;
}
