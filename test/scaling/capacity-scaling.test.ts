import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { appWith, EU, only, resources, workload } from './helpers';
import {
  AlarmRouting, AlarmSeverity, AsgPredictiveMetric, AuroraReadReplicaScaling, AutoScalingGroupScaling, DynamoDbTableScaling,
  EcsPredictiveMetric, EcsServiceScaling, LambdaProvisionedConcurrencyScaling, PredictiveScalingMode, ReadinessProfile,
} from '../../src';

/** Alarm descriptions follow the runbook convention: meaning, then "Runbook:" and the first checks. */
function expectRunbook(alarm: any, url?: string) {
  const text = JSON.stringify(alarm.Properties.AlarmDescription);
  expect(text).toMatch(/Runbook: 1\) /);
  if (url) expect(text).toContain(url);
}

describe('EcsServiceScaling', () => {
  type Props = Partial<ConstructorParameters<typeof EcsServiceScaling>[2]>;
  const build = (props: Props | ((w: ReturnType<typeof workload>) => Props) = {}, options: Parameters<typeof workload>[0] = {}) => {
    const w = workload(options);
    const extra = typeof props === 'function' ? props(w) : props;
    const scaling = new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10, ...extra });
    return { ...w, scaling, template: Template.fromStack(w.stack) };
  };

  test('the minimum comes from the profile (PROD: 2), the role is the ECS service-linked role', () => {
    const { template, scaling } = build();
    expect(scaling.minCapacity).toBe(2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
      RoleARN: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService')])] },
    });
  });

  test('DEV asks for one task', () => {
    const { template } = build({}, { app: appWith(ReadinessProfile.DEV) });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1 });
  });

  test('target tracking on CPU by default, scale out in a minute and in after five', () => {
    const { template } = build();
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
        ScaleOutCooldown: 60,
        ScaleInCooldown: 300,
      },
    });
  });

  test('memory and requests per target, with the target group as resource label', () => {
    const { stack } = build((w) => ({
      targetCpuUtilizationPercent: 50,
      targetMemoryUtilizationPercent: 75,
      requestCount: { targetGroup: w.web.targetGroup, requestsPerTarget: 800 },
    }));
    const configs = Object.values<any>(resources(stack, 'AWS::ApplicationAutoScaling::ScalingPolicy')).map((p) => p.Properties.TargetTrackingScalingPolicyConfiguration);
    expect(configs.map((c) => [c.PredefinedMetricSpecification.PredefinedMetricType, c.TargetValue])).toEqual([
      ['ECSServiceAverageCPUUtilization', 50],
      ['ECSServiceAverageMemoryUtilization', 75],
      ['ALBRequestCountPerTarget', 800],
    ]);
    expect(configs[2].PredefinedMetricSpecification.ResourceLabel).toEqual({ 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::GetAtt': [expect.stringMatching(/ECSGroup/), 'TargetGroupFullName'] }])] });
  });

  test('step scaling on the queue backlog per running task (Container Insights), scale-out only next to target tracking', () => {
    const { template } = build((w) => ({ queueBacklog: { queue: w.queue, acceptableBacklogPerTask: 100 } }));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        MetricAggregationType: 'Maximum',
        Cooldown: 60,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 200, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 200, MetricIntervalUpperBound: 900, ScalingAdjustment: 3 },
          { MetricIntervalLowerBound: 900, ScalingAdjustment: 4 },
        ],
      },
    });
    // No scale-in step policy: target tracking on CPU scales in.
    expect(Object.values<any>(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).filter((p) => p.Properties.PolicyType === 'StepScaling')).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 100,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(tasks > 0, visible / tasks, visible)' }),
        Match.objectLike({ Id: 'visible', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' }) }) }),
        Match.objectLike({ Id: 'tasks', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' }) }) }),
      ]),
      AlarmDescription: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('Runbook: 1\\)')])] }),
    });
  });

  test('a backlog-only service also scales in on its backlog', () => {
    const { template } = build((w) => ({ scaleOnCpu: false, queueBacklog: { queue: w.queue, acceptableBacklogPerTask: 50 } }));
    const steps = Object.values<any>(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    expect(steps.map((p) => p.Properties.PolicyType)).toEqual(['StepScaling', 'StepScaling']);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 5, ComparisonOperator: 'LessThanOrEqualToThreshold' });
    // Scale out after a minute, scale in after five, as the target tracking policies do.
    const cooldownOf = (sign: number) => steps
      .map((p) => p.Properties.StepScalingPolicyConfiguration)
      .find((c) => Math.sign(c.StepAdjustments[0].ScalingAdjustment) === sign).Cooldown;
    expect([cooldownOf(1), cooldownOf(-1)]).toEqual([60, 300]);
  });

  test('scheduled actions', () => {
    const { template } = build({
      schedules: [{ id: 'Mornings', schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 4 }],
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [{ ScheduledActionName: 'Mornings', Schedule: 'cron(0 7 * * ? *)', ScalableTargetAction: { MinCapacity: 4 } }],
    });
  });

  test('predictive scaling (AWS::ApplicationAutoScaling::ScalingPolicy PredictiveScalingPolicyConfiguration), forecast only by default', () => {
    const { template } = build({ predictive: { metric: EcsPredictiveMetric.CPU_UTILIZATION, targetValue: 55 } });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'PredictiveScaling',
      ScalingTargetId: { Ref: Match.stringLikeRegexp('^ScalingTarget') },
      PredictiveScalingPolicyConfiguration: {
        Mode: 'ForecastOnly',
        SchedulingBufferTime: 300,
        MaxCapacityBreachBehavior: 'HonorMaxCapacity',
        MetricSpecifications: [{ TargetValue: 55, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' } }],
      },
    });
  });

  test('predictive scaling on requests uses the target group as resource label', () => {
    const w = workload();
    new EcsServiceScaling(w.stack, 'Scaling', {
      service: w.web.service,
      maxCapacity: 10,
      requestCount: { targetGroup: w.web.targetGroup, requestsPerTarget: 900 },
      predictive: { metric: EcsPredictiveMetric.ALB_REQUEST_COUNT, targetValue: 900, mode: PredictiveScalingMode.FORECAST_AND_SCALE },
    });
    Template.fromStack(w.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PredictiveScalingPolicyConfiguration: Match.objectLike({
        Mode: 'ForecastAndScale',
        MetricSpecifications: [Match.objectLike({ PredefinedMetricPairSpecification: { PredefinedMetricType: 'ALBRequestCount', ResourceLabel: Match.anyValue() } })],
      }),
    });
  });

  test('the at-maximum-capacity alarm: Container Insights DesiredTaskCount >= max for 15 minutes, WARNING, with a runbook', () => {
    const { template, stack } = build({ runbookUrl: 'https://runbooks.example.com/capacity' });
    const alarm = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'DesiredTaskCount' } }))[0];
    expect(alarm.Properties).toMatchObject({
      Namespace: 'ECS/ContainerInsights',
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/^ReadinessAlarmRoutingWarningTopic/) }],
    });
    expectRunbook(alarm, 'https://runbooks.example.com/capacity');
    expect(stack.node.tryFindChild('ReadinessAlarmRouting')).toBeInstanceOf(AlarmRouting);
  });

  test('alarms go to the routing given, at the severity given', () => {
    const w = workload();
    const routing = new AlarmRouting(w.stack, 'Ops');
    new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10, alarmRouting: routing, atMaxCapacitySeverity: AlarmSeverity.CRITICAL });
    Template.fromStack(w.stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DesiredTaskCount',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^OpsCriticalTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^OpsCriticalTopic') }],
    });
  });

  test('warns when the service sets desiredCount (every deployment would reset the scaled count)', () => {
    const w = workload({ desiredCount: 3 });
    new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10 });
    Annotations.fromStack(w.stack).hasWarning('/W/Scaling', Match.stringLikeRegexp('sets desiredCount \\(3\\)'));
  });

  describe('bad input fails with the prop, the value and the fix', () => {
    test.each([
      ['min above max', { minCapacity: 6, maxCapacity: 4 }, /EcsServiceScaling 'W\/Scaling': invalid minCapacity 6\. It is above maxCapacity \(4\)/],
      ['min equal to max', { minCapacity: 4, maxCapacity: 4 }, /invalid maxCapacity 4\. It equals minCapacity, so nothing can scale/],
      ['min below the PROD minimum', { minCapacity: 1 }, /invalid minCapacity 1\. The readiness profile 'prod' requires at least 2 tasks .*Use minCapacity >= 2/],
      ['CPU target above 99', { targetCpuUtilizationPercent: 100 }, /invalid targetCpuUtilizationPercent 100\. Give a target utilization between 1 and 99 percent/],
      ['CPU target below 1', { targetCpuUtilizationPercent: 0 }, /invalid targetCpuUtilizationPercent 0\./],
      ['memory target outside 1-99', { targetMemoryUtilizationPercent: 120 }, /invalid targetMemoryUtilizationPercent 120\./],
      ['no policy at all', { scaleOnCpu: false }, /invalid scaleOnCpu false\. With scaleOnCpu false, give targetMemoryUtilizationPercent, requestCount or queueBacklog/],
      ['predictive CPU target outside 1-99', { predictive: { metric: EcsPredictiveMetric.CPU_UTILIZATION, targetValue: 150 } }, /invalid predictive\.targetValue 150\./],
      ['predictive on requests without requestCount', { predictive: { metric: EcsPredictiveMetric.ALB_REQUEST_COUNT, targetValue: 100 } }, /invalid predictive\.metric "ALBRequestCount"\. ALB_REQUEST_COUNT forecasts .* also give requestCount/],
      ['a scheduled minimum below the profile minimum', { schedules: [{ id: 'Night', schedule: appscaling.Schedule.cron({ hour: '1' }), minCapacity: 1 }] }, /invalid schedules\[0\]\.minCapacity 1\. The readiness profile 'prod' requires at least 2/],
      ['a schedule that changes nothing', { schedules: [{ id: 'Noop', schedule: appscaling.Schedule.cron({ hour: '1' }) }] }, /invalid schedules\[0\] "Noop"\. Set minCapacity, maxCapacity or both/],
      ['a runbook that is not an https URL', { runbookUrl: 'wiki/capacity' }, /invalid runbookUrl "wiki\/capacity"\. Give an https:\/\/ URL/],
      ['a predictive buffer of a whole forecast interval', { predictive: { metric: EcsPredictiveMetric.CPU_UTILIZATION, targetValue: 60, schedulingBufferTime: Duration.hours(1) } },
        /invalid predictive\.schedulingBufferTime 1 hour\. Give whole seconds under one hour \(the forecast interval\)/],
    ])('%s', (_name, props, message) => {
      const w = workload();
      expect(() => new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10, ...(props as any) })).toThrow(message);
    });

    test('requests per target and backlog per task above 0', () => {
      const w = workload();
      expect(() => new EcsServiceScaling(w.stack, 'A', { service: w.web.service, maxCapacity: 10, requestCount: { targetGroup: w.web.targetGroup, requestsPerTarget: 0 } }))
        .toThrow(/invalid requestCount\.requestsPerTarget 0\./);
      expect(() => new EcsServiceScaling(w.stack, 'B', { service: w.web.service, maxCapacity: 10, queueBacklog: { queue: w.queue, acceptableBacklogPerTask: -5 } }))
        .toThrow(/invalid queueBacklog\.acceptableBacklogPerTask -5\./);
    });

    test('a cluster without Container Insights (the alarm and the backlog metric would have no data)', () => {
      const w = workload({ containerInsights: false });
      expect(() => new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10 }))
        .toThrow(/invalid service "W\/Cluster"\. Its cluster does not have Container Insights enabled.*containerInsightsV2: ecs.ContainerInsights.ENABLED/);
    });
  });
});

