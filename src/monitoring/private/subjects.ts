// What `ServiceMonitoring.monitor()` needs to know of a resource, read from its L1 (so L2s and
// hand-written L1s are handled the same way): its kind, the metric dimensions that name it, and
// the settings the default thresholds derive from (timeouts, retention, allocated storage, ...).
import { CfnResource, Fn, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { boxedValue, cfnPropertiesOf } from '../../shared/cdk-internals';
import { isClusterMemberResource } from '../../shared/cfn';
import { deliversEvents, deliversWork } from '../../shared/delivery';
import { failureTargetsOf } from '../../shared/failure-targets';
import { plumbingOf, TemplateResource } from '../../shared/plumbing';

/** The kinds of resource `monitor()` has a default alarm set for. */
export type SubjectKind =
  | 'alb' | 'targetGroup' | 'ecsService' | 'lambda' | 'rdsInstance' | 'auroraCluster' | 'rdsCluster'
  | 'dynamodb' | 'queue' | 'deadLetterQueue' | 'restApi' | 'httpApi' | 'stateMachine' | 'logGroup'
  | 'neptuneCluster' | 'docdbCluster' | 'redis' | 'memcached' | 'openSearch' | 'kinesisStream' | 'eventRule'
  | 'snsTopic' | 'cloudFront' | 'ec2Instance' | 'autoScalingGroup' | 'efs';

/** A resource to monitor, as read from its L1. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly cfn: CfnResource;
  /** Resolved CloudFormation properties (`{}` when none). */
  readonly props: any;
  /** Metric dimensions that name the resource. */
  readonly dimensions: Record<string, string>;
  /** Namespace of the resource's metrics. */
  readonly namespace: string;
  /** Facts the default thresholds derive from. */
  readonly facts: SubjectFacts;
}

export interface SubjectFacts {
  /** Lambda: timeout in seconds. */
  readonly timeoutSeconds?: number;
  /** Lambda: reserved concurrency, when set. */
  readonly reservedConcurrency?: number;
  /** Lambda: the function URL, when one targets the function. */
  readonly hasUrl?: boolean;
  /** ECS: Container Insights is on for the service's cluster. */
  readonly containerInsights?: boolean;
  /** Target groups: Lambda targets (no health-check host counts). */
  readonly lambdaTargets?: boolean;
  /** SQS: visibility timeout and retention in seconds. */
  readonly visibilityTimeoutSeconds?: number;
  readonly retentionSeconds?: number;
  /** SQS: the dead-letter queue of this queue (same stack), when it has one. */
  readonly deadLetterQueue?: CfnResource;
  /** RDS: allocated storage in GiB, when literal. */
  readonly allocatedStorageGiB?: number;
  /** RDS instance: storage autoscaling on (MaxAllocatedStorage above AllocatedStorage). */
  readonly storageAutoscaling?: boolean;
  /** Aurora: the cluster runs Serverless v2 instances. */
  readonly serverlessV2?: boolean;
  /** ElastiCache (Redis OSS, Valkey): the CacheClusterId of each node, whose metrics the alarms combine. */
  readonly cacheNodes?: string[];
  /** OpenSearch: the EBS volume size of each data node in GiB, when literal. */
  readonly volumeSizeGiB?: number;
  /** Kinesis: the retention period in hours. */
  readonly retentionHours?: number;
  /** EFS: bursting throughput (burst credits), General Purpose performance mode (an I/O limit). */
  readonly efsBursting?: boolean;
  readonly efsGeneralPurpose?: boolean;
}

/**
 * The properties of an L1 resource as they were given, without resolving anything: resolving at
 * construction time would freeze the lazy values of L2s (a listener's actions, a function's
 * environment) before the app adds to them. Keys are read in either case (generated L1s keep
 * camelCase fields, `new CfnResource()` keeps the CloudFormation names): read them with `prop`.
 */
export function rawProperties(cfn: CfnResource): any {
  return cfnPropertiesOf(cfn);
}

/** `obj[key]`, the key in any case (`DBClusterIdentifier` is `dbClusterIdentifier` in generated L1s). */
export function prop(obj: any, key: string): any {
  if (!obj || typeof obj !== 'object' || Tokenization.isResolvable(obj)) return undefined;
  if (obj[key] !== undefined) return obj[key];
  const wanted = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
  return found === undefined ? undefined : obj[found];
}

