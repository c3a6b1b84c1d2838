// docs/adoption-and-testing.md: its sample, run.
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessProfile, ReadinessTesting } from 'cdk-readiness';
import * as adoption from './samples/adoption-existing-app';

test('adopting the library changes none of the existing resources: same logical ids, same properties', () => {
  const before = new Stack(new App(), 'Legacy', { env: { account: '111111111111', region: 'eu-west-1' } });
  new dynamodb.Table(before, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const [[id, table]] = Object.entries<any>(Template.fromStack(before).findResources('AWS::DynamoDB::Table'));
  const after = Template.fromStack(adoption.stack).findResources('AWS::DynamoDB::Table');
  expect(after[id]).toEqual(table);
});

test('the table is backed up and monitored, and the acknowledged gap is not reported', () => {
  const findings = ReadinessTesting.findings(adoption.app).map((f) => `${f.ruleId} ${f.constructPath}`);
  const orders = adoption.orders.node.defaultChild!.node.path;
  expect(findings.filter((f) => f.endsWith(orders))).toEqual([]);
  expect(findings.filter((f) => f.startsWith('Readiness-STA5'))).toEqual([]);
  // Without the acknowledgement, the same bucket is reported.
  const control = new App();
  ReadinessProfile.STAGING.applyTo(control);
  const legacy = new Stack(control, 'Legacy', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });
  new s3.Bucket(legacy, 'Exports', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY });
  expect(ReadinessTesting.findings(control).map((f) => `${f.ruleId} ${f.constructPath}`)).toContain('Readiness-STA5 Legacy/Exports/Resource');
  Template.fromStack(adoption.stack).hasResourceProperties('AWS::Backup::BackupSelection', {});
});
