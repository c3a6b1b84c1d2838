// sample: security-baseline/minimal
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ReadinessProfile, SecurityBaseline } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const env = { account: '111111111111', region: 'eu-west-1' };
const workload = new Stack(app, 'Api', { env, terminationProtection: true });
new lambda.Function(workload, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
});

// The account's baseline in this region, in a stack of its own.
const security = new Stack(app, 'Security', { env, terminationProtection: true });
new SecurityBaseline(security, 'Baseline');
// end-sample

export { app, security };
