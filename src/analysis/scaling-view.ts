import { AppIndex, asArray, IndexedResource, physicalName } from './app-index';

export const SCALABLE_TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
export const AAS_POLICY = 'AWS::ApplicationAutoScaling::ScalingPolicy';
export const ASG = 'AWS::AutoScaling::AutoScalingGroup';
export const ASG_POLICY = 'AWS::AutoScaling::ScalingPolicy';
export const ECS_SERVICE = 'AWS::ECS::Service';
export const ECS_CLUSTER = 'AWS::ECS::Cluster';

/** Policy types that follow load as it happens (scheduled actions and predictive scaling do not). */
const DYNAMIC_AAS = new Set(['TargetTrackingScaling', 'StepScaling']);
const DYNAMIC_ASG = new Set(['TargetTrackingScaling', 'StepScaling', 'SimpleScaling']);

/** One Application Auto Scaling target, with what it scales and the policies that act on it. */
export interface ScalableTargetView {
  readonly target: IndexedResource;
  readonly namespace: string;
  readonly dimension: string;
  readonly min?: number;
  readonly max?: number;
  /** The resource it scales (the ECS service, table, function or DB cluster), when found in the app. */
  readonly scaled?: IndexedResource;
  /** Other resources its resource id names (the ECS cluster). */
  readonly related: IndexedResource[];
  /** Literal segments of the resource id after the resource (index name, Lambda qualifier). */
  readonly qualifier?: string;
  readonly policies: IndexedResource[];
}

/** Scaling of the whole app: scalable targets by what they scale, ASG policies by group. */
export interface ScalingView {
  readonly targets: ScalableTargetView[];
  readonly byScaled: Map<IndexedResource, ScalableTargetView[]>;
  readonly byTarget: Map<IndexedResource, ScalableTargetView>;
  readonly asgPolicies: Map<IndexedResource, IndexedResource[]>;
}

/** Whether a policy resource follows load (target tracking or step scaling). */
export function isDynamicPolicy(policy: IndexedResource): boolean {
  const type = policy.properties.PolicyType;
  return policy.type === ASG_POLICY ? DYNAMIC_ASG.has(type ?? 'SimpleScaling') : DYNAMIC_AAS.has(type);
}

/** A template number (CloudFormation accepts numbers as strings). */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The resource types a scalable target of each namespace scales, and how its id is split. */
const RESOURCE_ID: Record<string, { sep: string; type: string; at: number; relatedAt?: number; relatedType?: string; qualifierAt?: number }> = {
  ecs: { sep: '/', type: ECS_SERVICE, at: 2, relatedAt: 1, relatedType: ECS_CLUSTER },
  dynamodb: { sep: '/', type: 'AWS::DynamoDB::Table', at: 1, qualifierAt: 3 },
  lambda: { sep: ':', type: 'AWS::Lambda::Function', at: 1, qualifierAt: 2 },
  rds: { sep: ':', type: 'AWS::RDS::DBCluster', at: 1 },
};

/** The scaling view of the app, computed once per validation. */
export function scalingView(index: AppIndex): ScalingView {
  return index.derived('scaling-view', (i) => {
    const targets: ScalableTargetView[] = [];
    const byLogical = new Map<IndexedResource, ScalableTargetView>();
    for (const target of i.resourcesOfType(SCALABLE_TARGET)) {
      const p = target.properties;
      const namespace = String(p.ServiceNamespace ?? '');
      const spec = RESOURCE_ID[namespace];
      const segments = spec ? splitId(p.ResourceId, spec.sep) : [];
      const find = (at: number | undefined, type: string | undefined) =>
        at === undefined || type === undefined ? undefined : resolveSegment(i, target, segments[at], type);
      const view: ScalableTargetView = {
        target,
        namespace,
        dimension: String(p.ScalableDimension ?? ''),
        min: num(p.MinCapacity),
        max: num(p.MaxCapacity),
        scaled: find(spec?.at, spec?.type),
        related: [find(spec?.relatedAt, spec?.relatedType)].filter((r): r is IndexedResource => r !== undefined),
        qualifier: spec?.qualifierAt !== undefined && typeof segments[spec.qualifierAt] === 'string' ? segments[spec.qualifierAt] as string : undefined,
        policies: [],
      };
      targets.push(view);
      byLogical.set(target, view);
    }
    // Policies name their target by ScalingTargetId, or by the target's namespace, dimension and id.
    const keyOf = (r: IndexedResource, p: any) => `${r.stack.path}|${JSON.stringify([p.ServiceNamespace, p.ScalableDimension, p.ResourceId])}`;
    const byKey = new Map(targets.map((t) => [keyOf(t.target, t.target.properties), t]));
    for (const policy of i.resourcesOfType(AAS_POLICY)) {
      const owner = i.referencedResources(policy.properties.ScalingTargetId, policy.stack).map((r) => byLogical.get(r)).find((v) => v)
        ?? byKey.get(keyOf(policy, policy.properties));
      (owner?.policies as IndexedResource[] | undefined)?.push(policy);
    }
    const byScaled = new Map<IndexedResource, ScalableTargetView[]>();
    for (const t of targets) {
      if (!t.scaled) continue;
      let list = byScaled.get(t.scaled);
      if (!list) byScaled.set(t.scaled, (list = []));
      list.push(t);
    }
    const asgPolicies = new Map<IndexedResource, IndexedResource[]>();
    const groups = i.resourcesOfType(ASG);
    for (const policy of i.resourcesOfType(ASG_POLICY)) {
      for (const group of resolveGroups(i, policy, policy.properties.AutoScalingGroupName, groups)) {
        let list = asgPolicies.get(group);
        if (!list) asgPolicies.set(group, (list = []));
        list.push(policy);
      }
    }
    return { targets, byScaled, byTarget: byLogical, asgPolicies };
  });
}

