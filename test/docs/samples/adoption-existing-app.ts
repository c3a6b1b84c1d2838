// sample: adoption/existing-app
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CrossRegionBackup, ReadinessChecks, ReadinessProfile, ServiceMonitoring } from 'cdk-readiness';

const app = new App();
// 1. Judge the app under STAGING first: the gaps PROD would fail on, with lower stakes.
ReadinessProfile.STAGING.applyTo(app);
const stack = new Stack(app, 'Legacy', { env: { account: '111111111111', region: 'eu-west-1' }, terminationProtection: true });

// The resources the app already has, construct ids unchanged: same logical ids, nothing replaced.
const orders = new dynamodb.Table(stack, 'Orders', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.RETAIN,
});
// Kept as the app had it: deleted with the stack (rule STA5 wants RETAIN), see step 3.
const exportsBucket = new s3.Bucket(stack, 'Exports', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY });

// 2. The library around them: new resources only (a plan, a vault, alarms, a dashboard); the
// table is selected by the plan, not changed. STAGING asks no DR copy yet: PROD will (step 4).
new CrossRegionBackup(stack, 'Backup').protect(orders);
new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'legacy' }).monitorScope(stack);

// 3. What you decide not to fix now: acknowledged with the reason (the report lists both).
for (const id of ['Readiness-STA5', 'Readiness-BAK1', 'Readiness-BAK8']) {
  Validations.of(exportsBucket).acknowledge({ id, reason: 'Exports are rebuilt from Orders every night' });
}
Validations.of(orders).acknowledge({
  id: 'Readiness-STA6',
  reason: 'Deletion protection is an in-place update: turned on in the next release, once no pipeline recreates the table',
});

Validations.of(app).addPlugins(new ReadinessChecks(app));
// end-sample

export { app, stack, orders };
