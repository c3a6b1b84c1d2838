// sample: remote-state-backend/minimal
import { App, Stack } from 'aws-cdk-lib';
import { ReadinessProfile, RemoteStateBackend } from 'cdk-readiness';

const app = new App();
ReadinessProfile.STAGING.applyTo(app); // PROD would also require a replica in another region
const stack = new Stack(app, 'TerraformState', { env: { account: '111111111111', region: 'eu-west-1' } });
new RemoteStateBackend(stack, 'State', { bucketName: 'acme-tfstate-111111111111-eu-west-1' });
// end-sample

export { app, stack };
