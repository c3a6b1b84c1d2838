// sample: cross-region-backup/production
import { Annotations, App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CrossRegionBackup, CrossRegionBackupDr, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';

// DR region first: the DR vault (customer key, compliance lock), restore tests of the copies.
const drStack = new Stack(app, 'BackupDr', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
const dr = new CrossRegionBackupDr(drStack, 'BackupDr', {
  runbookUrl: 'https://runbooks.example.com/dr-restore',
  restoreTesting: { dbSubnetGroupName: 'dr-restores' }, // where restored databases go in eu-central-1
});

// Primary region: the plan from the profile, copying to the DR vault by ARN string.
const dataStack = new Stack(app, 'Data', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
new dynamodb.Table(dataStack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
});
const backup = new CrossRegionBackup(dataStack, 'Backup', {
  drVaultArn: dr.backupVaultArn,
  drVaultLock: dr.vault.lock, // copy retention checked against the DR lock at synth
  breakGlassRole: iam.Role.fromRoleName(dataStack, 'BreakGlass', 'backup-break-glass'),
  runbookUrl: 'https://runbooks.example.com/backup-failure',
  restoreTesting: { validationWindow: Duration.hours(8) },
});
backup.protectScope(dataStack); // every supported data store of the stack, added later ones included
dataStack.addStackDependency(drStack, 'copy actions target the DR vault'); // deploy order only

// Reviewed: 35-day minimum, 365-day maximum, permanent after the 3-day grace period.
for (const vault of [backup.vault, dr.vault]) {
  Annotations.of(vault).acknowledgeWarning('cdk-readiness:vault-lock-permanent', 'Retention reviewed by the data owner');
}
// end-sample

export { app, drStack, dataStack, backup, dr };
