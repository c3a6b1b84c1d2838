// A latency-sensitive function on an alias with provisioned concurrency that scheduled scaling
// raises for office hours and lowers at night.
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class CheckoutStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const fn = new lambda.Function(this, 'Checkout', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    const alias = new lambda.Alias(this, 'Live', {
      aliasName: 'live',
      version: fn.currentVersion,
      provisionedConcurrentExecutions: 5,
    });
    const scaling = alias.addAutoScaling({ minCapacity: 5, maxCapacity: 50 });
    scaling.scaleOnSchedule('OfficeHours', { schedule: appscaling.Schedule.cron({ hour: '7', minute: '0' }), minCapacity: 50 });
    scaling.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '20', minute: '0' }), minCapacity: 5, maxCapacity: 5 });
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new CheckoutStack(app, 'Checkout', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
