import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { clusterInstances, isStandaloneDbInstance, isTrue, numberOf } from '../../../analysis/reliability-view';
import { ReadinessProfile, RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

function failures(list: Array<Failure | false | undefined>): RuleResult {
  return failAll(list.filter((f): f is Failure => Boolean(f)));
}

function dbInstance(r: IndexedResource, profile: ReadinessProfile): RuleResult {
  if (!isStandaloneDbInstance(r)) return NOT_APPLICABLE;
  return failures([!isTrue(r.properties.MultiAZ) && {
    message: `The database runs in one Availability Zone: losing the zone or the host is an outage until a restore (the '${profile.name}' profile runs data stores in two zones)`,
    location: 'Properties/MultiAZ',
  }]);
}

function cluster(r: IndexedResource, index: AppIndex, profile: ReadinessProfile, what: string): RuleResult {
  const count = clusterInstances(index, r).length;
  return failures([count < profile.minCapacity && {
    message: `The ${what} cluster has ${count} instance(s); the '${profile.name}' profile requires at least ${profile.minCapacity}, so that a replica in another Availability Zone takes over when the primary fails`,
    location: 'Resource',
  }]);
}

function replicationGroup(r: IndexedResource, profile: ReadinessProfile): RuleResult {
  const p = r.properties;
  const nodes = numberOf(p.NumCacheClusters);
  const replicas = numberOf(p.ReplicasPerNodeGroup);
  const unset = nodes === undefined && replicas === undefined && p.NodeGroupConfiguration === undefined;
  const single = (nodes !== undefined && nodes < 2) || (replicas !== undefined && replicas < 1) || unset;
  return failures([
    single && { message: 'The replication group has no replica: losing its one node loses the cache and its data', location: 'Properties/NumCacheClusters' },
    !isTrue(p.AutomaticFailoverEnabled) && { message: `Automatic failover is off: a failed primary stays failed until someone promotes a replica (the '${profile.name}' profile requires it)`, location: 'Properties/AutomaticFailoverEnabled' },
    !isTrue(p.MultiAZEnabled) && { message: 'Multi-AZ is off: replicas may share the primary\'s Availability Zone and fail with it', location: 'Properties/MultiAZEnabled' },
  ]);
}

function cacheCluster(r: IndexedResource): RuleResult {
  const p = r.properties;
  const memcachedAcrossZones = p.Engine === 'memcached' && p.AZMode === 'cross-az' && (numberOf(p.NumCacheNodes) ?? 1) >= 2;
  return failures([!memcachedAcrossZones && {
    message: p.Engine === 'memcached'
      ? 'The Memcached cluster\'s nodes are in one Availability Zone: use `AZMode: cross-az` with two or more nodes'
      : 'A single-node cache cluster has no replica and no failover: use a replication group (`elasticache.CfnReplicationGroup`) with automatic failover and Multi-AZ, or ElastiCache Serverless',
    location: 'Resource',
  }]);
}

function searchDomain(r: IndexedResource, profile: ReadinessProfile): RuleResult {
  const config = r.properties.ClusterConfig ?? r.properties.ElasticsearchClusterConfig ?? {};
  return failures([
    !isTrue(config.ZoneAwarenessEnabled) && { message: 'Zone awareness is off: every node and shard copy can sit in one Availability Zone', location: 'Properties/ClusterConfig/ZoneAwarenessEnabled' },
    profile.requireProductionRedundancy && !isTrue(config.DedicatedMasterEnabled) && {
      message: `No dedicated master nodes: cluster management competes with indexing and search, and a busy data node can take the cluster down (the '${profile.name}' profile requires three dedicated masters)`,
      location: 'Properties/ClusterConfig/DedicatedMasterEnabled',
    },
  ]);
}

function fileSystem(r: IndexedResource, profile: ReadinessProfile): RuleResult {
  if (!profile.requireProductionRedundancy) return NOT_APPLICABLE;
  const zone = r.properties.AvailabilityZoneName;
  return failures([zone !== undefined && {
    message: `An EFS One Zone file system (${typeof zone === 'string' ? zone : 'one zone'}): its data is lost with the zone. Use Regional storage (no AvailabilityZoneName) in '${profile.name}'`,
    location: 'Properties/AvailabilityZoneName',
  }]);
}

/**
 * SCL6: data stores survive the loss of an Availability Zone.
 */
export const SCL6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL6',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.HIGH,
  title: 'Data stores survive the loss of an Availability Zone (Multi-AZ, replicas, failover)',
  auditLine: 'Task 86 (Load Balancing & Scaling): "No failover testing procedures"; task 87: "No disaster recovery procedures"',
  explanation:
    'Services can run in two zones and still go down with one when their database, cache or search cluster lives in a single zone or has no replica to fail over to. ' +
    'Standalone RDS instances need Multi-AZ; DocumentDB and Neptune clusters a second instance; ElastiCache a replica with automatic failover; OpenSearch zone awareness (and dedicated masters in production); EFS Regional storage in production. ' +
    'Aurora clusters are judged by Readiness-SCL2. Judged when the profile\'s `minCapacity` is 2 or more (STAGING, PROD).',
  fix: 'Plain CDK: `multiAz: true` on `rds.DatabaseInstance`; `instances: 2` on `docdb.DatabaseCluster` and `neptune.DatabaseCluster`; `automaticFailoverEnabled: true`, `multiAzEnabled: true`, `numCacheClusters: 2` on `elasticache.CfnReplicationGroup`; `zoneAwareness: { enabled: true }` and `capacity: { masterNodes: 3 }` on `opensearch.Domain`; no `oneZone` on `efs.FileSystem`. With this library: no construct; the profile knobs are `minCapacity` and `requireProductionRedundancy`.',
  resourceTypes: [
    'AWS::RDS::DBInstance', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster',
    'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain', 'AWS::EFS::FileSystem',
  ],
  evaluate(resource, index, profile) {
    if (resource.type === 'AWS::EFS::FileSystem') return fileSystem(resource, profile);
    if (profile.minCapacity < 2) return NOT_APPLICABLE;
    switch (resource.type) {
      case 'AWS::RDS::DBInstance': return dbInstance(resource, profile);
      case 'AWS::DocDB::DBCluster': return cluster(resource, index, profile, 'DocumentDB');
      case 'AWS::Neptune::DBCluster': return cluster(resource, index, profile, 'Neptune');
      case 'AWS::ElastiCache::ReplicationGroup': return replicationGroup(resource, profile);
      case 'AWS::ElastiCache::CacheCluster': return cacheCluster(resource);
      default: return searchDomain(resource, profile);
    }
  },
};
