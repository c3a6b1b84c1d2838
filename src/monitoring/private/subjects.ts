// What `ServiceMonitoring.monitor()` needs to know of a resource, read from its L1 (so L2s and
// hand-written L1s are handled the same way): its kind, the metric dimensions that name it, and
// the settings the default thresholds derive from (timeouts, retention, allocated storage, ...).
import { CfnResource, Fn, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { plumbingOf } from './plumbing';

/** The kinds of resource `monitor()` has a default alarm set for. */
export type SubjectKind =
  | 'alb' | 'targetGroup' | 'ecsService' | 'lambda' | 'rdsInstance' | 'auroraCluster' | 'rdsCluster'
  | 'dynamodb' | 'queue' | 'deadLetterQueue' | 'restApi' | 'httpApi' | 'stateMachine' | 'logGroup';

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
  /** SQS: visibility timeout and retention in seconds, FIFO. */
  readonly visibilityTimeoutSeconds?: number;
  readonly retentionSeconds?: number;
  readonly fifo?: boolean;
  /** SQS: the dead-letter queue of this queue (same stack), when it has one. */
  readonly deadLetterQueue?: CfnResource;
  /** RDS: allocated storage in GiB, when literal. */
  readonly allocatedStorageGiB?: number;
  /** Aurora: Serverless v2 capacity range configured. */
  readonly serverlessV2?: boolean;
}

/** The L1 resource of a construct: the construct itself, or its default child. */
export function cfnResourceOf(resource: IConstruct): CfnResource | undefined {
  if (CfnResource.isCfnResource(resource)) return resource;
  const child = resource.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

/** The resolved CloudFormation properties of an L1 resource. */
export function resolvedProperties(cfn: CfnResource): any {
  const stack = Stack.of(cfn);
  try {
    const rendered = stack.resolve((cfn as any)._toCloudFormation());
    const entry = Object.values<any>(rendered?.Resources ?? {})[0];
    return entry?.Properties ?? {};
  } catch {
    return {};
  }
}

/** Logical ids a resolved template value refers to by `Ref` or `Fn::GetAtt`, at any depth. */
export function logicalIdsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) logicalIdsIn(v, out);
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, any>;
    if (typeof obj.Ref === 'string') out.push(obj.Ref);
    const att = obj['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') out.push(att[0]);
    else if (typeof att === 'string') out.push(att.split('.')[0]);
    for (const v of Object.values(obj)) logicalIdsIn(v, out);
  }
  return out;
}

type StackResources = Map<string, { cfn: CfnResource; type: string; properties: any }>;

/** While `withStackSnapshot` runs, each stack's resources are read once (monitorScope over big stacks). */
let snapshot: Map<Stack, StackResources> | undefined;

/** Run `fn` with each stack's resources read at most once (the tree must not change meanwhile). */
export function withStackSnapshot<T>(fn: () => T): T {
  const outer = snapshot;
  snapshot = outer ?? new Map();
  try {
    return fn();
  } finally {
    snapshot = outer;
  }
}

/** Every L1 resource of a stack, by logical id, with resolved properties. */
export function stackResources(stack: Stack): StackResources {
  const cached = snapshot?.get(stack);
  if (cached) return cached;
  const out: StackResources = new Map();
  snapshot?.set(stack, out);
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
    out.set(stack.getLogicalId(c), { cfn: c, type: c.cfnResourceType, properties: resolvedProperties(c) });
  }
  return out;
}

/** Lambda functions and state machines of a stack that run custom resources (see plumbing.ts). */
export function plumbingResources(stack: Stack): Set<CfnResource> {
  const resources = stackResources(stack);
  const ids = plumbingOf(
    [...resources].map(([id, r]) => [id, { type: r.type, properties: r.properties }]),
    (value) => logicalIdsIn(value),
  );
  return new Set([...ids].map((id) => resources.get(id)!.cfn));
}

/** Whether an RDS instance belongs to a cluster (its metrics are the cluster's). */
export function isClusterInstance(cfn: CfnResource, props: any): boolean {
  return cfn.cfnResourceType === 'AWS::RDS::DBInstance' && props.DBClusterIdentifier !== undefined;
}

const NUMBER = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * Read a subject from an L1 resource. Throws with the fix when the resource is of a type or
 * configuration that has no default alarm set.
 */
