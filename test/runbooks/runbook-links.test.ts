// Runbook.publishAt: every alarm with runbook text points at its own section of the generated
// runbook, and every such address resolves to an anchor of the runbook ReadinessChecks writes.
import * as fs from 'fs';
import * as path from 'path';
import { App, Lazy, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { appIn, PRIMARY, synthRunbooks } from './helpers';
import { ReadinessTesting, Runbook, ServiceMonitoring } from '../../src';

const BASE = 'https://runbooks.example.com/shop';

/** Alarm descriptions by logical id: of the template already written by a synth, or synthesized now. */
function descriptions(stack: Stack): Record<string, string> {
  const out: Record<string, string> = {};
  const written = path.join((stack.node.root as App).outdir, stack.templateFile);
  const t = fs.existsSync(written) ? Template.fromJSON(JSON.parse(fs.readFileSync(written, 'utf-8'))) : Template.fromStack(stack);
  for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
    for (const [id, r] of Object.entries<any>(t.findResources(type))) out[id] = r.Properties.AlarmDescription;
  }
  return out;
}

function shop() {
  const app = appIn();
  const stack = new Stack(app, 'Shop', { env: PRIMARY });
  const queue = new sqs.Queue(stack, 'Orders');
  const table = new dynamodb.Table(stack, 'Carts', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'shop' }).monitor(queue);
  new ServiceMonitoring(stack, 'TableMonitoring', { serviceName: 'carts', runbookUrl: 'https://wiki.example.com/carts' }).monitor(table);
  const own = queue.metricNumberOfMessagesSent().createAlarm(stack, 'Own', {
    threshold: 1,
    evaluationPeriods: 1,
    alarmDescription: 'Nobody orders. Runbook: 1) open the shop; 2) check the payment provider. https://wiki.example.com/orders',
  });
  const silent = queue.metricNumberOfMessagesDeleted().createAlarm(stack, 'NoRunbook', { threshold: 1, evaluationPeriods: 1, alarmDescription: 'Deletes stopped.' });
  return { app, stack, own, silent };
}

