// The report's machine formats, checked by real consumers: the SARIF 2.1.0 log against the
// OASIS JSON schema (ajv) and Microsoft's SARIF validator (the multitool code scanning services
// use), the score chart rendered to pixels by an SVG renderer (resvg).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ReadinessChecks } from '../../src';
import { resourceLineFinder, resourceLineIn } from '../../src/checks/private/sarif';
import { reportOf } from '../util/findings';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const SARIF_SCHEMA = path.join(path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'sarif-2.1.0.json');
// The package's main export is the path of the platform's validator binary.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MULTITOOL: string = require('@microsoft/sarif-multitool');

/** Synthesize an app with gaps into a fresh directory; returns the directory. */
function synthWithGaps(context: Record<string, unknown> = {}): { dir: string; tableLine: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-formats-'));
  const app = new App({ outdir: dir, context: { 'readiness:profile': 'prod', ...context } });
  const stack = new Stack(app, 'Data', { env: ENV, terminationProtection: true });
  const tableLine = new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1];
  new dynamodb.Table(stack, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }); // BAK1, MON1
  const scratch = new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY }); // STA5
  ReadinessChecks.acknowledgeRule(scratch, 'Readiness-STA5', 'Scratch files, rebuilt by every CI run');
  new s3.Bucket(stack, 'Temp', { removalPolicy: RemovalPolicy.DESTROY }); // STA5
  Validations.of(app).addPlugins(new ReadinessChecks(app, { printSummary: false }));
  try {
    app.synth();
  } catch (e) {
    if (!/Validation ?failed/i.test(String(e))) throw e;
  }
  return { dir, tableLine: Number(tableLine) + 1 };
}

describe('readiness-report.sarif', () => {
  let dir: string;
  let tableLine: number;
  let sarif: any;
  beforeAll(() => {
    ({ dir, tableLine } = synthWithGaps());
    sarif = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.sarif'), 'utf-8'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('validates against the SARIF 2.1.0 JSON schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf-8')));
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });

  test('passes Microsoft\'s SARIF validator with no error', () => {
    const out = path.join(dir, 'validation.sarif');
    const run = spawnSync(MULTITOOL, ['validate', path.join(dir, 'readiness-report.sarif'), '--output', out], { encoding: 'utf-8' });
    expect({ status: run.status, errors: run.stdout.split('\n').filter((l) => /: error /.test(l)) }).toEqual({ status: 0, errors: [] });
    const results: any[] = JSON.parse(fs.readFileSync(out, 'utf-8')).runs[0].results ?? [];
    expect(results.filter((r) => (r.level ?? 'warning') === 'error').map((r) => r.message?.text ?? r.ruleId)).toEqual([]);
  });

  test('one result per finding, errors as errors, acknowledged ones suppressed with their reason', () => {
    const results: any[] = sarif.runs[0].results;
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.json'), 'utf-8'));
    expect(results).toHaveLength(report.findings.length + report.acknowledged.length);
    const byRule = (id: string) => results.filter((r) => r.ruleId === id);
    // The table, and the two buckets (they hold data: no plan, no versioning).
    expect(byRule('Readiness-BAK1').map((r) => r.properties.constructPath)).toEqual(['Data/Orders/Resource', 'Data/Scratch/Resource', 'Data/Temp/Resource']);
    expect(byRule('Readiness-BAK1')[0].level).toBe('error');
    expect(byRule('Readiness-BAK1')[0].suppressions).toBeUndefined();
    const sta5 = byRule('Readiness-STA5');
    // DeletionPolicy and UpdateReplacePolicy of each bucket: Scratch's acknowledged, Temp's open.
    expect(sta5).toHaveLength(4);
    const scratch = sta5.filter((r) => r.properties.constructPath === 'Data/Scratch/Resource');
    expect(scratch.map((r) => r.suppressions)).toEqual([0, 1].map(() => [{ kind: 'inSource', status: 'accepted', justification: 'Scratch files, rebuilt by every CI run (acknowledged at Data/Scratch)' }]));
    expect(sta5.filter((r) => r.properties.constructPath === 'Data/Temp/Resource').map((r) => [r.level, r.suppressions])).toEqual([['error', undefined], ['error', undefined]]);
    const rules: any[] = sarif.runs[0].tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(rules.map((r) => r.id)).toEqual(ReadinessChecks.rules().map((r) => r.id));
  });

  test('results point at the line of the user\'s code that created the resource', () => {
    const bak1 = sarif.runs[0].results.find((r: any) => r.ruleId === 'Readiness-BAK1');
    expect(bak1.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/checks/report-formats.test.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: tableLine, startColumn: expect.any(Number) },
    });
    expect(bak1.locations[0].logicalLocations).toEqual([{ fullyQualifiedName: 'Data/Orders/Resource', kind: 'resource' }]);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.json'), 'utf-8'));
    expect(report.findings.find((f: any) => f.ruleId === 'Readiness-BAK1').source).toEqual({ file: 'test/checks/report-formats.test.ts', line: tableLine, column: expect.any(Number) });
    expect(fs.readFileSync(path.join(dir, 'readiness-report.md'), 'utf-8')).toContain(`| \`test/checks/report-formats.test.ts:${tableLine}\` |`);
  });

  test('stack findings point at the line that created the stack', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const line = Number(new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1]) + 1;
    new Stack(app, 'Unprotected', { env: ENV });
    const sta4 = reportOf(app).findings.find((f) => f.ruleId === 'Readiness-STA4');
    expect(sta4?.source).toEqual({ file: 'test/checks/report-formats.test.ts', line, column: expect.any(Number) });
  });

  test('without creation stacks, results point at the resource in the synthesized template', () => {
    const other = synthWithGaps({ 'aws:cdk:disable-creation-stack-traces': true });
    try {
      const log = JSON.parse(fs.readFileSync(path.join(other.dir, 'readiness-report.sarif'), 'utf-8'));
      const bak1 = log.runs[0].results.find((r: any) => r.ruleId === 'Readiness-BAK1');
      const template = fs.readFileSync(path.join(other.dir, 'Data.template.json'), 'utf-8');
      const logicalId = Object.keys(JSON.parse(template).Resources).find((id) => id.startsWith('Orders'))!;
      expect(bak1.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: 'Data.template.json', uriBaseId: 'CDK_OUT' },
        region: { startLine: resourceLineIn(template, logicalId) },
      });
      expect(template.split('\n')[resourceLineIn(template, logicalId)! - 1]).toMatch(new RegExp(`^\\s*"${logicalId}": \\{$`));
    } finally {
      fs.rmSync(other.dir, { recursive: true, force: true });
    }
  });

  test('template lines of many resources, looked up in any order, are those of their "<id>": { lines', () => {
    const template = JSON.stringify({
      Parameters: { Second: { Type: 'String' } }, // the same key before Resources is not a resource
      Resources: {
        First: { Type: 'AWS::SQS::Queue' },
        Second: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'a', Value: 'b' }] } },
        Third: { Type: 'AWS::SNS::Topic' },
      },
    }, undefined, 2);
    const lines = template.split('\n');
    const expected = (id: string) => lines.findIndex((l, i) => i > lines.indexOf('  "Resources": {') && l === `    "${id}": {`) + 1;
    const lineOf = resourceLineFinder(template);
    for (const id of ['Third', 'First', 'Second', 'Third']) {
      expect(lineOf(id)).toBe(expected(id));
      expect(resourceLineIn(template, id)).toBe(expected(id));
    }
    expect(lineOf('Missing')).toBeUndefined();
    expect(resourceLineFinder('{ "Parameters": {} }')('First')).toBeUndefined();
  });

  test('fingerprints are unique per finding and the same on every synth', () => {
    const prints = (log: any) => log.runs[0].results.map((r: any) => r.partialFingerprints['cdkReadinessFinding/v1']);
    const again = synthWithGaps();
    try {
      const second = JSON.parse(fs.readFileSync(path.join(again.dir, 'readiness-report.sarif'), 'utf-8'));
      expect(new Set(prints(sarif)).size).toBe(prints(sarif).length);
      expect(prints(second)).toEqual(prints(sarif));
      expect(JSON.stringify(second)).toEqual(JSON.stringify(sarif));
      expect(JSON.stringify(sarif)).not.toContain(os.tmpdir());
    } finally {
      fs.rmSync(again.dir, { recursive: true, force: true });
    }
  });
});

