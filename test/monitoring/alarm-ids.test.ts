import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AlarmIds, ServiceMonitoring } from '../../src';
import { ALL_ALARM_IDS } from '../../src/monitoring/private/alarm-catalog';

describe('AlarmIds', () => {
  test('names every default alarm id, and nothing else', () => {
    const constants = Object.entries(AlarmIds).map(([, v]) => v);
    expect([...constants].sort()).toEqual([...ALL_ALARM_IDS].sort());
  });

  test('is what alarmOverrides and MonitoredResource.alarm() take', () => {
    const stack = new Stack(new App(), 'S');
    const monitoring = new ServiceMonitoring(stack, 'M', { dashboard: false, alarmOverrides: { [AlarmIds.SQS_OLDEST_MESSAGE_AGE]: { enabled: false } } });
    const [queue] = [monitoring.monitor(new sqs.Queue(stack, 'Q'))];
    expect(queue.alarm(AlarmIds.SQS_OLDEST_MESSAGE_AGE)).toBeUndefined();
    expect(queue.alarm(AlarmIds.SQS_MESSAGES_AT_RISK)).toBeDefined();
  });
});
