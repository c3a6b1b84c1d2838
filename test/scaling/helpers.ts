import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as s from '../../src';
import { ReadinessProfile } from '../../src';

export const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };

/** An app judged (and whose constructs are built) under a profile; PROD unless told otherwise. */
export function appWith(profile: ReadinessProfile = ReadinessProfile.PROD): App {
  const app = new App();
  profile.applyTo(app);
  return app;
}

/** The flagship's workload shape: a VPC in two zones, a cluster, a load-balanced Fargate service, a queue. */
export interface Workload {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly web: ecsPatterns.ApplicationLoadBalancedFargateService;
  readonly queue: sqs.Queue;
}

export function workload(options: { app?: App; containerInsights?: boolean; desiredCount?: number; stackProps?: StackProps } = {}): Workload {
  const app = options.app ?? appWith();
  const stack = new Stack(app, 'W', options.stackProps ?? EU);
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: options.containerInsights === false ? undefined : ecs.ContainerInsights.ENABLED,
  });
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    cluster,
    desiredCount: options.desiredCount,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
    publicLoadBalancer: true,
  });
  const queue = new sqs.Queue(stack, 'Jobs', { enforceSSL: true });
  return { app, stack, vpc, cluster, web, queue };
}

/** Resources of a type in a stack's template, by logical id. */
export function resources(stack: Stack, type: string): Record<string, any> {
  return Template.fromStack(stack).findResources(type);
}

/** The only resource of a type (fails when there are none or several). */
export function only(stack: Stack, type: string): any {
  const found = Object.values(resources(stack, type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** Every construct of the module in one app (a primary stack and a us-east-1 DNS stack). */
export function everyConstruct(app: App = appWith()) {
  const w = workload({ app });
  const { stack, vpc } = w;
  new s.EcsServiceScaling(stack, 'Scaling', {
    service: w.web.service,
    maxCapacity: 10,
    requestCount: { targetGroup: w.web.targetGroup, requestsPerTarget: 1000 },
    queueBacklog: { queue: w.queue, acceptableBacklogPerTask: 100 },
    predictive: { metric: s.EcsPredictiveMetric.ALB_REQUEST_COUNT, targetValue: 1000 },
  });
  new s.ApplicationLoadBalancing(stack, 'Lb', {
    loadBalancer: w.web.loadBalancer,
    targetGroups: [w.web.targetGroup],
    healthCheck: { path: '/health' },
    algorithm: s.LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION,
  });
  new s.EcsFailoverExperiments(stack, 'Failover', { service: w.web.service, targetGroup: w.web.targetGroup, azPowerInterruption: { vpc, availabilityZone: 'eu-west-1a' } });
  new s.EndpointCanary(stack, 'Canary', { url: `http://${w.web.loadBalancer.loadBalancerDnsName}/`, expectedStatusCode: 200 });
  const group = new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), minCapacity: 2, maxCapacity: 6,
  });
  new s.AutoScalingGroupScaling(stack, 'AsgScaling', { autoScalingGroup: group, predictive: { metric: s.AsgPredictiveMetric.CPU_UTILIZATION, targetValue: 50 } });
  new s.AutoScalingGroupFailoverExperiments(stack, 'AsgFailover', { autoScalingGroup: group });
  const table = new ddb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, billingMode: ddb.BillingMode.PROVISIONED });
  new s.DynamoDbTableScaling(stack, 'TableScaling', { table, read: { minCapacity: 5, maxCapacity: 100 }, write: { minCapacity: 5, maxCapacity: 50 } });
  const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
  const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  new s.LambdaProvisionedConcurrencyScaling(stack, 'Concurrency', { alias, maxCapacity: 10 });
  const db = new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }), writer: rds.ClusterInstance.provisioned('Writer'), vpc,
  });
  new s.AuroraReadReplicaScaling(stack, 'Replicas', { cluster: db, maxCapacity: 4 });
  const dns = new Stack(app, 'Dns', { env: { account: '111111111111', region: 'us-east-1' } });
  const zone = new route53.PublicHostedZone(dns, 'Zone', { zoneName: 'example.com' });
  new s.RegionalFailover(dns, 'Failover', {
    hostedZone: zone,
    recordName: 'api',
    primary: { domainName: 'api.eu-west-1.example.com', region: 'eu-west-1' },
    secondary: { domainName: 'api.us-east-2.example.com', region: 'us-east-2' },
  });
  return { ...w, dns };
}
