// sample: cross-region-backup/minimal
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { CrossRegionBackup, ReadinessProfile } from 'cdk-readiness';

const app = new App();
ReadinessProfile.STAGING.applyTo(app); // single region: STAGING requires no cross-region copy
const stack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
const table = new dynamodb.Table(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
});

const backup = new CrossRegionBackup(stack, 'Backup');
backup.protect(table);
// end-sample

export { app, stack };
