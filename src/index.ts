export * from './profile';
export * from './checks';
export * from './backup';
export * from './state';
export * from './testing';
export * from './monitoring';
export * from './security';
export * from './scaling';