/** A literal (non-token) value, or undefined. */
export function literal(value: unknown): any {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && Token.isUnresolved(value)) return undefined;
  if (typeof value === 'number' && Token.isUnresolved(value)) return undefined;
  if (typeof value === 'object' && Tokenization.isResolvable(value)) return undefined;
  return value;
}

/**
 * The constructs a raw value refers to by `Ref` or `Fn::GetAtt` tokens, without resolving
 * anything (lazy values are left alone: what they will hold is not known yet).
 */
export function referencedConstructs(value: unknown, out: IConstruct[] = [], depth = 0): IConstruct[] {
  if (value === undefined || value === null || depth > 16) return out;
  const add = (t: unknown) => {
    if (Reference.isReference(t)) out.push(t.target);
  };
  if (typeof value === 'string') {
    if (Token.isUnresolved(value)) for (const t of Tokenization.reverseString(value).tokens) add(t);
  } else if (typeof value === 'number') {
    if (Token.isUnresolved(value)) add(Tokenization.reverseNumber(value));
  } else if (Tokenization.isResolvable(value)) {
    add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedConstructs(v, out, depth + 1);
  } else if (typeof value === 'object') {
    for (const v of Object.values(value as object)) referencedConstructs(v, out, depth + 1);
  }
  return out;
}

/** Whether a raw value refers to this L1 resource. */
export function refersTo(value: unknown, cfn: CfnResource): boolean {
  return referencedConstructs(value).includes(cfn);
}

type StackResources = CfnResource[];

/** While `withStackSnapshot` runs, each stack's L1 resources are listed once (monitorScope over big stacks). */
let snapshot: Map<Stack, StackResources> | undefined;

/** Run `fn` with each stack's resources listed at most once. */
export function withStackSnapshot<T>(fn: () => T): T {
  const outer = snapshot;
  snapshot = outer ?? new Map();
  try {
    return fn();
  } finally {
    snapshot = outer;
  }
}

/** Every L1 resource of a stack (not of its nested or child stacks). */
export function stackResources(stack: Stack): StackResources {
  const cached = snapshot?.get(stack);
  if (cached) return cached;
  const out = stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);
  snapshot?.set(stack, out);
  return out;
}

/**
 * Lambda functions and state machines of a stack that run custom resources (see plumbing.ts):
 * ServiceToken targets, and everything of a CDK provider framework (`cr.Provider`: its framework
 * functions and waiter state machine, and the user's onEvent and isComplete handlers), whose
 * environment the L2 only renders at synth.
 */
