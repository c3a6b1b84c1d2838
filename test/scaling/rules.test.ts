import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { appWith, EU, everyConstruct, workload, Workload } from './helpers';
import {
  ApplicationLoadBalancing, AuroraReadReplicaScaling, AutoScalingGroupFailoverExperiments, AutoScalingGroupScaling,
  DynamoDbTableScaling, EcsFailoverExperiments, EcsServiceScaling, EndpointCanary, LoadBalancingAlgorithm, ReadinessProfile, RuleSeverity,
} from '../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../util/findings';

const SCALING_RULES = ['Readiness-SCL1', 'Readiness-SCL2', 'Readiness-SCL3', 'Readiness-SCL4', 'Readiness-SCL5', 'Readiness-PRF2'];

/** The workload built the recommended way, with every construct of the module. */
function recommended(w: Workload = workload()) {
  new EcsServiceScaling(w.stack, 'Scaling', {
    service: w.web.service,
    maxCapacity: 8,
    requestCount: { targetGroup: w.web.targetGroup, requestsPerTarget: 500 },
    queueBacklog: { queue: w.queue, acceptableBacklogPerTask: 100 },
  });
  new ApplicationLoadBalancing(w.stack, 'Lb', { loadBalancer: w.web.loadBalancer, targetGroups: [w.web.targetGroup], healthCheck: { path: '/health' } });
  new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, targetGroup: w.web.targetGroup });
  new EndpointCanary(w.stack, 'Canary', { url: `http://${w.web.loadBalancer.loadBalancerDnsName}/health` });
  return w;
}

