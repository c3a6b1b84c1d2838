import { EmbeddedMetricFormat } from '../../src';

describe('EmbeddedMetricFormat.render', () => {
  test('one JSON line CloudWatch Logs turns into metrics: namespace, dimension set, units, values at the root', () => {
    const line = EmbeddedMetricFormat.render({
      namespace: 'WebService',
      dimensions: { Service: 'web' },
      metrics: [{ name: 'OrdersPlaced', value: 3, unit: 'Count' }, { name: 'CheckoutLatency', value: 182.5, unit: 'Milliseconds' }],
      timestamp: 1_700_000_000_000,
      properties: { requestId: 'abc' },
    });
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [{
          Namespace: 'WebService',
          Dimensions: [['Service']],
          Metrics: [{ Name: 'OrdersPlaced', Unit: 'Count' }, { Name: 'CheckoutLatency', Unit: 'Milliseconds' }],
        }],
      },
      Service: 'web',
      OrdersPlaced: 3,
      CheckoutLatency: 182.5,
      requestId: 'abc',
    });
  });

  test('defaults: no dimensions, unit None, the current time', () => {
    const before = Date.now();
    const doc = JSON.parse(EmbeddedMetricFormat.render({ namespace: 'App', metrics: [{ name: 'Jobs', value: 1 }] }));
    expect(doc._aws.CloudWatchMetrics[0]).toEqual({ Namespace: 'App', Dimensions: [[]], Metrics: [{ Name: 'Jobs', Unit: 'None' }] });
    expect(doc._aws.Timestamp).toBeGreaterThanOrEqual(before);
  });

  test('bad input fails with the fix', () => {
    expect(() => EmbeddedMetricFormat.render({ namespace: 'AWS/Lambda', metrics: [{ name: 'X', value: 1 }] })).toThrow(/namespace "AWS\/Lambda" is invalid/);
    expect(() => EmbeddedMetricFormat.render({ namespace: 'App', metrics: [] })).toThrow(/0 metrics given. An EMF record holds 1 to 100 metrics/);
    expect(() => EmbeddedMetricFormat.render({ namespace: 'App', metrics: [{ name: 'X', value: Number.NaN }] })).toThrow(/metric X has value null. Give a finite number/);
    expect(() => EmbeddedMetricFormat.render({ namespace: 'App', dimensions: { X: 'a' }, metrics: [{ name: 'X', value: 1 }] })).toThrow(/metric name "X" is empty, reserved or used twice/);
    expect(() => EmbeddedMetricFormat.render({ namespace: 'App', metrics: [{ name: '_aws', value: 1 }] })).toThrow(/reserved/);
  });
});
