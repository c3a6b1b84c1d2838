// sample: scaling-and-failover/production
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  ApplicationLoadBalancing, EcsFailoverExperiments, EcsPredictiveMetric, EcsServiceScaling, EndpointCanary, ReadinessProfile,
} from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'Web', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
  cluster,
  minHealthyPercent: 100,
  circuitBreaker: { rollback: true },
  taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable') },
});
const jobs = new sqs.Queue(stack, 'Jobs', { enforceSSL: true, visibilityTimeout: Duration.minutes(5) });

new EcsServiceScaling(stack, 'WebScaling', {
  service: web.service,
  maxCapacity: 20, // what the database and quotas carry
  targetCpuUtilizationPercent: 60,
  requestCount: { targetGroup: web.targetGroup, requestsPerTarget: 1000 }, // from a load test
  queueBacklog: { queue: jobs, acceptableBacklogPerTask: 100 }, // step scaling, scale-out only
  schedules: [{ id: 'WeekdayMornings', schedule: appscaling.Schedule.cron({ weekDay: 'MON-FRI', hour: '7', minute: '30' }), minCapacity: 4 }],
  predictive: { metric: EcsPredictiveMetric.CPU_UTILIZATION, targetValue: 60 }, // forecast only, until you trust it
  runbookUrl: 'https://runbooks.example.com/web/capacity',
});
new ApplicationLoadBalancing(stack, 'WebLoadBalancing', {
  loadBalancer: web.loadBalancer,
  targetGroups: [web.targetGroup],
  healthCheck: { path: '/' },
});
// Failover exercised with AWS FIS: stop half the tasks, or power off a zone; stopped by critical alarms.
new EcsFailoverExperiments(stack, 'WebFailover', {
  service: web.service,
  targetGroup: web.targetGroup, // default stop conditions: no healthy target, 5XX above 5 %
  azPowerInterruption: { vpc, availabilityZone: 'eu-west-1a' },
  runbookUrl: 'https://runbooks.example.com/web/failover-test',
});
// Performance regression: a canary on the public endpoint, named by reference (rule PRF2).
new EndpointCanary(stack, 'WebCanary', {
  url: `http://${web.loadBalancer.loadBalancerDnsName}/`,
  latencyThreshold: Duration.seconds(2),
  runbookUrl: 'https://runbooks.example.com/web/latency',
});
// end-sample

export { app, stack };
