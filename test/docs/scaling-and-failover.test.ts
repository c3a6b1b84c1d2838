// docs/scaling-and-failover.md: its samples, run.
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { DynamoDbTableScaling, ReadinessTesting, RegionalFailover } from 'cdk-readiness';
import * as scalingMinimal from './samples/scaling-minimal';
import * as scalingProduction from './samples/scaling-production';

const openOf = (app: App, rule: RegExp) => ReadinessTesting.findings(app).filter((f) => rule.test(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.constructPath}`);

test('the minimal scaling (STAGING): SCL1-SCL4 pass; failover experiments and a canary are left', () => {
  const { app, stack } = scalingMinimal;
  expect(openOf(app, /^Readiness-(SCL|PRF2)/)).toEqual([
    'Readiness-PRF2 warning Web/Web/LB/Resource', // medium impact: a warning; STAGING keeps SCL5 an error
    'Readiness-SCL5 error Web/Web/Service/Service',
  ]);
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
  t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
    TargetGroupAttributes: Match.arrayWith([{ Key: 'load_balancing.algorithm.type', Value: 'least_outstanding_requests' }]),
    HealthCheckPath: '/',
  });
});

test('the production scaling (PROD): every scaling and performance-regression rule passes', () => {
  const { app, stack } = scalingProduction;
  expect(openOf(app, /^Readiness-(SCL|PRF2)/)).toEqual([]);
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
  t.resourceCountIs('AWS::Synthetics::Canary', 1);
  t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyType: 'PredictiveScaling' });
});

test('regional failover and DynamoDB table scaling', () => {
  const app = new App({ context: { 'readiness:profile': 'prod' } });
  const stack = new Stack(app, 'Dns', { env: { account: '111111111111', region: 'us-east-1' } });
  const data = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
  const table = new dynamodb.Table(data, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PROVISIONED,
  });
  table.addGlobalSecondaryIndex({ indexName: 'byCustomer', partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING } });

  // sample: scaling-and-failover/regional-failover
  // In a us-east-1 stack (Route 53 publishes health check metrics there only): records, checks, alarms.
  new RegionalFailover(stack, 'ApiFailover', {
    hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' }),
    recordName: 'api',
    primary: { region: 'eu-west-1', domainName: 'api.eu-west-1.example.com' },
    secondary: { region: 'eu-central-1', domainName: 'api.eu-central-1.example.com' },
  });
  // end-sample

  // sample: scaling-and-failover/dynamodb
  // A provisioned table: the table and every index scale, read and write, on 70 % utilization.
  new DynamoDbTableScaling(data, 'OrdersScaling', {
    table,
    read: { minCapacity: 5, maxCapacity: 500 },
    write: { minCapacity: 5, maxCapacity: 200 },
    indexes: [{ indexName: 'byCustomer', read: { minCapacity: 5, maxCapacity: 200 }, write: { minCapacity: 5, maxCapacity: 200 } }],
  });
  // end-sample

  const dns = Template.fromStack(stack);
  dns.resourceCountIs('AWS::Route53::HealthCheck', 2);
  dns.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Failover: 'PRIMARY' });
  dns.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Failover: 'SECONDARY' });
  dns.resourceCountIs('AWS::CloudWatch::Alarm', 2);
  expect(openOf(app, /^Readiness-SCL[14]/).filter((f) => f.includes('Data/Orders'))).toEqual([]);
  Template.fromStack(data).resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 4);
});
