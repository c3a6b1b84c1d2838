// Integration test app (integ-runner layout): CrossRegionBackup in the primary region protecting
// a DynamoDB table and an EFS file system, copying to CrossRegionBackupDr in the DR region.
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.cross-region-backup.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { acknowledgeFixture, addGates } from '../examples/gates';
import { CrossRegionBackup, CrossRegionBackupDr, ReadinessProfile } from '../src';

const account = '111111111111';
// The VPC's AZs, pinned as a context lookup result: synth needs no AWS credentials.
const app = new App({ context: { [`availability-zones:account=${account}:region=eu-west-1`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } });
ReadinessProfile.PROD.applyTo(app);

const drStack = new Stack(app, 'IntegBackupDr', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
const dr = new CrossRegionBackupDr(drStack, 'BackupDr', { backupVaultName: 'integ-dr-vault' });

const stack = new Stack(app, 'IntegBackup', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
const table = new dynamodb.Table(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  removalPolicy: RemovalPolicy.RETAIN,
});
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 0 });
const files = new efs.FileSystem(stack, 'Files', { vpc, encrypted: true, removalPolicy: RemovalPolicy.RETAIN });

const backup = new CrossRegionBackup(stack, 'Backup', { drVaultArn: dr.backupVaultArn, drVaultLock: dr.vault.lock, backupVaultName: 'integ-primary-vault' });
backup.protect(table);
backup.protect(files);
stack.addStackDependency(drStack, 'copy actions target the DR vault');

new IntegTest(app, 'CrossRegionBackup', { testCases: [stack, drStack] });
// CI gate (scripts/gates.sh): AWS Control Tower's controls judge the library's resources, not these fixtures.
addGates(app);
acknowledgeFixture(vpc, 'subnet_auto_assign_public_ip_disabled_check');
acknowledgeFixture(table, 'dynamodb_table_encrypted_kms_check');
acknowledgeFixture(files, 'efs_automatic_backups_enabled_check');
app.synth();
