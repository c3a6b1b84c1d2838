// What the StackSet rules (DEP8 to DEP11) share: reading a StackSet's inline template and knowing
// which accounts of the app are the organization's management account.
import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { stackSetTemplate } from '../../../analysis/stack-set-template';

export const STACK_SET = 'AWS::CloudFormation::StackSet';

export function serviceManaged(stackSet: IndexedResource): boolean {
  return stackSet.properties.PermissionModel === 'SERVICE_MANAGED';
}

/** The StackSet's inline template, or undefined when it is given by URL or cannot be read (the index lists it as not examined). */
export function inlineTemplate(stackSet: IndexedResource): any {
  return stackSetTemplate(stackSet.properties);
}

/** Resources only the management account can create: where they are, the management account is. */
const MANAGEMENT_ONLY = ['AWS::Organizations::Policy', 'AWS::Organizations::OrganizationalUnit', 'AWS::Organizations::Account', 'AWS::SecurityHub::DelegatedAdmin'];

/** Accounts of the app known to be the management account (they hold resources only it can create, or the organization trail). */
export function managementAccounts(index: AppIndex): Set<string> {
  return index.derived('organization-management-accounts', (i) => {
    const out = new Set<string>();
    const add = (r: IndexedResource) => { if (r.stack.account) out.add(r.stack.account); };
    MANAGEMENT_ONLY.forEach((t) => i.resourcesOfType(t).forEach(add));
    i.resourcesOfType('AWS::CloudTrail::Trail').filter((t) => t.properties.IsOrganizationTrail === true).forEach(add);
    return out;
  });
}

/** Accounts named delegated administrator by a `AWS::SecurityHub::DelegatedAdmin` of the app. */
export function delegatedAdminAccounts(index: AppIndex): Set<string> {
  return index.derived('organization-delegated-admins', (i) =>
    new Set(i.resourcesOfType('AWS::SecurityHub::DelegatedAdmin').map((r) => r.properties.AdminAccountId).filter((a): a is string => typeof a === 'string')));
}
