import { App, CfnResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as eventsources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ReadinessProfile } from '../../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const app = (profile: string) => new App({ context: { 'readiness:profile': profile } });
const vpcOf = (stack: Stack, natGateways = 0) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways });
const postgres = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const auroraPostgres = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

function handler(stack: Stack, id: string, props: Partial<lambda.FunctionProps> = {}) {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), ...props });
}

describe('Readiness-STA6 deletion protection', () => {
  test('non-compliant: an RDS instance, an Aurora cluster and a table without it (the cluster\'s instances are not judged)', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new rds.DatabaseInstance(stack, 'Pg', { engine: postgres, vpcSubnets, vpc, deletionProtection: false });
    new rds.DatabaseCluster(stack, 'Aurora', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer') });
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(pathsWith(a, 'Readiness-STA6').sort()).toEqual(['Data/Aurora/Resource', 'Data/Orders/Resource', 'Data/Pg/Resource']);
    expect(findingsOf(a, 'Readiness-STA6').find((f) => f.constructPath === 'Data/Orders/Resource')?.message).toMatch(/one DeleteTable call deletes the table/);
  });

  test('compliant: deletionProtection on each; a global table with every replica protected', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new rds.DatabaseInstance(stack, 'Pg', { engine: postgres, vpcSubnets, vpc, deletionProtection: true });
    new rds.DatabaseCluster(stack, 'Aurora', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), deletionProtection: true });
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, deletionProtection: true });
    new ddb.TableV2(stack, 'Global', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, deletionProtection: true, replicas: [{ region: 'eu-central-1' }] });
    expect(pathsWith(a, 'Readiness-STA6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-STA6')).toMatchObject({ evaluated: 4, passed: 4 });
  });

  test('a global table replica without it is named by region', () => {
    const a = app('staging');
    const stack = new Stack(a, 'Data', EU);
    new ddb.TableV2(stack, 'Global', {
      partitionKey: { name: 'pk', type: ddb.AttributeType.STRING },
      deletionProtection: true,
      replicas: [{ region: 'eu-central-1', deletionProtection: false }],
    });
    expect(findingsOf(a, 'Readiness-STA6')).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('replica(s) in eu-central-1') })]);
  });

  test('not judged in DEV, or when a profile turns it off', () => {
    const dev = app('dev');
    new ddb.Table(new Stack(dev, 'Data', EU), 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(ruleOutcome(dev, 'Readiness-STA6')).toMatchObject({ evaluated: 0 });
    const custom = new App();
    ReadinessProfile.PROD.extend('prod-no-dp', { requireDeletionProtection: false }).applyTo(custom);
    new ddb.Table(new Stack(custom, 'Data', EU), 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    expect(ruleOutcome(custom, 'Readiness-STA6')).toMatchObject({ evaluated: 0 });
  });
});

describe('Readiness-BAK8 native recovery', () => {
  test('non-compliant: a table without point-in-time recovery, a cluster on the one-day default, an instance with backups off', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    new rds.DatabaseCluster(stack, 'Aurora', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer') });
    new rds.DatabaseInstance(stack, 'Pg', { engine: postgres, vpcSubnets, vpc, backupRetention: Duration.days(0) });
    const findings = findingsOf(a, 'Readiness-BAK8');
    expect(findings.map((f) => [f.constructPath, f.message.substring(0, 55)]).sort()).toEqual([
      ['Data/Aurora/Resource', 'Automated backups are kept 1 day(s) (the default); the '],
      ['Data/Orders/Resource', 'Point-in-time recovery is off on the table: a bad write'],
      ['Data/Pg/Resource', 'Automated backups are off (BackupRetentionPeriod 0): th'],
    ]);
  });

  test('compliant: point-in-time recovery on; 35 days of automated backups (the service maximum) satisfy PROD\'s 35', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING }, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } });
    new rds.DatabaseCluster(stack, 'Aurora', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), backup: { retention: Duration.days(35) } });
    expect(pathsWith(a, 'Readiness-BAK8')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-BAK8')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('DEV asks 7 days and no point-in-time recovery', () => {
    const a = app('dev');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new ddb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
    new rds.DatabaseCluster(stack, 'Week', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), backup: { retention: Duration.days(7) } });
    new rds.DatabaseCluster(stack, 'Days', { engine: auroraPostgres, vpcSubnets, vpc, writer: rds.ClusterInstance.serverlessV2('Writer'), backup: { retention: Duration.days(3) } });
    expect(findingsOf(a, 'Readiness-BAK8')).toEqual([expect.objectContaining({ constructPath: 'Data/Days/Resource', severity: 'warning', message: expect.stringContaining("the 'dev' profile asks 7") })]);
  });
});

