import { Stack, StackProps } from 'aws-cdk-lib';
import { BackupVerifier, CrossRegionBackupDr, VaultLock } from 'cdk-readiness';
import { Construct } from 'constructs';

/** The DR half in another region: DR vault, restore tests of the copies there, failure alerts. */
export class BackupDrStack extends Stack {
  public readonly drVaultArn: string;
  public readonly drVaultLock: VaultLock;
  private readonly backupDr: CrossRegionBackupDr;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const dr = new CrossRegionBackupDr(this, 'BackupDr', {
      runbookUrl: 'https://runbooks.example.com/web-service/dr-restore',
    });
    this.drVaultArn = dr.backupVaultArn;
    this.drVaultLock = dr.vault.lock;
    this.backupDr = dr;
  }

  // ---- backup verifier (issue 5) ---------------------------------------------------------------
  /**
   * Verify the primary region's backups from here every 6 hours: RPO, DR copy and copy lag, keys,
   * failed jobs; alarms through the stack's AlarmRouting. The primary vault ARN is a plain string.
   *
   * Restore drills are off: they restore the DR copies (billed resources) to measure the RTO.
   * To enable them, add for example
   *   drills: { resourceTypes: [ProtectedResourceType.DYNAMODB, ProtectedResourceType.AURORA], dbSubnetGroupName: 'dr-restores' },
   * (a DB subnet group of a VPC in this region, for the restored Aurora cluster).
   */
  public verifyBackupsOf(primaryVaultArn: string): BackupVerifier {
    return this.backupDr.verifyBackups({
      primaryVaultArns: [primaryVaultArn],
      runbookUrl: 'https://runbooks.example.com/web-service/backup-verification',
    });
  }
  // ---- end backup verifier ---------------------------------------------------------------------
}
