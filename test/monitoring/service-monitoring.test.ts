import { App, CfnResource, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { AlarmRouting, AlarmSeverity, ReadinessProfile, ServiceMonitoring } from '../../src';
import { alarmsById } from '../util/alarms';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(id = 'S', app = new App()): Stack {
  return new Stack(app, id, { env: ENV });
}

function fn(scope: Stack, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    ...props,
  });
}

/** A PostgreSQL instance of 100 GiB, with storage autoscaling up to `maxAllocatedStorage` if given. */
function postgres(stack: Stack, vpc: ec2.IVpc, maxAllocatedStorage?: number): rds.DatabaseInstance {
  return new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    allocatedStorage: 100,
    maxAllocatedStorage,
  });
}

/** The alarm ids made for a resource, from what monitor() returned. */
function ids(m: { alarms: cloudwatch.Alarm[] }): string[] {
  return m.alarms.map((a) => a.node.id);
}

function topicOf(stack: Stack, severity: AlarmSeverity): any {
  return stack.resolve((AlarmRouting.of(stack).topic(severity) as any).topicArn);
}

describe('default alarms per resource type, with their thresholds', () => {
  test('Lambda function: error rate, throttles, p99 duration at 80% of the timeout, reserved concurrency, anomaly', () => {
    const stack = newStack();
    const f = fn(stack, 'Fn', { timeout: Duration.seconds(10), reservedConcurrentExecutions: 50 });
    const m = new ServiceMonitoring(stack, 'Monitoring').monitor(f);
    expect(ids(m)).toEqual(['LambdaErrorRate', 'LambdaThrottles', 'LambdaDurationP99', 'LambdaConcurrency', 'LambdaDurationAnomaly']);
    const a = alarmsById(stack);
    expect(a.LambdaErrorRate).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching' });
    expect(a.LambdaErrorRate.Metrics[0].Expression).toBe('IF(whole > 0, 100 * FILL(part, 0) / whole, 0)');
    expect(a.LambdaErrorRate.Metrics.map((x: any) => x.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['Errors', 'Invocations']);
    expect(a.LambdaThrottles).toMatchObject({ MetricName: 'Throttles', Statistic: 'Sum', Threshold: 0, EvaluationPeriods: 5, Period: 60 });
    expect(a.LambdaDurationP99).toMatchObject({ MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: 8000 });
    expect(a.LambdaConcurrency).toMatchObject({ MetricName: 'ConcurrentExecutions', Threshold: 45, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(a.LambdaDurationP99.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: stack.getLogicalId(f.node.defaultChild as CfnResource) } }]);
  });

  test('Lambda function: no concurrency alarm without reserved concurrency; URL alarms only with a function URL; the default 3 s timeout', () => {
    const stack = newStack();
    const plain = fn(stack, 'Plain');
    const withUrl = fn(stack, 'WithUrl');
    withUrl.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(plain))).not.toContain('LambdaConcurrency');
    expect(ids(monitoring.monitor(withUrl))).toEqual(
      expect.arrayContaining(['LambdaUrlLatencyP99', 'LambdaUrl5xxRate']));
    expect(monitoring.monitored[0].alarm('LambdaDurationP99')).toBeDefined();
    const a = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'UrlRequestLatency' } });
    expect(Object.values<any>(a)[0].Properties).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 2500 });
    const durations = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'Duration', ExtendedStatistic: 'p99' } }));
    expect(durations.map((d) => d.Properties.Threshold)).toEqual([2400, 2400]);
  });

  test('Lambda function: X-Ray active tracing with the write permissions, unless disabled or set', () => {
    const stack = newStack();
    const f = fn(stack, 'Fn');
    const passThrough = fn(stack, 'PassThrough', { tracing: lambda.Tracing.PASS_THROUGH });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    monitoring.monitor(f);
    monitoring.monitor(passThrough);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnServiceRole'), 'Arn'] }, TracingConfig: { Mode: 'Active' } });
    t.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PassThroughServiceRole'), 'Arn'] }, TracingConfig: { Mode: 'PassThrough' } });
    // One managed policy of the stack holds the write permissions, attached to the traced functions' roles only.
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })] },
    });
    const policyRef = { Ref: stack.getLogicalId(stack.node.findChild('ReadinessXRayWriteAccess').node.defaultChild as CfnResource) };
    const roles = Object.entries<any>(t.findResources('AWS::IAM::Role'));
    expect(roles.filter(([, r]) => JSON.stringify(r.Properties.ManagedPolicyArns).includes(JSON.stringify(policyRef))).map(([id]) => id))
      .toEqual([expect.stringMatching(/^FnServiceRole/)]);

    const off = newStack('Off');
    new ServiceMonitoring(off, 'Monitoring', { enableTracing: false }).monitor(fn(off, 'Fn'));
    expect(Object.values<any>(Template.fromStack(off).findResources('AWS::Lambda::Function'))[0].Properties.TracingConfig).toBeUndefined();
  });

  test('tracing hides none of the role\'s own findings from cdk-nag, and leaves functions with an imported role alone', () => {
    const stack = newStack();
    const f = fn(stack, 'Fn');
    f.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const imported = fn(stack, 'Imported', { role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/managed-elsewhere', { mutable: false }) });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    monitoring.monitor(f);
    monitoring.monitor(imported);
    // The user's own Resource "*" statement is still reported on the role; the X-Ray policy is acknowledged alone.
    expect(new AwsSolutionsChecks().validateScope(f).violations.map((v) => v.ruleName)).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(new AwsSolutionsChecks().validateScope(stack.node.findChild('ReadinessXRayWriteAccess')).violations).toEqual([]);
    const resources = Template.fromStack(stack).toJSON().Resources;
    expect(resources[stack.getLogicalId(f.node.defaultChild as CfnResource)].Properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(resources[stack.getLogicalId(imported.node.defaultChild as CfnResource)].Properties.TracingConfig).toBeUndefined();
  });

  test('a function\'s on-failure destination and its DLQ are dead-letter queues: any message in them raises the DLQ alarm', () => {
    const stack = newStack();
    const onFailure = new sqs.Queue(stack, 'OnFailure');
    const functionDlq = new sqs.Queue(stack, 'FunctionDlq');
    const code = lambda.Code.fromInline('exports.handler = async () => {}');
    new lambda.Function(stack, 'Job', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, onFailure: new destinations.SqsDestination(onFailure) });
    new lambda.Function(stack, 'Old', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code, deadLetterQueue: functionDlq });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(onFailure))).toEqual(['SqsDeadLetterMessages', 'SqsMessagesAtRisk']);
    expect(ids(monitoring.monitor(functionDlq))).toEqual(['SqsDeadLetterMessages', 'SqsMessagesAtRisk']);
  });

  test('SQS queue and its dead-letter queue: age, expiry risk, in-flight quota; any message in the DLQ', () => {
    const stack = newStack();
    const dlq = new sqs.Queue(stack, 'Dlq', { retentionPeriod: Duration.days(14) });
    const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.minutes(10), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    const fifo = new sqs.Queue(stack, 'Orders', { fifo: true });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    const m = monitoring.monitor(queue);
    expect(ids(m)).toEqual(['SqsOldestMessageAge', 'SqsMessagesAtRisk', 'SqsInFlightMessages']);
    monitoring.monitor(fifo);
    expect(monitoring.monitored.map((r) => [r.label, ids(r)])).toEqual([
      ['Jobs', ['SqsOldestMessageAge', 'SqsMessagesAtRisk', 'SqsInFlightMessages']],
      ['Jobs dead-letter queue', ['SqsDeadLetterMessages', 'SqsMessagesAtRisk']],
      ['Orders', ['SqsOldestMessageAge', 'SqsMessagesAtRisk', 'SqsInFlightMessages']],
    ]);
    const resources = Template.fromStack(stack).toJSON().Resources;
    const logicalId = (r: number, id: string) => stack.getLogicalId(monitoring.monitored[r].alarm(id)!.node.defaultChild as CfnResource);
    const p = (r: number, id: string) => resources[logicalId(r, id)].Properties;
    expect(p(0, 'SqsOldestMessageAge')).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum', Threshold: 1800 });
    expect(p(0, 'SqsMessagesAtRisk')).toMatchObject({ Threshold: 172_800 });
    expect(p(0, 'SqsInFlightMessages')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesNotVisible', Threshold: 108_000 });
    expect(p(1, 'SqsDeadLetterMessages')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, EvaluationPeriods: 1 });
    expect(p(1, 'SqsDeadLetterMessages').Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [stack.getLogicalId(dlq.node.defaultChild as CfnResource), 'QueueName'] } }]);
    expect(p(1, 'SqsMessagesAtRisk')).toMatchObject({ Threshold: 604_800 });
    // FIFO queues have the same 120,000 in-flight quota as standard queues (it was 20,000).
    expect(p(2, 'SqsInFlightMessages')).toMatchObject({ Threshold: 108_000 });
    expect(p(2, 'SqsOldestMessageAge')).toMatchObject({ Threshold: 900 });
  });

  test('DynamoDB table: throttle events and system errors over the common operations', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const m = new ServiceMonitoring(stack, 'Monitoring').monitor(table);
    expect(ids(m)).toEqual(['DynamoDbThrottles', 'DynamoDbSystemErrors']);
    const a = alarmsById(stack);
    expect(a.DynamoDbThrottles.Metrics.map((x: any) => x.MetricStat?.Metric.MetricName).filter(Boolean)).toEqual(['ReadThrottleEvents', 'WriteThrottleEvents']);
    const ops = a.DynamoDbSystemErrors.Metrics.filter((x: any) => x.MetricStat).map((x: any) => x.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'Operation').Value);
    expect(ops).toEqual(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems']);
    expect(a.DynamoDbSystemErrors.Metrics.length).toBeLessThanOrEqual(10); // the CloudWatch limit of metrics per alarm
    expect(a.DynamoDbSystemErrors).toMatchObject({ EvaluationPeriods: 5, DatapointsToAlarm: 3 });
  });

  test('RDS instance: CPU and free storage below 10% of the allocated storage; Aurora Serverless v2: CPU and ACU utilization', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const instance = postgres(stack, vpc);
    const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      serverlessV2MaxCapacity: 4,
    });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(instance))).toEqual(['RdsCpuUtilization', 'RdsFreeStorageSpace']);
    expect(ids(monitoring.monitor(cluster))).toEqual(['AuroraCpuUtilization', 'AuroraAcuUtilization']);
    const a = alarmsById(stack);
    expect(a.RdsFreeStorageSpace).toMatchObject({ MetricName: 'FreeStorageSpace', Statistic: 'Minimum', Threshold: 10 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
    expect(a.RdsCpuUtilization).toMatchObject({ Threshold: 90, EvaluationPeriods: 5 });
    expect(a.AuroraAcuUtilization).toMatchObject({ MetricName: 'ACUUtilization', Threshold: 90 });
    const clusterId = { Ref: stack.getLogicalId(cluster.node.defaultChild as CfnResource) };
    expect(a.AuroraAcuUtilization.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: clusterId }]);
    // CPU of the writer role (AWS's advice for Aurora), not the average over writer and readers.
    expect(a.AuroraCpuUtilization).toMatchObject({ MetricName: 'CPUUtilization', Statistic: 'Average', Threshold: 90 });
    expect(a.AuroraCpuUtilization.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: clusterId }, { Name: 'Role', Value: 'WRITER' }]);
    // The writer instance is the cluster's: monitor() refuses it, monitorScope() skips it.
    const writer = cluster.node.findAll().find((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::RDS::DBInstance')!;
    expect(() => monitoring.monitor(writer)).toThrow(/is an instance of a DB cluster.*Monitor the cluster/);
    expect(monitoring.monitorScope(stack)).toEqual([]);
  });

  test('RDS instance with storage autoscaling: free storage below 5% (autoscaling adds space at 10% by itself)', () => {
    const stack = newStack();
    const instance = postgres(stack, new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 }), 500);
    new ServiceMonitoring(stack, 'Monitoring').monitor(instance);
    expect(alarmsById(stack).RdsFreeStorageSpace).toMatchObject({ MetricName: 'FreeStorageSpace', Threshold: 5 * 1024 ** 3, ComparisonOperator: 'LessThanThreshold' });
  });

  test('provisioned Aurora cluster: no ACU alarm (the L2 renders a Serverless v2 configuration for every cluster, lazily)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      writer: rds.ClusterInstance.provisioned('Writer', { instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE) }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const l1 = new rds.CfnDBCluster(stack, 'L1', { engine: 'aurora-mysql', serverlessV2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 } });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(cluster))).toEqual(['AuroraCpuUtilization']);
    // A hand-written cluster whose instances are not defined: its literal scaling configuration decides.
    expect(ids(monitoring.monitor(l1))).toEqual(['AuroraCpuUtilization', 'AuroraAcuUtilization']);
  });

  test('ECS service behind an ALB: load balancer, target group and service alarms with the right dimensions', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 80 }] });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc });
    const tg = lb.addListener('Http', { port: 80 }).addTargets('Web', { port: 80, targets: [service] });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(lb))).toEqual(['Alb5xxRate', 'AlbRejectedConnections', 'AlbLatencyP99', 'AlbRequestCountAnomaly']);
    expect(ids(monitoring.monitor(tg))).toEqual(['TargetGroup5xxRate', 'TargetGroupNoHealthyHosts', 'TargetGroupUnhealthyHosts']);
    expect(ids(monitoring.monitor(service))).toEqual(['EcsCpuUtilization', 'EcsMemoryUtilization', 'EcsNoRunningTasks', 'EcsCpuAnomaly']);
    const a = alarmsById(stack);
    const lbName = { 'Fn::GetAtt': [stack.getLogicalId(lb.node.defaultChild as CfnResource), 'LoadBalancerFullName'] };
    expect(a.AlbLatencyP99).toMatchObject({ Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Threshold: 2.5, Dimensions: [{ Name: 'LoadBalancer', Value: lbName }] });
    expect(a.TargetGroupNoHealthyHosts).toMatchObject({ MetricName: 'HealthyHostCount', Threshold: 1, ComparisonOperator: 'LessThanThreshold' });
    expect(a.TargetGroupNoHealthyHosts.Dimensions).toEqual([
      { Name: 'LoadBalancer', Value: lbName },
      { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [stack.getLogicalId(tg.node.defaultChild as CfnResource), 'TargetGroupFullName'] } },
    ]);
    expect(a.EcsNoRunningTasks).toMatchObject({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount', Threshold: 1 });
    expect(a.EcsCpuUtilization.Dimensions).toEqual([
      { Name: 'ClusterName', Value: { Ref: stack.getLogicalId(cluster.node.defaultChild as CfnResource) } },
      { Name: 'ServiceName', Value: { 'Fn::GetAtt': [stack.getLogicalId(service.node.defaultChild as CfnResource), 'Name'] } },
    ]);
  });

  test('ECS service without Container Insights has no running-task alarm (its metric would never arrive)', () => {
    const stack = newStack();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx') });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    expect(ids(new ServiceMonitoring(stack, 'Monitoring').monitor(service))).toEqual(['EcsCpuUtilization', 'EcsMemoryUtilization', 'EcsCpuAnomaly']);
  });

  test('API Gateway REST API (stage tracing on) and HTTP API: 5XX rate, p99 latency, request anomaly', () => {
    const stack = newStack();
    const rest = new apigw.RestApi(stack, 'Rest', { restApiName: 'orders' });
    rest.root.addMethod('GET', new apigw.MockIntegration());
    const http = new apigwv2.HttpApi(stack, 'Http');
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(rest))).toEqual(['ApiGateway5xxRate', 'ApiGatewayLatencyP99', 'ApiGatewayCountAnomaly']);
    expect(ids(monitoring.monitor(http))).toEqual(['ApiGateway5xxRate', 'ApiGatewayLatencyP99', 'ApiGatewayCountAnomaly']);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 2500, Dimensions: [{ Name: 'ApiName', Value: 'orders' }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Latency', Dimensions: [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^Http') } }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * errors' }), Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5xx' }), Stat: 'Average' }) })]),
    });
  });

  test('Step Functions state machine: failed or timed-out executions, throttling, execution-time anomaly', () => {
    const stack = newStack();
    const machine = new sfn.StateMachine(stack, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Step')) });
    const m = new ServiceMonitoring(stack, 'Monitoring').monitor(machine);
    expect(ids(m)).toEqual(['StatesExecutionsFailed', 'StatesExecutionsThrottled', 'StatesExecutionTimeAnomaly']);
    const a = alarmsById(stack);
    expect(a.StatesExecutionsFailed.Metrics.map((x: any) => x.MetricStat?.Metric.MetricName).filter(Boolean)).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    expect(a.StatesExecutionsThrottled).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionThrottled', Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stack.getLogicalId(machine.node.defaultChild as CfnResource) } }] });
  });

  test('hand-written L1 resources get the same alarms as L2s', () => {
    const stack = newStack();
    const queue = new sqs.CfnQueue(stack, 'Queue', { visibilityTimeout: 600 });
    const table = new dynamodb.CfnTable(stack, 'Table', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(ids(monitoring.monitor(queue))).toEqual(['SqsOldestMessageAge', 'SqsMessagesAtRisk', 'SqsInFlightMessages']);
    expect(monitoring.monitored[0].alarm('SqsOldestMessageAge')).toBeDefined();
    expect(ids(monitoring.monitor(table))).toEqual(['DynamoDbThrottles', 'DynamoDbSystemErrors']);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1800 });
  });
});