function asg(stack: Stack, id: string, vpc: ec2.IVpc, props: Partial<autoscaling.AutoScalingGroupProps> = {}) {
  return new autoscaling.AutoScalingGroup(stack, id, {
    vpc,
    instanceType: new ec2.InstanceType('t3.small'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    minCapacity: 2,
    maxCapacity: 6,
    ...props,
  });
}

describe('the recommended setup', () => {
  const w = recommended();
  test.each(SCALING_RULES)('passes %s, which evaluated it', (id) => {
    expect(findingsOf(w.app, id)).toEqual([]);
    expect(ruleOutcome(w.app, id).evaluated).toBeGreaterThan(0);
  });
});

describe('every construct of the module satisfies the rules it answers', () => {
  // ECS, Auto Scaling group, provisioned table, Lambda alias, Aurora replicas, load balancer (weighted random), canary, experiments.
  const { app } = everyConstruct();
  test.each(SCALING_RULES)('%s', (id) => {
    expect(findingsOf(app, id)).toEqual([]);
  });

  test('SCL4 judged every scalable target and the group', () => {
    // ECS service, table read and write, Lambda alias, Aurora replicas; the Auto Scaling group.
    expect(ruleOutcome(app, 'Readiness-SCL4')).toMatchObject({ evaluated: 6, passed: 6 });
  });
});

describe('the workload as written before the audit', () => {
  const w = workload();
  w.web.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnSchedule('Night', {
    schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }),
    maxCapacity: 2,
  });

  test('SCL1: a scalable target with only a scheduled action does not follow load', () => {
    expect(findingsOf(w.app, 'Readiness-SCL1')).toEqual([expect.objectContaining({
      constructPath: 'W/Web/Service/Service',
      message: expect.stringContaining('no target-tracking or step scaling policy'),
    })]);
  });

  test('SCL2: one task minimum under PROD', () => {
    expect(findingsOf(w.app, 'Readiness-SCL2')).toEqual([expect.objectContaining({
      constructPath: 'W/Web/Service/Service',
      message: expect.stringContaining("Minimum capacity is 1 tasks; the 'prod' profile requires at least 2"),
    })]);
  });

  test('SCL3: round robin, implicit health check, no deletion protection, headers or access logs', () => {
    const messages = findingsOf(w.app, 'Readiness-SCL3').map((f) => `${f.constructPath}: ${f.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^W\/Web\/LB\/PublicListener\/ECSGroup\/Resource: No explicit health check path/),
      expect.stringMatching(/^W\/Web\/LB\/PublicListener\/ECSGroup\/Resource: Routing algorithm is round_robin/),
      expect.stringMatching(/^W\/Web\/LB\/Resource: Deletion protection is off/),
      expect.stringMatching(/^W\/Web\/LB\/Resource: Invalid HTTP header fields are forwarded/),
      expect.stringMatching(/^W\/Web\/LB\/Resource: Access logs are off/),
    ]));
    expect(messages).toHaveLength(5);
  });

  test('SCL4: a target only a schedule moves sits at its maximum by plan, so no at-maximum alarm is asked (SCL1 reports the missing policy)', () => {
    expect(findingsOf(w.app, 'Readiness-SCL4')).toEqual([]);
    expect(ruleOutcome(w.app, 'Readiness-SCL4')).toMatchObject({ evaluated: 0 });
  });

  test('SCL4: once a target-tracking policy drives it, nobody learns that the service sits at its maximum', () => {
    const v = workload();
    v.web.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    expect(findingsOf(v.app, 'Readiness-SCL4')).toEqual([expect.objectContaining({
      constructPath: 'W/Web/Service/TaskCount/Target/Resource',
      message: expect.stringContaining('No alarm on ECS/ContainerInsights DesiredTaskCount or RunningTaskCount'),
    })]);
  });

  test('SCL5: no experiment, a warning in PROD', () => {
    expect(findingsOf(w.app, 'Readiness-SCL5')).toEqual([expect.objectContaining({
      constructPath: 'W/Web/Service/Service',
      severity: RuleSeverity.WARNING,
      message: expect.stringContaining('No AWS FIS experiment template targets it'),
    })]);
  });

  test('PRF2: the public load balancer has no canary', () => {
    expect(findingsOf(w.app, 'Readiness-PRF2')).toEqual([expect.objectContaining({
      constructPath: 'W/Web/LB/Resource',
      message: expect.stringContaining('No CloudWatch Synthetics canary requests this public endpoint'),
    })]);
  });
});

describe('Readiness-SCL1 every service, group and provisioned table scales with load', () => {
  test('an ECS service without any scalable target', () => {
    const w = workload();
    expect(findingsOf(w.app, 'Readiness-SCL1').map((f) => f.message)).toEqual([expect.stringContaining('No Application Auto Scaling target scales the task count')]);
  });

  test('daemon services are not judged', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new ecs.CfnService(stack, 'Daemon', { cluster: 'c', taskDefinition: 'td', schedulingStrategy: 'DAEMON' });
    expect(ruleOutcome(app, 'Readiness-SCL1').evaluated).toBe(0);
  });

  test('Auto Scaling groups: none, predictive only (non-compliant) and target tracking (compliant)', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    asg(stack, 'Fixed', vpc);
    const predictive = asg(stack, 'Predictive', vpc);
    new autoscaling.CfnScalingPolicy(stack, 'Forecast', {
      autoScalingGroupName: predictive.autoScalingGroupName,
      policyType: 'PredictiveScaling',
      predictiveScalingConfiguration: { metricSpecifications: [{ targetValue: 50, predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' } }] },
    });
    asg(stack, 'Tracked', vpc).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    expect(findingsOf(app, 'Readiness-SCL1').map((f) => `${f.constructPath}: ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^S\/Fixed\/ASG: No scaling policy/),
      expect.stringMatching(/^S\/Predictive\/ASG: The group has only predictive or scheduled scaling/),
    ]);
  });

  test('provisioned tables need read and write scaling for the table and every index; on-demand tables are not judged', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const table = new ddb.Table(stack, 'Provisioned', {
      partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
      billingMode: ddb.BillingMode.PROVISIONED,
    });
    table.addGlobalSecondaryIndex({ indexName: 'byOwner', partitionKey: { name: 'owner', type: ddb.AttributeType.STRING } });
    table.autoScaleReadCapacity({ minCapacity: 5, maxCapacity: 50 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    new ddb.Table(stack, 'OnDemand', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, billingMode: ddb.BillingMode.PAY_PER_REQUEST });
    expect(findingsOf(app, 'Readiness-SCL1')).toEqual([expect.objectContaining({
      constructPath: 'S/Provisioned/Resource',
      message: 'Provisioned capacity without a target-tracking or step scaling policy: table write capacity, index byOwner read capacity, index byOwner write capacity',
    })]);
    expect(ruleOutcome(app, 'Readiness-SCL1').evaluated).toBe(1);
  });

  test('compliant: DynamoDbTableScaling covers the table and its index', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const table = new ddb.Table(stack, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, billingMode: ddb.BillingMode.PROVISIONED });
    table.addGlobalSecondaryIndex({ indexName: 'byOwner', partitionKey: { name: 'owner', type: ddb.AttributeType.STRING } });
    new DynamoDbTableScaling(stack, 'Scaling', {
      table,
      read: { minCapacity: 5, maxCapacity: 100 },
      write: { minCapacity: 5, maxCapacity: 50 },
      indexes: [{ indexName: 'byOwner', read: { minCapacity: 5, maxCapacity: 50 }, write: { minCapacity: 5, maxCapacity: 50 } }],
    });
    expect(findingsOf(app, 'Readiness-SCL1')).toEqual([]);
    expect(findingsOf(app, 'Readiness-SCL4')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-SCL4').evaluated).toBe(4);
  });

  test('a provisioned global table without auto scaling settings (hand-written L1)', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new ddb.CfnGlobalTable(stack, 'Global', {
      billingMode: 'PROVISIONED',
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      writeProvisionedThroughputSettings: {
        writeCapacityAutoScalingSettings: { minCapacity: 5, maxCapacity: 50, targetTrackingScalingPolicyConfiguration: { targetValue: 70 } },
      },
      replicas: [{ region: 'eu-west-1', readProvisionedThroughputSettings: { readCapacityUnits: 5 } }],
    });
    expect(findingsOf(app, 'Readiness-SCL1').map((f) => f.message)).toEqual(['Replica eu-west-1 has no read capacity auto scaling (ReadCapacityAutoScalingSettings)']);
  });
});

