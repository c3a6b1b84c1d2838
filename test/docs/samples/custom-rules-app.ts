// sample: custom-rules/register
// app.ts
import { App, Validations } from 'aws-cdk-lib';
import { ReadinessChecks, ReadinessProfile, RuleSeverity } from 'cdk-readiness';
import { EU_REGIONS_ONLY } from './rules/eu-regions-only';
import { PUBLIC_ALB_HAS_WAF } from './rules/public-alb-has-waf';

const app = new App();
// ... your stacks ...

// A rule new to the organization starts as a warning in production, an error everywhere else.
ReadinessProfile.PROD.extend('prod-acme', {
  severityOverrides: { [PUBLIC_ALB_HAS_WAF.info.id]: RuleSeverity.WARNING },
}).applyTo(app);

Validations.of(app).addPlugins(new ReadinessChecks(app, { rules: [PUBLIC_ALB_HAS_WAF, EU_REGIONS_ONLY] }));
// end-sample

export { app };