describe('AutoScalingGroupScaling', () => {
  const group = (stack: Stack, props: Partial<autoscaling.AutoScalingGroupProps> = {}) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    return new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, instanceType: new ec2.InstanceType('t3.small'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), minCapacity: 2, maxCapacity: 8, ...props,
    });
  };

  test('target tracking on CPU with warm-up, predictive scaling, group metrics and the at-maximum alarm', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const asg = group(stack);
    new AutoScalingGroupScaling(stack, 'Scaling', { autoScalingGroup: asg, predictive: { metric: AsgPredictiveMetric.CPU_UTILIZATION, targetValue: 50 } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      EstimatedInstanceWarmup: 300,
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' }, TargetValue: 60 },
    });
    t.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'PredictiveScaling',
      PredictiveScalingConfiguration: {
        Mode: 'ForecastOnly',
        SchedulingBufferTime: 300,
        MaxCapacityBreachBehavior: 'HonorMaxCapacity',
        MetricSpecifications: [{ TargetValue: 50, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ASGCPUUtilization' } }],
      },
    });
    t.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MetricsCollection: [{ Granularity: '1Minute', Metrics: ['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupMaxSize', 'GroupMinSize'] }],
    });
    const alarm = only(stack, 'AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/AutoScaling', MetricName: 'GroupDesiredCapacity', Threshold: 8, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expectRunbook(alarm);
  });

  test('group metrics the group already collects are kept', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const asg = group(stack, { groupMetrics: [new autoscaling.GroupMetrics(autoscaling.GroupMetric.TERMINATING_INSTANCES)] });
    new AutoScalingGroupScaling(stack, 'Scaling', { autoScalingGroup: asg });
    Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MetricsCollection: [{ Granularity: '1Minute', Metrics: Match.arrayWith(['GroupDesiredCapacity', 'GroupTerminatingInstances']) }],
    });
  });

  test.each([
    ['a minimum below the PROD minimum', { minCapacity: 1 }, /AutoScalingGroupScaling 'S\/Scaling': invalid autoScalingGroup minCapacity 1\. The readiness profile 'prod' requires at least 2 instances/],
    ['min equal to max', { minCapacity: 3, maxCapacity: 3 }, /invalid autoScalingGroup maxCapacity 3\. It equals autoScalingGroup minCapacity/],
  ])('bad input: %s', (_name, props, message) => {
    const stack = new Stack(appWith(), 'S', EU);
    const asg = group(stack, props);
    expect(() => new AutoScalingGroupScaling(stack, 'Scaling', { autoScalingGroup: asg })).toThrow(message);
  });

  test('bad input: a predictive buffer of a whole forecast interval (EC2 Auto Scaling accepts less than 3600 s)', () => {
    const stack = new Stack(appWith(), 'S', EU);
    expect(() => new AutoScalingGroupScaling(stack, 'Scaling', {
      autoScalingGroup: group(stack),
      predictive: { metric: AsgPredictiveMetric.CPU_UTILIZATION, targetValue: 50, schedulingBufferTime: Duration.seconds(3600) },
    })).toThrow(/AutoScalingGroupScaling 'S\/Scaling': invalid predictive\.schedulingBufferTime 1 hour\./);
  });

  test('bad input: a single subnet under PROD, and a CPU target outside 1-99', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
      vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0]] }, instanceType: new ec2.InstanceType('t3.small'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), minCapacity: 2, maxCapacity: 4,
    });
    expect(() => new AutoScalingGroupScaling(stack, 'Scaling', { autoScalingGroup: asg })).toThrow(/It launches into a single subnet or Availability Zone/);
    expect(() => new AutoScalingGroupScaling(new Stack(appWith(), 'T', EU), 'Scaling', { autoScalingGroup: group(new Stack(appWith(), 'U', EU)), targetCpuUtilizationPercent: 99.5 }))
      .toThrow(/invalid targetCpuUtilizationPercent 99\.5/);
  });
});

