// sample: readiness-checks/stages
import { App, Stack, Stage, StageProps, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessChecks, ReadinessProfile, RuleSeverity } from 'cdk-readiness';
import { Construct } from 'constructs';

/** The same service in every environment; the profile decides how strictly it is judged. */
class ServiceStage extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const data = new Stack(this, 'Data', { terminationProtection: true });
    const documents = new s3.Bucket(data, 'Documents', { versioned: true }); // RETAIN by default
    // An organization-wide AWS Backup policy (outside this app) selects it by tag.
    Validations.of(documents).acknowledge({ id: 'Readiness-BAK1', reason: 'Selected by the organization backup policy (tag backup=daily)' });
  }
}

const app = new App();
const staging = new ServiceStage(app, 'Staging', { env: { account: '222222222222', region: 'eu-west-1' } });
const prod = new ServiceStage(app, 'Prod', { env: { account: '333333333333', region: 'eu-west-1' } });

ReadinessProfile.STAGING.applyTo(staging);
ReadinessProfile.PROD.extend('prod-eu', {
  minBackupRetentionDays: 90,
  // Fault-injection experiments are mandatory in this organization's production too.
  severityOverrides: { 'Readiness-SCL5': RuleSeverity.ERROR },
}).applyTo(prod);

Validations.of(app).addPlugins(new ReadinessChecks(app));
// end-sample

export { app };
