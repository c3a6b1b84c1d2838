import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { organizationPoliciesSelecting, selectionsSelecting } from '../../../analysis/backup-selections';
import { planRules, resolveVaultTarget } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../../../shared/resource-types';
import { fail, Failure, failAll, NOT_APPLICABLE, PASS, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * A data store backed up by the organization's backup policy alone (declared with
 * `OrganizationBackupCoverage`, no plan of the app selecting it): the policy's copy rule is its copy.
 */
function organizationCopy(resource: IndexedResource, index: AppIndex): RuleResult {
  // Plans of the app that select it are judged themselves; BAK1 reports a data store nothing selects.
  if (isClusterMember(resource.type, resource.properties) || selectionsSelecting(resource, index).length > 0) return NOT_APPLICABLE;
  const policies = organizationPoliciesSelecting(resource, index);
  if (policies.length === 0) return NOT_APPLICABLE;
  const region = resource.stack.region;
  // Several policies may select it: one copy to another region is enough.
  if (policies.some((p) => p.copyRegion !== undefined && p.copyRegion !== region)) return PASS;
  const within = policies.some((p) => p.copyRegion === region);
  if (policies.length > 1) {
    const names = policies.map((p) => p.policyName).join(', ');
    return fail(`None of the organization's backup policies that back this data store up (${names}) copies its recovery points to another region${within ? ` (a copy within ${region} is lost with it in a regional outage)` : ''}: they live in ${region} only. Give one a copy rule to another region (OrganizationBackupPolicy copyRegion) and declare it`);
  }
  const policy = policies[0];
  if (within) {
    return fail(`The organization's backup policy ${policy.policyName} copies the recovery points of this data store within ${region}: a regional outage takes the copy too. Copy to another region`);
  }
  return fail(`The organization's backup policy ${policy.policyName} backs this data store up (OrganizationBackupCoverage) but does not copy its recovery points to another region: they live in ${region} only. Give the policy a copy rule (OrganizationBackupPolicy copyRegion) and declare it`);
}

/**
 * BAK2: every rule of every backup plan copies to a vault (a logically air-gapped one included)
 * in another region, when the profile requires cross-region copies.
 */
export const BAK2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-BAK2',
  area: ReadinessArea.BACKUP,
  impact: RuleImpact.HIGH,
  title: 'Every backup rule copies its recovery points to a vault in another region',
  auditLine: 'Task 87 (Backup & Recovery): "MISSING: Cross-region backup replication"',
  explanation:
    'A region-wide outage, or an attacker holding the account\'s credentials, takes the recovery points of a single-region vault with the data they protect. Each rule needs a copy action whose destination is a vault in another region (resolved across the app\'s stacks by ARN, literal or Fn::Join). A logically air-gapped vault counts when it is in another region: one in the plan\'s own region is lost with it in a regional outage. A data store no plan of the app selects but the organization\'s backup policy backs up (declared with `OrganizationBackupCoverage`) is judged by the policy\'s copy rule: it must copy to another region than the data store\'s.',
  fix: 'Plain CDK: `copyActions: [{ destinationBackupVault: drVault, moveToColdStorageAfter, deleteAfter }]` on every `backup.BackupPlanRule`, with the vault in another region (`BackupVault.fromBackupVaultArn`). With this library: `CrossRegionBackup` with `drVaultArn: new CrossRegionBackupDr(drStack, ...).backupVaultArn`; for the organization\'s backup policy, `OrganizationBackupPolicy` with `copyRegion`, declared in the member account with `OrganizationBackupCoverage` (`policy.coverageProps()`).',
  resourceTypes: ['AWS::Backup::BackupPlan', ...BACKUP_PROTECTED_TYPES],
  evaluate(resource, index, profile) {
    if (!profile.requireCrossRegionCopy) return NOT_APPLICABLE;
    // A data store: judged only where the organization's backup policy alone backs it up.
    if (resource.type !== 'AWS::Backup::BackupPlan') return organizationCopy(resource, index);
    const plan = resource;
    const failures: Failure[] = [];
    planRules(plan).forEach((rule, i) => {
      const name = typeof rule?.RuleName === 'string' ? `'${rule.RuleName}'` : `#${i + 1}`;
      const location = `Properties/BackupPlan/BackupPlanRule/${i}/CopyActions`;
      const actions: any[] = Array.isArray(rule?.CopyActions) ? rule.CopyActions : [];
      if (actions.length === 0) {
        failures.push({ message: `Backup rule ${name} has no copy action: its recovery points live in one region only`, location });
        return;
      }
      const targets = actions.map((a) => resolveVaultTarget(a?.DestinationBackupVaultArn, plan.stack, index));
      const planRegion = plan.stack.region;
      // An air-gapped vault counts only in another region: one in the plan's own region is lost
      // with it in a regional outage.
      const ok = targets.some((t) => t.region !== undefined && planRegion !== undefined && t.region !== planRegion);
      if (ok) return;
      const unknown = targets.some((t) => t.region === undefined || planRegion === undefined);
      const sameRegionAirGap = targets.some((t) => t.airGapped);
      failures.push({
        message: unknown
          ? `Backup rule ${name} copies to a vault whose region cannot be told from the template (give the stacks explicit regions, or the destination as a vault ARN naming its region)`
          : sameRegionAirGap
            ? `Backup rule ${name} copies only within ${planRegion}: its logically air-gapped vault is in the same region, so a regional outage takes it too; add a copy to a vault in another region`
            : `Backup rule ${name} copies only within ${planRegion}: no destination is in another region`,
        location,
      });
    });
    if (planRules(plan).length === 0) return fail('The backup plan has no rules', 'Properties/BackupPlan/BackupPlanRule');
    return failAll(failures);
  },
};