describe('routing by severity', () => {
  test('CRITICAL alarms go to the critical topic on ALARM and OK, WARNING ones to the warning topic on ALARM', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'Monitoring').monitor(fn(stack, 'Fn'));
    const a = alarmsById(stack);
    expect(a.LambdaErrorRate.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.CRITICAL)]);
    expect(a.LambdaErrorRate.OKActions).toEqual([topicOf(stack, AlarmSeverity.CRITICAL)]);
    expect(a.LambdaThrottles.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.WARNING)]);
    expect(a.LambdaThrottles.OKActions).toBeUndefined();
    expect(a.LambdaDurationAnomaly.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.WARNING)]);
  });

  test('a routing of your own is used', () => {
    const stack = newStack();
    const routing = new AlarmRouting(stack, 'Paging');
    new ServiceMonitoring(stack, 'Monitoring', { routing }).monitor(fn(stack, 'Fn'));
    expect(alarmsById(stack).LambdaErrorRate.AlarmActions).toEqual([stack.resolve((routing.topic(AlarmSeverity.CRITICAL) as any).topicArn)]);
    expect(stack.node.tryFindChild('ReadinessAlarmRouting')).toBeUndefined();
  });

  test('composite alarm: the CRITICAL alarms notify through one composite alarm of the service, the others as usual', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders', compositeAlarm: true });
    monitoring.monitor(fn(stack, 'Fn'));
    monitoring.monitor(new sqs.Queue(stack, 'Queue'));
    const a = alarmsById(stack);
    expect(a.LambdaErrorRate.AlarmActions).toBeUndefined();
    expect(a.SqsMessagesAtRisk.AlarmActions).toBeUndefined();
    expect(a.LambdaThrottles.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.WARNING)]);
    const composite = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(composite).toHaveLength(1);
    expect(composite[0].Properties.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.CRITICAL)]);
    expect(composite[0].Properties.OKActions).toEqual([topicOf(stack, AlarmSeverity.CRITICAL)]);
    const rule = JSON.stringify(composite[0].Properties.AlarmRule);
    expect(rule).toContain(stack.getLogicalId(monitoring.monitored[0].alarm('LambdaErrorRate')!.node.defaultChild as CfnResource));
    expect(rule).toContain(stack.getLogicalId(monitoring.monitored[1].alarm('SqsMessagesAtRisk')!.node.defaultChild as CfnResource));
    expect(rule).not.toContain(stack.getLogicalId(monitoring.monitored[0].alarm('LambdaThrottles')!.node.defaultChild as CfnResource));
    expect(composite[0].Properties.AlarmDescription).toMatch(/^orders is unhealthy: .* Runbook: 1\) /);
    expect(monitoring.compositeAlarm).toBeDefined();
  });
});

