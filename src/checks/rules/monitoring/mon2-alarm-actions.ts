import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { literalText } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { fail, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const COMPOSITE = 'AWS::CloudWatch::CompositeAlarm';

function notifies(p: any): boolean {
  return p.ActionsEnabled !== false && p.ActionsEnabled !== 'false' && Array.isArray(p.AlarmActions) && p.AlarmActions.length > 0;
}

/** An alarm function of a composite rule with a literal name or ARN: `ALARM("orders-5xx")`. */
const RULE_ALARM = /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"([^"]+)"\s*\)/g;

/** The alarms a composite alarm's rule names: by reference, or by literal alarm name or ARN. */
function ruleChildren(composite: IndexedResource, ix: AppIndex, byName: Map<string, IndexedResource[]>): IndexedResource[] {
  const rule = composite.properties.AlarmRule;
  const named = literalText(rule).matchAll(RULE_ALARM);
  const literal = [...named].flatMap((m) => byName.get(m[1].startsWith('arn:') ? m[1].substring(m[1].indexOf(':alarm:') + 7) : m[1]) ?? []);
  return [...ix.referencedResources(rule, composite.stack), ...literal];
}

/** Alarms whose state a notifying composite alarm's rule reads, at any depth of composites. */
function notifiedThroughComposites(index: AppIndex): Set<IndexedResource> {
  return index.derived('monitoring.notifiedThroughComposites', (ix) => {
    const byName = new Map<string, IndexedResource[]>();
    for (const a of [...ix.resourcesOfType('AWS::CloudWatch::Alarm'), ...ix.resourcesOfType(COMPOSITE)]) {
      const name = a.properties.AlarmName;
      if (typeof name === 'string') byName.set(name, [...(byName.get(name) ?? []), a]);
    }
    const children = new Map<IndexedResource, IndexedResource[]>();
    for (const c of ix.resourcesOfType(COMPOSITE)) children.set(c, ruleChildren(c, ix, byName));
    const covered = new Set<IndexedResource>();
    const queue = [...children.keys()].filter((c) => notifies(c.properties));
    while (queue.length > 0) {
      for (const child of children.get(queue.pop() as IndexedResource) ?? []) {
        if (covered.has(child)) continue;
        covered.add(child);
        if (child.type === COMPOSITE) queue.push(child);
      }
    }
    return covered;
  });
}

/**
 * MON2: every alarm has an action; no silent alarms.
 */
export const MON2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON2',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.CRITICAL,
  title: 'Every alarm notifies someone: no silent alarms',
  auditLine: 'Task 85 (Monitoring & Observability): "Comprehensive monitoring and alerting system"',
  explanation:
    'An alarm without an action changes state in the console and nobody learns of it: it costs money and gives a false sense of coverage. ' +
    'An alarm that a composite alarm with actions combines notifies through it (the CloudWatch pattern against alert storms) and passes.',
  fix: 'Plain CDK: `alarm.addAlarmAction(new cw_actions.SnsAction(topic))` with a topic that reaches the on-call, and keep `actionsEnabled` true; or combine the alarm in a `cloudwatch.CompositeAlarm` that has actions. With this library: `AlarmRouting.of(stack).route(alarm, AlarmSeverity.WARNING)` (the monitoring constructs of this library route every alarm they make).',
  resourceTypes: ['AWS::CloudWatch::Alarm', COMPOSITE],
  evaluate(alarm, index) {
    const p = alarm.properties;
    if (notifiedThroughComposites(index).has(alarm)) return PASS;
    if (p.ActionsEnabled === false || p.ActionsEnabled === 'false') {
      return fail('Alarm actions are disabled (ActionsEnabled: false)', 'Properties/ActionsEnabled');
    }
    if (!notifies(p)) {
      return fail('Alarm has no AlarmActions: nobody is notified when it fires', 'Properties/AlarmActions');
    }
    return PASS;
  },
};
