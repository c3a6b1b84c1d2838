import { ReadinessProfile } from '../../../profile';
import { Failure, failAll, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * ENV1: a profile is declared; staging and production stacks name their account and region.
 */
export const ENV1: StackRule = {
  kind: 'stack',
  id: 'Readiness-ENV1',
  area: ReadinessArea.ENVIRONMENTS,
  title: 'A readiness profile is declared; staging and production stacks have an explicit account and region',
  auditLine: 'Task 83 (Infrastructure as Code): "No environment-specific configurations"; Task 84 (Environment Management)',
  explanation:
    'The profile is the environment-specific configuration: it decides retention, capacity and which gaps block a release. An environment-agnostic stack can be deployed to the wrong account or region, and cannot be checked for cross-region copies.',
  fix: `Declare the profile with \`-c ${ReadinessProfile.CONTEXT_KEY}=<dev|staging|prod>\` (or in cdk.json), or \`ReadinessProfile.PROD.applyTo(stage)\`; give staging and production stacks \`env: { account, region }\`.`,
  evaluate(stack, _index, profile) {
    const failures: Failure[] = [];
    if (!stack.profileDeclared) {
      failures.push({
        message: `No readiness profile is declared for this stack, so the strictest (prod) was assumed; set context '${ReadinessProfile.CONTEXT_KEY}' or apply a profile`,
      });
    }
    if (profile.requireExplicitEnvironment && (stack.account === undefined || stack.region === undefined)) {
      const missing = [stack.account === undefined ? 'account' : '', stack.region === undefined ? 'region' : '']
        .filter(Boolean)
        .join(' and ');
      failures.push({
        message: `Stack is environment-agnostic (no explicit ${missing}); profile '${profile.name}' requires \`env: { account, region }\``,
        location: 'Environment',
      });
    }
    return failAll(failures);
  },
};
