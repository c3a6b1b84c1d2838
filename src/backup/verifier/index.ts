export * from './backup-verifier';
