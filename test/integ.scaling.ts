// Integration test app (integ-runner layout): an ECS Fargate service behind an ALB with
// EcsServiceScaling (CPU, requests per task, queue backlog, a schedule), ApplicationLoadBalancing,
// EcsFailoverExperiments (stop tasks, AZ power interruption) and an EndpointCanary.
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.scaling.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgeFixture, addGates } from '../examples/gates';
import { ApplicationLoadBalancing, EcsFailoverExperiments, EcsServiceScaling, EndpointCanary, ReadinessProfile } from '../src';

const account = '111111111111';
// The VPC's AZs, pinned as a context lookup result: synth needs no AWS credentials.
const app = new App({ context: { [`availability-zones:account=${account}:region=eu-west-1`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } });
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'IntegScaling', { env: { account, region: 'eu-west-1' }, terminationProtection: true });

const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  cpu: 256,
  memoryLimitMiB: 512,
  minHealthyPercent: 100,
  circuitBreaker: { rollback: true },
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), containerPort: 80 },
  publicLoadBalancer: true,
});
const jobs = new sqs.Queue(stack, 'Jobs', { enforceSSL: true });

new EcsServiceScaling(stack, 'WebScaling', {
  service: web.service,
  maxCapacity: 6,
  targetCpuUtilizationPercent: 60,
  requestCount: { targetGroup: web.targetGroup, requestsPerTarget: 500 },
  queueBacklog: { queue: jobs, acceptableBacklogPerTask: 50 },
  schedules: [{ id: 'Mornings', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '0' }), minCapacity: 3 }],
});
new ApplicationLoadBalancing(stack, 'WebLoadBalancing', { loadBalancer: web.loadBalancer, targetGroups: [web.targetGroup], healthCheck: { path: '/' } });
new EcsFailoverExperiments(stack, 'WebFailover', {
  service: web.service,
  targetGroup: web.targetGroup,
  azPowerInterruption: { vpc, availabilityZone: 'eu-west-1a' },
});
new EndpointCanary(stack, 'WebCanary', { url: `http://${web.loadBalancer.loadBalancerDnsName}/`, latencyThreshold: Duration.seconds(2) });

new IntegTest(app, 'Scaling', { testCases: [stack] });
// CI gate (scripts/gates.sh): AWS Control Tower's controls judge the library's resources, not these fixtures.
addGates(app);
acknowledgeFixture(vpc, 'subnet_auto_assign_public_ip_disabled_check');
acknowledgeFixture(web, 'ecs_task_definition_nonroot_user_check', 'ecs_containers_readonly_access_check', 'ecs_task_definition_memory_hard_limit_check',
  'alb_http_to_https_redirection_check', 'cloudwatch_log_group_retention_period_check', 'cloudwatch_log_group_encrypted_check');
acknowledgeFixture(jobs, 'sqs_queue_encrypted_check', 'sqs_dlq_check');
app.synth();