describe('DynamoDbTableScaling', () => {
  const table = (stack: Stack, billingMode = ddb.BillingMode.PROVISIONED) =>
    new ddb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, billingMode });

  test('read and write targets of the table and its index, target tracking at 70 %, an at-maximum alarm each', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const t = table(stack);
    t.addGlobalSecondaryIndex({ indexName: 'byOwner', partitionKey: { name: 'owner', type: ddb.AttributeType.STRING } });
    const scaling = new DynamoDbTableScaling(stack, 'Scaling', {
      table: t,
      read: { minCapacity: 5, maxCapacity: 100 },
      write: { minCapacity: 5, maxCapacity: 40 },
      indexes: [{ indexName: 'byOwner', read: { minCapacity: 5, maxCapacity: 30 }, write: { minCapacity: 5, maxCapacity: 20 } }],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 4);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'dynamodb:index:WriteCapacityUnits',
      ResourceId: { 'Fn::Join': ['', ['table/', { Ref: Match.anyValue() }, '/index/byOwner']] },
      MinCapacity: 5,
      MaxCapacity: 20,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBWriteCapacityUtilization' }, TargetValue: 70 }),
    });
    expect(scaling.atMaxCapacityAlarms).toHaveLength(4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ProvisionedReadCapacityUnits',
      Threshold: 30,
      Dimensions: Match.arrayWith([{ Name: 'GlobalSecondaryIndexName', Value: 'byOwner' }]),
    });
  });

  test.each([
    ['an on-demand table', ddb.BillingMode.PAY_PER_REQUEST, {}, /invalid table "S\/Table"\. The table is on-demand/],
    ['read min above max', ddb.BillingMode.PROVISIONED, { read: { minCapacity: 50, maxCapacity: 10 } }, /invalid read\.minCapacity 50\. It is above read\.maxCapacity \(10\)/],
    ['utilization outside 1-99', ddb.BillingMode.PROVISIONED, { targetUtilizationPercent: 100 }, /invalid targetUtilizationPercent 100/],
    ['an index listed twice', ddb.BillingMode.PROVISIONED, { indexes: [0, 1].map(() => ({ indexName: 'i', read: { minCapacity: 1, maxCapacity: 5 }, write: { minCapacity: 1, maxCapacity: 5 } })) }, /invalid indexes\[1\]\.indexName "i"\. List every index once/],
  ])('bad input: %s', (_name, billingMode, props, message) => {
    const stack = new Stack(appWith(), 'S', EU);
    expect(() => new DynamoDbTableScaling(stack, 'Scaling', {
      table: table(stack, billingMode), read: { minCapacity: 5, maxCapacity: 50 }, write: { minCapacity: 5, maxCapacity: 50 }, ...(props as any),
    })).toThrow(message);
  });

  test('an index the table does not have fails at synth (indexes may be added after the construct)', () => {
    const range = { minCapacity: 5, maxCapacity: 50 };
    const stack = new Stack(appWith(), 'S', EU);
    const t = table(stack);
    new DynamoDbTableScaling(stack, 'Scaling', {
      table: t,
      read: range,
      write: range,
      indexes: [{ indexName: 'byOwner', read: range, write: range }, { indexName: 'byTeam', read: range, write: range }],
    });
    t.addGlobalSecondaryIndex({ indexName: 'byOwner', partitionKey: { name: 'owner', type: ddb.AttributeType.STRING } });
    expect(() => Template.fromStack(stack)).toThrow(/DynamoDbTableScaling 'S\/Scaling': invalid indexes\[1\]\.indexName "byTeam"\. Table S\/Table has no global secondary index of that name \(it has byOwner\)/);
  });
});

