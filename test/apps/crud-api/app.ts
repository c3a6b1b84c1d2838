// The classic CRUD API: API Gateway REST API, one small function per operation, one DynamoDB table.
import { App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ReadinessChecks, ReadinessProfile } from '../../../src';

class ItemsApiStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const table = new dynamodb.Table(this, 'Items', {
      partitionKey: { name: 'itemId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    const fn = (name: string) => {
      const f = new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: `${name.toLowerCase()}.handler`,
        code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });'),
        timeout: Duration.seconds(10),
        environment: { TABLE_NAME: table.tableName, PRIMARY_KEY: 'itemId' },
      });
      table.grantReadWriteData(f);
      return new apigateway.LambdaIntegration(f);
    };
    const api = new apigateway.RestApi(this, 'ItemsApi', { restApiName: 'Items Service' });
    const items = api.root.addResource('items');
    items.addMethod('GET', fn('GetAll'));
    items.addMethod('POST', fn('Create'));
    const item = items.addResource('{id}');
    item.addMethod('GET', fn('GetOne'));
    item.addMethod('PATCH', fn('Update'));
    item.addMethod('DELETE', fn('Delete'));
  }
}

export function build(): App {
  const app = new App();
  ReadinessProfile.PROD.applyTo(app);
  new ItemsApiStack(app, 'ItemsApi', { env: { account: '123456789012', region: 'eu-west-1' } });
  Validations.of(app).addPlugins(new ReadinessChecks(app));
  return app;
}
