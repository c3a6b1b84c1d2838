// sample: custom-rules/stack-rule
// rules/eu-regions-only.ts
import { IReadinessRule, ReadinessArea, RuleTarget, RuleVerdict } from 'cdk-readiness';

const APPROVED_REGIONS = ['eu-west-1', 'eu-central-1'];

/** Acme-RES1: customer data stays in the EU, so every stack deploys to an approved region. */
export const EU_REGIONS_ONLY: IReadinessRule = {
  info: {
    id: 'Acme-RES1',
    area: ReadinessArea.ENVIRONMENTS,
    title: 'Stacks deploy to approved EU regions only',
    auditLine: 'Acme data protection policy DP-2: "customer data is stored and processed in the EU"',
    explanation: 'A stack in another region may store or process customer data outside the EU.',
    fix: `Deploy the stack to one of ${APPROVED_REGIONS.join(', ')} (env: { region }).`,
  },
  target: RuleTarget.stacks(),
  evaluate(subject) {
    const region = subject.stack.region;
    if (region === undefined) return RuleVerdict.fail('Stack is environment-agnostic: its region is not known at synth', 'Environment');
    return APPROVED_REGIONS.includes(region) ? RuleVerdict.compliant() : RuleVerdict.fail(`Stack deploys to ${region}`, 'Environment');
  },
};
// end-sample
