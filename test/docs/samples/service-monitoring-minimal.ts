// sample: service-monitoring/minimal
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ReadinessProfile, ServiceMonitoring } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'Orders', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
new sqs.Queue(stack, 'Jobs', { enforceSSL: true });
new dynamodb.Table(stack, 'Table', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
});
new lambda.Function(stack, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  logGroup: new logs.LogGroup(stack, 'HandlerLogs'), // its own group, not the one Lambda would keep forever
});

// Alarms with vetted thresholds for everything under the stack, routed, documented, on one dashboard.
new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'orders' }).monitorScope(stack);
// end-sample

export { app, stack };
