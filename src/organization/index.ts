export * from './organization-backup-coverage';
export * from './organization-backup-policy';
export * from './organization-baseline';
export * from './organization-security-coverage';
export * from './security-tooling-baseline';
export * from './stack-set-rollout';
export * from './stack-set-asset-bucket';
export * from './organization-alerts';
