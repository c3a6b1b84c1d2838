import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { literalText } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { hasRunbookReference, RUNBOOK_MARKER } from '../../../shared/runbook-text';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const SCALING_POLICIES = ['AWS::ApplicationAutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScalingPolicy'];

/** Alarms that only drive scaling policies (step scaling): no person reads them. */
function onlyScales(alarm: IndexedResource, index: AppIndex): boolean {
  const actions = alarm.properties.AlarmActions;
  if (!Array.isArray(actions) || actions.length === 0) return false;
  return actions.every((a) => (typeof a === 'string'
    ? /^arn:[^:]+:autoscaling:/.test(a)
    : index.referencedResources(a, alarm.stack).some((r) => SCALING_POLICIES.includes(r.type))));
}

/**
 * DOC1: every alarm carries a runbook reference.
 */
export const DOC1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DOC1',
  area: ReadinessArea.DOCUMENTATION,
  impact: RuleImpact.LOW,
  title: 'Every alarm carries a runbook reference: what it means and the first checks',
  auditLine: 'Task 90 (Documentation & Runbooks): "No comprehensive troubleshooting guides", "No emergency response procedures"',
  explanation:
    'The engineer paged at 3 a.m. reads the alarm, not the wiki. Its description must say what the alarm means and, after the marker "Runbook:", the first checks and/or the address of the runbook page. ' +
    'This library writes every alarm description that way, and generates a runbook section per alarm from it; with `Runbook.publishAt(app, baseUrl)` every such description also ends with the address of that section. Alarms whose only actions are scaling policies (step scaling) notify no person and are not judged.',
  fix: 'Plain CDK: `alarmDescription: "Queue backlog older than 15 minutes. Runbook: 1) check the consumers run; 2) ... https://runbooks.example.com/jobs"` on the alarm. With this library: alarms of `ServiceMonitoring` and the other constructs carry runbook text (add `runbookUrl` for your own page, and `Runbook.publishAt(app, baseUrl)` to link each alarm to its generated runbook section).',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  evaluate(alarm, index) {
    if (onlyScales(alarm, index)) return NOT_APPLICABLE;
    const description = literalText(alarm.properties.AlarmDescription);
    return hasRunbookReference(description)
      ? PASS
      : fail(`Alarm description has no runbook reference: add "${RUNBOOK_MARKER}" followed by the first checks or a runbook URL`, 'Properties/AlarmDescription');
  },
};