describe('LambdaProvisionedConcurrencyScaling', () => {
  const alias = (stack: Stack) => {
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    return new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  };

  test('utilization tracking at 0.7 on the alias, after the alias exists, and an alarm when every environment of the maximum is busy', () => {
    const stack = new Stack(appWith(), 'S', EU);
    new LambdaProvisionedConcurrencyScaling(stack, 'Concurrency', { alias: alias(stack), minCapacity: 2, maxCapacity: 20 });
    const template = Template.fromStack(stack);
    const target = Object.values<any>(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    expect(target.Properties).toMatchObject({
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ResourceId: { 'Fn::Join': ['', ['function:', { Ref: expect.stringMatching(/^Fn/) }, ':live']] },
      MinCapacity: 2,
      MaxCapacity: 20,
    });
    expect(target.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Live/)]));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' }, TargetValue: 0.7 }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/Lambda', MetricName: 'ProvisionedConcurrentExecutions', Threshold: 20 });
  });

  test('bad input: min above max, utilization outside 1-99', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const a = alias(stack);
    expect(() => new LambdaProvisionedConcurrencyScaling(stack, 'A', { alias: a, minCapacity: 30, maxCapacity: 20 })).toThrow(/invalid minCapacity 30\. It is above maxCapacity \(20\)/);
    expect(() => new LambdaProvisionedConcurrencyScaling(stack, 'B', { alias: a, maxCapacity: 20, targetUtilizationPercent: 0.7 })).toThrow(/invalid targetUtilizationPercent 0\.7\. Give a target utilization between 1 and 99 percent/);
  });
});

