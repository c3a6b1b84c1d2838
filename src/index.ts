export * from './profile';
export * from './checks';