describe('Readiness-SCL2 the profile minimum across Availability Zones, room to scale', () => {
  test('compliant in DEV with one task (the DEV profile asks for one)', () => {
    const w = workload({ app: appWith(ReadinessProfile.DEV) });
    w.web.service.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    expect(findingsOf(w.app, 'Readiness-SCL2')).toEqual([]);
  });

  test('a service in a single subnet', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const subnet = new ec2.CfnSubnet(stack, 'Subnet', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-1a' });
    new ecs.CfnService(stack, 'Svc', {
      cluster: 'c',
      taskDefinition: 'td',
      desiredCount: 3,
      networkConfiguration: { awsvpcConfiguration: { subnets: [subnet.ref] } },
    });
    expect(findingsOf(app, 'Readiness-SCL2').map((f) => f.message)).toEqual([expect.stringContaining('All capacity is in one Availability Zone (eu-west-1a)')]);
  });

  test('a scalable target whose maximum is its minimum (hand-written L1)', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new appscaling.CfnScalableTarget(stack, 'Pinned', {
      serviceNamespace: 'dynamodb', scalableDimension: 'dynamodb:table:ReadCapacityUnits', resourceId: 'table/orders', minCapacity: 10, maxCapacity: 10,
    });
    expect(findingsOf(app, 'Readiness-SCL2')).toEqual([expect.objectContaining({ constructPath: 'S/Pinned', message: 'MaxCapacity (10) is not above MinCapacity (10): the target cannot scale out' })]);
  });

  test('Auto Scaling groups: below the minimum, max = min, one subnet', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    asg(stack, 'Small', vpc, { minCapacity: 1, maxCapacity: 4 });
    asg(stack, 'Pinned', vpc, { minCapacity: 3, maxCapacity: 3 });
    asg(stack, 'OneZone', vpc, { vpcSubnets: { subnets: [vpc.privateSubnets[0]] } });
    asg(stack, 'Good', vpc);
    expect(findingsOf(app, 'Readiness-SCL2').map((f) => `${f.constructPath}: ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^S\/OneZone\/ASG: All capacity is in one Availability Zone/),
      expect.stringMatching(/^S\/Pinned\/ASG: MaxSize \(3\) is not above MinSize \(3\)/),
      expect.stringMatching(/^S\/Small\/ASG: Minimum capacity is 1 instances/),
    ]);
  });

  test('Aurora: a writer alone fails; a reader, or replica auto scaling, passes', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
    new rds.DatabaseCluster(stack, 'Alone', { engine, vpc, writer: rds.ClusterInstance.serverlessV2('Writer') });
    new rds.DatabaseCluster(stack, 'Pair', { engine, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), readers: [rds.ClusterInstance.serverlessV2('Reader')] });
    const scaled = new rds.DatabaseCluster(stack, 'Scaled', { engine, vpc, writer: rds.ClusterInstance.provisioned('Writer') });
    new AuroraReadReplicaScaling(stack, 'Replicas', { cluster: scaled, maxCapacity: 4 });
    expect(findingsOf(app, 'Readiness-SCL2')).toEqual([expect.objectContaining({
      constructPath: 'S/Alone/Resource',
      message: expect.stringContaining("The cluster has 1 instance(s); the 'prod' profile requires at least 2"),
    })]);
  });
});

describe('Readiness-SCL3 load-aware routing, explicit health checks, load balancer protections', () => {
  /** A hand-written HTTP target group with an explicit health check and these attributes. */
  const cfnTargetGroup = (stack: Stack, id: string, attributes: Record<string, string>) => new elbv2.CfnTargetGroup(stack, id, {
    protocol: 'HTTP',
    port: 80,
    vpcId: 'vpc-1',
    healthCheckPath: '/health',
    targetGroupAttributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
  });

  test('weighted random without anomaly mitigation, and with it but no anomalous-host alarm (hand-written L1)', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const tg = (id: string, mitigation: string) => cfnTargetGroup(stack, id, {
      'load_balancing.algorithm.type': 'weighted_random',
      'load_balancing.algorithm.anomaly_mitigation': mitigation,
    });
    tg('Off', 'off');
    tg('Unwatched', 'on');
    new elbv2.CfnTargetGroup(stack, 'Tcp', { protocol: 'TCP', port: 80, vpcId: 'vpc-1' });
    expect(findingsOf(app, 'Readiness-SCL3').map((f) => `${f.constructPath}: ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^S\/Off: Weighted random routing without anomaly mitigation/),
      expect.stringMatching(/^S\/Unwatched: Anomaly mitigation is on but no alarm watches AnomalousHostCount/),
    ]);
    expect(ruleOutcome(app, 'Readiness-SCL3').evaluated).toBe(2);
  });

  test('compliant: ApplicationLoadBalancing with weighted random adds the anomalous-host alarm', () => {
    const w = workload();
    new ApplicationLoadBalancing(w.stack, 'Lb', {
      loadBalancer: w.web.loadBalancer,
      targetGroups: [w.web.targetGroup],
      healthCheck: { path: '/health' },
      algorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM_WITH_ANOMALY_MITIGATION,
    });
    expect(findingsOf(w.app, 'Readiness-SCL3')).toEqual([]);
    expect(ruleOutcome(w.app, 'Readiness-SCL3')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('health checks turned off', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new elbv2.CfnTargetGroup(stack, 'Blind', {
      protocol: 'HTTP',
      port: 80,
      vpcId: 'vpc-1',
      healthCheckEnabled: false,
      targetGroupAttributes: [{ key: 'load_balancing.algorithm.type', value: 'least_outstanding_requests' }],
    });
    expect(findingsOf(app, 'Readiness-SCL3').map((f) => f.message)).toEqual(['Health checks are disabled: failed targets keep getting traffic']);
  });

  test('slow start with a load-aware algorithm (rejected by Elastic Load Balancing at deployment); with round robin only the algorithm is flagged', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const tg = (id: string, algorithm: string) => cfnTargetGroup(stack, id, {
      'load_balancing.algorithm.type': algorithm,
      'slow_start.duration_seconds': '60',
    });
    tg('Lor', 'least_outstanding_requests');
    tg('RoundRobin', 'round_robin');
    expect(findingsOf(app, 'Readiness-SCL3').map((f) => `${f.constructPath}: ${f.message}`).sort()).toEqual([
      expect.stringMatching(/^S\/Lor: Slow start \(60 s\) with least_outstanding_requests: Elastic Load Balancing accepts slow start with round robin only/),
      expect.stringMatching(/^S\/RoundRobin: Routing algorithm is round_robin/),
    ]);
  });
});