describe('AuroraReadReplicaScaling', () => {
  const cluster = (stack: Stack) => new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('Writer'),
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
  });

  test('a replica floor of minCapacity - 1 under PROD, CPU tracking with a slow scale-in, after the cluster and its instances', () => {
    const stack = new Stack(appWith(), 'S', EU);
    new AuroraReadReplicaScaling(stack, 'Replicas', { cluster: cluster(stack), maxCapacity: 5 });
    const template = Template.fromStack(stack);
    const target = Object.values<any>(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    expect(target.Properties).toMatchObject({ ScalableDimension: 'rds:cluster:ReadReplicaCount', ServiceNamespace: 'rds', MinCapacity: 1, MaxCapacity: 5 });
    expect(target.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DbWriter/)]));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageCPUUtilization' }, TargetValue: 60, ScaleInCooldown: 600 }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/RDS', MetricName: 'CPUUtilization', Threshold: 80, Dimensions: Match.arrayWith([{ Name: 'Role', Value: 'READER' }]),
    });
  });

  test('tracking connections per reader: the at-maximum alarm watches reader connections 25 % above the target', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const replicas = new AuroraReadReplicaScaling(stack, 'Replicas', { cluster: cluster(stack), maxCapacity: 5, targetConnectionsPerReader: 200 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageDatabaseConnections' }, TargetValue: 200 }),
    });
    const alarm = only(stack, 'AWS::CloudWatch::Alarm').Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'DatabaseConnections',
      Statistic: 'Average',
      Threshold: 250,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: expect.arrayContaining([{ Name: 'Role', Value: 'READER' }]),
    });
    expect(JSON.stringify(alarm.AlarmDescription)).toMatch(/averaged 250 connections or more each for 15 minutes although replica auto scaling targets 200 connections/);
    expect(replicas.atMaxCapacityAlarm).toBeDefined();
  });

  test('DEV (one instance) asks for no replica: a floor of 0 is accepted', () => {
    const stack = new Stack(appWith(ReadinessProfile.DEV), 'S', EU);
    new AuroraReadReplicaScaling(stack, 'Replicas', { cluster: cluster(stack), minCapacity: 0, maxCapacity: 2 });
    expect(only(stack, 'AWS::ApplicationAutoScaling::ScalableTarget').Properties).toMatchObject({ MinCapacity: 0, MaxCapacity: 2 });
  });

  test('bad input: no replica under PROD, more than 15 replicas', () => {
    const stack = new Stack(appWith(), 'S', EU);
    const db = cluster(stack);
    expect(() => new AuroraReadReplicaScaling(stack, 'A', { cluster: db, minCapacity: 0, maxCapacity: 3 })).toThrow(/invalid minCapacity 0\. The readiness profile 'prod' requires at least 1 replicas/);
    expect(() => new AuroraReadReplicaScaling(stack, 'B', { cluster: db, maxCapacity: 16 })).toThrow(/invalid maxCapacity 16\. The service allows at most 15 replicas/);
  });
});

test('cooldowns given are used', () => {
  const w = workload();
  new EcsServiceScaling(w.stack, 'Scaling', { service: w.web.service, maxCapacity: 10, scaleOutCooldown: Duration.seconds(30), scaleInCooldown: Duration.minutes(10) });
  Template.fromStack(w.stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({ ScaleOutCooldown: 30, ScaleInCooldown: 600 }),
  });
});

test('the ECS cluster setting read by the construct is the L2 one', () => {
  // Guards the Container Insights check against the L2 changing how it renders the setting.
  const w = workload();
  expect(Stack.of(w.cluster).resolve((w.cluster.node.defaultChild as ecs.CfnCluster).clusterSettings)).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
});