describe('Runbook.publishAt', () => {
  test('every alarm of our constructs and of the user with runbook text ends with the address of its generated section, which exists', () => {
    const { app, stack, own } = shop();
    Runbook.publishAt(app, `${BASE}/`);
    const runbook = synthRunbooks(app).get('Shop.md')!;
    const linked = descriptions(stack);
    const ours = Object.entries(linked).filter(([id]) => id.startsWith('Monitoring') || id.startsWith('TableMonitoring'));
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (const [, description] of [...ours, ['Own', linked[Object.keys(linked).find((k) => k.startsWith('Own'))!]]]) {
      const m = new RegExp(`Runbook: .* ${BASE.replace(/[./]/g, '\\$&')}/Shop\\.md#(alarm-[a-z0-9-]+)$`).exec(description);
      expect(m).not.toBeNull();
      // The address resolves: the runbook has an element with that id, headed by that alarm.
      expect(runbook).toContain(`### <a id="${m![1]}"></a>`);
      expect(description.length).toBeLessThanOrEqual(1024);
    }
    expect(Runbook.alarmUrl(own, BASE)).toBe(`${BASE}/Shop.md#alarm-shop-own`);
    expect(linked[Object.keys(linked).find((k) => k.startsWith('Own'))!])
      .toBe(`Nobody orders. Runbook: 1) open the shop; 2) check the payment provider. https://wiki.example.com/orders ${BASE}/Shop.md#alarm-shop-own`);
  });

  test('the generated section lists the owner\'s runbook page but not its own address, and keeps the checks', () => {
    const { app } = shop();
    Runbook.publishAt(app, BASE);
    const runbook = synthRunbooks(app).get('Shop.md')!;
    const own = runbook.substring(runbook.indexOf('<a id="alarm-shop-own">'), runbook.indexOf('<a id="alarm-shop-norunbook">') > runbook.indexOf('<a id="alarm-shop-own">') ? runbook.indexOf('<a id="alarm-shop-norunbook">') : undefined);
    expect(own).toContain('1. Open the shop\n2. Check the payment provider');
    expect(own).toContain('- Runbook page: https://wiki.example.com/orders');
    expect(runbook).not.toContain(`Runbook page: ${BASE}`);
    expect(runbook).toContain('- Runbook page: https://wiki.example.com/carts');
  });

  test('alarms without runbook text are not given a link (DOC1 still reports them); publishing twice links once', () => {
    const { app, stack, silent } = shop();
    Runbook.publishAt(app, BASE);
    Runbook.publishAt(stack, BASE);
    const d = descriptions(stack);
    expect(d[Object.keys(d).find((k) => k.startsWith('NoRunbook'))!]).toBe('Deletes stopped.');
    for (const description of Object.values(d)) expect(description.split(BASE).length).toBeLessThanOrEqual(2);
    const doc1 = ReadinessTesting.findings(app).filter((f) => f.ruleId === 'Readiness-DOC1');
    expect(doc1.map((f) => f.constructPath)).toEqual([(silent.node.defaultChild as cw.CfnAlarm).node.path]);
  });

  test('only the scope given is linked; alarms of nested stacks are left alone', () => {
    const app = appIn();
    const linked = new Stack(app, 'Linked', { env: PRIMARY });
    const other = new Stack(app, 'Other', { env: PRIMARY });
    const nested = new NestedStack(linked, 'Inner');
    const alarm = (s: Stack) => new cw.Alarm(s, 'A', {
      metric: new cw.Metric({ namespace: 'Shop', metricName: 'Orders' }),
      threshold: 1,
      evaluationPeriods: 1,
      alarmDescription: 'No orders. Runbook: 1) open the shop.',
    });
    alarm(linked); alarm(other); alarm(nested);
    Runbook.publishAt(linked, BASE);
    expect(Object.values(descriptions(linked))).toEqual([`No orders. Runbook: 1) open the shop. ${BASE}/Linked.md#alarm-linked-a`]);
    expect(Object.values(descriptions(other))).toEqual(['No orders. Runbook: 1) open the shop.']);
    expect(Object.values(descriptions(nested))).toEqual(['No orders. Runbook: 1) open the shop.']);
  });

  test('a description the address would push past 1024 characters loses checks from the end, never its meaning', () => {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const meaning = 'Orders wait. '.repeat(20).trim();
    const checks = Array.from({ length: 13 }, (_, i) => `${i + 1}) check thing number ${i + 1} of the order pipeline carefully`).join('; ');
    const original = `${meaning} Runbook: ${checks}.`;
    expect(original.length).toBeLessThanOrEqual(1024);
    expect(`${original} ${BASE}/Shop.md#alarm-shop-long`.length).toBeGreaterThan(1024);
    new cw.Alarm(stack, 'Long', { metric: new cw.Metric({ namespace: 'Shop', metricName: 'Orders' }), threshold: 1, evaluationPeriods: 1, alarmDescription: original });
    Runbook.publishAt(app, BASE);
    const [d] = Object.values(descriptions(stack));
    expect(d.length).toBeLessThanOrEqual(1024);
    expect(d.startsWith(`${meaning} Runbook: 1) check thing number 1 `)).toBe(true);
    expect(d).toMatch(new RegExp(`; … ${BASE.replace(/[./]/g, '\\$&')}/Shop\\.md#alarm-shop-long$`));
    expect(d).not.toContain('13) check');
  });

  test('a base address that is not https, or has a fragment or query, is rejected with the value and what to give', () => {
    const app = appIn();
    expect(() => Runbook.publishAt(app, 'http://runbooks.example.com')).toThrow(
      /Runbook\.publishAt\('<app>'\): invalid baseUrl "http:\/\/runbooks\.example\.com"\. Give the https:\/\/ address where the cloud assembly's runbooks\/ directory is published/);
    expect(() => Runbook.publishAt(app, 'https://runbooks.example.com/#x')).toThrow(/invalid baseUrl "https:\/\/runbooks\.example\.com\/#x"/);
    expect(() => Runbook.publishAt(app, 'https://runbooks.example.com/?v=1')).toThrow(/without '#' or '\?'/);
  });
});

describe('Runbook.publishAt, edge cases', () => {
  const metric = new cw.Metric({ namespace: 'Shop', metricName: 'Orders' });
  const alarmIn = (scope: Construct, id: string, alarmDescription: string) =>
    new cw.Alarm(scope, id, { metric, threshold: 1, evaluationPeriods: 1, alarmDescription });

  test('stacks inside stages are linked, with the file and anchor of the runbook ReadinessChecks writes for them', () => {
    const app = appIn();
    const prod = new Stage(app, 'Prod', { env: PRIMARY });
    const web = new Stack(prod, 'Web');
    alarmIn(web, 'A', 'Errors. Runbook: 1) check the logs.');
    Runbook.publishAt(app, BASE);
    const files = synthRunbooks(app);
    const template = JSON.parse(fs.readFileSync(path.join(prod.outdir, web.templateFile), 'utf-8'));
    const [description] = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties.AlarmDescription);
    const m = /^Errors\. Runbook: 1\) check the logs\. https:\/\/runbooks\.example\.com\/shop\/([^#]+)#(alarm-prod-web-a)$/.exec(description);
    expect(m).not.toBeNull();
    expect(files.get(m![1])).toContain(`<a id="${m![2]}"></a>`);
  });

  test('a description with tokens is linked when its literal parts leave room; a base address that is a token is rejected', () => {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const queue = new sqs.Queue(stack, 'Orders');
    alarmIn(stack, 'Tokens', `Orders in ${queue.queueName} wait. Runbook: 1) check the consumers.`);
    Runbook.publishAt(app, BASE);
    const [d] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.AlarmDescription);
    expect(JSON.stringify(d)).toContain(`wait. Runbook: 1) check the consumers. ${BASE}/Shop.md#alarm-shop-tokens`);
    expect(() => Runbook.publishAt(app, Lazy.string({ produce: () => BASE }))).toThrow(/invalid baseUrl ".*" \(a token\)\. Give the address as a literal string/);
  });

  test('trimming keeps URLs inside kept checks, drops period-separated checks whole, and the runbook shows no "…" check', () => {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const meaning = 'Payments fail. '.repeat(24).trim();
    const checks = ['1) open https://status.example.com/payments and compare the error rate', ...Array.from({ length: 12 }, (_, i) => `${i + 2}) check the payment step number ${i + 2} in the logs`)].join('. ');
    const original = `${meaning} Runbook: ${checks}.`;
    expect(original.length).toBeLessThanOrEqual(1024);
    alarmIn(stack, 'Pay', original);
    Runbook.publishAt(app, BASE);
    const md = synthRunbooks(app).get('Shop.md')!;
    const d = descriptions(stack)[Object.keys(descriptions(stack))[0]];
    expect(d.length).toBeLessThanOrEqual(1024);
    expect(d).toContain('1) open https://status.example.com/payments and compare the error rate');
    expect(d).toMatch(/\d\) check the payment step number \d+ in the logs; … https:\/\/runbooks\.example\.com\/shop\/Shop\.md#alarm-shop-pay$/);
    expect(d).not.toMatch(/step number \d+ in the l…/);
    const pay = md.substring(md.indexOf('<a id="alarm-shop-pay">'));
    expect(pay).toContain('1. Open https://status.example.com/payments and compare the error rate');
    expect(pay).not.toContain('…');
    // The checks the description lost are in the runbook, which has no length limit.
    expect(pay).toMatch(/#### Every first check \(the description keeps those that fit\)\n\n1\. Open https:\/\/status\.example\.com\/payments and compare the error rate\n[\s\S]*13\. Check the payment step number 13 in the logs\n/);
  });

  test('alarms whose paths differ only in case or punctuation are not linked (the address would be ambiguous); the runbook gives each its own anchor', () => {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const upper = alarmIn(stack, 'API5xx', 'Errors. Runbook: 1) check the API.');
    alarmIn(stack, 'Api5xx', 'Errors too. Runbook: 1) check the API again.');
    alarmIn(stack, 'Orders', 'No orders. Runbook: 1) open the shop.');
    Runbook.publishAt(app, BASE);
    const md = synthRunbooks(app).get('Shop.md')!;
    const d = Object.values(descriptions(stack));
    expect(d).toEqual(expect.arrayContaining(['Errors. Runbook: 1) check the API.', 'Errors too. Runbook: 1) check the API again.', `No orders. Runbook: 1) open the shop. ${BASE}/Shop.md#alarm-shop-orders`]));
    expect(md).toContain('<a id="alarm-shop-api5xx"></a>');
    expect(md).toContain('<a id="alarm-shop-api5xx-2"></a>');
    // The warning the synth gave on the alarm (construct metadata, written into the cloud assembly).
    const warnings = upper.node.defaultChild!.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => m.data);
    expect(warnings).toEqual([expect.stringContaining('the alarms Shop/API5xx/Resource, Shop/Api5xx/Resource have the same runbook anchor')]);
  });

  test('an alarm whose meaning leaves no room for the address is left unlinked, with a warning that says what to do', () => {
    const app = appIn();
    const stack = new Stack(app, 'Shop', { env: PRIMARY });
    const original = `${'x'.repeat(1000)} Runbook: 1) check.`;
    const alarm = alarmIn(stack, 'Long', original);
    Runbook.publishAt(app, BASE);
    const t = Template.fromStack(stack);
    expect(Object.values<any>(t.findResources('AWS::CloudWatch::Alarm'))[0].Properties.AlarmDescription).toBe(original);
    const warnings = Annotations.fromStack(stack).findWarning(`/${(alarm.node.defaultChild as cw.CfnAlarm).node.path}`, Match.stringLikeRegexp('does not fit in its description within the 1024 characters'));
    expect(warnings).toHaveLength(1);
  });
});
