import { runbookModel } from '../../../analysis/runbook-model';
import { displayPath } from '../../../analysis/runbook-values';
import { RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const ROUTE_NAMES: Record<string, string> = {
  guardduty: 'GuardDuty findings', securityhub: 'Security Hub findings', inspector: 'Inspector findings', backup: 'failed AWS Backup jobs',
};

/**
 * DOC2: the runbooks generated for the stack can be followed: every backed-up data store has an
 * executable DR restore, every security-finding and backup-failure route has a procedure.
 */
export const DOC2: StackRule = {
  kind: 'stack',
  id: 'Readiness-DOC2',
  area: ReadinessArea.DOCUMENTATION,
  impact: RuleImpact.MEDIUM,
  title: 'Runbooks are generated for the app: an executable DR restore for every backed-up data store, a procedure for every incident route',
  auditLine: 'Task 90 (Documentation & Runbooks): "No emergency response procedures", "No operational procedures documentation"; documentation audit §1: "Complete disaster recovery procedures", "Detailed incident response guides"',
  explanation:
    'Every synth writes a runbook per stack (runbooks/<stack>.md in the cloud assembly) from the app itself, so it names the real vaults, regions and commands and never goes stale. Two things in it cannot be derived and must be provided by the app. ' +
    '(1) Disaster recovery: a data store AWS Backup protects is only recoverable in a regional outage if someone can run the restore in the region of its copy, under pressure, on the first try. The rule asks for an SSM Automation document that starts AWS Backup restore jobs (StartRestoreJob) from the vault holding the copy, in that vault\'s region: in the DR region when the plan copies to another region (an automation in the region that is down is of no use), else in the store\'s own region. A missing copy is rule Readiness-BAK2\'s finding, not this one. ' +
    '(2) Incident response: an enabled EventBridge rule that routes GuardDuty, Security Hub or Inspector findings, or failed AWS Backup jobs, to people must say what they do next: a runbook entry on the rule (or the construct that owns it), or "Runbook:" steps in the notification its target receives.',
  fix: 'Plain CDK: an `ssm.CfnDocument` (Automation) calling `StartRestoreJob` on the DR vault, in the region of each data store\'s DR copy; and for each finding or failed-job rule, `Runbook: 1) ...; 2) ...` at the end of its target input. With this library: `CrossRegionBackupDr` deploys a `DrRestoreAutomation` for its DR vault by default (`enableRestoreAutomation`); add `new DrRestoreAutomation(drStack, "Restore", { backupVault })` for a vault of your own; `SecurityIncidentRouting` and `BackupFailureAlerts` write their procedures into the runbook; for a rule of your own call `Runbook.addEntry(rule, { section: RunbookSection.INCIDENT_RESPONSE, title, steps })`.',
  evaluate(stack, index) {
    const runbook = runbookModel(index).byStack.get(stack);
    if (!runbook) return NOT_APPLICABLE;
    const routes = runbook.incidents.filter((r) => r.enabled && r.targets.length > 0);
    if (runbook.dataStores.length === 0 && routes.length === 0) return NOT_APPLICABLE;
    const failures: Failure[] = [];
    for (const d of runbook.dataStores) {
      const where = displayPath(d.resource.path);
      const copies = d.drTargets.filter((t) => t.region !== undefined);
      if (copies.length > 0) {
        if (!copies.some((t) => t.automations.length > 0)) {
          const t = copies[0];
          failures.push({
            message: `${where}: its DR copy in ${t.region} has no restore automation there (an SSM Automation document calling StartRestoreJob on that vault), so the DR runbook can only be read, not run`,
            location: `Resources/${d.resource.logicalId}`,
          });
        }
      } else if (d.drTargets.length > 0) {
        failures.push({ message: `${where}: the region of its copy target cannot be told from the template, so no DR restore can be written for it (give the vault ARN with its region)`, location: `Resources/${d.resource.logicalId}` });
      } else if (d.localAutomations.length === 0) {
        failures.push({
          message: `${where}: no restore automation (an SSM Automation document calling StartRestoreJob) for the vault holding its recovery points in ${stack.region ?? 'its region'}`,
          location: `Resources/${d.resource.logicalId}`,
        });
      }
    }
    for (const r of routes) {
      if (r.entries.length === 0 && r.notificationSteps.length === 0) {
        failures.push({
          message: `${displayPath(r.rule.path)}: the rule routes ${ROUTE_NAMES[r.kind]} but no runbook entry or "Runbook:" text says what the responder does`,
          location: `Resources/${r.rule.logicalId}`,
        });
      }
    }
    return failAll(failures);
  },
};
