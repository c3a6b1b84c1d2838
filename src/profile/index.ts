export * from './readiness-profile';