describe('overrides', () => {
  test('threshold, severity, evaluation and period per alarm id; enabled: false removes an alarm', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
      alarmOverrides: { LambdaThrottles: { enabled: false }, LambdaErrorRate: { threshold: 1 } },
    });
    const m = monitoring.monitor(fn(stack, 'Fn'), {
      alarmOverrides: {
        LambdaErrorRate: { severity: AlarmSeverity.WARNING, evaluationPeriods: 10, period: Duration.minutes(5) },
        LambdaDurationAnomaly: { threshold: 3 },
      },
    });
    expect(ids(m)).not.toContain('LambdaThrottles');
    const a = alarmsById(stack);
    // The per-call override replaces the construct's for the same alarm id.
    expect(a.LambdaErrorRate).toMatchObject({ Threshold: 5, EvaluationPeriods: 10, DatapointsToAlarm: 10 });
    expect(a.LambdaErrorRate.Metrics.find((x: any) => x.MetricStat).MetricStat.Period).toBe(300);
    expect(a.LambdaErrorRate.AlarmActions).toEqual([topicOf(stack, AlarmSeverity.WARNING)]);
    expect(a.LambdaDurationAnomaly.Metrics.find((x: any) => x.Expression).Expression).toBe('ANOMALY_DETECTION_BAND(m0, 3)');

    const other = newStack('Other');
    new ServiceMonitoring(other, 'Monitoring', { alarmOverrides: { LambdaErrorRate: { threshold: 1 } } }).monitor(fn(other, 'Fn'));
    expect(alarmsById(other).LambdaErrorRate.Threshold).toBe(1);
  });

  test('bad overrides fail with the prop, the value and the fix', () => {
    const stack = newStack();
    expect(() => new ServiceMonitoring(stack, 'A', { alarmOverrides: { LambdaErrors: { threshold: 1 } } }))
      .toThrow(/ServiceMonitoring 'S\/A': invalid alarmOverrides key "LambdaErrors". Valid alarm ids are .*LambdaErrorRate/);
    const monitoring = new ServiceMonitoring(stack, 'B');
    expect(() => monitoring.monitor(new sqs.Queue(stack, 'Q'), { alarmOverrides: { LambdaErrorRate: { threshold: 1 } } }))
      .toThrow(/invalid options.alarmOverrides key "LambdaErrorRate". A queue has the alarms SqsOldestMessageAge, SqsMessagesAtRisk, SqsInFlightMessages/);
    expect(() => monitoring.monitor(fn(stack, 'F1'), { alarmOverrides: { LambdaErrorRate: { period: Duration.seconds(45) } } }))
      .toThrow(/invalid options.alarmOverrides.LambdaErrorRate.period 45 seconds. CloudWatch alarms take periods of 10 s, 30 s or a multiple of 60 s/);
    expect(() => monitoring.monitor(fn(stack, 'F2'), { alarmOverrides: { LambdaErrorRate: { evaluationPeriods: 2, datapointsToAlarm: 3 } } }))
      .toThrow(/invalid alarmOverrides.LambdaErrorRate.datapointsToAlarm 3. Give a whole number from 1 to evaluationPeriods \(2\)/);
    expect(() => monitoring.monitor(fn(stack, 'F3'), { alarmOverrides: { LambdaErrorRate: { threshold: Number.NaN } } }))
      .toThrow(/threshold null. Give a finite number/);
    expect(() => monitoring.monitor(fn(stack, 'F4'), { alarmOverrides: { LambdaDurationAnomaly: { threshold: 0 } } }))
      .toThrow(/invalid alarmOverrides.LambdaDurationAnomaly.threshold 0. The band width/);
  });
});

