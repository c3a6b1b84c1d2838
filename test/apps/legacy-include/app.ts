// A legacy hand-written template brought into the CDK with CfnInclude, next to a new L2 resource
// (a retention on the legacy log group is set through the included L1, as the migration guide shows).
import * as path from 'path';
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class LegacyOrdersStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const legacy = new cfninc.CfnInclude(this, 'Legacy', {
      templateFile: path.join(__dirname, 'legacy.template.yaml'),
      parameters: { Environment: 'prod' },
    });
    const logGroup = legacy.getResource('WorkerLogs') as logs.CfnLogGroup;
    logGroup.retentionInDays = 400;
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new LegacyOrdersStack(app, 'LegacyOrders', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
