import { App, Aws, Stack } from 'aws-cdk-lib';
import {
  BackupVerifier, ManagementAccountCoverage, ReadinessProfile, StackSetAssetBucket, StackSetCaller, StackSetRollout, StackSetStack,
} from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const workloads = 'ou-ab12-workload';
const tooling = new Stack(app, 'SecurityTooling', { env: { account: '222222222222', region: 'eu-west-1' }, terminationProtection: true });
const vault = (region: string) => `arn:${Aws.PARTITION}:backup:${region}:${Aws.ACCOUNT_ID}:backup-vault:readiness-backup-vault`;

// sample: organization/assets
// One StackSetAssetBucket per region of the rollout, in the account that owns the rollout.
const assetBuckets = ['eu-central-1'].map((region) => new StackSetAssetBucket(
  new Stack(app, `StackSetAssets-${region}`, { env: { account: '222222222222', region }, terminationProtection: true }),
  'AssetBucket', { bucketNamePrefix: 'acme-stackset-assets-o-exampleorg1', organizationId: 'o-exampleorg1' }));

// The backup verifier of every workload account, in the DR region: its Lambda code is an asset.
const verifier = new StackSetStack('MemberBackupVerifier', { profile: ReadinessProfile.PROD });
new BackupVerifier(verifier, 'Verifier', { primaryVaultArns: [vault('eu-west-1')], drVaultArn: vault('eu-central-1') });
new StackSetRollout(tooling, 'VerifierRollout', {
  template: verifier,
  organizationalUnitIds: [workloads],
  regions: ['eu-central-1'],
  assetBuckets,
  callAs: StackSetCaller.DELEGATED_ADMIN,
  managementAccount: ManagementAccountCoverage.NOT_NEEDED,
});
// end-sample

export { app, tooling, assetBuckets };
