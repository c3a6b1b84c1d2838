export * from './security-baseline-options';
export * from './security-hub-standard';
export * from './security-incident-routing';
export * from './inspector-enablement';
export * from './security-baseline';
