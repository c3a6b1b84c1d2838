// One service Stage deployed twice — staging and production accounts — with the profile of each
// stage applied to it, as in the CDK pipelines guide.
import { App, Duration, Stack, Stage, StageProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class ServiceStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const stack = new Stack(this, 'Service');
    const table = new dynamodb.Table(stack, 'Sessions', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expires',
    });
    const fn = new lambda.Function(stack, 'Api', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      timeout: Duration.seconds(10),
      environment: { TABLE_NAME: table.tableName },
    });
    table.grantReadWriteData(fn);
    fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
  }
}

export function build(): App {
  const app = new App();
  const staging = new ServiceStage(app, 'Staging', { env: { account: '111111111111', region: 'eu-west-1' } });
  const prod = new ServiceStage(app, 'Prod', { env: { account: '222222222222', region: 'eu-west-1' } });
  ReadinessProfile.STAGING.applyTo(staging);
  ReadinessProfile.PROD.applyTo(prod);
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