export function subjectOf(cfn: CfnResource, where: string): Subject {
  const props = resolvedProperties(cfn);
  const stack = Stack.of(cfn);
  const make = (kind: SubjectKind, namespace: string, dimensions: Record<string, string>, facts: SubjectFacts = {}): Subject =>
    ({ kind, cfn, props, namespace, dimensions, facts });
  const unsupported = (what: string, fix: string): never => {
    throw new Error(`${where}: ${cfn.node.path} is ${what}, which has no default alarm set. ${fix}`);
  };

  switch (cfn.cfnResourceType) {
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const type = props.Type ?? 'application';
      if (type !== 'application') {
        unsupported(`a ${type} load balancer`, 'Monitor its target groups instead: their alarms carry the load balancer dimension (rule Readiness-MON1 counts them for the load balancer).');
      }
      return make('alb', 'AWS/ApplicationELB', { LoadBalancer: (cfn as elbv2.CfnLoadBalancer).attrLoadBalancerFullName });
    }
    case 'AWS::ElasticLoadBalancingV2::TargetGroup': {
      const tg = cfn as elbv2.CfnTargetGroup;
      const lambdaTargets = props.TargetType === 'lambda';
      const protocol = String(props.Protocol ?? (lambdaTargets ? 'HTTP' : ''));
      if (protocol === 'GENEVE') unsupported('a Gateway Load Balancer target group', 'Add alarms on AWS/GatewayELB metrics by hand.');
      const namespace = ['HTTP', 'HTTPS'].includes(protocol) ? 'AWS/ApplicationELB' : 'AWS/NetworkELB';
      const lb = loadBalancerOf(tg, stack);
      if (!lb) {
        throw new Error(`${where}: target group ${cfn.node.path} is not attached to a load balancer yet (no listener or listener rule of its stack forwards to it). Attach it (listener.addTargetGroups / addTargets) before monitoring it: target group metrics are published per load balancer.`);
      }
      return make('targetGroup', namespace, {
        TargetGroup: tg.attrTargetGroupFullName,
        LoadBalancer: (lb as elbv2.CfnLoadBalancer).attrLoadBalancerFullName,
      }, { lambdaTargets });
    }
    case 'AWS::ECS::Service': {
      const service = cfn as ecs.CfnService;
      const { name, cluster } = clusterOf(service, props, stack);
      return make('ecsService', 'AWS/ECS', { ClusterName: name, ServiceName: service.attrName }, { containerInsights: containerInsightsOn(cluster) });
    }
    case 'AWS::Lambda::Function': {
      const id = stack.getLogicalId(cfn);
      const hasUrl = [...stackResources(stack).values()].some((r) =>
        r.type === 'AWS::Lambda::Url' && r.properties.Qualifier === undefined && logicalIdsIn(r.properties.TargetFunctionArn).includes(id));
      return make('lambda', 'AWS/Lambda', { FunctionName: cfn.ref }, {
        timeoutSeconds: NUMBER(props.Timeout) ?? 3,
        reservedConcurrency: NUMBER(props.ReservedConcurrentExecutions),
        hasUrl,
      });
    }
    case 'AWS::RDS::DBInstance':
      if (isClusterInstance(cfn, props)) unsupported('an instance of a DB cluster', 'Monitor the cluster: its alarms cover its instances.');
      return make('rdsInstance', 'AWS/RDS', { DBInstanceIdentifier: cfn.ref }, { allocatedStorageGiB: NUMBER(props.AllocatedStorage) });
    case 'AWS::RDS::DBCluster': {
      const aurora = String(props.Engine ?? '').startsWith('aurora');
      return make(aurora ? 'auroraCluster' : 'rdsCluster', 'AWS/RDS', { DBClusterIdentifier: cfn.ref }, {
        allocatedStorageGiB: NUMBER(props.AllocatedStorage),
        serverlessV2: props.ServerlessV2ScalingConfiguration !== undefined,
      });
    }
    case 'AWS::DynamoDB::Table':
      return make('dynamodb', 'AWS/DynamoDB', { TableName: cfn.ref });
    case 'AWS::SQS::Queue': {
      const queue = cfn as sqs.CfnQueue;
      const id = stack.getLogicalId(cfn);
      const resources = stackResources(stack);
      const isDeadLetterQueue = [...resources.values()].some((r) =>
        r.type === 'AWS::SQS::Queue' && logicalIdsIn(r.properties.RedrivePolicy?.deadLetterTargetArn).includes(id));
      const dlqId = logicalIdsIn(props.RedrivePolicy?.deadLetterTargetArn)[0];
      return make(isDeadLetterQueue ? 'deadLetterQueue' : 'queue', 'AWS/SQS', { QueueName: queue.attrQueueName }, {
        visibilityTimeoutSeconds: NUMBER(props.VisibilityTimeout) ?? 30,
        retentionSeconds: NUMBER(props.MessageRetentionPeriod) ?? 345_600,
        fifo: props.FifoQueue === true || props.FifoQueue === 'true',
        deadLetterQueue: dlqId ? resources.get(dlqId)?.cfn : undefined,
      });
    }
    case 'AWS::ApiGateway::RestApi': {
      const name = (cfn as apigw.CfnRestApi).name;
      if (name === undefined) unsupported('a REST API without a Name', 'Give it a Name: API Gateway publishes REST API metrics by name (ApiName).');
      return make('restApi', 'AWS/ApiGateway', { ApiName: name as string });
    }
    case 'AWS::ApiGatewayV2::Api':
      if ((props.ProtocolType ?? 'HTTP') !== 'HTTP') unsupported('a WebSocket API', 'Add alarms on its IntegrationError and ExecutionError metrics by hand.');
      return make('httpApi', 'AWS/ApiGateway', { ApiId: (cfn as apigwv2.CfnApi).ref });
    case 'AWS::StepFunctions::StateMachine':
      return make('stateMachine', 'AWS/States', { StateMachineArn: (cfn as sfn.CfnStateMachine).ref });
    case 'AWS::Logs::LogGroup':
      return make('logGroup', 'AWS/Logs', { LogGroupName: (cfn as logs.CfnLogGroup).ref });
    default:
      return unsupported(`of type ${cfn.cfnResourceType}`,
        'Supported: application load balancers, target groups, ECS services, Lambda functions, RDS instances and clusters (Aurora included), DynamoDB tables, SQS queues, API Gateway REST and HTTP APIs, Step Functions state machines and log groups.');
  }
}

