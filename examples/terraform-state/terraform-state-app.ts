// The example's stacks, on an App you give: app.ts synthesizes it with the CDK CLI, and
// terraform-state.test.ts builds it in a unit test (the README recipe) without the CLI.
import { App, Stack } from 'aws-cdk-lib';
import {
  RemoteStateBackend,
  RemoteStateReplica,
  StateReplicaDestination,
} from 'cdk-readiness';

/** The stacks and constructs of the example. */
export interface TerraformStateApp {
  readonly drStack: Stack;
  readonly stateStack: Stack;
  readonly backend: RemoteStateBackend;
}

/** Add the example's stacks to an app, in `account` (default: a placeholder). */
export function buildTerraformStateApp(app: App, account = '111111111111'): TerraformStateApp {
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
  return { drStack, stateStack, backend };
}
