export * from './alarm-ids';
export * from './alarm-routing';
export * from './embedded-metric-format';
export * from './log-group-hardening';
export * from './monitored-resource';
export * from './service-monitoring';
export * from './tracing-activation';
