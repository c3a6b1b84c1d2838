// The services ServiceMonitoring and rule Readiness-MON1 cover beyond compute, APIs and the
// classic data stores: Neptune, DocumentDB, ElastiCache, OpenSearch, Kinesis, EventBridge, SNS,
// CloudFront, EC2, Auto Scaling and EFS. Per service: the alarms monitor() makes (metric,
// threshold, dimensions), MON1 failing the resource alone and passing it once monitored.
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as neptune from 'aws-cdk-lib/aws-neptune';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { AlarmIds, ServiceMonitoring } from '../../src';
import { alarmsById } from '../util/alarms';
import { pathsWith, ruleOutcome } from '../util/findings';

const ENV = { account: '111111111111', region: 'us-east-1' };
const MON1 = 'Readiness-MON1';

const ref = (stack: Stack, c: IConstruct) => ({ Ref: stack.getLogicalId((c.node.defaultChild ?? c) as CfnResource) });

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
}

interface Case {
  readonly name: string;
  readonly alarms: string[];
  /** Creates the resource to monitor; returns it and its construct path (MON1 findings). */
  make(stack: Stack): { resource: IConstruct; path: string };
  /** What one alarm of the resource must say. */
  check(alarms: Record<string, any>, stack: Stack, resource: IConstruct): void;
}