describe('Readiness-SCL6 data store redundancy', () => {
  test('non-compliant: a single-AZ instance, one-instance DocumentDB and Neptune clusters, a cache without failover, a search domain in one zone, EFS One Zone', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new rds.DatabaseInstance(stack, 'Pg', { engine: postgres, vpcSubnets, vpc });
    const docdb = new CfnResource(stack, 'Docs', { type: 'AWS::DocDB::DBCluster', properties: { MasterUsername: 'admin', MasterUserPassword: 'x' } });
    new CfnResource(stack, 'DocsOne', { type: 'AWS::DocDB::DBInstance', properties: { DBClusterIdentifier: docdb.ref, DBInstanceClass: 'db.r6g.large' } });
    new CfnResource(stack, 'Graph', { type: 'AWS::Neptune::DBCluster', properties: {} });
    new CfnResource(stack, 'Cache', { type: 'AWS::ElastiCache::ReplicationGroup', properties: { ReplicationGroupDescription: 'c', Engine: 'valkey', CacheNodeType: 'cache.t4g.small', NumCacheClusters: 1 } });
    new CfnResource(stack, 'Search', { type: 'AWS::OpenSearchService::Domain', properties: { ClusterConfig: { InstanceCount: 2 } } });
    new efs.FileSystem(stack, 'Files', { vpc, oneZone: true, vpcSubnets: { availabilityZones: [vpc.availabilityZones[0]] } });
    const findings = findingsOf(a, 'Readiness-SCL6');
    expect([...new Set(findings.map((f) => f.constructPath))].sort()).toEqual(['Data/Cache', 'Data/Docs', 'Data/Files/Resource', 'Data/Graph', 'Data/Pg/Resource', 'Data/Search']);
    expect(findings.filter((f) => f.constructPath === 'Data/Cache').map((f) => f.message.split(':')[0]).sort()).toEqual([
      'Automatic failover is off', 'Multi-AZ is off', 'The replication group has no replica',
    ]);
    expect(findings.find((f) => f.constructPath === 'Data/Docs')?.message).toMatch(/DocumentDB cluster has 1 instance\(s\)/);
    expect(findings.filter((f) => f.constructPath === 'Data/Search')).toHaveLength(2);
  });

  test('compliant: Multi-AZ, two instances per cluster, failover across zones, zone awareness with dedicated masters, Regional EFS', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Data', EU);
    const vpc = vpcOf(stack);
    new rds.DatabaseInstance(stack, 'Pg', { engine: postgres, vpcSubnets, vpc, multiAz: true });
    new rds.DatabaseInstanceReadReplica(stack, 'Replica', { sourceDatabaseInstance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Src', { instanceIdentifier: 'src', instanceEndpointAddress: 'x', port: 5432, securityGroups: [] }), instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO), vpcSubnets, vpc });
    const graph = new CfnResource(stack, 'Graph', { type: 'AWS::Neptune::DBCluster', properties: { DBClusterIdentifier: 'graph' } });
    new CfnResource(stack, 'GraphA', { type: 'AWS::Neptune::DBInstance', properties: { DBClusterIdentifier: graph.ref, DBInstanceClass: 'db.r6g.large' } });
    new CfnResource(stack, 'GraphB', { type: 'AWS::Neptune::DBInstance', properties: { DBClusterIdentifier: 'graph', DBInstanceClass: 'db.r6g.large' } });
    new CfnResource(stack, 'Cache', { type: 'AWS::ElastiCache::ReplicationGroup', properties: { ReplicationGroupDescription: 'c', NumCacheClusters: 2, AutomaticFailoverEnabled: true, MultiAZEnabled: true } });
    new CfnResource(stack, 'Search', { type: 'AWS::OpenSearchService::Domain', properties: { ClusterConfig: { InstanceCount: 2, ZoneAwarenessEnabled: true, DedicatedMasterEnabled: true, DedicatedMasterCount: 3 } } });
    new efs.FileSystem(stack, 'Files', { vpc });
    expect(pathsWith(a, 'Readiness-SCL6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-SCL6')).toMatchObject({ evaluated: 5, passed: 5 });
  });

  test('DEV: single-zone data stores are not judged; STAGING: EFS One Zone and a master-less domain are fine', () => {
    const dev = app('dev');
    new rds.DatabaseInstance(new Stack(dev, 'Data', EU), 'Pg', { engine: postgres, vpcSubnets, vpc: vpcOf(dev.node.findChild('Data') as Stack) });
    expect(ruleOutcome(dev, 'Readiness-SCL6')).toMatchObject({ evaluated: 0 });
    const staging = app('staging');
    const stack = new Stack(staging, 'Data', EU);
    const vpc = vpcOf(stack);
    new efs.FileSystem(stack, 'Files', { vpc, oneZone: true, vpcSubnets: { availabilityZones: [vpc.availabilityZones[0]] } });
    new CfnResource(stack, 'Search', { type: 'AWS::OpenSearchService::Domain', properties: { ClusterConfig: { ZoneAwarenessEnabled: true } } });
    expect(pathsWith(staging, 'Readiness-SCL6')).toEqual([]);
  });
});