/** The Auto Scaling groups a value names, by reference or by literal group name. */
export function resolveGroups(index: AppIndex, from: IndexedResource, value: unknown, groups = index.resourcesOfType(ASG)): IndexedResource[] {
  const refs = index.referencedResources(value, from.stack).filter((r) => r.type === ASG);
  if (refs.length > 0 || typeof value !== 'string') return refs;
  return groups.filter((g) => g.properties.AutoScalingGroupName === value);
}

/**
 * Split a resource id (`service/<cluster>/<service>`, `table/<name>/index/<index>`,
 * `function:<name>:<alias>`, `cluster:<id>`) into segments: literal strings, or the template
 * value that produced the segment (a `Ref`, `Fn::GetAtt`, …).
 */
function splitId(value: unknown, sep: string): unknown[] {
  const parts: unknown[] = [];
  const flatten = (v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as any)['Fn::Join'])) {
      const [delimiter, items] = (v as any)['Fn::Join'];
      asArray(items).forEach((item, n) => {
        if (n > 0 && delimiter) parts.push(delimiter);
        flatten(item);
      });
    } else {
      parts.push(v);
    }
  };
  flatten(value);
  const segments: unknown[] = [''];
  for (const part of parts) {
    if (typeof part === 'string') {
      const pieces = part.split(sep);
      const last = segments[segments.length - 1];
      if (typeof last === 'string') segments[segments.length - 1] = last + pieces[0];
      else if (pieces[0] !== '') segments.push(pieces[0]); // text glued to a token
      for (const piece of pieces.slice(1)) segments.push(piece);
    } else if (segments[segments.length - 1] === '') {
      segments[segments.length - 1] = part;
    } else {
      segments.push(part); // a token glued to literal text: keep the token
    }
  }
  return segments;
}

/** The resource of a type that a resource-id segment names. */
function resolveSegment(index: AppIndex, from: IndexedResource, segment: unknown, type: string): IndexedResource | undefined {
  if (typeof segment === 'string') {
    const named = index.resourcesNamed(segment).find((r) => r.type === type && sameEnv(r, from));
    if (named) return named;
    return index.resourcesOfType(type).find((r) => sameEnv(r, from) && (physicalName(r) === segment || r.properties.ClusterName === segment));
  }
  return index.referencedResources(segment, from.stack).find((r) => r.type === type);
}

function sameEnv(a: IndexedResource, b: IndexedResource): boolean {
  return a.stack === b.stack || (a.stack.account === b.stack.account && a.stack.region === b.stack.region);
}

/** `{ Key, Value }` attributes of a load balancer or target group as a map of strings. */
export function attributesOf(resource: IndexedResource, property: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of asArray(resource.properties[property])) {
    if (a && typeof a.Key === 'string' && (typeof a.Value === 'string' || typeof a.Value === 'boolean' || typeof a.Value === 'number')) {
      out.set(a.Key, String(a.Value));
    }
  }
  return out;
}

/** Subnets a value refers to, with the Availability Zones the template gives them. */
export function zonesOfSubnets(index: AppIndex, from: IndexedResource, subnets: unknown): { count: number; zones: Set<string>; allKnown: boolean } {
  const list = asArray(subnets);
  const zones = new Set<string>();
  let allKnown = list.length > 0;
  for (const s of list) {
    const subnet = index.referencedResources(s, from.stack).find((r) => r.type === 'AWS::EC2::Subnet');
    const az = subnet?.properties.AvailabilityZone;
    if (typeof az === 'string') zones.add(az);
    else allKnown = false;
  }
  return { count: list.length, zones, allKnown };
}
