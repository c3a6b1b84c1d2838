// sample: scaling-and-failover/minimal
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { ApplicationLoadBalancing, EcsServiceScaling, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.STAGING.applyTo(app);
const stack = new Stack(app, 'Web', { env: { account: '111111111111', region: 'eu-west-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  minHealthyPercent: 100,
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
});

// From the profile's minimum (2 tasks, spread over the zones) to 10, on CPU; an alarm at the maximum.
new EcsServiceScaling(stack, 'WebScaling', { service: web.service, maxCapacity: 10 });
// Least outstanding requests, an explicit health check, deletion protection, access logs.
new ApplicationLoadBalancing(stack, 'WebLoadBalancing', {
  loadBalancer: web.loadBalancer,
  targetGroups: [web.targetGroup],
  healthCheck: { path: '/' }, // nginx serves "/"; a real service checks its dependencies on /health
});
// end-sample

export { app, stack };