describe('Readiness-SCL7 NAT gateway per zone', () => {
  test('non-compliant: two zones of private subnets behind one NAT gateway', () => {
    const a = app('prod');
    vpcOf(new Stack(a, 'Net', EU), 1);
    expect(findingsOf(a, 'Readiness-SCL7')).toEqual([expect.objectContaining({ constructPath: 'Net/Vpc/Resource', message: expect.stringMatching(/^Private subnets in 2 Availability Zones all route .* through one NAT gateway/) })]);
  });

  test('compliant: a NAT gateway per zone; not applicable without NAT gateways or in DEV', () => {
    const a = app('prod');
    vpcOf(new Stack(a, 'Net', EU), 2);
    vpcOf(new Stack(a, 'Isolated', EU), 0);
    expect(pathsWith(a, 'Readiness-SCL7')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-SCL7')).toMatchObject({ evaluated: 1, passed: 1 });
    const dev = app('dev');
    vpcOf(new Stack(dev, 'Net', EU), 1);
    expect(ruleOutcome(dev, 'Readiness-SCL7')).toMatchObject({ evaluated: 0 });
  });
});

describe('Readiness-SCL8 health checks', () => {
  function groupBehindAlb(stack: Stack, id: string, props: Partial<autoscaling.AutoScalingGroupProps>) {
    const vpc = (stack.node.tryFindChild('Vpc') as ec2.Vpc) ?? vpcOf(stack);
    const group = new autoscaling.AutoScalingGroup(stack, id, {
      vpc, instanceType: new ec2.InstanceType('t4g.small'), machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }), ...props,
    });
    const lb = new elbv2.ApplicationLoadBalancer(stack, `${id}Lb`, { vpc });
    lb.addListener('L', { port: 80 }).addTargets('T', { port: 80, targets: [group] });
    return group;
  }

  test('non-compliant: a group behind a load balancer on EC2 checks without grace; a service without grace', () => {
    const a = app('prod');
    const stack = new Stack(a, 'App', EU);
    groupBehindAlb(stack, 'Ec2Only', {});
    const service = new CfnResource(stack, 'Service', { type: 'AWS::ECS::Service', properties: { LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80, TargetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/t/1' }] } });
    expect(service).toBeDefined();
    const findings = findingsOf(a, 'Readiness-SCL8');
    expect(findings.map((f) => [f.constructPath, f.message.split(':')[0]]).sort()).toEqual([
      ['App/Ec2Only/ASG', 'No health check grace period'],
      ['App/Ec2Only/ASG', 'The group is behind a load balancer but replaces instances on EC2 health checks only'],
      ['App/Service', 'No health check grace period'],
    ]);
  });

  test('compliant: ELB checks with a grace period; an ECS service from the L2 gets a grace period that covers its container\'s start period', () => {
    const a = app('prod');
    const stack = new Stack(a, 'App', EU);
    groupBehindAlb(stack, 'Elb', { healthCheck: autoscaling.HealthCheck.elb({ grace: Duration.minutes(5) }) });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: stack.node.findChild('Vpc') as ec2.Vpc });
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'),
      portMappings: [{ containerPort: 80 }],
      healthCheck: { command: ['CMD-SHELL', 'true'], startPeriod: Duration.seconds(30) },
    });
    const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'ServiceLb', { vpc: stack.node.findChild('Vpc') as ec2.Vpc });
    lb.addListener('L', { port: 80 }).addTargets('T', { port: 80, targets: [service] });
    expect(pathsWith(a, 'Readiness-SCL8')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-SCL8')).toMatchObject({ evaluated: 2, passed: 2 });
  });

  test('a grace period shorter than the container\'s start period is reported', () => {
    const a = app('prod');
    const stack = new Stack(a, 'App', EU);
    const task = new CfnResource(stack, 'Task', { type: 'AWS::ECS::TaskDefinition', properties: { ContainerDefinitions: [{ Name: 'web', HealthCheck: { Command: ['CMD', 'true'], StartPeriod: 120 } }] } });
    new CfnResource(stack, 'Service', { type: 'AWS::ECS::Service', properties: { TaskDefinition: task.ref, HealthCheckGracePeriodSeconds: 60, LoadBalancers: [{ ContainerName: 'web', ContainerPort: 80 }] } });
    expect(findingsOf(a, 'Readiness-SCL8')).toEqual([expect.objectContaining({ message: expect.stringContaining('(60 s) is shorter than the container\'s start period (120 s)') })]);
  });
});