export function plumbingResources(stack: Stack): Set<CfnResource> {
  const resources = stackResources(stack);
  const plumbing = plumbingOf(
    resources.map((r): [CfnResource, TemplateResource] => [r, { type: r.cfnResourceType, properties: pascalView(rawProperties(r)) }]),
    (value) => referencedConstructs(value).filter((c): c is CfnResource => CfnResource.isCfnResource(c)),
  );
  for (const provider of stack.node.findAll()) {
    if (!(provider instanceof cr.Provider)) continue;
    const handlers = [provider.onEventHandler, provider.isCompleteHandler].map((h) => h?.node.defaultChild);
    for (const c of [...provider.node.findAll(), ...handlers]) {
      if (c && CfnResource.isCfnResource(c) && ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine'].includes(c.cfnResourceType)) plumbing.add(c);
    }
  }
  return plumbing;
}

/** The few keys plumbingOf reads, under their CloudFormation names. */
function pascalView(p: any): any {
  const env = prop(p, 'Environment');
  return {
    ServiceToken: prop(p, 'ServiceToken'),
    Environment: env === undefined ? undefined : { Variables: prop(env, 'Variables') },
    DefinitionString: prop(p, 'DefinitionString'),
    Definition: prop(p, 'Definition'),
    DefinitionSubstitutions: prop(p, 'DefinitionSubstitutions'),
  };
}


/**
 * Whether an Aurora cluster runs Aurora Serverless v2 instances: one of its instances in the stack
 * has the class `db.serverless`, or, when none is defined yet, its scaling configuration is
 * literal. (The L2 DatabaseCluster renders ServerlessV2ScalingConfiguration lazily for every
 * cluster, provisioned ones included, so its presence alone says nothing.)
 */
function hasServerlessV2Instance(cluster: CfnResource, props: any): boolean {
  const instances = stackResources(Stack.of(cluster)).filter((r) =>
    r.cfnResourceType === 'AWS::RDS::DBInstance' && refersTo(prop(rawProperties(r), 'DBClusterIdentifier'), cluster));
  if (instances.length > 0) return instances.some((r) => literal(prop(rawProperties(r), 'DBInstanceClass')) === 'db.serverless');
  return literal(prop(props, 'ServerlessV2ScalingConfiguration')) !== undefined;
}

const NUMBER = (v: unknown): number | undefined => {
  const l = literal(v);
  const n = typeof l === 'string' && l.trim() !== '' ? Number(l) : l;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * Read a subject from an L1 resource. Throws with the fix when the resource is of a type or
 * configuration that has no default alarm set.
 */
export function subjectOf(cfn: CfnResource, where: string): Subject {
  const props = rawProperties(cfn);
  const get = (key: string) => prop(props, key);
  const stack = Stack.of(cfn);
  const make = (kind: SubjectKind, namespace: string, dimensions: Record<string, string>, facts: SubjectFacts = {}): Subject =>
    ({ kind, cfn, props, namespace, dimensions, facts });
  const unsupported = (what: string, fix: string): never => {
    throw new Error(`${where}: ${cfn.node.path} is ${what}, which has no default alarm set. ${fix}`);
  };

  switch (cfn.cfnResourceType) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const type = literal(get('Type')) ?? 'application';
      if (type !== 'application') {
        unsupported(`a ${type} load balancer`, 'Monitor its target groups instead: their alarms carry the load balancer dimension (rule Readiness-MON1 counts them for the load balancer).');
      }
      return make('alb', 'AWS/ApplicationELB', { LoadBalancer: (cfn as elbv2.CfnLoadBalancer).attrLoadBalancerFullName });
    }
    case 'AWS::ElasticLoadBalancingV2::TargetGroup': {
      const tg = cfn as elbv2.CfnTargetGroup;
      const lambdaTargets = literal(get('TargetType')) === 'lambda';
      const protocol = String(literal(get('Protocol')) ?? (lambdaTargets ? 'HTTP' : ''));
      if (protocol === 'GENEVE') unsupported('a Gateway Load Balancer target group', 'Add alarms on AWS/GatewayELB metrics by hand.');
      const namespace = ['HTTP', 'HTTPS'].includes(protocol) ? 'AWS/ApplicationELB' : 'AWS/NetworkELB';
      const loadBalancer = loadBalancerFullNameOf(tg, stack);
      if (!loadBalancer) {
        throw new Error(`${where}: target group ${cfn.node.path} is not attached to a load balancer yet (no listener or listener rule forwards to it). Attach it (listener.addTargetGroups / addTargets) before monitoring it: target group metrics are published per load balancer.`);
      }
      return make('targetGroup', namespace, { TargetGroup: tg.attrTargetGroupFullName, LoadBalancer: loadBalancer }, { lambdaTargets });
    }
    case 'AWS::ECS::Service': {
      const service = cfn as ecs.CfnService;
      const { name, cluster } = clusterOf(service);
      return make('ecsService', 'AWS/ECS', { ClusterName: name, ServiceName: service.attrName }, { containerInsights: containerInsightsOn(cluster) });
    }
    case 'AWS::Lambda::Function': {
      const hasUrl = stackResources(stack).some((r) =>
        r.cfnResourceType === 'AWS::Lambda::Url' && prop(rawProperties(r), 'Qualifier') === undefined && refersTo(prop(rawProperties(r), 'TargetFunctionArn'), cfn));
      return make('lambda', 'AWS/Lambda', { FunctionName: cfn.ref }, {
        timeoutSeconds: NUMBER(get('Timeout')) ?? 3,
        reservedConcurrency: NUMBER(get('ReservedConcurrentExecutions')),
        hasUrl,
      });
    }
    case 'AWS::RDS::DBInstance':
      if (isClusterMemberResource(cfn, props)) unsupported('an instance of a DB cluster', 'Monitor the cluster: its alarms cover its instances.');
      return make('rdsInstance', 'AWS/RDS', { DBInstanceIdentifier: cfn.ref }, {
        allocatedStorageGiB: NUMBER(get('AllocatedStorage')),
        storageAutoscaling: (NUMBER(get('MaxAllocatedStorage')) ?? 0) > (NUMBER(get('AllocatedStorage')) ?? Infinity),
      });
    case 'AWS::RDS::DBCluster': {
      const aurora = String(literal(get('Engine')) ?? '').startsWith('aurora');
      return make(aurora ? 'auroraCluster' : 'rdsCluster', 'AWS/RDS', { DBClusterIdentifier: cfn.ref }, {
        allocatedStorageGiB: NUMBER(get('AllocatedStorage')),
        serverlessV2: aurora && hasServerlessV2Instance(cfn, props),
      });
    }
    case 'AWS::DynamoDB::Table':
    // A global table's Ref is its name, the same in every replica's region; the alarms watch the
    // replica of the stack's region (each region's stack of a global table watches its own).
    case 'AWS::DynamoDB::GlobalTable':
      return make('dynamodb', 'AWS/DynamoDB', { TableName: cfn.ref });
    case 'AWS::SQS::Queue': {
      const queue = cfn as sqs.CfnQueue;
      // A dead-letter queue is any queue failures are sent to (the table of failure-targets.ts).
      const isDeadLetterQueue = stackResources(stack).some((r) =>
        failureTargetsOf(r.cfnResourceType, rawProperties(r), prop).some((t) => refersTo(t, cfn)));
      const dlq = referencedConstructs(prop(get('RedrivePolicy'), 'deadLetterTargetArn')).find((c): c is CfnResource => CfnResource.isCfnResource(c));
      return make(isDeadLetterQueue ? 'deadLetterQueue' : 'queue', 'AWS/SQS', { QueueName: queue.attrQueueName }, {
        visibilityTimeoutSeconds: NUMBER(get('VisibilityTimeout')) ?? 30,
        retentionSeconds: NUMBER(get('MessageRetentionPeriod')) ?? 345_600,
        deadLetterQueue: dlq,
      });
    }
    case 'AWS::ApiGateway::RestApi': {
      const name = get('Name');
      if (name === undefined) unsupported('a REST API without a Name', 'Give it a Name: API Gateway publishes REST API metrics by name (ApiName).');
      return make('restApi', 'AWS/ApiGateway', { ApiName: name as string });
    }
    case 'AWS::ApiGatewayV2::Api':
      if ((literal(get('ProtocolType')) ?? 'HTTP') !== 'HTTP') unsupported('a WebSocket API', 'Add alarms on its IntegrationError and ExecutionError metrics by hand.');
      return make('httpApi', 'AWS/ApiGateway', { ApiId: (cfn as apigwv2.CfnApi).ref });
    case 'AWS::StepFunctions::StateMachine':
      return make('stateMachine', 'AWS/States', { StateMachineArn: (cfn as sfn.CfnStateMachine).ref });
    case 'AWS::Logs::LogGroup':
      return make('logGroup', 'AWS/Logs', { LogGroupName: (cfn as logs.CfnLogGroup).ref });
    case 'AWS::Neptune::DBCluster':
      return make('neptuneCluster', 'AWS/Neptune', { DBClusterIdentifier: cfn.ref });
    case 'AWS::DocDB::DBCluster':
      return make('docdbCluster', 'AWS/DocDB', { DBClusterIdentifier: cfn.ref });
    case 'AWS::ElastiCache::ReplicationGroup': {
      const nodes = cacheNodesOf(cfn);
      if (!nodes) unsupported(`a replication group of more than ${MAX_CACHE_NODES} nodes`, `CloudWatch alarms combine at most ${MAX_CACHE_NODES} metrics and ElastiCache publishes them per node: add alarms on its nodes (CacheClusterId <group>-<shard>-<node>) by hand.`);
      return make('redis', 'AWS/ElastiCache', { CacheClusterId: nodes![0] }, { cacheNodes: nodes });
    }
    case 'AWS::ElastiCache::CacheCluster': {
      const engine = String(literal(get('Engine')) ?? '').toLowerCase();
      if (engine === 'memcached') return make('memcached', 'AWS/ElastiCache', { CacheClusterId: cfn.ref });
      return make('redis', 'AWS/ElastiCache', { CacheClusterId: cfn.ref }, { cacheNodes: [cfn.ref] });
    }
    case 'AWS::OpenSearchService::Domain':
    case 'AWS::Elasticsearch::Domain': {
      const ebs = get('EBSOptions');
      const volume = literal(prop(ebs, 'EBSEnabled')) === false ? undefined : NUMBER(prop(ebs, 'VolumeSize'));
      return make('openSearch', 'AWS/ES', { DomainName: cfn.ref, ClientId: stack.account }, { volumeSizeGiB: volume });
    }
    case 'AWS::Kinesis::Stream':
      return make('kinesisStream', 'AWS/Kinesis', { StreamName: cfn.ref }, { retentionHours: NUMBER(get('RetentionPeriodHours')) ?? 24 });
    case 'AWS::Events::Rule': {
      // Ref of a rule on a custom event bus is `<bus>|<rule>`.
      const bus = get('EventBusName');
      const custom = bus !== undefined && literal(bus) !== 'default';
      const name = literal(get('Name')) ?? (custom ? Fn.select(1, Fn.split('|', cfn.ref)) : cfn.ref);
      return make('eventRule', 'AWS/Events', custom ? { EventBusName: bus, RuleName: name } : { RuleName: name });
    }
    case 'AWS::SNS::Topic':
      return make('snsTopic', 'AWS/SNS', { TopicName: (cfn as sns.CfnTopic).attrTopicName });
    case 'AWS::CloudFront::Distribution':
      // CloudFront publishes its metrics in us-east-1 only, under Region=Global.
      return make('cloudFront', 'AWS/CloudFront', { DistributionId: cfn.ref, Region: 'Global' });
    case 'AWS::EC2::Instance':
      return make('ec2Instance', 'AWS/EC2', { InstanceId: cfn.ref });
    case 'AWS::AutoScaling::AutoScalingGroup':
      return make('autoScalingGroup', 'AWS/EC2', { AutoScalingGroupName: cfn.ref });
    case 'AWS::EFS::FileSystem':
      return make('efs', 'AWS/EFS', { FileSystemId: cfn.ref }, {
        efsBursting: String(literal(get('ThroughputMode')) ?? 'bursting') === 'bursting',
        efsGeneralPurpose: String(literal(get('PerformanceMode')) ?? 'generalPurpose') === 'generalPurpose',
      });
    default:
      return unsupported(`of type ${cfn.cfnResourceType}`,
        'Supported: application load balancers, target groups, ECS services, Lambda functions, RDS instances and clusters (Aurora included), Neptune and DocumentDB clusters, ElastiCache replication groups and cache clusters, OpenSearch domains, DynamoDB tables (global tables included), SQS queues, Kinesis data streams, SNS topics, EventBridge rules, API Gateway REST and HTTP APIs, Step Functions state machines, CloudFront distributions, EC2 instances, Auto Scaling groups, EFS file systems and log groups.');
  }
}

