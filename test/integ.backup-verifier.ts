// Integration test app (integ-runner layout): CrossRegionBackupDr in the DR region with its
// BackupVerifier (verification every 6 hours, weekly restore drills of DynamoDB and Aurora copies)
// reading the primary vault by ARN string.
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.backup-verifier.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { addGates } from '../examples/gates';
import { CrossRegionBackupDr, ProtectedResourceType, ReadinessProfile } from '../src';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const stack = new Stack(app, 'IntegVerifier', { env: { account: '111111111111', region: 'eu-central-1' }, terminationProtection: true });

const dr = new CrossRegionBackupDr(stack, 'BackupDr', { backupVaultName: 'integ-dr-vault' });
dr.verifyBackups({
  primaryVaultArns: ['arn:aws:backup:eu-west-1:111111111111:backup-vault:integ-primary-vault'],
  drills: {
    resourceTypes: [ProtectedResourceType.DYNAMODB, ProtectedResourceType.AURORA],
    dbSubnetGroupName: 'dr-restores',
    maxDrillsPerRun: 2,
    interval: Duration.days(7),
  },
  runbookUrl: 'https://runbooks.example.com/backup-verification',
});

new IntegTest(app, 'BackupVerifier', { testCases: [stack] });
// CI gate (scripts/gates.sh): AWS Control Tower's proactive controls over the library's resources.
addGates(app);
app.synth();
