// A typical web workload as teams write it BEFORE a production-readiness audit (the audit
// scored its kind 35/100). See before-audit-stack.ts for the gaps.
//
//   cdk synth -c readiness:profile=dev    # findings printed as warnings, synth succeeds
//   cdk synth -c readiness:profile=prod   # the same findings are errors, synth fails
import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks } from 'cdk-readiness';
import { BeforeAuditStack } from './before-audit-stack';

const app = new App();

// audit: env-agnostic (no account/region, ENV1) and no termination protection (STA4).
new BeforeAuditStack(app, 'BeforeAuditStack');

// The profile comes from `-c readiness:profile=<dev|staging|prod>`.
Validations.of(app).addPlugins(new ReadinessChecks(app));

app.synth();
