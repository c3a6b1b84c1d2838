import { fail, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * MON2: every alarm has an action; no silent alarms.
 */
export const MON2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-MON2',
  area: ReadinessArea.MONITORING,
  title: 'Every alarm notifies someone: no silent alarms',
  auditLine: 'Task 85 (Monitoring & Observability): "Comprehensive monitoring and alerting system"',
  explanation:
    'An alarm without an action changes state in the console and nobody learns of it: it costs money and gives a false sense of coverage.',
  fix: 'Add an alarm action (`alarm.addAlarmAction(new SnsAction(topic))`) to a topic that reaches the on-call, and keep `actionsEnabled` true.',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  evaluate(alarm) {
    const p = alarm.properties;
    if (p.ActionsEnabled === false) {
      return fail('Alarm actions are disabled (ActionsEnabled: false)', 'Properties/ActionsEnabled');
    }
    const actions = p.AlarmActions;
    if (!Array.isArray(actions) || actions.length === 0) {
      return fail('Alarm has no AlarmActions: nobody is notified when it fires', 'Properties/AlarmActions');
    }
    return PASS;
  },
};
