// sample: backup-verifier/minimal
import { App, Stack } from 'aws-cdk-lib';
import { CrossRegionBackup, CrossRegionBackupDr, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const drStack = new Stack(app, 'BackupDr', { env: { account: '111111111111', region: 'eu-central-1' }, terminationProtection: true });
const dataStack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });

const dr = new CrossRegionBackupDr(drStack, 'BackupDr');
const backup = new CrossRegionBackup(dataStack, 'Backup', { drVaultArn: dr.backupVaultArn });
// Every 6 hours, from the DR region: RPO, DR copy, copy lag, keys, failed jobs. Read-only.
const verifier = dr.verifyBackups({ primaryVaultArns: [backup.vault.backupVaultArn] });
// end-sample

export { app, drStack, verifier };
