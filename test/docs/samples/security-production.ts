// sample: security-baseline/production
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FindingSeverity, ReadinessProfile, SecurityBaseline, SecurityHubStandard, ServiceMode } from 'cdk-readiness';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';
const primary = new Stack(app, 'Security', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
const dr = new Stack(app, 'SecurityDr', { env: { account, region: 'eu-central-1' }, terminationProtection: true });

// Primary region: owns the account's multi-region trail, aggregates the DR region's findings,
// and routes HIGH and CRITICAL findings to incident response.
const triage = lambda.Function.fromFunctionArn(primary, 'Triage', `arn:aws:lambda:eu-west-1:${account}:function:security-triage`);
new SecurityBaseline(primary, 'Baseline', {
  securityHub: {
    standards: [
      SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES,
      SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0,
      SecurityHubStandard.NIST_800_53_R5,
    ],
    findingAggregator: { regions: ['eu-central-1'] },
  },
  incidentRouting: { minimumSeverity: FindingSeverity.HIGH, responseFunction: triage },
  runbookUrl: 'https://runbooks.example.com/security-incident',
});
// The DR region: everything regional again; the trail is the primary's (multi-region).
new SecurityBaseline(dr, 'Baseline', {
  cloudTrail: { mode: ServiceMode.PROVIDED },
  runbookUrl: 'https://runbooks.example.com/security-incident',
});
// end-sample

export { app, primary, dr };