describe('anomaly detection', () => {
  test('each alarm has its AnomalyDetector configured (time zone, excluded ranges), created before the alarm', () => {
    const stack = newStack();
    const m = new ServiceMonitoring(stack, 'Monitoring', {
      anomalyDetection: { metricTimeZone: 'Europe/Dublin', excludedTimeRanges: [{ start: '2025-11-28T00:00:00', end: '2025-12-01T23:59:59' }], bandWidth: 3 },
    }).monitor(fn(stack, 'Fn'));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::AnomalyDetector', 1);
    t.hasResourceProperties('AWS::CloudWatch::AnomalyDetector', {
      SingleMetricAnomalyDetector: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Stat: 'Average', Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^Fn') } }] },
      Configuration: { MetricTimeZone: 'Europe/Dublin', ExcludedTimeRanges: [{ StartTime: '2025-11-28T00:00:00', EndTime: '2025-12-01T23:59:59' }] },
    });
    const detectorId = stack.getLogicalId(m.anomalyDetector!);
    const alarm = Object.values<any>(t.findResources('AWS::CloudWatch::Alarm')).find((r) => r.Properties.ThresholdMetricId);
    expect(alarm.DependsOn).toContain(detectorId);
    expect(alarm.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanUpperThreshold', EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    expect(alarm.Properties.Metrics.find((x: any) => x.Expression).Expression).toBe('ANOMALY_DETECTION_BAND(m0, 3)');
    expect(alarm.Properties.Metrics.find((x: any) => x.MetricStat).MetricStat.Period).toBe(300);
  });

  test('UTC by default; off with enabled: false', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'Monitoring').monitor(fn(stack, 'Fn'));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::AnomalyDetector', { Configuration: { MetricTimeZone: 'UTC' } });
    const off = newStack('Off');
    const m = new ServiceMonitoring(off, 'Monitoring', { anomalyDetection: { enabled: false } }).monitor(fn(off, 'Fn'));
    expect(ids(m)).not.toContain('LambdaDurationAnomaly');
    Template.fromStack(off).resourceCountIs('AWS::CloudWatch::AnomalyDetector', 0);
  });

  test('bad time zone, range format, range order and band width fail with the fix', () => {
    const stack = newStack();
    expect(() => new ServiceMonitoring(stack, 'A', { anomalyDetection: { metricTimeZone: 'Mars/Olympus' } }))
      .toThrow(/invalid anomalyDetection.metricTimeZone "Mars\/Olympus". Use an IANA time zone name/);
    expect(() => new ServiceMonitoring(stack, 'B', { anomalyDetection: { excludedTimeRanges: [{ start: '2025-11-28 00:00', end: '2025-12-01T00:00:00' }] } }))
      .toThrow(/invalid anomalyDetection.excludedTimeRanges\[0\].start "2025-11-28 00:00". Use the format yyyy-MM-ddTHH:mm:ss/);
    expect(() => new ServiceMonitoring(stack, 'C', { anomalyDetection: { excludedTimeRanges: [{ start: '2025-12-01T00:00:00', end: '2025-11-28T00:00:00' }] } }))
      .toThrow(/must be before its end/);
    expect(() => new ServiceMonitoring(stack, 'D', { anomalyDetection: { bandWidth: -1 } })).toThrow(/invalid anomalyDetection.bandWidth -1/);
  });
});

