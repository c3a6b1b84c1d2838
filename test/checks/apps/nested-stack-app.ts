// A small app with a table two NestedStacks deep, synthesized by the real CDK CLI in
// test/checks/nested-stacks.test.ts: the nested templates are read from the cloud assembly.
import { App, CfnResource, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import { ReadinessChecks } from '../../../src';

const app = new App();
const parent = new Stack(app, 'Parent', { env: { account: '111111111111', region: 'eu-west-1' } });
const inner = new NestedStack(new NestedStack(parent, 'Outer'), 'Inner');
new ddb.Table(inner, 'Table', { partitionKey: { name: 'pk', type: ddb.AttributeType.STRING } });
new CfnResource(parent, 'Sar', {
  type: 'AWS::Serverless::Application',
  properties: { Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/demo', SemanticVersion: '1.0.0' } },
});
Validations.of(app).addPlugins(new ReadinessChecks(app, { printSummary: true }));
app.synth();