/** The load balancer a target group is attached to: through a listener or listener rule of its stack. */
function loadBalancerOf(tg: elbv2.CfnTargetGroup, stack: Stack): CfnResource | undefined {
  const tgId = stack.getLogicalId(tg);
  const resources = stackResources(stack);
  const forwardsHere = (actions: unknown) => logicalIdsIn(actions).includes(tgId);
  for (const [, r] of resources) {
    let listener: any;
    if (r.type === 'AWS::ElasticLoadBalancingV2::Listener' && forwardsHere(r.properties.DefaultActions)) listener = r.properties;
    if (r.type === 'AWS::ElasticLoadBalancingV2::ListenerRule' && forwardsHere(r.properties.Actions)) {
      listener = resources.get(logicalIdsIn(r.properties.ListenerArn)[0] ?? '')?.properties;
    }
    const lb = listener ? resources.get(logicalIdsIn(listener.LoadBalancerArn)[0] ?? '') : undefined;
    if (lb?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') return lb.cfn;
  }
  return undefined;
}

/** The ClusterName dimension of an ECS service, and its cluster's L1 when it is in the stack. */
function clusterOf(service: ecs.CfnService, props: any, stack: Stack): { name: string; cluster?: CfnResource } {
  const value = service.cluster;
  if (value === undefined) return { name: 'default' };
  const clusterId = logicalIdsIn(props.Cluster)[0];
  const cluster = clusterId ? stackResources(stack).get(clusterId) : undefined;
  if (cluster?.type === 'AWS::ECS::Cluster') return { name: (cluster.cfn as ecs.CfnCluster).ref, cluster: cluster.cfn };
  if (!Token.isUnresolved(value)) return { name: value.startsWith('arn:') ? value.substring(value.lastIndexOf('/') + 1) : value };
  return { name: Fn.select(1, Fn.split('cluster/', value)) };
}

function containerInsightsOn(cluster: CfnResource | undefined): boolean {
  if (!cluster) return false;
  const settings = resolvedProperties(cluster).ClusterSettings;
  return Array.isArray(settings) && settings.some((s: any) => s?.Name === 'containerInsights' && ['enabled', 'enhanced'].includes(s?.Value));
}