/** CloudWatch alarms read at most 10 metrics: the nodes of a replication group an alarm can combine. */
export const MAX_CACHE_NODES = 10;

/**
 * The CacheClusterId of each node of an ElastiCache replication group, as ElastiCache names them:
 * `<group>-<node>` (`-001`, `-002`, ...) with cluster mode disabled, `<group>-<shard>-<node>`
 * (`-0001-001`, ...) with cluster mode enabled. Undefined with more nodes than an alarm can read.
 */
export function cacheNodesOf(group: CfnResource): string[] | undefined {
  const props = rawProperties(group);
  const get = (key: string) => prop(props, key);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const nodeGroups = get('NodeGroupConfiguration');
  const clusterMode = String(literal(get('ClusterMode')) ?? '').toLowerCase() === 'enabled'
    || get('NumNodeGroups') !== undefined || nodeGroups !== undefined;
  const replicas = NUMBER(get('ReplicasPerNodeGroup'));
  const ids: string[] = [];
  if (clusterMode) {
    const shards = NUMBER(get('NumNodeGroups')) ?? (Array.isArray(literal(nodeGroups)) ? nodeGroups.length : 1);
    for (let s = 1; s <= shards && ids.length <= MAX_CACHE_NODES; s++) {
      for (let n = 1; n <= (replicas ?? 0) + 1; n++) ids.push(Fn.join('-', [group.ref, pad(s, 4), pad(n, 3)]));
    }
  } else {
    const count = NUMBER(get('NumCacheClusters')) ?? (replicas !== undefined ? replicas + 1 : 1);
    for (let n = 1; n <= count && ids.length <= MAX_CACHE_NODES; n++) ids.push(Fn.join('-', [group.ref, pad(n, 3)]));
  }
  return ids.length > MAX_CACHE_NODES ? undefined : ids;
}

