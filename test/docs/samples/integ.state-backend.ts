// sample: testing/integ
// test/integ.state-backend.ts
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { ReadinessProfile, RemoteStateBackend } from 'cdk-readiness';

const app = new App();
ReadinessProfile.STAGING.applyTo(app);
const stack = new Stack(app, 'IntegState', { env: { account: '111111111111', region: 'eu-west-1' } });
new RemoteStateBackend(stack, 'State', { bucketName: 'integ-tfstate-111111111111-eu-west-1' });

new IntegTest(app, 'StateBackend', { testCases: [stack] });
app.synth();
// end-sample

export { app };
