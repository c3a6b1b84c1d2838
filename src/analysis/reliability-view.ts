import { AppIndex, asArray, IndexedResource } from './app-index';
import { num } from './scaling-view';
import { isClusterMember } from '../shared/resource-types';

/** A CloudFormation boolean: `true` or the string `'true'` (templates carry both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A number or a numeric string; undefined otherwise (an intrinsic, or unset): the scaling view's reading. */
export const numberOf = num;

/**
 * An RDS DB instance that keeps data of its own: not an Aurora/cluster member and not a read
 * replica (a replica's data is the source's; losing it loses none).
 */
export function isStandaloneDbInstance(resource: IndexedResource): boolean {
  const p = resource.properties;
  return resource.type === 'AWS::RDS::DBInstance' && !isClusterMember(resource.type, p)
    && p.SourceDBInstanceIdentifier === undefined && p.SourceDBClusterIdentifier === undefined;
}

/** The DB cluster types whose instances are separate resources pointing at the cluster. */
export const CLUSTER_INSTANCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::DocDB::DBCluster': 'AWS::DocDB::DBInstance',
  'AWS::Neptune::DBCluster': 'AWS::Neptune::DBInstance',
  'AWS::RDS::DBCluster': 'AWS::RDS::DBInstance',
};

/** The DB cluster types (RDS and Aurora, DocumentDB, Neptune): the ones with deletion protection and automated backups of their own. */
export const DB_CLUSTER_TYPES: readonly string[] = ['AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster'];

/**
 * The instances of a DocumentDB, Neptune or RDS cluster, in any stack: by reference to the
 * cluster or by its literal identifier.
 */
export function clusterInstances(index: AppIndex, cluster: IndexedResource): IndexedResource[] {
  const byCluster = index.derived('reliability:clusterInstances', (ix) => {
    const map = new Map<IndexedResource, IndexedResource[]>();
    for (const [clusterType, instanceType] of Object.entries(CLUSTER_INSTANCE_TYPES)) {
      const named = new Map<string, IndexedResource>();
      for (const c of ix.resourcesOfType(clusterType)) {
        if (typeof c.properties.DBClusterIdentifier === 'string') named.set(c.properties.DBClusterIdentifier.toLowerCase(), c);
      }
      for (const instance of ix.resourcesOfType(instanceType)) {
        const ref = instance.properties.DBClusterIdentifier;
        if (ref === undefined) continue;
        const owner = ix.referencedResources(ref, instance.stack).find((r) => r.type === clusterType)
          ?? (typeof ref === 'string' ? named.get(ref.toLowerCase()) : undefined);
        if (!owner) continue;
        let list = map.get(owner);
        if (!list) map.set(owner, (list = []));
        list.push(instance);
      }
    }
    return map;
  });
  return byCluster.get(cluster) ?? [];
}

/**
 * Who refers to whom: for every resource of `type`, the resources its `property` refers to (by
 * Ref, GetAtt or an import), inverted and built once per validation under `key`.
 */
export function referrersOf(
  index: AppIndex, key: string, type: string, property: (p: any) => unknown,
): ReadonlyMap<IndexedResource, IndexedResource[]> {
  return index.derived(`reliability:referrers:${key}`, (ix) => {
    const map = new Map<IndexedResource, IndexedResource[]>();
    for (const r of ix.resourcesOfType(type)) {
      for (const target of ix.referencedResources(property(r.properties), r.stack)) {
        let list = map.get(target);
        if (!list) map.set(target, (list = []));
        list.push(r);
      }
    }
    return map;
  });
}

export { asArray };
