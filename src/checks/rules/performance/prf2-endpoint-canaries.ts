import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const REST_API = 'AWS::ApiGateway::RestApi';
const HTTP_API = 'AWS::ApiGatewayV2::Api';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const CANARY = 'AWS::Synthetics::Canary';
const ENDPOINT_TYPES = new Set([LOAD_BALANCER, REST_API, HTTP_API, DISTRIBUTION]);

/** A canary, whether it runs, and whether an alarm watches its latency. */
interface CanaryFacts {
  readonly canary: IndexedResource;
  readonly started: boolean;
  readonly latencyAlarm: boolean;
}

interface EndpointView {
  /** Canaries that request each endpoint (directly, by a record name or a custom domain). */
  readonly canaries: Map<IndexedResource, CanaryFacts[]>;
  /** The distributions each load balancer or API is an origin of. */
  readonly frontedBy: Map<IndexedResource, IndexedResource[]>;
}

/** Every literal string of a template value. */
function literals(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) literals(v, out);
  return out;
}

/** Host names in literal strings (URLs or bare names). */
function hostnames(value: unknown): string[] {
  const out = new Set<string>();
  for (const s of literals(value)) {
    for (const m of s.toLowerCase().matchAll(/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/g)) out.add(m[0]);
  }
  return [...out];
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  if (!list.includes(value)) list.push(value);
}

/** Host name → endpoints it reaches: Route 53 records, CloudFront aliases, API custom domains. */
function endpointsByHost(i: AppIndex): Map<string, IndexedResource[]> {
  const byHost = new Map<string, IndexedResource[]>();
  const endpointsIn = (value: unknown, from: IndexedResource) => i.referencedResources(value, from.stack).filter((r) => ENDPOINT_TYPES.has(r.type));
  const addRecord = (record: any, from: IndexedResource) => {
    if (typeof record?.Name !== 'string') return;
    const host = record.Name.replace(/\.$/, '').toLowerCase();
    for (const e of [...endpointsIn(record.AliasTarget, from), ...endpointsIn(record.ResourceRecords, from)]) addTo(byHost, host, e);
  };
  for (const r of i.resourcesOfType('AWS::Route53::RecordSet')) addRecord(r.properties, r);
  for (const g of i.resourcesOfType('AWS::Route53::RecordSetGroup')) for (const r of asArray(g.properties.RecordSets)) addRecord(r, g);
  for (const d of i.resourcesOfType(DISTRIBUTION)) {
    for (const alias of asArray(d.properties.DistributionConfig?.Aliases)) if (typeof alias === 'string') addTo(byHost, alias.toLowerCase(), d);
  }
  // API Gateway custom domains: the domain name resource and the mapping to the API.
  for (const [mappingType, domainType, apiProperty] of [
    ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::DomainName', 'RestApiId'],
    ['AWS::ApiGatewayV2::ApiMapping', 'AWS::ApiGatewayV2::DomainName', 'ApiId'],
  ]) {
    for (const m of i.resourcesOfType(mappingType)) {
      const apis = endpointsIn(m.properties[apiProperty], m);
      const domains = [
        ...i.referencedResources(m.properties.DomainName, m.stack).filter((r) => r.type === domainType).map((r) => r.properties.DomainName),
        ...(typeof m.properties.DomainName === 'string' ? [m.properties.DomainName] : []),
      ].filter((d): d is string => typeof d === 'string');
      for (const host of domains) for (const api of apis) addTo(byHost, host.toLowerCase(), api);
    }
  }
  return byHost;
}

