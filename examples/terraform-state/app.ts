// Remote state for Terraform and OpenTofu, the production way: a state bucket in the primary
// region, its replica in the DR region (wired by name, no cross-region references), S3 native
// locking, one key prefix per environment with least-privilege managed policies, and the
// backend configuration rendered into the cloud assembly and the stack outputs.
//
//   cdk synth -c readiness:profile=prod     # passes the state rules (STA1-STA5) and cdk-nag
//   ls cdk.out/terraform-backends/*/*/*/    # backend.tf and backend.tofu per environment
//   cdk deploy --all --outputs-file outputs.json
//   npx cdk-readiness backend-config outputs.json --environment prod --out ../infra/backend.tf
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import {
  ReadinessChecks,
  RemoteStateBackend,
  RemoteStateReplica,
  StateReplicaDestination,
} from 'cdk-readiness';

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111';

// The DR region first: the primary refers to the replica by its literal name and key alias.
const drStack = new Stack(app, 'TerraformStateReplica', {
  env: { account, region: 'eu-central-1' },
  terminationProtection: true,
});
const replica = new RemoteStateReplica(drStack, 'Replica', {
  bucketName: `acme-tfstate-replica-${account}-eu-central-1`,
});

const stateStack = new Stack(app, 'TerraformState', {
  env: { account, region: 'eu-west-1' },
  terminationProtection: true,
});
const backend = new RemoteStateBackend(stateStack, 'Backend', {
  bucketName: `acme-tfstate-${account}-eu-west-1`,
  replica: StateReplicaDestination.fromReplica(replica),
  environments: [
    { name: 'dev' },
    { name: 'staging' },
    { name: 'prod', roleArn: `arn:aws:iam::${account}:role/terraform-prod` },
  ],
});
// Least-privilege managed policies per environment, for CI roles and humans.
backend.readWritePolicy('prod');
backend.readOnlyPolicy('prod');
backend.readWritePolicy('staging');
backend.readWritePolicy('dev');

Validations.of(app).addPlugins(new ReadinessChecks(app), new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
