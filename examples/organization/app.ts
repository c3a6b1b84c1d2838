// The organization baseline (organization-app.ts builds the stacks; docs/organization.md is the guide).
//
//   cdk synth -c readiness:profile=prod
import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks } from 'cdk-readiness';
import { addGates } from '../gates';
import { buildOrganizationApp } from './organization-app';

const app = new App();
buildOrganizationApp(app);

// The profile comes from `-c readiness:profile=<dev|staging|prod>`.
Validations.of(app).addPlugins(new ReadinessChecks(app));
// CI only (scripts/gates.sh): Control Tower's proactive controls and cdk-nag's packs, with `-c readiness:gates=1`.
addGates(app);

app.synth();
