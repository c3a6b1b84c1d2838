import { ReadinessProfile, RuleImpact } from '../../../profile';
import { Failure, failAll, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * ENV1: a profile is declared; staging and production stacks name their account and region.
 */
export const ENV1: StackRule = {
  kind: 'stack',
  id: 'Readiness-ENV1',
  area: ReadinessArea.ENVIRONMENTS,
  impact: RuleImpact.HIGH,
  title: 'A readiness profile is declared; staging and production stacks have an explicit account and region',
  auditLine: 'Task 83 (Infrastructure as Code): "No environment-specific configurations"; Task 84 (Environment Management)',
  explanation:
    'The profile is the environment-specific configuration: it decides retention, capacity and which gaps block a release. An environment-agnostic stack can be deployed to the wrong account or region, and cannot be checked for cross-region copies.',
  fix: 'Plain CDK: give staging and production stacks `env: { account, region }` (for example `env: { account: "111111111111", region: "eu-west-1" }`, or `process.env.CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION` resolved by the CLI). With this library: declare the profile with `-c readiness:profile=<dev|staging|prod>` (or in cdk.json), or `ReadinessProfile.PROD.applyTo(stage)`.',
  evaluate(stack, _index, profile) {
    const failures: Failure[] = [];
    if (!stack.profileDeclared) {
      failures.push({
        message: `No readiness profile is declared for this stack, so the strictest (prod) was assumed; set context '${ReadinessProfile.CONTEXT_KEY}' or apply a profile`,
      });
    }
    if (profile.requireExplicitEnvironment && (stack.account === undefined || stack.region === undefined)) {
      const agnostic = stack.account === undefined && stack.region === undefined;
      failures.push({
        message: agnostic
          ? `Stack is environment-agnostic (no explicit account and region); profile '${profile.name}' requires \`env: { account, region }\``
          : `Stack names its ${stack.account === undefined ? `region (${stack.region}) but not its account` : `account (${stack.account}) but not its region`}; ` +
            `profile '${profile.name}' requires both: \`env: { account, region }\` (e.g. from \`process.env.CDK_DEFAULT_${stack.account === undefined ? 'ACCOUNT' : 'REGION'}\`)`,
        location: 'Environment',
      });
    }
    return failAll(failures);
  },
};
