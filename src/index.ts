export * from './profile';
export * from './checks';
export * from './state';
export * from './testing';
