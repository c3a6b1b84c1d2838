export * from './protected-resource-type';
export * from './vault-lock';
export * from './readiness-backup-vault';
export * from './backup-failure-alerts';
export * from './backup-restore-testing';
export * from './backup-compliance-framework';
export * from './cross-region-backup-dr';
export * from './cross-region-backup';
