// sample: backup-verifier/production
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmRouting, CrossRegionBackup, CrossRegionBackupDr, ProtectedResourceType, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';
const drStack = new Stack(app, 'BackupDr', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
const dataStack = new Stack(app, 'Data', { env: { account, region: 'eu-west-1' }, terminationProtection: true });

const dr = new CrossRegionBackupDr(drStack, 'BackupDr', {
  restoreTesting: { dbSubnetGroupName: 'dr-restores' }, // drills default to the same placement
});
const backup = new CrossRegionBackup(dataStack, 'Backup', { drVaultArn: dr.backupVaultArn });
backup.protect(new dynamodb.Table(dataStack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
}));

// The verifier's alarms (all WARNING) go to the backup team's topic, not the general one.
const backupTeam = sns.Topic.fromTopicArn(drStack, 'BackupTeam', `arn:aws:sns:eu-central-1:${account}:backup-team`);
const verifier = dr.verifyBackups({
  primaryVaultArns: [backup.vault.backupVaultArn],
  interval: Duration.hours(4),
  maxCopyLag: Duration.hours(6),
  runbookUrl: 'https://runbooks.example.com/backup-verification',
  alarmRouting: new AlarmRouting(drStack, 'BackupAlarms', { warningTopic: backupTeam }),
  // Weekly restore drills of the newest DR copies, measured against the profile's RTO (4 h in PROD).
  drills: {
    resourceTypes: [ProtectedResourceType.DYNAMODB, ProtectedResourceType.AURORA],
    maxDrillsPerRun: 2,
  },
});
// end-sample

export { app, drStack, verifier };
