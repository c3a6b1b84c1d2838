export * from './readiness-profile';
export * from './rule-impact';