/** Canaries by the endpoints they request, and distributions' origins; computed once. */
function endpointView(index: AppIndex): EndpointView {
  return index.derived('endpoint-canaries', (i) => {
    const latency = new Set<string>();
    for (const alarm of i.resourcesOfType('AWS::CloudWatch::Alarm')) {
      const p = alarm.properties;
      const metrics = [
        { ns: p.Namespace, name: p.MetricName, dims: p.Dimensions },
        ...asArray(p.Metrics)
          .map((m: any) => m?.MetricStat?.Metric ?? {})
          .map((m: any) => ({ ns: m.Namespace, name: m.MetricName, dims: m.Dimensions })),
      ];
      for (const m of metrics) {
        if (m.ns !== 'CloudWatchSynthetics' || m.name !== 'Duration') continue;
        for (const d of asArray(m.dims)) {
          if (d?.Name !== 'CanaryName') continue;
          if (typeof d.Value === 'string') latency.add(d.Value);
          for (const c of i.referencedResources(d.Value, alarm.stack)) if (c.type === CANARY) latency.add(String(c.properties.Name));
        }
      }
    }
    const byHost = endpointsByHost(i);
    const canaries = new Map<IndexedResource, CanaryFacts[]>();
    for (const canary of i.resourcesOfType(CANARY)) {
      const p = canary.properties;
      const expression = String(p.Schedule?.Expression ?? '');
      const facts: CanaryFacts = {
        canary,
        started: p.StartCanaryAfterCreation !== false && p.StartCanaryAfterCreation !== 'false' && !/^rate\(0 /.test(expression),
        latencyAlarm: latency.has(String(p.Name)),
      };
      const inputs = [p.Code, p.RunConfig];
      const direct = i.referencedResources(inputs, canary.stack).filter((r) => ENDPOINT_TYPES.has(r.type));
      const viaHost = hostnames(inputs).flatMap((h) => byHost.get(h) ?? []);
      for (const endpoint of [...direct, ...viaHost]) addTo(canaries, endpoint, facts);
    }
    const frontedBy = new Map<IndexedResource, IndexedResource[]>();
    for (const d of i.resourcesOfType(DISTRIBUTION)) {
      const originDomains = asArray(d.properties.DistributionConfig?.Origins).map((o: any) => o?.DomainName);
      const origins = [...i.referencedResources(originDomains, d.stack), ...hostnames(originDomains).flatMap((h) => byHost.get(h) ?? [])];
      for (const e of origins) if (ENDPOINT_TYPES.has(e.type) && e.type !== DISTRIBUTION) addTo(frontedBy, e, d);
    }
    return { canaries, frontedBy };
  });
}

/** Whether the endpoint is public (internet-facing load balancer, non-private API, any distribution). */
function isPublic(r: IndexedResource): boolean {
  const p = r.properties;
  switch (r.type) {
    case LOAD_BALANCER: return p.Scheme === 'internet-facing' && (p.Type === undefined || p.Type === 'application');
    case REST_API: return !asArray(p.EndpointConfiguration?.Types).includes('PRIVATE');
    case HTTP_API: return p.ProtocolType === 'HTTP';
    default: return true;
  }
}

function judge(facts: CanaryFacts[]) {
  if (facts.some((f) => f.started && f.latencyAlarm)) return PASS;
  if (facts.length === 0) return fail('No CloudWatch Synthetics canary requests this public endpoint: a performance regression is found by users first');
  const running = facts.filter((f) => f.started);
  if (running.length === 0) return fail(`Its canaries (${facts.map((f) => f.canary.properties.Name).join(', ')}) never start (StartCanaryAfterCreation false or a zero rate)`);
  return fail(`No alarm watches the latency (CloudWatchSynthetics Duration) of its canaries (${running.map((f) => f.canary.properties.Name).join(', ')})`);
}

/**
 * PRF2: every public endpoint is guarded by a running synthetic canary with a latency alarm.
 */
export const PRF2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-PRF2',
  area: ReadinessArea.PERFORMANCE,
  impact: RuleImpact.MEDIUM,
  title: 'A synthetic canary with a latency alarm guards each public endpoint',
  auditLine: 'Task 89 (Performance Optimization): "No performance regression testing", "MISSING: Performance testing implementation"',
  explanation:
    'Server-side metrics only see requests that arrive: a broken DNS record, an expired certificate or a regression at night with no traffic stays invisible. A CloudWatch Synthetics canary that runs on a schedule and requests the endpoint from outside, with an alarm on its Duration, catches performance regressions and outages before users do. Internet-facing Application Load Balancers, non-private REST APIs, HTTP APIs and CloudFront distributions are endpoints; the canary must name the endpoint in its script or environment (by reference, a Route 53 record, a CloudFront alias or an API custom domain). A load balancer or API behind a guarded distribution counts as guarded.',
  fix: 'Plain CDK: a `synthetics.Canary` with `schedule: synthetics.Schedule.rate(Duration.minutes(5))`, `runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_9_1` and a test that requests the endpoint (the URL built from `alb.loadBalancerDnsName`, `api.url` or the distribution\'s domain, passed by reference), plus `canary.metricDuration().createAlarm(...)`. With this library: `EndpointCanary` with the endpoint\'s URL (for example `` `https://${alb.loadBalancerDnsName}/health` ``) creates the canary, its latency and failure alarms, its role and artifacts bucket.',
  resourceTypes: [LOAD_BALANCER, REST_API, HTTP_API, DISTRIBUTION],
  evaluate(resource, index) {
    if (!isPublic(resource)) return NOT_APPLICABLE;
    const view = endpointView(index);
    const own = view.canaries.get(resource) ?? [];
    if (own.some((f) => f.started && f.latencyAlarm)) return PASS;
    // Behind a guarded distribution: the distribution's canary exercises this origin too.
    for (const distribution of view.frontedBy.get(resource) ?? []) {
      if ((view.canaries.get(distribution) ?? []).some((f) => f.started && f.latencyAlarm)) return PASS;
    }
    return judge(own);
  },
};
