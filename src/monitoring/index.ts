export * from './alarm-routing';