describe('Readiness-SCL4 an alarm at maximum capacity', () => {
  test('an alarm that fires at the minimum does not count', () => {
    const w = workload();
    w.web.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    new cloudwatch.Alarm(w.stack, 'Always', {
      metric: new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensionsMap: { ClusterName: w.cluster.clusterName, ServiceName: w.web.service.serviceName } }),
      threshold: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    expect(findingsOf(w.app, 'Readiness-SCL4').map((f) => f.message)).toEqual([
      'The alarms on DesiredTaskCount or RunningTaskCount do not fire at the maximum capacity (6) without firing at the minimum (2)',
    ]);
  });

  test('a right alarm on a cluster without Container Insights has no data', () => {
    const w = workload({ containerInsights: false });
    w.web.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    new cloudwatch.Alarm(w.stack, 'AtMax', {
      metric: new cloudwatch.Metric({ namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensionsMap: { ClusterName: w.cluster.clusterName, ServiceName: w.web.service.serviceName } }),
      threshold: 6,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
    });
    expect(findingsOf(w.app, 'Readiness-SCL4').map((f) => f.message)).toEqual([expect.stringContaining('the cluster does not enable Container Insights')]);
  });

  test('Auto Scaling groups: a hand-written alarm without group metrics collection fails; AutoScalingGroupScaling passes', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const hand = asg(stack, 'Hand', vpc);
    hand.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
    new cloudwatch.Alarm(stack, 'HandAtMax', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/AutoScaling', metricName: 'GroupDesiredCapacity', dimensionsMap: { AutoScalingGroupName: hand.autoScalingGroupName } }),
      threshold: 6,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
    });
    new AutoScalingGroupScaling(stack, 'Scaling', { autoScalingGroup: asg(stack, 'Managed', vpc) });
    expect(findingsOf(app, 'Readiness-SCL4')).toEqual([expect.objectContaining({
      constructPath: 'S/Hand/ASG',
      message: 'Group metrics collection does not include GroupDesiredCapacity: the alarm has no data. Enable MetricsCollection',
    })]);
  });

  test('table scaling of the aws-cdk-lib L2 without alarms', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const table = new ddb.Table(stack, 'T', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, billingMode: ddb.BillingMode.PROVISIONED });
    table.autoScaleReadCapacity({ minCapacity: 5, maxCapacity: 50 }).scaleOnUtilization({ targetUtilizationPercent: 70 });
    expect(findingsOf(app, 'Readiness-SCL4').map((f) => f.message)).toEqual([expect.stringContaining('No alarm on AWS/DynamoDB ProvisionedReadCapacityUnits')]);
  });
});

