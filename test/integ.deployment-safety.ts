// Integration test app (integ-runner layout): deployments that roll themselves back.
// An ECS Fargate service behind an ALB with EcsDeploymentSafety (circuit breaker with rollback, its
// ServiceMonitoring alarms as deployment alarms), a Lambda function behind a function URL on the
// alias of LambdaDeploymentSafety (CodeDeploy canary with alarms), and an Auto Scaling group with
// AutoScalingGroupDeploymentSafety (rolling update waiting for cfn-signal).
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.deployment-safety.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledgeFixture, addGates } from '../examples/gates';
import { AutoScalingGroupDeploymentSafety, EcsDeploymentSafety, LambdaDeploymentSafety, ReadinessProfile, ServiceMonitoring } from '../src';

const account = '111111111111';
const app = new App({
  context: {
    [`availability-zones:account=${account}:region=eu-west-1`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    // A launch template (not a launch configuration, in maintenance since 2024) carries the user data that signals.
    '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true,
  },
});
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'IntegDeploymentSafety', { env: { account, region: 'eu-west-1' }, terminationProtection: true });

const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  cpu: 256,
  memoryLimitMiB: 512,
  minHealthyPercent: 100,
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), containerPort: 80 },
  publicLoadBalancer: true,
});
const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'integ-deployment-safety' });
new EcsDeploymentSafety(stack, 'WebDeploymentSafety', { service: web.service, monitoring });

const handler = new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
});
const live = new LambdaDeploymentSafety(stack, 'HandlerDeploymentSafety', { lambdaFunction: handler, monitoring });
live.alias.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

const fleet = new autoscaling.AutoScalingGroup(stack, 'Fleet', {
  vpc,
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
  machineImage: ec2.MachineImage.fromSsmParameter('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'),
  minCapacity: 2,
  maxCapacity: 4,
});
new AutoScalingGroupDeploymentSafety(stack, 'FleetDeploymentSafety', { autoScalingGroup: fleet });

new IntegTest(app, 'DeploymentSafety', { testCases: [stack] });
// CI gate (scripts/gates.sh): AWS Control Tower's controls judge the library's resources, not these fixtures.
addGates(app);
acknowledgeFixture(vpc, 'subnet_auto_assign_public_ip_disabled_check');
acknowledgeFixture(web, 'ecs_task_definition_nonroot_user_check', 'ecs_containers_readonly_access_check', 'ecs_task_definition_memory_hard_limit_check',
  'alb_http_to_https_redirection_check', 'cloudwatch_log_group_retention_period_check', 'cloudwatch_log_group_encrypted_check',
  'alb_http_drop_invalid_header_enabled_check', 'elbv2_deletion_protection_enabled_check', 'elbv2_logging_enabled_check');
acknowledgeFixture(handler, 'lambda_inside_vpc_check');
acknowledgeFixture(fleet, 'ec2_launch_template_imdsv2_check', 'ec2_launch_template_monitoring_enabled_check', 'autoscaling_multiple_az_check',
  'autoscaling_mixed_instances_policy_multiple_instance_types_check');
app.synth();