describe('readiness-scores.svg', () => {
  let dir: string;
  let report: any;
  let png: { width: number; height: number; pixels: Buffer };
  beforeAll(() => {
    ({ dir } = synthWithGaps());
    report = JSON.parse(fs.readFileSync(path.join(dir, 'readiness-report.json'), 'utf-8'));
    const svg = fs.readFileSync(path.join(dir, 'readiness-scores.svg'), 'utf-8');
    const rendered = new Resvg(svg, { font: { loadSystemFonts: true } }).render();
    png = { width: rendered.width, height: rendered.height, pixels: Buffer.from(rendered.pixels) };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** RGB of the rendered pixel at (x, y). */
  const rgb = (x: number, y: number) => {
    const i = (y * png.width + x) * 4;
    return [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]];
  };
  /** Centre of the bar track of area row `i` (layout: top 84, rows of 34, bars from x=250, 400 wide). */
  const barAt = (i: number, fraction: number) => rgb(250 + Math.round(400 * fraction), 84 + i * 34 + 13);

  test('renders to an image of the declared size', () => {
    expect(png.width).toBe(800);
    expect(png.height).toBe(84 + report.areas.length * 34 + 44);
  });

  test('each area\'s bar is as long as its score and coloured by its status', () => {
    const colors: Record<string, number[]> = { pass: [0x2e, 0x7d, 0x32], fail: [0xc6, 0x28, 0x28] };
    const track = [0xee, 0xee, 0xee];
    report.areas.forEach((area: any, i: number) => {
      if (area.score === null) {
        expect(barAt(i, 0.02)).toEqual(track);
        return;
      }
      if (area.score >= 4) expect(barAt(i, (area.score - 2) / 100)).toEqual(colors[area.status]);
      if (area.score <= 96) expect(barAt(i, (area.score + 2) / 100)).toEqual(track);
    });
    expect(report.areas.some((a: any) => a.status === 'fail' && a.score > 4)).toBe(true);
    expect(report.areas.some((a: any) => a.status === 'pass')).toBe(true);
    expect(report.areas.some((a: any) => a.score === null)).toBe(true);
  });

  test('the title text is drawn (dark pixels where the heading is)', () => {
    let dark = 0;
    for (let y = 14; y < 42; y++) for (let x = 20; x < 400; x++) if (rgb(x, y)[0] < 100) dark++;
    expect(dark).toBeGreaterThan(200);
  });

  test('the Markdown report embeds the chart', () => {
    expect(fs.readFileSync(path.join(dir, 'readiness-report.md'), 'utf-8')).toContain('![Scores per area](readiness-scores.svg)');
  });
});
