import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { appWith, EU } from '../scaling/helpers';

/** A load-balanced Fargate service in a PROD app (stack `W`), at full capacity during deployments unless told otherwise. */
export interface WebServiceOptions {
  readonly minHealthyPercent?: number;
  readonly controller?: ecs.DeploymentControllerType;
  readonly circuitBreaker?: boolean;
  readonly stackId?: string;
}

export function webService(options: WebServiceOptions = {}) {
  const app = appWith();
  const stack = new Stack(app, options.stackId ?? 'W', EU);
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    cluster,
    minHealthyPercent: options.minHealthyPercent ?? 100,
    deploymentController: options.controller ? { type: options.controller } : undefined,
    circuitBreaker: options.circuitBreaker ? { rollback: false } : undefined,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
    publicLoadBalancer: true,
  });
  return { app, stack, web };
}
