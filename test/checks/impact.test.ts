// Impact levels (issue 17, items 4, 5 and 7): every rule has an impact, the profile maps it to a
// severity, the score weighs findings by it, the outputs show it and list the highest first.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ReadinessChecks, ReadinessProfile, RuleImpact, RuleSeverity } from '../../src';
import { RuleOutcome } from '../../src/checks/private/evaluate';
import { renderMarkdown, scoreOf } from '../../src/checks/private/report';
import { IMPACT_RANK } from '../../src/checks/private/sarif';
import { ReadinessArea } from '../../src/checks/rule';
import { findingsOf, pluginReportOf, reportOf } from '../util/findings';

const EU = { account: '111111111111', region: 'eu-west-1' };
const IMPACTS = Object.values(RuleImpact);

describe('every rule has an impact', () => {
  test.each(ReadinessChecks.rules().map((r) => [r.id, r]))('%s', (_id, rule) => {
    expect(IMPACTS).toContain(rule.impact);
  });

  test('data loss and unnoticed outages are critical; diagnosis is low', () => {
    const impact = Object.fromEntries(ReadinessChecks.rules().map((r) => [r.id, r.impact]));
    for (const id of ['Readiness-BAK1', 'Readiness-STA5', 'Readiness-MON1', 'Readiness-MON2', 'Readiness-MON6', 'Readiness-BAK6']) {
      expect({ id, impact: impact[id] }).toEqual({ id, impact: RuleImpact.CRITICAL });
    }
    for (const id of ['Readiness-MON3', 'Readiness-MON4', 'Readiness-PRF1', 'Readiness-DOC1']) {
      expect({ id, impact: impact[id] }).toEqual({ id, impact: RuleImpact.LOW });
    }
  });
});

describe('the profile maps impact to severity', () => {
  test('PROD and STAGING: critical and high are errors, medium and low warnings', () => {
    for (const p of [ReadinessProfile.PROD, ReadinessProfile.STAGING]) {
      expect([RuleImpact.CRITICAL, RuleImpact.HIGH, RuleImpact.MEDIUM, RuleImpact.LOW].map((i) => p.severityOf('Acme-X1', i)))
        .toEqual([RuleSeverity.ERROR, RuleSeverity.ERROR, RuleSeverity.WARNING, RuleSeverity.WARNING]);
    }
  });

  test('DEV: everything a warning, except DEP2 (ECS rejects the deployment itself)', () => {
    for (const i of IMPACTS) expect(ReadinessProfile.DEV.severityOf('Readiness-MON1', i)).toBe(RuleSeverity.WARNING);
    expect(ReadinessProfile.DEV.severityOf('Readiness-DEP2', RuleImpact.HIGH)).toBe(RuleSeverity.ERROR);
  });

  test('severityOverrides win over the impact, both ways; STAGING keeps SCL5 an error', () => {
    const p = ReadinessProfile.PROD.extend('prod-strict', {
      severityOverrides: { 'Readiness-MON4': RuleSeverity.ERROR, 'Readiness-BAK1': RuleSeverity.WARNING },
    });
    expect(p.severityOf('Readiness-MON4', RuleImpact.LOW)).toBe(RuleSeverity.ERROR);
    expect(p.severityOf('Readiness-BAK1', RuleImpact.CRITICAL)).toBe(RuleSeverity.WARNING);
    expect(ReadinessProfile.STAGING.severityOf('Readiness-SCL5', RuleImpact.MEDIUM)).toBe(RuleSeverity.ERROR);
    expect(ReadinessProfile.PROD.severityOf('Readiness-SCL5', RuleImpact.MEDIUM)).toBe(RuleSeverity.WARNING);
  });

  test('errorImpact raises every lower impact; a custom profile without it keeps defaultSeverity for all', () => {
    const all = ReadinessProfile.PROD.extend('prod-all', { errorImpact: RuleImpact.LOW });
    expect(all.severityOf('Readiness-PRF1', RuleImpact.LOW)).toBe(RuleSeverity.ERROR);
    const custom = ReadinessProfile.custom({ ...ReadinessProfile.PROD.toProps(), name: 'mine', errorImpact: undefined, severityOverrides: {} });
    expect(custom.errorImpact).toBe(RuleImpact.LOW);
    expect(custom.severityOf('Readiness-PRF1', RuleImpact.LOW)).toBe(RuleSeverity.ERROR);
    // OFF stays off whatever the impact.
    const off = ReadinessProfile.PROD.extend('prod-off', { defaultSeverity: RuleSeverity.OFF });
    expect(off.severityOf('Readiness-PRF1', RuleImpact.LOW)).toBe(RuleSeverity.OFF);
  });

  test('a bad errorImpact is a clear error', () => {
    expect(() => ReadinessProfile.PROD.extend('bad', { errorImpact: 'severe' as RuleImpact }))
      .toThrow(/invalid errorImpact "severe"\. Use one of RuleImpact: critical, high, medium, low/);
  });

  test('findings take their severity from the impact: under PROD a log group (MON5, medium) warns, a DESTROY bucket (STA5, critical) fails', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Data', { env: EU, terminationProtection: true });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    expect(new Set(findingsOf(app, 'Readiness-STA5').map((f) => f.severity))).toEqual(new Set(['error']));
    expect(new Set(findingsOf(app, 'Readiness-MON5').map((f) => f.severity))).toEqual(new Set(['warning']));
    const report = reportOf(app);
    expect(report.findings.find((f) => f.ruleId === 'Readiness-MON5')).toMatchObject({ impact: 'medium', severity: 'warning' });
  });
});