describe('dashboard', () => {
  test('one dashboard with the service header, the alarm status of every alarm and a widget per alarm', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders', runbookUrl: 'https://runbooks.example.com/orders' });
    monitoring.monitor(fn(stack, 'Fn'));
    monitoring.monitor(new sqs.Queue(stack, 'Queue'));
    const body = JSON.stringify(stack.resolve((monitoring.dashboard!.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    expect(body).toContain('# orders');
    expect(body).toContain('https://runbooks.example.com/orders');
    expect(body).toContain('orders: alarm status');
    for (const r of monitoring.monitored) {
      for (const alarm of r.alarms) expect(body.split(stack.getLogicalId(alarm.node.defaultChild as CfnResource)).length - 1).toBe(2); // status + its own widget
    }
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('dashboard: false makes none; a dashboard with no alarm is an error at synth', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'Monitoring', { dashboard: false }).monitor(new logs.LogGroup(stack, 'Logs'));
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    const empty = newStack('Empty');
    new ServiceMonitoring(empty, 'Monitoring');
    expect(() => Template.fromStack(empty)).toThrow(/has a dashboard but no alarm: monitor resources/);
  });
});

describe('log groups: retention from the profile and a customer managed key', () => {
  test.each([['dev', 14], ['staging', 90], ['prod', 365]])('%s: %d days where none is set, and the stack\'s log key', (profile, days) => {
    const stack = newStack('S', new App({ context: { 'readiness:profile': profile } }));
    const kept = new logs.LogGroup(stack, 'Kept', { retention: logs.RetentionDays.TEN_YEARS });
    const unset = new logs.CfnLogGroup(stack, 'Unset');
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { dashboard: false });
    monitoring.monitor(kept);
    monitoring.monitor(unset);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReadinessLogEncryptionKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: days, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReadinessLogEncryptionKey'), 'Arn'] } });
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']] } } },
          })]),
        },
      },
    });
    expect(ReadinessProfile.of(stack).logRetentionDays).toBe(days);
  });

  test('a DELIVERY-class log group gets the key and no retention (it accepts none); exclude keeps a log group that must never expire as it is', () => {
    const stack = newStack();
    const forever = new logs.LogGroup(stack, 'Forever', { retention: logs.RetentionDays.INFINITE });
    const audit = new logs.LogGroup(stack, 'Audit', { retention: logs.RetentionDays.INFINITE });
    const delivery = new logs.LogGroup(stack, 'Delivery', { logGroupClass: logs.LogGroupClass.DELIVERY });
    const found = new ServiceMonitoring(stack, 'Monitoring', { dashboard: false }).monitorScope(stack, { exclude: [audit] });
    expect(found.map((m) => m.label).sort()).toEqual(['Delivery', 'Forever']);
    const resources = Template.fromStack(stack).toJSON().Resources;
    const p = (g: logs.LogGroup) => resources[stack.getLogicalId(g.node.defaultChild as CfnResource)].Properties;
    const key = { 'Fn::GetAtt': [expect.stringMatching(/^ReadinessLogEncryptionKey/), 'Arn'] };
    expect(p(forever)).toEqual({ RetentionInDays: ReadinessProfile.of(stack).logRetentionDays, KmsKeyId: key });
    expect(p(delivery)).toEqual({ LogGroupClass: 'DELIVERY', KmsKeyId: key });
    expect(p(audit)).toBeUndefined(); // no properties at all: never expire, no key
  });

  test('two ServiceMonitorings of one stack share its log key; a key of your own is used; an imported one is refused', () => {
    const stack = newStack();
    new ServiceMonitoring(stack, 'A', { dashboard: false }).monitor(new logs.LogGroup(stack, 'L1'));
    new ServiceMonitoring(stack, 'B', { dashboard: false }).monitor(new logs.LogGroup(stack, 'L2'));
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);

    const own = newStack('Own');
    const key = new kms.Key(own, 'Key', { enableKeyRotation: true });
    new ServiceMonitoring(own, 'M', { dashboard: false, logEncryptionKey: key }).monitor(new logs.LogGroup(own, 'L'));
    Template.fromStack(own).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });

    const imported = newStack('Imported');
    const foreign = kms.Key.fromKeyArn(imported, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => new ServiceMonitoring(imported, 'M', { dashboard: false, logEncryptionKey: foreign }).monitor(new logs.LogGroup(imported, 'L')))
      .toThrow(/invalid logEncryptionKey "Imported\/Key". The key is imported/);
  });
});