const CASES: Case[] = [
  {
    name: 'DynamoDB global table (TableV2 with a replica)',
    make: (stack) => {
      const table = new dynamodb.TableV2(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, replicas: [{ region: 'us-west-2' }] });
      return { resource: table, path: 'S/Orders/Resource' };
    },
    alarms: [AlarmIds.DYNAMODB_THROTTLES, AlarmIds.DYNAMODB_SYSTEM_ERRORS],
    check: (a, stack, r) => {
      // the global table's Ref is its name: the table alarms read the replica of the stack's region
      const reads = a.DynamoDbThrottles.Metrics.find((m: any) => m.MetricStat?.Metric.MetricName === 'ReadThrottleEvents');
      expect(reads.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/DynamoDB', Dimensions: [{ Name: 'TableName', Value: ref(stack, r) }] });
    },
  },
  {
    name: 'Neptune cluster',
    make: (stack) => ({ resource: new neptune.CfnDBCluster(stack, 'Graph', {}), path: 'S/Graph' }),
    alarms: [AlarmIds.NEPTUNE_CPU_UTILIZATION],
    check: (a, stack, r) => expect(a.NeptuneCpuUtilization).toMatchObject({
      Namespace: 'AWS/Neptune',
      MetricName: 'CPUUtilization',
      Threshold: 90,
      ComparisonOperator: 'GreaterThanThreshold',
      Dimensions: [{ Name: 'DBClusterIdentifier', Value: ref(stack, r) }, { Name: 'Role', Value: 'WRITER' }],
    }),
  },
  {
    name: 'DocumentDB cluster',
    make: (stack) => {
      const cluster = new docdb.DatabaseCluster(stack, 'Docs', {
        masterUser: { username: 'admin' },
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
        vpc: vpcOf(stack),
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      });
      return { resource: cluster, path: 'S/Docs/Resource' };
    },
    alarms: [AlarmIds.DOCDB_CPU_UTILIZATION],
    check: (a, stack, r) => expect(a.DocDbCpuUtilization).toMatchObject({
      Namespace: 'AWS/DocDB', Threshold: 90, Dimensions: [{ Name: 'DBClusterIdentifier', Value: ref(stack, r) }, { Name: 'Role', Value: 'WRITER' }],
    }),
  },
  {
    name: 'ElastiCache Redis OSS replication group (one primary, one replica)',
    make: (stack) => ({
      resource: new elasticache.CfnReplicationGroup(stack, 'Cache', {
        replicationGroupDescription: 'sessions', engine: 'redis', cacheNodeType: 'cache.r7g.large', numCacheClusters: 2,
      }),
      path: 'S/Cache',
    }),
    alarms: [AlarmIds.ELASTICACHE_ENGINE_CPU_UTILIZATION, AlarmIds.ELASTICACHE_MEMORY_USAGE],
    check: (a, stack, r) => {
      const cpu = a.ElastiCacheEngineCpuUtilization;
      expect(cpu).toMatchObject({ Threshold: 90, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
      expect(cpu.Metrics[0].Expression).toBe('MAX([n0, n1])');
      const nodes = cpu.Metrics.slice(1).map((m: any) => m.MetricStat.Metric);
      expect(nodes.map((m: any) => m.MetricName)).toEqual(['EngineCPUUtilization', 'EngineCPUUtilization']);
      expect(nodes.map((m: any) => m.Dimensions[0].Value)).toEqual([
        { 'Fn::Join': ['-', [ref(stack, r), '001']] },
        { 'Fn::Join': ['-', [ref(stack, r), '002']] },
      ]);
    },
  },
  {
    name: 'ElastiCache Valkey replication group with cluster mode (2 shards, 1 replica each)',
    make: (stack) => ({
      resource: new elasticache.CfnReplicationGroup(stack, 'Cache', {
        replicationGroupDescription: 'sessions', engine: 'valkey', cacheNodeType: 'cache.r7g.large', numNodeGroups: 2, replicasPerNodeGroup: 1,
      }),
      path: 'S/Cache',
    }),
    alarms: [AlarmIds.ELASTICACHE_ENGINE_CPU_UTILIZATION, AlarmIds.ELASTICACHE_MEMORY_USAGE],
    check: (a, stack, r) => {
      const mem = a.ElastiCacheMemoryUsage;
      expect(mem.Metrics[0].Expression).toBe('MAX([n0, n1, n2, n3])');
      expect(mem.Metrics[1].MetricStat.Metric).toMatchObject({ MetricName: 'DatabaseMemoryUsagePercentage', Dimensions: [{ Name: 'CacheClusterId', Value: { 'Fn::Join': ['-', [ref(stack, r), '0001-001']] } }] });
      expect(mem.Metrics[4].MetricStat.Metric.Dimensions[0].Value).toEqual({ 'Fn::Join': ['-', [ref(stack, r), '0002-002']] });
    },
  },
  {
    name: 'ElastiCache Memcached cluster',
    make: (stack) => ({ resource: new elasticache.CfnCacheCluster(stack, 'Memcached', { engine: 'memcached', cacheNodeType: 'cache.t4g.small', numCacheNodes: 2 }), path: 'S/Memcached' }),
    alarms: [AlarmIds.ELASTICACHE_CPU_UTILIZATION, AlarmIds.ELASTICACHE_SWAP_USAGE],
    check: (a, stack, r) => expect(a.ElastiCacheSwapUsage).toMatchObject({
      Namespace: 'AWS/ElastiCache', MetricName: 'SwapUsage', Threshold: 50 * 1024 * 1024, Dimensions: [{ Name: 'CacheClusterId', Value: ref(stack, r) }],
    }),
  },
  {
    name: 'OpenSearch domain with 100 GiB EBS volumes',
    make: (stack) => ({
      resource: new opensearch.Domain(stack, 'Search', { version: opensearch.EngineVersion.OPENSEARCH_2_11, ebs: { volumeSize: 100 } }),
      path: 'S/Search/Resource',
    }),
    alarms: [
      AlarmIds.OPENSEARCH_CLUSTER_RED, AlarmIds.OPENSEARCH_WRITES_BLOCKED, AlarmIds.OPENSEARCH_FREE_STORAGE_SPACE,
      AlarmIds.OPENSEARCH_CPU_UTILIZATION, AlarmIds.OPENSEARCH_JVM_MEMORY_PRESSURE, AlarmIds.OPENSEARCH_AUTOMATED_SNAPSHOT_FAILURE,
    ],
    check: (a, stack, r) => {
      expect(a.OpenSearchFreeStorageSpace).toMatchObject({
        Namespace: 'AWS/ES',
        MetricName: 'FreeStorageSpace',
        Statistic: 'Minimum',
        Threshold: 25600,
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        Dimensions: [{ Name: 'ClientId', Value: '111111111111' }, { Name: 'DomainName', Value: ref(stack, r) }],
      });
      expect(a.OpenSearchClusterRed).toMatchObject({ MetricName: 'ClusterStatus.red', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
      expect(a.OpenSearchCpuUtilization).toMatchObject({ Threshold: 80, Period: 900, EvaluationPeriods: 3 });
    },
  },
  {
    name: 'Kinesis data stream (48 h retention)',
    make: (stack) => ({ resource: new kinesis.Stream(stack, 'Clicks', { retentionPeriod: Duration.hours(48) }), path: 'S/Clicks/Resource' }),
    alarms: [AlarmIds.KINESIS_ITERATOR_AGE, AlarmIds.KINESIS_READ_THROTTLES, AlarmIds.KINESIS_WRITE_THROTTLES],
    check: (a, stack, r) => {
      expect(a.KinesisIteratorAge).toMatchObject({
        Namespace: 'AWS/Kinesis', MetricName: 'GetRecords.IteratorAgeMilliseconds', Threshold: 24 * 3600 * 1000, Dimensions: [{ Name: 'StreamName', Value: ref(stack, r) }],
      });
      expect(a.KinesisWriteThrottles).toMatchObject({ MetricName: 'WriteProvisionedThroughputExceeded', Statistic: 'Average', Threshold: 0.01, EvaluationPeriods: 15 });
    },
  },
  {
    name: 'EventBridge rule delivering application events to a queue',
    make: (stack) => {
      const rule = new events.Rule(stack, 'Orders', { eventPattern: { source: ['shop.orders'] } });
      rule.addTarget(new targets.SqsQueue(new sqs.Queue(stack, 'OrderQueue')));
      return { resource: rule, path: 'S/Orders/Resource' };
    },
    alarms: [AlarmIds.EVENTS_FAILED_INVOCATIONS],
    check: (a, stack, r) => expect(a.EventsFailedInvocations).toMatchObject({
      Namespace: 'AWS/Events', MetricName: 'FailedInvocations', Statistic: 'Sum', Threshold: 0, Dimensions: [{ Name: 'RuleName', Value: ref(stack, r) }],
    }),
  },
  {
    name: 'SNS topic fanning out to a queue',
    make: (stack) => {
      const topic = new sns.Topic(stack, 'Orders');
      topic.addSubscription(new subscriptions.SqsSubscription(new sqs.Queue(stack, 'OrderQueue')));
      return { resource: topic, path: 'S/Orders/Resource' };
    },
    alarms: [AlarmIds.SNS_NOTIFICATIONS_FAILED],
    check: (a, stack, r) => expect(a.SnsNotificationsFailed).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfNotificationsFailed',
      Threshold: 0,
      EvaluationPeriods: 5,
      Dimensions: [{ Name: 'TopicName', Value: { 'Fn::GetAtt': [stack.getLogicalId(r.node.defaultChild as CfnResource), 'TopicName'] } }],
    }),
  },
  {
    name: 'CloudFront distribution',
    make: (stack) => ({
      resource: new cloudfront.CfnDistribution(stack, 'Cdn', {
        distributionConfig: {
          enabled: true,
          origins: [{ id: 'o', domainName: 'origin.example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
          defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
        },
      }),
      path: 'S/Cdn',
    }),
    alarms: [AlarmIds.CLOUDFRONT_5XX_ERROR_RATE],
    check: (a, stack, r) => expect(a.CloudFront5xxErrorRate).toMatchObject({
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Statistic: 'Average',
      Threshold: 5,
      Dimensions: [{ Name: 'DistributionId', Value: ref(stack, r) }, { Name: 'Region', Value: 'Global' }],
    }),
  },
  {
    name: 'EC2 instance',
    make: (stack) => ({
      resource: new ec2.CfnInstance(stack, 'Server', { imageId: 'ami-12345678', instanceType: 't3.micro' }),
      path: 'S/Server',
    }),
    alarms: [AlarmIds.EC2_STATUS_CHECK_FAILED],
    check: (a, stack, r) => expect(a.Ec2StatusCheckFailed).toMatchObject({
      Namespace: 'AWS/EC2',
      MetricName: 'StatusCheckFailed',
      Statistic: 'Maximum',
      Threshold: 1,
      Period: 300,
      EvaluationPeriods: 2,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'InstanceId', Value: ref(stack, r) }],
    }),
  },
  {
    name: 'Auto Scaling group',
    make: (stack) => ({
      resource: new autoscaling.CfnAutoScalingGroup(stack, 'Fleet', { minSize: '2', maxSize: '4', availabilityZones: ['us-east-1a', 'us-east-1b'] }),
      path: 'S/Fleet',
    }),
    alarms: [AlarmIds.AUTO_SCALING_STATUS_CHECK_FAILED],
    check: (a, stack, r) => expect(a.AutoScalingStatusCheckFailed).toMatchObject({
      Namespace: 'AWS/EC2', MetricName: 'StatusCheckFailed', Threshold: 1, Dimensions: [{ Name: 'AutoScalingGroupName', Value: ref(stack, r) }],
    }),
  },
  {
    name: 'EFS file system (bursting, General Purpose)',
    make: (stack) => ({ resource: new efs.CfnFileSystem(stack, 'Files', { encrypted: true }), path: 'S/Files' }),
    alarms: [AlarmIds.EFS_BURST_CREDIT_BALANCE, AlarmIds.EFS_PERCENT_IO_LIMIT],
    check: (a, stack, r) => {
      expect(a.EfsBurstCreditBalance).toMatchObject({
        Namespace: 'AWS/EFS',
        MetricName: 'BurstCreditBalance',
        Statistic: 'Minimum',
        Threshold: 0,
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        EvaluationPeriods: 15,
        Dimensions: [{ Name: 'FileSystemId', Value: ref(stack, r) }],
      });
      expect(a.EfsPercentIoLimit).toMatchObject({ MetricName: 'PercentIOLimit', Threshold: 100, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    },
  },
];

describe.each(CASES)('$name', (c) => {
  test('ServiceMonitoring.monitor() makes its default alarms on its own metrics', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const { resource } = c.make(stack);
    const monitored = new ServiceMonitoring(stack, 'M', { dashboard: false }).monitor(resource);
    expect(monitored.alarms.map((a) => a.node.id)).toEqual(c.alarms);
    c.check(alarmsById(stack), stack, resource);
  });

  test('Readiness-MON1 non-compliant: no alarm watches it', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV });
    const { path } = c.make(stack);
    expect(pathsWith(app, MON1)).toContain(path);
  });

  test('Readiness-MON1 compliant: monitorScope gives it its alarms', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV });
    const { path } = c.make(stack);
    new ServiceMonitoring(stack, 'M').monitorScope(stack);
    expect(pathsWith(app, MON1)).not.toContain(path);
    expect(pathsWith(app, MON1)).toEqual([]);
  });
});

