import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ServiceMonitoring } from '../../../src';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const prodApp = () => new App({ context: { 'readiness:profile': 'prod' } });
const env = { account: '111111111111', region: 'eu-west-1' };

describe('Readiness-DOC1 every alarm carries a runbook reference', () => {
  test('non-compliant: no description, a description without the marker, the marker with nothing after it, a composite alarm', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const q = new sqs.Queue(stack, 'Q');
    const none = q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'None', { threshold: 1, evaluationPeriods: 1 });
    q.metricNumberOfMessagesSent().createAlarm(stack, 'NoMarker', { threshold: 1, evaluationPeriods: 1, alarmDescription: 'Queue is old; see the wiki' });
    q.metricNumberOfMessagesReceived().createAlarm(stack, 'Empty', { threshold: 1, evaluationPeriods: 1, alarmDescription: 'Queue is old. Runbook:  ' });
    new cw.CompositeAlarm(stack, 'Composite', { alarmRule: cw.AlarmRule.fromAlarm(none, cw.AlarmState.ALARM) });
    expect(pathsWith(app, 'Readiness-DOC1').sort()).toEqual(['S/Composite/Resource', 'S/Empty/Resource', 'S/NoMarker/Resource', 'S/None/Resource']);
    expect(findingsOf(app, 'Readiness-DOC1')[0].message).toBe('Alarm description has no runbook reference: add "Runbook:" followed by the first checks or a runbook URL');
  });

  test('compliant: inline checks, a URL built with tokens (Fn::Join), hand-written L1s, and every alarm of ServiceMonitoring', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const topic = new sns.Topic(stack, 'T');
    const q = new sqs.Queue(stack, 'Q');
    q.metricApproximateAgeOfOldestMessage().createAlarm(stack, 'Inline', {
      threshold: 1, evaluationPeriods: 1, alarmDescription: 'Backlog. Runbook: 1) check the consumers',
    }).addAlarmAction(new cwActions.SnsAction(topic));
    q.metricNumberOfMessagesSent().createAlarm(stack, 'Url', {
      threshold: 1, evaluationPeriods: 1, alarmDescription: `Backlog of ${q.queueName}. Runbook: https://runbooks.example.com/${stack.stackName}`,
    });
    new CfnResource(stack, 'Raw', {
      type: 'AWS::CloudWatch::CompositeAlarm',
      properties: { AlarmName: 'raw', AlarmRule: 'ALARM(x)', AlarmDescription: 'Service down. Runbook: https://runbooks.example.com/svc' },
    });
    new ServiceMonitoring(stack, 'Monitoring', { compositeAlarm: true }).monitor(new sqs.Queue(stack, 'Jobs'));
    expect(findingsOf(app, 'Readiness-DOC1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-DOC1').evaluated).toBe(7);
  });

  test('not judged: alarms that only drive a step scaling policy (no person reads them)', () => {
    const app = prodApp();
    const stack = new Stack(app, 'S', { env });
    const q = new sqs.Queue(stack, 'Q');
    const target = new appscaling.ScalableTarget(stack, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS, scalableDimension: 'ecs:service:DesiredCount', resourceId: 'service/c/s', minCapacity: 2, maxCapacity: 4,
    });
    target.scaleOnMetric('Backlog', {
      metric: q.metricApproximateNumberOfMessagesVisible(),
      scalingSteps: [{ upper: 0, change: -1 }, { lower: 100, change: +1 }],
    });
    expect(findingsOf(app, 'Readiness-DOC1')).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-DOC1').evaluated).toBe(0);
  });
});