describe('Readiness-SCL5 a fault-injection experiment per service', () => {
  test('an error in STAGING, where experiments are run first', () => {
    const w = workload({ app: appWith(ReadinessProfile.STAGING) });
    expect(findingsOf(w.app, 'Readiness-SCL5').map((f) => f.severity)).toEqual([RuleSeverity.ERROR]);
  });

  test('a template without an alarm stop condition, and one whose target no action uses (hand-written L1)', () => {
    const w = workload();
    const target = { resourceType: 'aws:ecs:task', parameters: { cluster: w.cluster.clusterName, service: w.web.service.serviceName }, selectionMode: 'COUNT(1)' };
    new fis.CfnExperimentTemplate(w.stack, 'Unguarded', {
      description: 'stop a task',
      roleArn: 'arn:aws:iam::111111111111:role/fis',
      stopConditions: [{ source: 'none' }],
      targets: { Tasks: target },
      actions: { Stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'Tasks' } } },
    });
    expect(findingsOf(w.app, 'Readiness-SCL5').map((f) => f.message)).toEqual([expect.stringContaining('have no CloudWatch alarm stop condition')]);

    const other = workload();
    new fis.CfnExperimentTemplate(other.stack, 'Unused', {
      description: 'no action on the target',
      roleArn: 'arn:aws:iam::111111111111:role/fis',
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:x' }],
      targets: { Tasks: { ...target, parameters: { cluster: other.cluster.clusterName, service: other.web.service.serviceName } } },
      actions: { Wait: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' } } },
    });
    expect(findingsOf(other.app, 'Readiness-SCL5').map((f) => f.message)).toEqual([expect.stringContaining('No AWS FIS experiment template targets it')]);
  });

  test('a literal service name in the template counts (templates written by hand or by another tool)', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new ecs.CfnService(stack, 'Svc', { cluster: 'c', taskDefinition: 'td', serviceName: 'orders' });
    new fis.CfnExperimentTemplate(stack, 'T', {
      description: 'stop a task',
      roleArn: 'arn:aws:iam::111111111111:role/fis',
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:x' }],
      targets: { Tasks: { resourceType: 'aws:ecs:task', parameters: { cluster: 'c', service: 'orders' }, selectionMode: 'COUNT(1)' } },
      actions: { Stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'Tasks' } } },
    });
    expect(findingsOf(app, 'Readiness-SCL5')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-SCL5').evaluated).toBe(1);
  });

  test('a task filter on the service group (Pascal case, as FIS documents filter paths) counts; another service\'s group does not', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    new ecs.CfnService(stack, 'Orders', { cluster: 'c', taskDefinition: 'td', serviceName: 'orders' });
    new ecs.CfnService(stack, 'Billing', { cluster: 'c', taskDefinition: 'td', serviceName: 'billing' });
    new fis.CfnExperimentTemplate(stack, 'T', {
      description: 'stop a task',
      roleArn: 'arn:aws:iam::111111111111:role/fis',
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:x' }],
      targets: { Tasks: { resourceType: 'aws:ecs:task', resourceTags: { env: 'prod' }, filters: [{ path: 'Group', values: ['service:orders'] }], selectionMode: 'COUNT(1)' } },
      actions: { Stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'Tasks' } } },
    });
    expect(pathsWith(app, 'Readiness-SCL5')).toEqual(['S/Billing']);
  });

  test('Auto Scaling groups: AutoScalingGroupFailoverExperiments covers the group, others fail', () => {
    const app = appWith();
    const stack = new Stack(app, 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new AutoScalingGroupFailoverExperiments(stack, 'Failover', { autoScalingGroup: asg(stack, 'Tested', vpc) });
    asg(stack, 'Untested', vpc);
    expect(pathsWith(app, 'Readiness-SCL5')).toEqual(['S/Untested/ASG']);
  });
});

