import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { ASG, ECS_SERVICE, num, SCALABLE_TARGET, scalingView, zonesOfSubnets } from '../../../analysis/scaling-view';
import { ReadinessProfile, RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const DB_CLUSTER = 'AWS::RDS::DBCluster';

function present(failures: Array<Failure | undefined>): Failure[] {
  return failures.filter((f): f is Failure => f !== undefined);
}

/** Too few zones for the profile's minimum, judged from the subnets the template names. */
type Spread = { count: number; zones: Set<string>; allKnown: boolean };

function zoneFailure(spread: Spread, profile: ReadinessProfile, location: string): Failure | undefined {
  if (profile.minCapacity < 2 || spread.count === 0) return undefined;
  const zones = spread.allKnown ? spread.zones.size : spread.count;
  if (zones >= 2) return undefined;
  return {
    message: spread.allKnown
      ? `All capacity is in one Availability Zone (${[...spread.zones][0]}): losing it takes the whole service. Use subnets in at least two zones`
      : 'It runs in a single subnet, so in one Availability Zone: use subnets in at least two zones',
    location,
  };
}

function belowMinimum(what: string, min: number | undefined, profile: ReadinessProfile, location: string): Failure | undefined {
  if (min === undefined || min >= profile.minCapacity) return undefined;
  return {
    message: `Minimum capacity is ${min} ${what}; the '${profile.name}' profile requires at least ${profile.minCapacity}, so that losing one ${what.replace(/s$/, '')} or one Availability Zone leaves the service up`,
    location,
  };
}

function ecsService(service: IndexedResource, index: AppIndex, profile: ReadinessProfile) {
  const p = service.properties;
  if (p.SchedulingStrategy === 'DAEMON') return NOT_APPLICABLE;
  const targets = (scalingView(index).byScaled.get(service) ?? []).filter((t) => t.dimension === 'ecs:service:DesiredCount');
  const mins = targets.map((t) => t.min).filter((m): m is number => m !== undefined);
  // Without auto scaling the desired count is the capacity (CloudFormation creates 1 when unset).
  const min = targets.length > 0 ? (mins.length > 0 ? Math.min(...mins) : undefined) : num(p.DesiredCount) ?? 1;
  return failAll(present([
    belowMinimum('tasks', min, profile, targets.length > 0 ? 'Properties/MinCapacity' : 'Properties/DesiredCount'),
    zoneFailure(zonesOfSubnets(index, service, p.NetworkConfiguration?.AwsvpcConfiguration?.Subnets), profile, 'Properties/NetworkConfiguration'),
  ]));
}

function autoScalingGroup(group: IndexedResource, index: AppIndex, profile: ReadinessProfile) {
  const p = group.properties;
  const min = num(p.MinSize);
  const max = num(p.MaxSize);
  const zones = Array.isArray(p.VPCZoneIdentifier) && p.VPCZoneIdentifier.length > 0
    ? zonesOfSubnets(index, group, p.VPCZoneIdentifier)
    : { count: asArray(p.AvailabilityZones).length, zones: new Set(asArray(p.AvailabilityZones).filter((z) => typeof z === 'string')), allKnown: asArray(p.AvailabilityZones).every((z) => typeof z === 'string') };
  return failAll(present([
    belowMinimum('instances', min, profile, 'Properties/MinSize'),
    min !== undefined && max !== undefined && max <= min
      ? { message: `MaxSize (${max}) is not above MinSize (${min}): the group cannot scale out`, location: 'Properties/MaxSize' }
      : undefined,
    zoneFailure(zones, profile, 'Properties/VPCZoneIdentifier'),
  ]));
}

function auroraCluster(cluster: IndexedResource, index: AppIndex, profile: ReadinessProfile) {
  const p = cluster.properties;
  if (typeof p.Engine !== 'string' || !p.Engine.startsWith('aurora') || p.EngineMode === 'serverless') return NOT_APPLICABLE;
  const instances = auroraInstances(index).get(cluster) ?? [];
  const replicaTargets = (scalingView(index).byScaled.get(cluster) ?? []).filter((t) => t.dimension === 'rds:cluster:ReadReplicaCount');
  const scaledMin = Math.max(0, ...replicaTargets.map((t) => t.min ?? 0));
  const count = Math.max(instances.length, 1 + scaledMin);
  const zones = instances.map((i) => i.properties.AvailabilityZone);
  const allPinned = zones.length > 1 && zones.every((z) => typeof z === 'string');
  return failAll(present([
    count < profile.minCapacity
      ? { message: `The cluster has ${count} instance(s); the '${profile.name}' profile requires at least ${profile.minCapacity} (a writer and a replica in another Availability Zone to fail over to)`, location: 'Resource' }
      : undefined,
    profile.minCapacity >= 2 && allPinned && new Set(zones).size === 1
      ? { message: `Every instance is pinned to ${zones[0]}: a failover has no other Availability Zone to go to`, location: 'Resource' }
      : undefined,
  ]));
}

/** DB instances by the Aurora cluster they belong to (by reference or cluster identifier). */
function auroraInstances(index: AppIndex): Map<IndexedResource, IndexedResource[]> {
  return index.derived('aurora-instances', (i) => {
    const out = new Map<IndexedResource, IndexedResource[]>();
    for (const inst of i.resourcesOfType('AWS::RDS::DBInstance')) {
      const id = inst.properties.DBClusterIdentifier;
      if (id === undefined) continue;
      const cluster = i.referencedResources(id, inst.stack).find((r) => r.type === DB_CLUSTER)
        ?? (typeof id === 'string' ? i.resourcesNamed(id).find((r) => r.type === DB_CLUSTER) : undefined);
      if (!cluster) continue;
      let list = out.get(cluster);
      if (!list) out.set(cluster, (list = []));
      list.push(inst);
    }
    return out;
  });
}

/**
 * SCL2: compute keeps the profile's minimum capacity across Availability Zones, and every
 * scalable target can grow above its minimum.
 */
export const SCL2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL2',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.HIGH,
  title: 'Services keep the profile\'s minimum capacity across Availability Zones, and can scale above it',
  auditLine: 'Task 86 (Load Balancing & Scaling): "No scaling policy optimization", "No failover testing procedures"',
  explanation:
    'One task, one instance or one database instance is a single point of failure: a deployment, a host failure or an Availability Zone outage takes the service down. The profile\'s minCapacity (PROD: 2) applies to ECS services (their auto scaling minimum, else their desired count), Auto Scaling groups and Aurora clusters (writer plus replicas), spread over subnets of at least two zones; and a scalable target whose maximum is not above its minimum cannot absorb a peak.',
  fix: 'Plain CDK: `minCapacity` of `service.autoScaleTaskCount()` (else `desiredCount`) and of `autoscaling.AutoScalingGroup` at least the profile\'s, in subnets of two zones (`vpcSubnets` with `maxAzs: 2` or more), an Aurora reader (`readers: [rds.ClusterInstance.serverlessV2("Reader")]`), and `maxCapacity` above `minCapacity`. With this library: `EcsServiceScaling` and `AuroraReadReplicaScaling` default to the profile\'s minimum.',
  resourceTypes: [ECS_SERVICE, ASG, DB_CLUSTER, SCALABLE_TARGET],
  evaluate(resource, index, profile) {
    switch (resource.type) {
      case ECS_SERVICE: return ecsService(resource, index, profile);
      case ASG: return autoScalingGroup(resource, index, profile);
      case DB_CLUSTER: return auroraCluster(resource, index, profile);
      default: {
        const min = num(resource.properties.MinCapacity);
        const max = num(resource.properties.MaxCapacity);
        return failAll(min !== undefined && max !== undefined && max <= min
          ? [{ message: `MaxCapacity (${max}) is not above MinCapacity (${min}): the target cannot scale out`, location: 'Properties/MaxCapacity' }]
          : []);
      }
    }
  },
};