describe('coverage judgments', () => {
  test('a Neptune-only stack is assessed by MON1 (it was "not assessed"): the cluster is judged, its instances are not', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV });
    const cluster = new neptune.CfnDBCluster(stack, 'Graph', {});
    new neptune.CfnDBInstance(stack, 'GraphInstance', { dbInstanceClass: 'db.r6g.large', dbClusterIdentifier: cluster.ref });
    expect(pathsWith(app, MON1)).toEqual(['S/Graph']);
    expect(ruleOutcome(app, MON1)).toMatchObject({ evaluated: 1, passed: 0 });
  });

  test('alerting paths and job triggers are not judged, nor monitored by monitorScope: notification topics, schedules, AWS-event rules, rules to topics', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV });
    const alerts = new sns.Topic(stack, 'Alerts');
    alerts.addSubscription(new subscriptions.EmailSubscription('oncall@example.com'));
    new events.Rule(stack, 'Findings', { eventPattern: { source: ['aws.guardduty'] }, targets: [new targets.SnsTopic(alerts)] });
    const job = new lambda.Function(stack, 'Nightly', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
    new events.Rule(stack, 'Schedule', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(job)] });
    new events.Rule(stack, 'AppToTopic', { eventPattern: { source: ['shop.orders'] }, targets: [new targets.SnsTopic(alerts)] });
    const monitored = new ServiceMonitoring(stack, 'M').monitorScope(stack);
    expect(monitored.map((m) => m.resource.cfnResourceType).sort()).toEqual(['AWS::Lambda::Function']);
    expect(pathsWith(app, MON1)).toEqual([]);
  });

  test('a rule on a custom event bus is alarmed with the bus and the rule name (Ref of such a rule is <bus>|<rule>)', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const bus = new events.EventBus(stack, 'Bus');
    const rule = new events.Rule(stack, 'Orders', { eventBus: bus, eventPattern: { source: ['shop.orders'] }, targets: [new targets.SqsQueue(new sqs.Queue(stack, 'Q'))] });
    new ServiceMonitoring(stack, 'M', { dashboard: false }).monitor(rule);
    expect(alarmsById(stack).EventsFailedInvocations.Dimensions).toEqual([
      { Name: 'EventBusName', Value: ref(stack, bus) },
      { Name: 'RuleName', Value: { 'Fn::Select': [1, { 'Fn::Split': ['|', ref(stack, rule)] }] } },
    ]);
  });

  test('EFS: no burst-credit alarm with Elastic throughput, no I/O-limit alarm in Max I/O mode', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const files = new efs.CfnFileSystem(stack, 'Files', { throughputMode: 'elastic', performanceMode: 'maxIO' });
    expect(new ServiceMonitoring(stack, 'M', { dashboard: false }).monitor(files).alarms).toEqual([]);
  });

  test('CloudFront: monitoring from outside us-east-1 is an error with the fix; monitorScope leaves the distribution out there', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cdn = CASES.find((c) => c.name === 'CloudFront distribution')!.make(stack).resource;
    expect(() => new ServiceMonitoring(stack, 'M').monitor(cdn)).toThrow(/CloudFront publishes its metrics in us-east-1 only.*Monitor the distribution from a ServiceMonitoring in a us-east-1 stack/);
    expect(new ServiceMonitoring(stack, 'N', { dashboard: false }).monitorScope(stack)).toEqual([]);
  });

  test('ElastiCache: a replication group of more nodes than an alarm can read is an error with the fix, and left out by monitorScope', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const big = new elasticache.CfnReplicationGroup(stack, 'Big', { replicationGroupDescription: 'big', engine: 'redis', numNodeGroups: 4, replicasPerNodeGroup: 2 });
    expect(() => new ServiceMonitoring(stack, 'M').monitor(big)).toThrow(/more than 10 nodes.*by hand/);
    expect(new ServiceMonitoring(stack, 'N', { dashboard: false }).monitorScope(stack)).toEqual([]);
  });

  test('a network load balancer: its target groups get the unhealthy-target alarms on AWS/NetworkELB, which MON1 counts for the load balancer', () => {
    const build = (monitored: boolean) => {
      const app = new App({ context: { 'readiness:profile': 'prod' } });
      const stack = new Stack(app, 'S', { env: ENV });
      const vpc = vpcOf(stack);
      const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
      nlb.addListener('Tcp', { port: 443 }).addTargets('Fleet', { port: 443, targets: [new elbv2targets.IpTarget('10.0.0.10')] });
      const made = monitored ? new ServiceMonitoring(stack, 'M').monitorScope(stack) : [];
      return { app, stack, made };
    };
    const bare = build(false);
    expect(pathsWith(bare.app, MON1).sort()).toEqual(['S/Nlb/Resource', 'S/Nlb/Tcp/FleetGroup/Resource']);
    const { app, made } = build(true);
    expect(made.map((m) => m.resource.cfnResourceType)).toEqual(['AWS::ElasticLoadBalancingV2::TargetGroup']);
    const unhealthy = made[0].alarm(AlarmIds.TARGET_GROUP_UNHEALTHY_HOSTS)!.metric as cloudwatch.Metric;
    expect({ namespace: unhealthy.namespace, metricName: unhealthy.metricName }).toEqual({ namespace: 'AWS/NetworkELB', metricName: 'UnHealthyHostCount' });
    expect(pathsWith(app, MON1)).toEqual([]);
  });

  test('MON1 counts an alarm of another stack that names the stream by its literal name (an imported resource)', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const data = new Stack(app, 'Data', { env: ENV });
    new kinesis.Stream(data, 'Clicks', { streamName: 'clicks' });
    new kinesis.Stream(data, 'Views', { streamName: 'views' });
    const ops = new Stack(app, 'Ops', { env: ENV });
    const imported = kinesis.Stream.fromStreamArn(ops, 'Imported', 'arn:aws:kinesis:us-east-1:111111111111:stream/clicks');
    imported.metricGetRecordsIteratorAgeMilliseconds().createAlarm(ops, 'Age', { threshold: 60_000, evaluationPeriods: 5 });
    expect(pathsWith(app, MON1)).toEqual(['Data/Views/Resource']);
  });

  test('a single-node Redis OSS cache cluster is alarmed on its own CacheClusterId, without metric math', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const cache = new elasticache.CfnCacheCluster(stack, 'Cache', { engine: 'redis', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    const m = new ServiceMonitoring(stack, 'M', { dashboard: false }).monitor(cache);
    expect(m.alarms.map((a) => a.node.id)).toEqual([AlarmIds.ELASTICACHE_ENGINE_CPU_UTILIZATION, AlarmIds.ELASTICACHE_MEMORY_USAGE]);
    expect(alarmsById(stack).ElastiCacheEngineCpuUtilization).toMatchObject({
      Namespace: 'AWS/ElastiCache', MetricName: 'EngineCPUUtilization', Dimensions: [{ Name: 'CacheClusterId', Value: ref(stack, cache) }],
    });
  });

  test('MON1 judges a hand-written topic whose inline subscription delivers to a function, and one subscribed to from another stack', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'S', { env: ENV });
    new sns.CfnTopic(stack, 'Inline', { subscription: [{ protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:111111111111:function:f' }] });
    const shared = new sns.Topic(stack, 'Shared');
    const consumer = new Stack(app, 'Consumer', { env: ENV });
    new sns.Subscription(consumer, 'Sub', { topic: shared, protocol: sns.SubscriptionProtocol.SQS, endpoint: 'arn:aws:sqs:us-east-1:111111111111:q' });
    new sns.CfnTopic(stack, 'Mail', { subscription: [{ protocol: 'email', endpoint: 'oncall@example.com' }] });
    expect(pathsWith(app, MON1).sort()).toEqual(['S/Inline', 'S/Shared/Resource']);
  });
});