describe('Readiness-PRF2 a canary with a latency alarm per public endpoint', () => {
  function canaryOn(stack: Stack, id: string, url: string) {
    return new synthetics.Canary(stack, id, {
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline('exports.handler = async () => {};'), handler: 'index.handler' }),
      environmentVariables: { URL: url },
    });
  }

  test('a canary without a latency alarm', () => {
    const w = workload();
    canaryOn(w.stack, 'Bare', `http://${w.web.loadBalancer.loadBalancerDnsName}/`);
    expect(findingsOf(w.app, 'Readiness-PRF2').map((f) => f.message)).toEqual([expect.stringContaining('No alarm watches the latency (CloudWatchSynthetics Duration) of its canaries')]);
  });

  test('a canary that requests the Route 53 name of the load balancer, with a latency alarm', () => {
    const w = workload();
    const zone = new route53.PublicHostedZone(w.stack, 'Zone', { zoneName: 'example.com' });
    new route53.ARecord(w.stack, 'Api', {
      zone,
      recordName: 'api',
      target: route53.RecordTarget.fromAlias({
        bind: () => ({ dnsName: w.web.loadBalancer.loadBalancerDnsName, hostedZoneId: w.web.loadBalancer.loadBalancerCanonicalHostedZoneId }),
      }),
    });
    const canary = canaryOn(w.stack, 'ByName', 'https://api.example.com/health');
    canary.metricDuration().createAlarm(w.stack, 'Slow', { threshold: 2000, evaluationPeriods: 3 });
    expect(findingsOf(w.app, 'Readiness-PRF2')).toEqual([]);
    expect(ruleOutcome(w.app, 'Readiness-PRF2').evaluated).toBe(1);
  });

  test('a load balancer behind a guarded CloudFront distribution is guarded; internal load balancers are not judged', () => {
    const w = workload();
    const distribution = new cloudfront.CfnDistribution(w.stack, 'Cdn', {
      distributionConfig: {
        enabled: true,
        origins: [{ id: 'alb', domainName: w.web.loadBalancer.loadBalancerDnsName, customOriginConfig: { originProtocolPolicy: 'http-only' } }],
        defaultCacheBehavior: { targetOriginId: 'alb', viewerProtocolPolicy: 'redirect-to-https', cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
      },
    });
    new EndpointCanary(w.stack, 'Canary', { url: `https://${distribution.attrDomainName}/` });
    new elbv2.ApplicationLoadBalancer(w.stack, 'Internal', { vpc: w.vpc, internetFacing: false });
    expect(findingsOf(w.app, 'Readiness-PRF2')).toEqual([]);
    expect(ruleOutcome(w.app, 'Readiness-PRF2')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('a canary that never starts', () => {
    const w = workload();
    const canary = canaryOn(w.stack, 'Stopped', `http://${w.web.loadBalancer.loadBalancerDnsName}/`);
    (canary.node.defaultChild as synthetics.CfnCanary).startCanaryAfterCreation = false;
    canary.metricDuration().createAlarm(w.stack, 'Slow', { threshold: 2000, evaluationPeriods: 3 });
    expect(findingsOf(w.app, 'Readiness-PRF2').map((f) => f.message)).toEqual([expect.stringContaining('never start')]);
  });
});
