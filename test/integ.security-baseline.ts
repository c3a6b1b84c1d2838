// Integration test app (integ-runner layout): SecurityBaseline in a home region (multi-region
// trail, Security Hub finding aggregator) and a linked region (trail provided by the home region).
// test/integ-snapshots.test.ts synthesizes it with the CDK CLI and compares the templates with
// integ.security-baseline.ts.snapshot/ (rewrite with `npx projen integ:snapshot`).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { addGates } from '../examples/gates';
import { ReadinessProfile, SecurityBaseline, SecurityHubStandard, ServiceMode } from '../src';

const app = new App();
ReadinessProfile.PROD.applyTo(app);
const account = '111111111111';

const home = new Stack(app, 'IntegSecurity', { env: { account, region: 'eu-west-1' }, terminationProtection: true });
new SecurityBaseline(home, 'Security', {
  securityHub: {
    standards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0],
    findingAggregator: { regions: ['eu-central-1'] },
  },
  runbookUrl: 'https://runbooks.example.com/security-incident',
});

const linked = new Stack(app, 'IntegSecurityLinked', { env: { account, region: 'eu-central-1' }, terminationProtection: true });
new SecurityBaseline(linked, 'Security', { cloudTrail: { mode: ServiceMode.PROVIDED } });

new IntegTest(app, 'SecurityBaseline', { testCases: [home, linked] });
// CI gate (scripts/gates.sh): AWS Control Tower's proactive controls over the library's resources.
addGates(app);
app.synth();
