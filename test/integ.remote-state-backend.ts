// Integration test app (integ-runner layout): a Terraform/OpenTofu state backend in the primary
// region with its replica in the DR region, DynamoDB locking and two environments.
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.remote-state-backend.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { addGates } from '../examples/gates';
import { ReadinessProfile, RemoteStateBackend, RemoteStateReplica, StateLocking, StateReplicaDestination } from '../src';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';

const drStack = new Stack(app, 'IntegStateReplica', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
const replica = new RemoteStateReplica(drStack, 'Replica', { bucketName: 'integ-tfstate-replica-111111111111-eu-central-1' });

const stateStack = new Stack(app, 'IntegState', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
const backend = new RemoteStateBackend(stateStack, 'Backend', {
  bucketName: 'integ-tfstate-111111111111-eu-west-1',
  replica: StateReplicaDestination.fromReplica(replica),
  locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE,
  replicationTimeControl: true,
  environments: [{ name: 'staging' }, { name: 'prod', roleArn: `arn:aws:iam::${account}:role/terraform-prod` }],
});
backend.readWritePolicy('prod');
backend.readOnlyPolicy('staging');

new IntegTest(app, 'RemoteStateBackend', { testCases: [stateStack, drStack] });
// CI gate (scripts/gates.sh): AWS Control Tower's proactive controls over the library's resources.
addGates(app);
app.synth();
