export * from './rule';
export * from './readiness-checks';
export * from './custom-rule';
