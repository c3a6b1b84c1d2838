export * from './terraform-state-marker';
export * from './state-replica-destination';
export * from './remote-state-replica';
export * from './remote-state-backend';
