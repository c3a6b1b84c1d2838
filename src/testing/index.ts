export * from './readiness-testing';
