// Integration test app (integ-runner layout): ServiceMonitoring over a Lambda function behind an
// HTTP API, an SQS queue with its dead-letter queue and a DynamoDB table, a Kinesis stream, an SNS
// topic and an EventBridge rule that feed the queue, an EFS file system and an ElastiCache (Valkey)
// replication group, with anomaly detection, a composite alarm and the dashboard; alarms routed by
// AlarmRouting.
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.service-monitoring.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { acknowledgeFixture, addGates } from '../examples/gates';
import { ReadinessProfile, ServiceMonitoring } from '../src';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'IntegMonitoring', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });

const fn = new lambda.Function(stack, 'Api', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  timeout: Duration.seconds(10),
});
const api = new apigwv2.HttpApi(stack, 'HttpApi', { defaultIntegration: new integrations.HttpLambdaIntegration('Api', fn) });
const dlq = new sqs.Queue(stack, 'JobsDlq', { enforceSSL: true, retentionPeriod: Duration.days(14) });
const jobs = new sqs.Queue(stack, 'Jobs', { enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const orders = new dynamodb.Table(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
});
new kinesis.Stream(stack, 'Clicks', { encryption: kinesis.StreamEncryption.MANAGED, retentionPeriod: Duration.hours(48) });
const orderEvents = new sns.Topic(stack, 'OrderEvents', { enforceSSL: true });
orderEvents.addSubscription(new subscriptions.SqsSubscription(jobs));
new events.Rule(stack, 'OrderPlaced', { eventPattern: { source: ['integ.orders'] }, targets: [new targets.SqsQueue(jobs)] });
new efs.CfnFileSystem(stack, 'Files', { encrypted: true, backupPolicy: { status: 'ENABLED' } });
new elasticache.CfnReplicationGroup(stack, 'Sessions', {
  replicationGroupDescription: 'sessions',
  engine: 'valkey',
  cacheNodeType: 'cache.t4g.small',
  numCacheClusters: 2,
  automaticFailoverEnabled: true,
  multiAzEnabled: true,
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
});

new ServiceMonitoring(stack, 'Monitoring', {
  serviceName: 'integ-orders',
  runbookUrl: 'https://runbooks.example.com/orders',
  compositeAlarm: true,
  anomalyDetection: { metricTimeZone: 'Europe/Dublin' },
}).monitorScope(stack);

new IntegTest(app, 'ServiceMonitoring', { testCases: [stack] });
// CI gate (scripts/gates.sh): AWS Control Tower's controls judge the library's resources, not these fixtures.
addGates(app);
acknowledgeFixture(fn, 'lambda_inside_vpc_check');
acknowledgeFixture(api, 'api_gw_v2_access_logs_enabled_check', 'api_gw_v2_authorization_type_configured_check', 'lambda_function_public_access_prohibited_check');
acknowledgeFixture(orders, 'dynamodb_table_pitr_enabled_check', 'dynamodb_table_encrypted_kms_check');
acknowledgeFixture(jobs, 'sqs_queue_encrypted_check');
acknowledgeFixture(dlq, 'sqs_queue_encrypted_check', 'sqs_dlq_check');
app.synth();
