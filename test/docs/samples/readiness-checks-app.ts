// sample: readiness-checks/app
// app.ts
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ReadinessChecks } from 'cdk-readiness';

const app = new App();
const stack = new Stack(app, 'Orders', { env: { account: '111111111111', region: 'eu-west-1' } });
new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

Validations.of(app).addPlugins(new ReadinessChecks(app));
// end-sample

export { app };