describe('the score weighs findings by impact, credits passes and counts warnings partly', () => {
  const outcome = (impact: RuleImpact, evaluated: number, passed: number, warned = 0): RuleOutcome => ({
    rule: { id: `Acme-R${impact}${evaluated}${passed}${warned}`, area: ReadinessArea.BACKUP, title: 't', auditLine: 'a', explanation: 'e', fix: 'f', impact },
    evaluated,
    passed,
    failed: evaluated - passed,
    warned,
    acknowledged: 0,
  });

  test('nothing assessed is no score, never 0 or 100', () => {
    expect(scoreOf([])).toBeNull();
    expect(scoreOf([outcome(RuleImpact.CRITICAL, 0, 0)])).toBeNull();
  });

  test('a failing critical rule costs eight times a failing low one', () => {
    const criticalFails = scoreOf([outcome(RuleImpact.CRITICAL, 1, 0), outcome(RuleImpact.LOW, 1, 1)]);
    const lowFails = scoreOf([outcome(RuleImpact.CRITICAL, 1, 1), outcome(RuleImpact.LOW, 1, 0)]);
    expect(criticalFails).toBe(Math.floor((100 * 1) / 9));
    expect(lowFails).toBe(Math.floor((100 * 8) / 9));
  });

  test('what passes is credited: a rule failing on one of ten resources keeps 90 % of its weight', () => {
    expect(scoreOf([outcome(RuleImpact.HIGH, 10, 9)])).toBe(90);
  });

  test('a warning earns half of a pass; an error nothing', () => {
    expect(scoreOf([outcome(RuleImpact.HIGH, 2, 0, 2)])).toBe(50);
    expect(scoreOf([outcome(RuleImpact.HIGH, 2, 0, 0)])).toBe(0);
  });

  test('100 only when every judged subject passes', () => {
    expect(scoreOf([outcome(RuleImpact.LOW, 1000, 999, 1)])).toBe(99);
    expect(scoreOf([outcome(RuleImpact.LOW, 1000, 1000)])).toBe(100);
  });

  test('a mostly-good stack scores as mostly good: a protected Aurora-like store with one open gap', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Data', { env: EU, terminationProtection: true });
    // Retained, versioned, encrypted — only the queue lacks an alarm and a DLQ.
    new s3.Bucket(stack, 'Archive', { versioned: true });
    new sqs.Queue(stack, 'Jobs', { removalPolicy: RemovalPolicy.RETAIN });
    const report = reportOf(app);
    expect(report.overall.passed).toBe(false);
    expect(report.overall.score).toBeGreaterThan(0);
  });
});

