// sample: deployment-safety/production
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AutoScalingGroupDeploymentSafety, EcsDeploymentSafety, LambdaDeploymentSafety, ReadinessProfile, ServiceMonitoring,
} from 'cdk-readiness';

const app = new App({ context: { '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true } });
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'Shop', { env: { account: '111111111111', region: 'eu-west-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  minHealthyPercent: 100,
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
});
const api = new lambda.Function(stack, 'Api', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
});
const workers = new autoscaling.AutoScalingGroup(stack, 'Workers', {
  vpc,
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
  machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  minCapacity: 2,
  maxCapacity: 6,
});

// One ServiceMonitoring for the whole service: its alarms page on-call AND stop deployments.
const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'shop' });
monitoring.monitorScope(stack);

// ECS: circuit breaker with rollback + the service's critical alarms as deployment alarms.
new EcsDeploymentSafety(stack, 'WebDeploymentSafety', { service: web.service, monitoring });

// Lambda: a "live" alias that CodeDeploy moves to each new version, 10 % every minute, and moves
// back when the function's error-rate or p99-duration alarm fires. API Gateway invokes the alias.
const apiDeployment = new LambdaDeploymentSafety(stack, 'ApiDeploymentSafety', {
  lambdaFunction: api,
  monitoring,
  deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
});
new apigw.LambdaRestApi(stack, 'ApiGateway', { handler: apiDeployment.alias });

// EC2: a new AMI or launch template replaces one instance at a time; an instance that does not
// signal success within 10 minutes stops the update and CloudFormation rolls the stack back.
new AutoScalingGroupDeploymentSafety(stack, 'WorkersDeploymentSafety', { autoScalingGroup: workers, signalTimeout: Duration.minutes(10) });
// end-sample

export { app, stack, web, api, workers };
