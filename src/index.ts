export * from './profile';
export * from './checks';
export * from './testing';