describe('Readiness-SEC6 TLS at the edge', () => {
  const cert = 'arn:aws:acm:eu-west-1:111111111111:certificate/abc';

  test('non-compliant: a public HTTP listener that forwards, an HTTPS listener on a TLS 1.0 policy, a CloudFront behavior allowing HTTP', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Edge', EU);
    const vpc = vpcOf(stack);
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    lb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    lb.addListener('Https', { port: 443, certificates: [elbv2.ListenerCertificate.fromArn(cert)], sslPolicy: elbv2.SslPolicy.LEGACY, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL } });
    const findings = findingsOf(a, 'Readiness-SEC6');
    expect(findings.map((f) => [f.constructPath, f.message.substring(0, 50)]).sort()).toEqual([
      ['Edge/Cdn/Resource', 'The default behavior allows plain HTTP: set Viewer'],
      ['Edge/Lb/Http/Resource', 'An internet-facing load balancer serves plain HTTP'],
      ['Edge/Lb/Https/Resource', "The HTTPS listener's security policy ELBSecurityPo"],
    ]);
  });

  test('non-compliant: an HTTPS listener without SslPolicy (CloudFormation gives ELBSecurityPolicy-2016-08, TLS 1.0 included)', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Edge', EU);
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: vpcOf(stack), internetFacing: true });
    lb.addListener('Https', { port: 443, certificates: [elbv2.ListenerCertificate.fromArn(cert)], defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    expect(findingsOf(a, 'Readiness-SEC6')).toEqual([expect.objectContaining({
      constructPath: 'Edge/Lb/Https/Resource',
      message: expect.stringMatching(/^The HTTPS listener names no security policy: CloudFormation gives it ELBSecurityPolicy-2016-08, which accepts TLS 1\.0 and 1\.1/),
    })]);
  });

  test('compliant: HTTPS with a TLS 1.2 policy, port 80 only redirecting, HTTPS-only CloudFront; internal load balancers are not judged', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Edge', EU);
    const vpc = vpcOf(stack);
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    lb.addListener('Https', { port: 443, certificates: [elbv2.ListenerCertificate.fromArn(cert)], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    lb.addRedirect();
    const internal = new elbv2.ApplicationLoadBalancer(stack, 'Internal', { vpc, internetFacing: false });
    internal.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS } });
    expect(pathsWith(a, 'Readiness-SEC6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-SEC6')).toMatchObject({ evaluated: 3, passed: 3 });
  });
});

