import { App, Stack } from 'aws-cdk-lib';
import { RemoteStateBackend, RemoteStateBackendProps, RemoteStateReplica, StateReplicaDestination } from '../../src';

export const ACCOUNT = '111111111111';
export const PRIMARY = { account: ACCOUNT, region: 'eu-west-1' };
export const DR = { account: ACCOUNT, region: 'eu-central-1' };

/** A PROD app with a replica stack in the DR region and a primary stack using it. */
export function prodBackend(props: Partial<RemoteStateBackendProps> = {}, profile = 'prod') {
  const app = new App({ context: { 'readiness:profile': profile } });
  const drStack = new Stack(app, 'Dr', { env: DR, terminationProtection: true });
  const replica = new RemoteStateReplica(drStack, 'Replica', { bucketName: 'acme-tfstate-replica' });
  const stack = new Stack(app, 'Primary', { env: PRIMARY, terminationProtection: true });
  const backend = new RemoteStateBackend(stack, 'State', {
    bucketName: 'acme-tfstate',
    replica: StateReplicaDestination.fromReplica(replica),
    ...props,
  });
  return { app, stack, drStack, replica, backend };
}

/** A backend alone in one stack (no replica). */
export function plainBackend(props: RemoteStateBackendProps = {}, profile = 'dev') {
  const app = new App({ context: { 'readiness:profile': profile } });
  const stack = new Stack(app, 'Primary', { env: PRIMARY });
  const backend = new RemoteStateBackend(stack, 'State', props);
  return { app, stack, backend };
}
