// sample: remote-state-backend/production
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IacTool, ReadinessProfile, RemoteStateBackend, RemoteStateReplica, StateReplicaDestination } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';

// The DR region: the replica bucket and its key, behind an alias the primary refers to by name.
const drStack = new Stack(app, 'TerraformStateReplica', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
const replica = new RemoteStateReplica(drStack, 'Replica', { bucketName: `acme-tfstate-replica-${account}-eu-central-1` });

// The primary region: one bucket, one key prefix and one set of grants per environment.
const stateStack = new Stack(app, 'TerraformState', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
const backend = new RemoteStateBackend(stateStack, 'State', {
  bucketName: `acme-tfstate-${account}-eu-west-1`,
  replica: StateReplicaDestination.fromReplica(replica), // and the deploy order: replica first
  environments: [
    { name: 'staging' },
    { name: 'prod', roleArn: `arn:aws:iam::${account}:role/terraform-prod` },
  ],
});

// The role Terraform assumes for prod may read and write prod's state, never delete it.
backend.readWritePolicy('prod').attachToRole(iam.Role.fromRoleName(stateStack, 'TerraformProd', 'terraform-prod'));
// More managed policies to attach elsewhere: CI for staging, read-only for terraform_remote_state consumers.
backend.readWritePolicy('staging');
backend.readOnlyPolicy('prod');

const hcl = backend.renderBackendConfig({ environment: 'prod', stateKey: 'network/terraform.tfstate', tool: IacTool.OPENTOFU });
// end-sample

export { app, drStack, stateStack, hcl };
