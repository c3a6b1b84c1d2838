import { Stack, StackProps } from 'aws-cdk-lib';
import { CrossRegionBackupDr, VaultLock } from 'cdk-readiness';
import { Construct } from 'constructs';

/** The DR half in another region: DR vault, restore tests of the copies there, failure alerts. */
export class BackupDrStack extends Stack {
  public readonly drVaultArn: string;
  public readonly drVaultLock: VaultLock;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const dr = new CrossRegionBackupDr(this, 'BackupDr', {
      runbookUrl: 'https://runbooks.example.com/web-service/dr-restore',
    });
    this.drVaultArn = dr.backupVaultArn;
    this.drVaultLock = dr.vault.lock;
  }
}
