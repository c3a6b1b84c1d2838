export * from './rule';
export * from './readiness-checks';
