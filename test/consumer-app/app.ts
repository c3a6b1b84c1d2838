// The consumer smoke test's app (scripts/consumer-smoke.sh): a CDK app as a user writes it, using
// cdk-readiness from its npm tarball (never ../src). One construct of each family, the Lambda-backed
// ones included (BackupVerifier, the Inspector enablement, EndpointCanary), plus ReadinessChecks.
// It is built to pass PROD. With `-c consumer:gap=true` it adds a stack whose table no backup plan
// selects (Readiness-BAK1, a critical gap): PROD must then fail with findings, DEV only warn.
//
//   cdk synth -c readiness:profile=prod [-c consumer:gap=true]
import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import {
  CrossRegionBackup, CrossRegionBackupDr, EndpointCanary, ReadinessChecks, RemoteStateBackend, RemoteStateReplica, Runbook,
  SecurityBaseline, SecurityHubStandard, ServiceMode, ServiceMonitoring, StateLocking, StateReplicaDestination,
} from 'cdk-readiness';

const account = '111111111111';
const primary = 'eu-west-1';
const dr = 'eu-central-1';
const app = new App();

// DR region: the backup copies' vault with its verifier, and the Terraform state's replica.
const drStack = new Stack(app, 'ConsumerDr', { env: { account, region: dr }, terminationProtection: true });
const backupDr = new CrossRegionBackupDr(drStack, 'BackupDr', { runbookUrl: 'https://runbooks.example.com/consumer/dr-restore' });
const stateReplica = new RemoteStateReplica(drStack, 'StateReplica', { bucketName: `consumer-tfstate-replica-${account}-${dr}` });

// Primary region: the workload (a table), its state backend, monitoring, canary and backups.
const main = new Stack(app, 'ConsumerMain', { env: { account, region: primary }, terminationProtection: true });
new RemoteStateBackend(main, 'State', {
  bucketName: `consumer-tfstate-${account}-${primary}`,
  replica: StateReplicaDestination.fromReplica(stateReplica),
  locking: StateLocking.LOCK_FILE_AND_DYNAMODB_TABLE,
});
new dynamodb.Table(main, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
});
new EndpointCanary(main, 'Canary', {
  url: 'https://orders.example.com/health',
  latencyThreshold: Duration.seconds(2),
  runbookUrl: 'https://runbooks.example.com/consumer/latency',
});
new ServiceMonitoring(main, 'Monitoring', {
  serviceName: 'consumer-orders',
  anomalyDetection: { metricTimeZone: 'Europe/Dublin' },
}).monitorScope(main);
const backup = new CrossRegionBackup(main, 'Backup', {
  drVaultArn: backupDr.backupVaultArn,
  drVaultLock: backupDr.vault.lock,
  runbookUrl: 'https://runbooks.example.com/consumer/backup-failure',
});
backup.protectScope(main);
main.addStackDependency(drStack, 'copy actions target the DR vault');
backupDr.verifyBackups({
  primaryVaultArns: [backup.vault.backupVaultArn],
  runbookUrl: 'https://runbooks.example.com/consumer/backup-verification',
});

// Security baseline per region: the home region owns the multi-region trail and the aggregator.
const standards = [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES];
const securityStack = new Stack(app, 'ConsumerSecurity', { env: { account, region: primary }, terminationProtection: true });
new SecurityBaseline(securityStack, 'Security', {
  securityHub: { standards, findingAggregator: { regions: [dr] } },
  runbookUrl: 'https://runbooks.example.com/consumer/security-incident',
});
const securityDrStack = new Stack(app, 'ConsumerSecurityDr', { env: { account, region: dr }, terminationProtection: true });
new SecurityBaseline(securityDrStack, 'Security', {
  securityHub: { standards },
  cloudTrail: { mode: ServiceMode.PROVIDED },
  runbookUrl: 'https://runbooks.example.com/consumer/security-incident',
});

if (String(app.node.tryGetContext('consumer:gap')) === 'true') {
  const gap = new Stack(app, 'ConsumerGap', { env: { account, region: primary }, terminationProtection: true });
  new dynamodb.Table(gap, 'Unprotected', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

// Runbooks: cdk.out/runbooks/, and every alarm links its section there.
Runbook.publishAt(app, 'https://runbooks.example.com/consumer');

// The profile comes from `-c readiness:profile=<dev|staging|prod>`.
Validations.of(app).addPlugins(new ReadinessChecks(app));
app.synth();
