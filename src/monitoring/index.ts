export * from './alarm-routing';
export * from './embedded-metric-format';
export * from './service-monitoring';