describe('Readiness-MON6 nothing lost silently', () => {
  test('non-compliant: a queue Lambda consumes without a DLQ, an unwatched DLQ, a function S3 invokes without a destination', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const jobs = new sqs.Queue(stack, 'Jobs');
    const dlq = new sqs.Queue(stack, 'OrdersDlq');
    new sqs.Queue(stack, 'Orders', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    handler(stack, 'Worker').addEventSource(new eventsources.SqsEventSource(jobs));
    const bucket = new s3.Bucket(stack, 'Uploads');
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(handler(stack, 'OnUpload')));
    const findings = findingsOf(a, 'Readiness-MON6');
    expect(findings.map((f) => [f.constructPath, f.message.substring(0, 45)]).sort()).toEqual([
      ['Work/Jobs/Resource', 'The queue is consumed by a Lambda function bu'],
      ['Work/OnUpload/Resource', 'The function is invoked asynchronously (by s3'],
      ['Work/OrdersDlq/Resource', 'Nothing alarms when messages arrive in this d'],
    ]);
  });

  test('compliant: redrive policies, an alarm on the DLQ\'s visible messages, an on-failure destination; a queue subscribed to SNS with a DLQ', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const dlq = new sqs.Queue(stack, 'Dlq');
    new cloudwatch.Alarm(stack, 'DlqAlarm', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 0, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
    const jobs = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    handler(stack, 'Worker').addEventSource(new eventsources.SqsEventSource(jobs));
    const fanout = new sqs.Queue(stack, 'Fanout', { deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
    new sns.Topic(stack, 'Topic').addSubscription(new subscriptions.SqsSubscription(fanout));
    const onFail = new sqs.Queue(stack, 'OnFail');
    const notified = handler(stack, 'OnEvent', { onFailure: new destinations.SqsDestination(onFail) });
    new sns.Topic(stack, 'Events').addSubscription(new subscriptions.LambdaSubscription(notified));
    new cloudwatch.Alarm(stack, 'OnFailAlarm', { metric: onFail.metricApproximateNumberOfMessagesVisible(), threshold: 0, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
    expect(pathsWith(a, 'Readiness-MON6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-MON6')).toMatchObject({ evaluated: 5, passed: 5 });
  });

  test('a function only EventBridge schedules invoke is not judged; one an event pattern invokes is', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(handler(stack, 'Job'))] });
    new events.Rule(stack, 'OnUpload', { eventPattern: { source: ['aws.s3'], detailType: ['Object Created'] }, targets: [new targets.LambdaFunction(handler(stack, 'OnEvent'))] });
    expect(pathsWith(a, 'Readiness-MON6').filter((p) => !p.startsWith('Work/Nightly/') && !p.startsWith('Work/OnUpload/'))).toEqual(['Work/OnEvent/Resource']);
  });

  test('non-compliant: EventBridge rule targets without a dead-letter queue or a retry policy, and a Scheduler schedule without either', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const dlq = new sqs.Queue(stack, 'Dlq');
    new cloudwatch.Alarm(stack, 'DlqAlarm', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 0, evaluationPeriods: 1 });
    const fn = handler(stack, 'Job', { deadLetterQueue: dlq });
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(fn)] });
    new events.Rule(stack, 'OnUpload', {
      eventPattern: { source: ['aws.s3'] },
      targets: [new targets.SnsTopic(new sns.Topic(stack, 'Topic'), { deadLetterQueue: dlq })],
    });
    new CfnResource(stack, 'Schedule', {
      type: 'AWS::Scheduler::Schedule',
      properties: { ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: fn.functionArn, RoleArn: 'arn:aws:iam::111111111111:role/r' } },
    });
    const findings = findingsOf(a, 'Readiness-MON6');
    expect(findings.map((f) => [f.constructPath, f.message]).sort()).toEqual([
      ['Work/Nightly/Resource', expect.stringMatching(/^The rule's target 'Target0' has no dead-letter queue .*, and no retry policy/)],
      ['Work/OnUpload/Resource', expect.stringMatching(/^The rule's target 'Target0' has no retry policy \(RetryPolicy\)/)],
      ['Work/Schedule', expect.stringMatching(/^The schedule's the target has no dead-letter queue .*, and no retry policy/)],
    ]);
  });

  test('non-compliant: a rule enabled with all CloudTrail management events is enabled, and judged', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const dlq = new sqs.Queue(stack, 'Dlq');
    new cloudwatch.Alarm(stack, 'DlqAlarm', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 0, evaluationPeriods: 1 });
    const rule = new events.Rule(stack, 'AuditEvents', {
      eventPattern: { source: ['aws.s3'] },
      targets: [new targets.SnsTopic(new sns.Topic(stack, 'Topic'), { deadLetterQueue: dlq })],
    });
    (rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    expect(pathsWith(a, 'Readiness-MON6')).toContain('Work/AuditEvents/Resource');
  });

  test('compliant: every target with a dead-letter queue and a retry policy; an event bus target needs only its DLQ; a disabled rule is not judged', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const dlq = new sqs.Queue(stack, 'Dlq');
    new cloudwatch.Alarm(stack, 'DlqAlarm', { metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 0, evaluationPeriods: 1 });
    const fn = handler(stack, 'Job', { deadLetterQueue: dlq });
    const retry = { deadLetterQueue: dlq, retryAttempts: 4, maxEventAge: Duration.hours(2) };
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(fn, retry)] });
    new events.Rule(stack, 'Forward', {
      eventPattern: { source: ['aws.backup'] },
      targets: [new targets.EventBus(new events.EventBus(stack, 'Central'), { deadLetterQueue: dlq }), new targets.SnsTopic(new sns.Topic(stack, 'Topic'), retry)],
    });
    new events.Rule(stack, 'Paused', { enabled: false, eventPattern: { source: ['aws.s3'] }, targets: [new targets.SnsTopic(new sns.Topic(stack, 'Other'))] });
    expect(pathsWith(a, 'Readiness-MON6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-MON6')).toMatchObject({ evaluated: 3, passed: 3 }); // the queue, Nightly, Forward (Paused is not judged)
  });

  test('a queue that is an EventBridge target\'s or a Scheduler schedule\'s dead-letter queue needs its alarm (the one table of failure targets)', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const ruleDlq = new sqs.Queue(stack, 'RuleDlq');
    const scheduleDlq = new sqs.Queue(stack, 'ScheduleDlq');
    const fn = handler(stack, 'Job');
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.LambdaFunction(fn, { deadLetterQueue: ruleDlq, retryAttempts: 2 })] });
    new CfnResource(stack, 'Schedule', {
      type: 'AWS::Scheduler::Schedule',
      properties: {
        ScheduleExpression: 'rate(1 hour)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: fn.functionArn, RoleArn: 'arn:aws:iam::111111111111:role/r', DeadLetterConfig: { Arn: scheduleDlq.queueArn }, RetryPolicy: { MaximumRetryAttempts: 2 } },
      },
    });
    expect(pathsWith(a, 'Readiness-MON6').sort()).toEqual(['Work/RuleDlq/Resource', 'Work/ScheduleDlq/Resource']);
  });

  test('a stream event source\'s on-failure destination queue is a dead-letter queue: it needs its alarm too', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const onFail = new sqs.Queue(stack, 'StreamFailures');
    new CfnResource(stack, 'Mapping', {
      type: 'AWS::Lambda::EventSourceMapping',
      properties: {
        FunctionName: handler(stack, 'Consumer').functionName,
        EventSourceArn: 'arn:aws:kinesis:eu-west-1:111111111111:stream/orders',
        StartingPosition: 'LATEST',
        DestinationConfig: { OnFailure: { Destination: onFail.queueArn } },
      },
    });
    expect(findingsOf(a, 'Readiness-MON6')).toEqual([expect.objectContaining({ constructPath: 'Work/StreamFailures/Resource', message: expect.stringMatching(/^Nothing alarms when messages arrive/) })]);
  });

  test('a function\'s on-failure destination queue is a dead-letter queue: it needs its alarm too', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Work', EU);
    const onFail = new sqs.Queue(stack, 'OnFail');
    handler(stack, 'Job', { onFailure: new destinations.SqsDestination(onFail) });
    expect(findingsOf(a, 'Readiness-MON6')).toEqual([expect.objectContaining({ constructPath: 'Work/OnFail/Resource', message: expect.stringMatching(/^Nothing alarms when messages arrive/) })]);
  });
});