/**
 * The LoadBalancer dimension of a target group: through the L2 target group's listeners, or,
 * for hand-written L1s, the listener or listener rule of its stack that forwards to it.
 */
export function loadBalancerFullNameOf(tg: elbv2.CfnTargetGroup, stack: Stack = Stack.of(tg)): string | undefined {
  const l2 = tg.node.scope as any;
  // The L2 keeps the listeners it is registered with (a private field): the load balancer is theirs.
  const listener = l2 instanceof elbv2.ApplicationTargetGroup || l2 instanceof elbv2.NetworkTargetGroup ? (l2 as any).listeners?.[0] : undefined;
  const fromL2 = listener?.loadBalancer?.loadBalancerFullName;
  if (typeof fromL2 === 'string') return fromL2;
  const resources = stackResources(stack);
  for (const r of resources) {
    const p = rawProperties(r);
    let listenerCfn: CfnResource | undefined;
    if (r.cfnResourceType === 'AWS::ElasticLoadBalancingV2::Listener' && refersTo(prop(p, 'DefaultActions'), tg)) listenerCfn = r;
    if (r.cfnResourceType === 'AWS::ElasticLoadBalancingV2::ListenerRule' && refersTo(prop(p, 'Actions'), tg)) {
      listenerCfn = referencedConstructs(prop(p, 'ListenerArn')).find((c): c is CfnResource => CfnResource.isCfnResource(c));
    }
    const lb = listenerCfn ? referencedConstructs(prop(rawProperties(listenerCfn), 'LoadBalancerArn'))[0] : undefined;
    if (lb instanceof elbv2.CfnLoadBalancer) return lb.attrLoadBalancerFullName;
  }
  return undefined;
}