describe('outputs show the impact and list the highest first', () => {
  function gappy(profile = 'prod'): App {
    const app = new App({ context: { 'readiness:profile': profile } });
    const stack = new Stack(app, 'Work', { env: EU, terminationProtection: true });
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }); // MON5, medium
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY }); // STA5, critical
    for (let i = 0; i < 12; i++) new sqs.Queue(stack, `Q${i}`, { removalPolicy: RemovalPolicy.RETAIN }); // MON1, critical, 12 findings
    return app;
  }

  test('JSON: every finding and rule carries its impact', () => {
    const report = reportOf(gappy());
    for (const f of report.findings) expect(IMPACTS).toContain(f.impact);
    for (const r of report.areas.flatMap((a) => a.rules)) expect(IMPACTS).toContain(r.impact);
  });

  test('Markdown: sections per rule, critical before medium, each with its impact; the rule table has an Impact column', () => {
    const md = renderMarkdown(reportOf(gappy()));
    const at = (id: string) => md.indexOf(`### ${id}:`);
    expect(at('Readiness-STA5')).toBeGreaterThan(0);
    expect(at('Readiness-STA5')).toBeLessThan(at('Readiness-MON5'));
    expect(at('Readiness-MON1')).toBeLessThan(at('Readiness-MON5'));
    expect(md).toContain('- Impact: critical · 12 findings');
    expect(md).toContain('| Rule | Area | Impact | Evaluated |');
    expect(md).toMatch(/\| Readiness-MON5 \| Monitoring & Observability \| medium \|/);
  });

  test('SARIF: level from the severity, rank from the impact, on results and rules', () => {
    const app = gappy();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'impact-'));
    const withOutdir = new App({ outdir: dir, context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(withOutdir, 'Work', { env: EU, terminationProtection: true });
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    reportOf(withOutdir);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.sarif'), 'utf-8'));
    const results: any[] = sarif.runs[0].results;
    const sta5 = results.find((r) => r.ruleId === 'Readiness-STA5');
    const mon5 = results.find((r) => r.ruleId === 'Readiness-MON5');
    expect(sta5).toMatchObject({ level: 'error', rank: IMPACT_RANK.critical, properties: { impact: 'critical' } });
    expect(mon5).toMatchObject({ level: 'warning', rank: IMPACT_RANK.medium, properties: { impact: 'medium' } });
    expect(IMPACT_RANK.critical).toBeGreaterThan(IMPACT_RANK.high);
    expect(IMPACT_RANK.high).toBeGreaterThan(IMPACT_RANK.medium);
    expect(IMPACT_RANK.medium).toBeGreaterThan(IMPACT_RANK.low);
    const rules: any[] = sarif.runs[0].tool.driver.rules;
    expect(rules.find((r) => r.id === 'Readiness-PRF1').defaultConfiguration).toEqual({ level: 'warning', rank: IMPACT_RANK.low });
    expect(rules.find((r) => r.id === 'Readiness-BAK1').defaultConfiguration).toEqual({ level: 'error', rank: IMPACT_RANK.critical });
    expect(app).toBeDefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('what the CDK prints: one block per rule, highest impact first, the fix once, at most ten paths, the scorecard last', () => {
    const app = gappy('dev');
    // What the plugin hands the CDK during a real synth.
    const report = pluginReportOf(app);
    const mon1 = report.violations.filter((v) => v.ruleName === 'Readiness-MON1');
    expect(mon1).toHaveLength(1);
    expect(mon1[0].violatingResources).toHaveLength(1);
    expect(mon1[0].description).toMatch(/^Readiness-MON1 \[critical\] .*: 12 findings\n/);
    expect(mon1[0].description.split('\n').filter((l) => l.startsWith('   - Work/Q'))).toHaveLength(10);
    expect(mon1[0].description).toContain('   - ... and 2 more in readiness-report.md');
    expect(mon1[0].fix).toContain('Plain CDK:');
    const order = report.violations.map((v) => v.ruleName);
    expect(order.indexOf('Readiness-STA5')).toBeLessThan(order.indexOf('Readiness-MON5'));
    expect(order[order.length - 1]).toBe('Readiness-SCORECARD');
    const last = report.violations[report.violations.length - 1];
    expect(last.severity).toBe('SCORECARD');
    expect(last.description).toMatch(/^Production Readiness Score \d+\/100 PASS \(0 errors, \d+ warnings, 0 acknowledged\)/);
    expect(last.description).toMatch(/Top findings by impact: Readiness-BAK1 \(critical, 1\), Readiness-MON1 \(critical, 12\), Readiness-STA5 \(critical, 2\)/);
  });

  test('validateScope() keeps every resource (grouped per rule and message), without the scorecard', () => {
    const report = new ReadinessChecks().validateScope(gappy());
    const mon1 = report.violations.filter((v) => v.ruleName === 'Readiness-MON1');
    expect(mon1.flatMap((v) => v.violatingResources)).toHaveLength(12);
    expect(report.violations.map((v) => v.ruleName)).not.toContain('Readiness-SCORECARD');
  });
});

