import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
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