describe('monitorScope', () => {
  test('finds every supported resource, skips custom-resource handlers, network load balancers and what is monitored', () => {
    const stack = newStack();
    const workload = fn(stack, 'Workload');
    const handler = fn(stack, 'Handler');
    const provider = new cr.Provider(stack, 'Provider', { onEventHandler: handler });
    new CustomResource(stack, 'Seed', { serviceToken: provider.serviceToken });
    const special = new sqs.Queue(stack, 'Special');
    new sqs.Queue(stack, 'Plain');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    monitoring.monitor(special, { alarmOverrides: { SqsOldestMessageAge: { threshold: 3600 } } });
    const found = monitoring.monitorScope(stack, { alarmOverrides: { DynamoDbSystemErrors: { enabled: false } } });
    expect(found.map((m) => m.label).sort()).toEqual(['Plain', 'Table', 'Workload']);
    expect(found.find((m) => m.label === 'Workload')!.resource).toBe(workload.node.defaultChild);
    expect(ids(found.find((m) => m.label === 'Table')!)).toEqual(['DynamoDbThrottles']);
    expect(monitoring.monitored[0].alarm('SqsOldestMessageAge')).toBeDefined();
    expect(() => monitoring.monitor(special)).toThrow(/is already monitored by S\/Monitoring/);
    expect(() => monitoring.monitor(new elbv2.NetworkLoadBalancer(stack, 'Nlb2', { vpc }))).toThrow(/is a network load balancer, which has no default alarm set. Monitor its target groups/);
  });

  test('reads resources without resolving them: what the app adds after monitorScope still reaches the template', () => {
    const stack = newStack();
    const f = fn(stack, 'Fn');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc });
    const listener = lb.addListener('Http', { port: 80 });
    listener.addTargets('Web', { port: 80, targets: [] });
    const role = f.role!;
    new ServiceMonitoring(stack, 'Monitoring').monitorScope(stack);
    f.addEnvironment('ADDED_LATER', 'yes');
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'));
    listener.addAction('Fixed', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/health'])], action: elbv2.ListenerAction.fixedResponse(200) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { ADDED_LATER: 'yes' } } });
    t.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] }]) });
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
  });

  test('hand-written L1 target groups are matched to their load balancer through the listener that forwards to them', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const lb = new elbv2.CfnLoadBalancer(stack, 'Lb', { type: 'network', subnets: vpc.publicSubnets.map((s) => s.subnetId) });
    const tg = new elbv2.CfnTargetGroup(stack, 'Tg', { protocol: 'TCP', port: 80, vpcId: vpc.vpcId });
    new elbv2.CfnListener(stack, 'Listener', { loadBalancerArn: lb.ref, port: 80, protocol: 'TCP', defaultActions: [{ type: 'forward', targetGroupArn: tg.ref }] });
    const m = new ServiceMonitoring(stack, 'Monitoring').monitor(tg);
    expect(ids(m)).toEqual(['TargetGroupNoHealthyHosts', 'TargetGroupUnhealthyHosts']);
    expect(alarmsById(stack).TargetGroupNoHealthyHosts).toMatchObject({
      Namespace: 'AWS/NetworkELB',
      Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': ['Lb', 'LoadBalancerFullName'] } }, { Name: 'TargetGroup', Value: { 'Fn::GetAtt': ['Tg', 'TargetGroupFullName'] } }],
    });
  });

  test('unsupported and unattached resources are refused with the fix', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    expect(() => monitoring.monitor(new sqs.CfnQueuePolicy(stack, 'Policy', { queues: [], policyDocument: {} }))).toThrow(/is of type AWS::SQS::QueuePolicy, which has no default alarm set. Supported:/);
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const tg = new elbv2.ApplicationTargetGroup(stack, 'Tg', { vpc, port: 80 });
    expect(() => monitoring.monitor(tg)).toThrow(/target group S\/Tg\/Resource is not attached to a load balancer yet \(no listener or listener rule forwards to it\). Attach it/);
    expect(() => monitoring.monitor(new apigwv2.CfnApi(stack, 'Ws', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' }))).toThrow(/is a WebSocket API/);
    expect(() => new ServiceMonitoring(stack, 'Bad', { runbookUrl: 'runbooks.example.com' })).toThrow(/invalid runbookUrl "runbooks.example.com". Give the https address/);
    const far = new Stack(stack.node.root as App, 'Far', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(() => monitoring.monitor(new sqs.Queue(far, 'Q'))).toThrow(/It is in region us-east-1 and this construct in eu-west-1/);
    expect(monitoring.monitorScope(stack.node.root).map((m) => m.resource.node.path)).not.toContain('Far/Q/Resource');
  });
});

describe('runbook text in every alarm description', () => {
  test('meaning, the marker, numbered first checks and the runbook URL; within the 1024 characters CloudWatch accepts', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { runbookUrl: 'https://runbooks.example.com/svc' });
    monitoring.monitorScope(newScope(stack));
    const descriptions = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmDescription);
    expect(descriptions.length).toBeGreaterThan(5);
    for (const d of descriptions) {
      expect(d).toMatch(/^\S.* Runbook: 1\) .* https:\/\/runbooks\.example\.com\/svc$/);
      expect(d.length).toBeLessThanOrEqual(1024);
    }
  });
});

