import { delegatedAdminAccounts, managementAccounts, serviceManaged, STACK_SET } from './stack-sets';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP11: a service-managed StackSet outside the management account is created `CallAs: DELEGATED_ADMIN`.
 */
export const DEP11: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP11',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'A service-managed StackSet owned by a delegated administrator is created with CallAs DELEGATED_ADMIN',
  auditLine: 'Task 81 (Deployment & Rollback): deployments that succeed the first time',
  explanation:
    'Only the management account may create a service-managed StackSet as itself. In a delegated administrator\'s account the StackSet must be created with CallAs DELEGATED_ADMIN, or CloudFormation rejects it when the stack is deployed, after the rest of the stack was built. The rule judges StackSets in accounts the app shows not to be the management account: a delegated administrator named by the app, or any other account when the app has a management account stack.',
  fix: 'Plain CDK: `callAs: "DELEGATED_ADMIN"` on `CfnStackSet`, with the account registered as delegated administrator of StackSets (`aws organizations register-delegated-administrator --service-principal member.org.stacksets.cloudformation.amazonaws.com`). With this library: `callAs: StackSetCaller.DELEGATED_ADMIN` on the `StackSetRollout`.',
  resourceTypes: [STACK_SET],
  evaluate(resource, index) {
    const account = resource.stack.account;
    if (!serviceManaged(resource) || account === undefined) return NOT_APPLICABLE;
    const management = managementAccounts(index);
    if (management.has(account)) return PASS;
    const delegated = delegatedAdminAccounts(index).has(account) || management.size > 0;
    if (!delegated) return NOT_APPLICABLE;
    if (resource.properties.CallAs === 'DELEGATED_ADMIN') return PASS;
    return fail(`the StackSet is in account ${account}, which is not the management account, but is not created with CallAs DELEGATED_ADMIN`, 'Properties/CallAs');
  },
};
