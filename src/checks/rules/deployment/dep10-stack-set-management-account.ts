import { serviceManaged, STACK_SET } from './stack-sets';
import { RuleImpact } from '../../../profile';
import { MANAGEMENT_ACCOUNT_COVERED, MANAGEMENT_ACCOUNT_METADATA } from '../../../shared/stack-set-markers';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP10: what a service-managed StackSet deploys reaches the management account too, or is not needed there.
 */
export const DEP10: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP10',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.LOW,
  title: 'The management account is not left out of what a service-managed StackSet deploys',
  auditLine: 'Task 83 (Infrastructure as Code): every environment built from the same template',
  explanation:
    'A service-managed StackSet never deploys to the organization\'s management account, even when the OUs or the root it targets contain it. Whatever the StackSet rolls out (backup vaults, alarms, the Config recorder) is missing there unless it is deployed as a stack of its own, which is easy to forget because the rollout reports success. A warning: the management account often runs no workloads, which is then said explicitly.',
  fix: 'Plain CDK: deploy the template in the management account as a stack of its own (a service-managed StackSet never deploys there), and say so. With this library: set `managementAccount: ManagementAccountCoverage.DEPLOYED_SEPARATELY` on the `StackSetRollout`, or `ManagementAccountCoverage.NOT_NEEDED` when the management account runs no workloads.',
  resourceTypes: [STACK_SET],
  evaluate(resource) {
    if (!serviceManaged(resource)) return NOT_APPLICABLE;
    const coverage = resource.metadata?.[MANAGEMENT_ACCOUNT_METADATA];
    if ((MANAGEMENT_ACCOUNT_COVERED as readonly string[]).includes(coverage)) return PASS;
    const owner = resource.properties.CallAs === 'DELEGATED_ADMIN' ? undefined : resource.stack.account;
    const account = owner ? `the management account (${owner})` : 'the management account';
    return fail(`a service-managed StackSet does not deploy to ${account}, and nothing says it gets these resources another way or does not need them`, `Metadata/${MANAGEMENT_ACCOUNT_METADATA}`);
  },
};
