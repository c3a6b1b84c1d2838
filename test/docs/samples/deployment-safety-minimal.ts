// sample: deployment-safety/minimal
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { EcsDeploymentSafety, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.STAGING.applyTo(app);
const stack = new Stack(app, 'Web', { env: { account: '111111111111', region: 'eu-west-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  minHealthyPercent: 100, // new tasks start before old ones stop: a deployment never dips capacity
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
});

// Circuit breaker with rollback, and the service's own critical alarms (target 5XX rate, no healthy
// hosts, no running tasks, from a ServiceMonitoring it creates) roll a bad deployment back.
new EcsDeploymentSafety(stack, 'WebDeploymentSafety', { service: web.service });
// end-sample

export { app, stack, web };