describe('application metrics (Embedded Metric Format) and alarms on them', () => {
  test('a metric in the service namespace, an alarm with runbook text, routed and on the dashboard', () => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders' });
    const failed = monitoring.applicationMetric({ metricName: 'PaymentsFailed' });
    const alarm = monitoring.addApplicationAlarm('PaymentsFailing', failed, {
      meaning: 'payments fail', threshold: 10, severity: AlarmSeverity.CRITICAL, runbookChecks: ['check the payment provider status page'],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'orders',
      MetricName: 'PaymentsFailed',
      Dimensions: [{ Name: 'Service', Value: 'orders' }],
      Statistic: 'Sum',
      // No unit filter: EmbeddedMetricFormat.render publishes `None` unless told otherwise, and a
      // Count filter would make the alarm miss every data point.
      Unit: Match.absent(),
      Threshold: 10,
      EvaluationPeriods: 5,
      AlarmDescription: 'orders: payments fail Runbook: 1) check the payment provider status page.',
      AlarmActions: [topicOf(stack, AlarmSeverity.CRITICAL)],
      TreatMissingData: 'notBreaching',
    });
    const body = JSON.stringify(stack.resolve((monitoring.dashboard!.node.defaultChild as cloudwatch.CfnDashboard).dashboardBody));
    expect(body).toContain(stack.getLogicalId(alarm.node.defaultChild as CfnResource));
    expect(() => monitoring.applicationMetric({ metricName: 'X', namespace: 'AWS/Lambda' })).toThrow(/invalid applicationMetric namespace "AWS\/Lambda"/);
    expect(() => monitoring.addApplicationAlarm('NoRunbook', failed, { meaning: 'x', threshold: 1 })).toThrow(/has no runbook: give its first checks or a runbook URL/);
  });
});

describe('cdk-nag', () => {
  test.each([['AwsSolutions', () => new AwsSolutionsChecks()], ['NIST 800-53 R5', () => new NIST80053R5Checks()]])('clean under %s (alarms, anomaly models, dashboard, composite, topics, log key, X-Ray policy)', (_name, pack) => {
    const stack = newStack();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', { compositeAlarm: true });
    monitoring.monitorScope(newScope(stack));
    monitoring.monitor(new logs.LogGroup(stack, 'Logs'));
    const violations = [monitoring, AlarmRouting.of(stack), stack.node.findChild('ReadinessLogEncryptionKey'), stack.node.findChild('ReadinessXRayWriteAccess')]
      .flatMap((scope) => pack().validateScope(scope).violations)
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
    expect(violations).toEqual([]);
  });
});

/** A construct with a function, a queue, a table and a state machine under it. */
function newScope(stack: Stack): Construct {
  const scope = new Construct(stack, 'Workload');
  new lambda.Function(scope, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
  new sqs.Queue(scope, 'Queue');
  new dynamodb.Table(scope, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new sfn.StateMachine(scope, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'Step')) });
  return scope;
}