describe('every fix gives the plain-CDK way, and ours where there is one', () => {
  const NO_CONSTRUCT = new Set(['Readiness-SCL6', 'Readiness-SCL7', 'Readiness-STA4']);
  test.each(ReadinessChecks.rules().map((r) => [r.id, r.fix]))('%s', (id, fix) => {
    expect(fix).toMatch(/^Plain CDK: /);
    expect(fix).toContain(' With this library: ');
    const ours = fix.substring(fix.indexOf(' With this library: '));
    if (!NO_CONSTRUCT.has(id)) expect(ours).toMatch(/`(new )?[A-Z][A-Za-z]+[`.(]/);
  });

  test('PRF2 names the plain synthetics.Canary as well as EndpointCanary', () => {
    const prf2 = ReadinessChecks.rules().find((r) => r.id === 'Readiness-PRF2')!;
    expect(prf2.fix).toContain('synthetics.Canary');
    expect(prf2.fix).toContain('EndpointCanary');
  });
});

describe('MON5 on a log group the awsLogs driver made (ecs_patterns)', () => {
  function service(ownLogGroup: boolean): App {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Web', { env: EU, terminationProtection: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const logGroup = ownLogGroup ? new logs.LogGroup(stack, 'AppLogs', { removalPolicy: RemovalPolicy.RETAIN }) : undefined;
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Api', {
      vpc,
      taskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
        ...(logGroup ? { logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'api' }) } : {}),
      },
    });
    return app;
  }

  test('non-compliant: the default ecs_patterns log group is reported with how to pass your own', () => {
    const findings = findingsOf(service(false), 'Readiness-MON5');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.constructPath).toBe('Web/Api/TaskDef/web/LogGroup/Resource');
      expect(f.message).toContain('The awsLogs log driver of container web made this log group');
      expect(f.message).toContain('logDriver: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix })');
    }
  });

  test('compliant with the hint: a log group of your own is judged without it', () => {
    const findings = findingsOf(service(true), 'Readiness-MON5');
    expect(findings.map((f) => f.constructPath)).toEqual(expect.arrayContaining(['Web/AppLogs/Resource']));
    for (const f of findings) expect(f.message).not.toContain('awsLogs log driver');
  });
});
