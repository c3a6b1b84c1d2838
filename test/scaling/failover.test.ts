import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { appWith, EU, only, resources, workload } from './helpers';
import { AutoScalingGroupFailoverExperiments, EcsFailoverExperiments, RegionalFailover } from '../../src';

/** Every statement of the only customer managed policy of a stack. */
function statements(stack: Stack): any[] {
  return only(stack, 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument.Statement;
}

function bySid(stack: Stack): Record<string, any> {
  return Object.fromEntries(statements(stack).map((s) => [s.Sid, s]));
}

describe('EcsFailoverExperiments', () => {
  test('stop-tasks: half of the service\'s tasks, stopped by the default critical alarms, failing on unresolved targets', () => {
    const w = workload();
    const fis = new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, targetGroup: w.web.targetGroup });
    const template = only(w.stack, 'AWS::FIS::ExperimentTemplate');
    expect(template.Properties).toMatchObject({
      Targets: {
        Tasks: {
          ResourceType: 'aws:ecs:task',
          Parameters: { cluster: { Ref: expect.stringMatching(/^Cluster/) }, service: { 'Fn::GetAtt': [expect.stringMatching(/^WebService/), 'Name'] } },
          SelectionMode: 'PERCENT(50)',
        },
      },
      Actions: { StopTasks: { ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'Tasks' } } },
      ExperimentOptions: { AccountTargeting: 'single-account', EmptyTargetResolutionMode: 'fail' },
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^FailoverExperimentRole/), 'Arn'] },
      Tags: { 'cdk-readiness:experiment': 'ecs-stop-tasks', 'Name': 'W/Failover/StopTasks' },
    });
    expect(template.Properties.Description.length).toBeLessThanOrEqual(512);
    // Stopped by the two default alarms: no healthy target, 5XX above 5 %.
    expect(fis.stopConditionAlarms).toHaveLength(2);
    expect(template.Properties.StopConditions).toEqual([
      { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/^FailoverNoHealthyTargetAlarm/), 'Arn'] } },
      { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/^FailoverTargetErrorRateAlarm/), 'Arn'] } },
    ]);
  });

  test('the default stop conditions are CRITICAL, routed, with runbooks', () => {
    const w = workload();
    new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, targetGroup: w.web.targetGroup });
    const alarms = Object.values<any>(resources(w.stack, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(2);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ReadinessAlarmRoutingCriticalTopic/) }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^ReadinessAlarmRoutingCriticalTopic/) }]);
      expect(JSON.stringify(a.Properties.AlarmDescription)).toMatch(/Runbook: 1\) Stop any running AWS FIS experiment/);
    }
    Template.fromStack(w.stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'HealthyHostCount', Namespace: 'AWS/ApplicationELB', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching',
    });
  });

  test('without a target group the default stop condition is "no running task"', () => {
    const w = workload();
    new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service });
    expect(only(w.stack, 'AWS::CloudWatch::Alarm').Properties).toMatchObject({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Threshold: 1 });
  });

  test('without a target group, a cluster without Container Insights is refused (the default stop condition would be in ALARM from the start)', () => {
    const w = workload({ containerInsights: false });
    expect(() => new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service }))
      .toThrow(/EcsFailoverExperiments 'W\/Failover': invalid service "W\/Cluster"\. Its cluster does not have Container Insights enabled.*no experiment could start.*Give targetGroup or stopConditionAlarms, or create the cluster with `containerInsightsV2/);
    // The target group's alarms need no Container Insights.
    new EcsFailoverExperiments(w.stack, 'WithTargetGroup', { service: w.web.service, targetGroup: w.web.targetGroup });
    expect(Object.keys(resources(w.stack, 'AWS::FIS::ExperimentTemplate'))).toHaveLength(1);
  });

  test('the service\'s own critical alarms, when given, are the stop conditions (no alarm created)', () => {
    const w = workload();
    const slo = new cloudwatch.Alarm(w.stack, 'Slo', { metric: w.web.targetGroup.metrics.targetResponseTime(), threshold: 1, evaluationPeriods: 1 });
    new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, stopConditionAlarms: [slo] });
    expect(Object.keys(resources(w.stack, 'AWS::CloudWatch::Alarm'))).toEqual([expect.stringMatching(/^Slo/)]);
    expect(only(w.stack, 'AWS::FIS::ExperimentTemplate').Properties.StopConditions).toEqual([
      { Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/^Slo/), 'Arn'] } },
    ]);
  });

  test('a role FIS assumes for this account\'s experiments only, allowed to stop this cluster\'s tasks only', () => {
    const w = workload();
    new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, targetGroup: w.web.targetGroup });
    const role = Object.entries<any>(resources(w.stack, 'AWS::IAM::Role')).find(([id]) => id.startsWith('FailoverExperimentRole'))![1];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'fis.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':fis:eu-west-1:111111111111:experiment/*']] } },
      },
    }]);
    // No inline policy of ours (the one left is the workload's task execution role).
    expect(Object.keys(resources(w.stack, 'AWS::IAM::Policy')).filter((id) => id.startsWith('Failover'))).toEqual([]);
    const policy = only(w.stack, 'AWS::IAM::ManagedPolicy').Properties;
    expect(policy.Description).toBe('What AWS FIS may do in the failover experiments of ECS service W/Web/Service, and nothing else');
    const s = bySid(w.stack);
    // What the AWS FIS actions reference lists for aws:ecs:stop-task, scoped to this cluster.
    expect(Object.keys(s).sort()).toEqual(['DescribeTheCluster', 'ListTasksOfTheCluster', 'ResolveTargets', 'StopTasksOfTheCluster']);
    expect(s.ResolveTargets).toMatchObject({ Action: 'tag:GetResources', Resource: '*' });
    expect(s.StopTasksOfTheCluster).toMatchObject({
      Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111111111111:task/', { Ref: expect.stringMatching(/^Cluster/) }, '/*']] },
    });
    expect(s.ListTasksOfTheCluster).toMatchObject({
      Action: 'ecs:ListTasks', Resource: '*', Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'Arn'] } } },
    });
    expect(s.DescribeTheCluster.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'Arn'] });
  });

  test('AZ power interruption: tasks in the zone stopped, the zone\'s subnets cut off, and the network permissions that needs', () => {
    const w = workload();
    const fis = new EcsFailoverExperiments(w.stack, 'Failover', {
      service: w.web.service, targetGroup: w.web.targetGroup, azPowerInterruption: { vpc: w.vpc, availabilityZone: 'eu-west-1a', duration: Duration.minutes(15) },
    });
    expect(fis.azPowerInterruptionTemplate).toBeDefined();
    const templates = Object.values<any>(resources(w.stack, 'AWS::FIS::ExperimentTemplate'));
    const az = templates.find((t) => t.Properties.Tags['cdk-readiness:experiment'] === 'ecs-az-power-interruption');
    expect(az.Properties.Targets.TasksInZone).toMatchObject({ ResourceType: 'aws:ecs:task', SelectionMode: 'ALL', Filters: [{ Path: 'AvailabilityZone', Values: ['eu-west-1a'] }] });
    // The VPC has a public and a private subnet in eu-west-1a.
    const subnets = az.Properties.Targets.SubnetsInZone;
    expect(subnets).toMatchObject({ ResourceType: 'aws:ec2:subnet', SelectionMode: 'ALL' });
    expect(subnets.ResourceArns).toHaveLength(2);
    expect(JSON.stringify(subnets.ResourceArns)).toMatch(/PublicSubnet1.*PrivateSubnet1/);
    expect(JSON.stringify(subnets.ResourceArns)).not.toMatch(/Subnet2/);
    expect(az.Properties.Actions).toEqual({
      StopTasksInZone: { ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'TasksInZone' } },
      CutZoneNetwork: { ActionId: 'aws:network:disrupt-connectivity', Parameters: { duration: 'PT15M', scope: 'all' }, Targets: { Subnets: 'SubnetsInZone' } },
    });
    const s = bySid(w.stack);
    expect(s.CreateTaggedFisNetworkAcl.Condition).toEqual({ StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } });
    expect(s.EditAndDeleteFisNetworkAcl.Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } });
    expect(s.CreateFisNetworkAclInTheVpc.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:111111111111:vpc/', { Ref: expect.stringMatching(/^Vpc/) }]] });
    expect(s.SwapNetworkAclOfTheZoneSubnets.Resource).toHaveLength(3); // two subnets and FIS's ACLs
    // Every permission the AWS FIS actions reference lists for aws:network:disrupt-connectivity.
    const granted = new Set(Object.values<any>(s).flatMap((st) => [st.Action].flat()));
    for (const action of [
      'ec2:CreateNetworkAcl', 'ec2:CreateNetworkAclEntry', 'ec2:CreateTags', 'ec2:DeleteNetworkAcl', 'ec2:DescribeManagedPrefixLists',
      'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:GetManagedPrefixListEntries', 'ec2:ReplaceNetworkAclAssociation',
    ]) expect(granted).toContain(action);
  });

  describe('bad input fails with the prop, the value and the fix', () => {
    test.each([
      ['a share out of range', { stopTasksPercent: 0 }, /EcsFailoverExperiments 'W\/Failover': invalid stopTasksPercent 0\. Give a whole percentage from 1 to 100/],
      ['an empty alarm list', { stopConditionAlarms: [] }, /invalid stopConditionAlarms \[\]\. Give the service's critical alarms/],
      ['a zone the VPC does not have', { azPowerInterruption: { availabilityZone: 'eu-west-1c' } }, /invalid azPowerInterruption\.availabilityZone "eu-west-1c"\. Use one of the VPC's zones: eu-west-1a, eu-west-1b/],
      ['a cut longer than 12 hours', { azPowerInterruption: { availabilityZone: 'eu-west-1a', duration: Duration.hours(13) } }, /invalid azPowerInterruption\.duration 13 hours\. AWS FIS cuts connectivity for 1 minute to 12 hours/],
    ])('%s', (_name, props: any, message) => {
      const w = workload();
      const az = props.azPowerInterruption ? { azPowerInterruption: { vpc: w.vpc, ...props.azPowerInterruption } } : {};
      expect(() => new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, ...props, ...az })).toThrow(message);
    });

    test('more than five stop conditions', () => {
      const w = workload();
      const alarms = [1, 2, 3, 4, 5, 6].map((i) => new cloudwatch.Alarm(w.stack, `A${i}`, { metric: w.queue.metricNumberOfMessagesSent(), threshold: i, evaluationPeriods: 1 }));
      expect(() => new EcsFailoverExperiments(w.stack, 'Failover', { service: w.web.service, stopConditionAlarms: alarms }))
        .toThrow(/AWS FIS accepts at most 5 stop conditions per template: combine the alarms in a cloudwatch\.CompositeAlarm/);
    });
  });
});

describe('AutoScalingGroupFailoverExperiments', () => {
  const group = (stack: Stack) => new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    instanceType: new ec2.InstanceType('t3.small'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    minCapacity: 3,
    maxCapacity: 9,
  });

  test('terminates a third of the group\'s running instances, found by the group tag; terminate allowed on that tag only', () => {
    const stack = new Stack(appWith(), 'S', EU);
    new AutoScalingGroupFailoverExperiments(stack, 'Failover', { autoScalingGroup: group(stack) });
    expect(only(stack, 'AWS::FIS::ExperimentTemplate').Properties).toMatchObject({
      Targets: {
        Instances: {
          ResourceType: 'aws:ec2:instance',
          ResourceTags: { 'aws:autoscaling:groupName': { Ref: expect.stringMatching(/^AsgASG/) } },
          Filters: [{ Path: 'State.Name', Values: ['running'] }],
          SelectionMode: 'PERCENT(34)',
        },
      },
      Actions: { TerminateInstances: { ActionId: 'aws:ec2:terminate-instances', Targets: { Instances: 'Instances' } } },
    });
    expect(bySid(stack).TerminateInstancesOfTheGroup).toMatchObject({
      Action: 'ec2:TerminateInstances',
      Condition: { StringEquals: { 'ec2:ResourceTag/aws:autoscaling:groupName': { Ref: expect.stringMatching(/^AsgASG/) } } },
    });
  });

  test('the default stop condition watches instances in service, with group metrics turned on for it', () => {
    const stack = new Stack(appWith(), 'S', EU);
    new AutoScalingGroupFailoverExperiments(stack, 'Failover', { autoScalingGroup: group(stack) });
    expect(only(stack, 'AWS::CloudWatch::Alarm').Properties).toMatchObject({
      Namespace: 'AWS/AutoScaling',
      MetricName: 'GroupInServiceInstances',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/^ReadinessAlarmRoutingCriticalTopic/) }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MetricsCollection: [{ Granularity: '1Minute', Metrics: Match.arrayWith(['GroupInServiceInstances']) }],
    });
  });

  test('bad input: a share out of range', () => {
    const stack = new Stack(appWith(), 'S', EU);
    expect(() => new AutoScalingGroupFailoverExperiments(stack, 'Failover', { autoScalingGroup: group(stack), terminatePercent: 101 }))
      .toThrow(/AutoScalingGroupFailoverExperiments 'S\/Failover': invalid terminatePercent 101\./);
  });
});

describe('RegionalFailover', () => {
  const US_EAST_1 = { env: { account: '111111111111', region: 'us-east-1' } };
  const build = (props: Partial<ConstructorParameters<typeof RegionalFailover>[2]> = {}, env: StackProps = US_EAST_1) => {
    const stack = new Stack(appWith(), 'Dns', env);
    const hostedZone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    const failover = new RegionalFailover(stack, 'Failover', {
      hostedZone,
      recordName: 'api',
      primary: { domainName: 'api.eu-west-1.example.com', region: 'eu-west-1' },
      secondary: { domainName: 'api.us-east-2.example.com', region: 'us-east-2' },
      ...props,
    });
    return { stack, failover, template: Template.fromStack(stack) };
  };

  test('an HTTPS health check per region (latency measured, SNI) and PRIMARY/SECONDARY failover records', () => {
    const { template } = build();
    template.resourceCountIs('AWS::Route53::HealthCheck', 2);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTPS',
        FullyQualifiedDomainName: 'api.eu-west-1.example.com',
        Port: 443,
        ResourcePath: '/health',
        EnableSNI: true,
        MeasureLatency: true,
        FailureThreshold: 3,
        RequestInterval: 30,
      },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'CNAME',
      Failover: 'PRIMARY',
      SetIdentifier: 'primary-eu-west-1',
      TTL: '60',
      ResourceRecords: ['api.eu-west-1.example.com'],
      HealthCheckId: { Ref: Match.stringLikeRegexp('^FailoverPrimaryHealthCheck') },
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Failover: 'SECONDARY', SetIdentifier: 'secondary-us-east-2', ResourceRecords: ['api.us-east-2.example.com'] });
  });

  test('in us-east-1, alarms on each health check: CRITICAL for the primary, WARNING for the secondary', () => {
    const { template, failover } = build({ runbookUrl: 'https://runbooks.example.com/failover' });
    expect(failover.alarms).toHaveLength(2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Route53',
      MetricName: 'HealthCheckStatus',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('^FailoverPrimaryHealthCheck') } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ReadinessAlarmRoutingCriticalTopic') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'HealthCheckId', Value: { Ref: Match.stringLikeRegexp('^FailoverSecondaryHealthCheck') } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^ReadinessAlarmRoutingWarningTopic') }],
    });
  });

  test('elsewhere, no alarm (Route 53 metrics are in us-east-1 only) and a warning saying so', () => {
    const { stack, template } = build({}, EU);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    Annotations.fromStack(stack).hasWarning('/Dns/Failover', Match.stringLikeRegexp('Route 53 publishes their metrics in us-east-1 only'));
  });

  describe('bad input fails with the prop, the value and the fix', () => {
    test.each([
      ['one region twice', { secondary: { domainName: 'api2.example.com', region: 'eu-west-1' } }, /RegionalFailover 'Dns\/Failover': invalid secondary\.region "eu-west-1"\. Fail over to another region/],
      ['the zone apex', { recordName: 'example.com' }, /invalid recordName "example\.com"\. The failover records are CNAMEs, which cannot be at the zone apex/],
      ['a threshold out of range', { failureThreshold: 11 }, /invalid failureThreshold 11\. Route 53 accepts 1 to 10/],
      ['an interval Route 53 does not offer', { requestInterval: Duration.seconds(20) }, /invalid requestInterval 20 seconds\. Route 53 checks every 10 seconds \(fast\) or 30 seconds \(standard\)/],
      ['two checker regions', { checkerRegions: ['us-east-1', 'eu-west-1'] }, /invalid checkerRegions \["us-east-1","eu-west-1"\]\. Route 53 needs at least three checker regions/],
      ['a TCP health check', { healthCheckType: route53.HealthCheckType.TCP }, /invalid healthCheckType "TCP"\. Use an HTTP\(S\) health check/],
    ])('%s', (_name, props, message) => {
      expect(() => build(props as any)).toThrow(message);
    });

    test('alarms asked for outside us-east-1', () => {
      expect(() => build({ createAlarms: true }, EU)).toThrow(/invalid createAlarms true\. Route 53 publishes health check metrics in us-east-1 only, and this stack is in eu-west-1/);
    });
  });
});