/** The ClusterName dimension of an ECS service, and its cluster's L1 when the app defines it. */
function clusterOf(service: ecs.CfnService): { name: string; cluster?: CfnResource } {
  const l2 = service.node.scope;
  if (l2 instanceof ecs.BaseService) {
    const child = l2.cluster.node.defaultChild;
    return { name: l2.cluster.clusterName, cluster: child && CfnResource.isCfnResource(child) ? child : undefined };
  }
  const value = service.cluster;
  if (value === undefined) return { name: 'default' };
  const cluster = referencedConstructs(value).find((c): c is ecs.CfnCluster => c instanceof ecs.CfnCluster);
  if (cluster) return { name: cluster.ref, cluster };
  if (!Token.isUnresolved(value)) return { name: value.startsWith('arn:') ? value.substring(value.lastIndexOf('/') + 1) : value };
  return { name: Fn.select(1, Fn.split('cluster/', value)) };
}

function containerInsightsOn(cluster: CfnResource | undefined): boolean {
  const settings = cluster ? literal(prop(rawProperties(cluster), 'ClusterSettings')) : undefined;
  return Array.isArray(settings) && settings.some((s: any) => prop(s, 'Name') === 'containerInsights' && ['enabled', 'enhanced'].includes(prop(s, 'Value')));
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A property an L2 may hold in a Box (an events.Rule's targets and pattern), read without freezing it. */
const current = (v: unknown): unknown => boxedValue(v) ?? literal(v);

/**
 * Whether an SNS topic hands work to the app (shared/delivery.ts): an inline subscription, or one
 * of the app (any stack), delivers to a queue, function, stream or app.
 */
export function topicDeliversWork(topic: CfnResource): boolean {
  if (asList(current(prop(rawProperties(topic), 'Subscription'))).some((sub) => deliversWork(literal(prop(sub, 'Protocol'))))) return true;
  return topic.node.root.node.findAll().some((c) => {
    if (!CfnResource.isCfnResource(c) || c.cfnResourceType !== 'AWS::SNS::Subscription') return false;
    const p = rawProperties(c);
    return deliversWork(literal(prop(p, 'Protocol'))) && refersTo(prop(p, 'TopicArn'), topic);
  });
}

/**
 * Whether an EventBridge rule delivers the app's events to a target that processes them
 * (shared/delivery.ts): not a schedule, not only AWS service events, not only notification topics.
 */
export function ruleDeliversEvents(rule: CfnResource): boolean {
  const p = rawProperties(rule);
  const pattern = current(prop(p, 'EventPattern'));
  return deliversEvents({
    scheduleExpression: prop(p, 'ScheduleExpression'),
    sources: asList(literal(prop(pattern, 'source'))),
    targetIsTopic: asList(current(prop(p, 'Targets'))).map((t) => {
      const arn = prop(t, 'Arn');
      if (typeof arn === 'string' && !Token.isUnresolved(arn)) return arn.split(':')[2] === 'sns';
      return referencedConstructs(arn).some((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::SNS::Topic');
    }),
  });
}
