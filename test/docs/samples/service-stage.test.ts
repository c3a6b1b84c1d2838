// sample: testing/stage
// service-stage.test.ts
import { App, Stack, Stage, StageProps, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessProfile, ReadinessTesting } from 'cdk-readiness';
import { Construct } from 'constructs';

// Your stage (normally imported from your own code).
class ServiceStage extends Stage {
  public readonly data: Stack;
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    this.data = new Stack(this, 'Data', { terminationProtection: true });
    const documents = new s3.Bucket(this.data, 'Documents', { versioned: true });
    // An organization-wide AWS Backup policy (outside this app) selects it by tag.
    Validations.of(documents).acknowledge({ id: 'Readiness-BAK1', reason: 'Selected by the organization backup policy (tag backup=daily)' });
  }
}

describe.each([
  ['staging', ReadinessProfile.STAGING],
  ['prod', ReadinessProfile.PROD],
])('ServiceStage under %s', (_name, profile) => {
  const app = new App();
  const stage = new ServiceStage(app, 'Service', { env: { account: '111111111111', region: 'eu-west-1' } });
  profile.applyTo(stage); // as the pipeline does: constructs and rules read the same profile

  test('has no readiness error', () => {
    expect(ReadinessTesting.findings(stage, { includeWarnings: false })).toEqual([]);
  });

  test('template matches the snapshot', () => {
    expect(ReadinessTesting.normalizedTemplate(stage.data)).toMatchSnapshot();
  });
});
// end-sample
