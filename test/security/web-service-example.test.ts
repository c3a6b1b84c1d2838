// Synthesizes examples/web-service with the REAL CDK CLI under PROD: the security stacks of the
// primary and DR regions leave no Security & Compliance finding.
import * as fs from 'fs';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

describe('examples/web-service security (real `cdk synth`, -c readiness:profile=prod)', () => {
  let run: SynthResult;
  beforeAll(() => {
    run = synthExample('examples/web-service', { 'readiness:profile': 'prod' });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('no Readiness-SEC finding; Security & Compliance scores 100 with every SEC rule evaluated in both regions (SEC2 once for the account)', () => {
    expect(run.output).not.toMatch(/Readiness-SEC\d/);
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.ruleId.startsWith('Readiness-SEC'))).toEqual([]);
    const area = report.areas.find((a: any) => a.area === 'security');
    expect(area.score).toBe(100);
    const evaluated = (id: string) => area.rules.find((r: any) => r.ruleId === `Readiness-${id}`).evaluated;
    // One account, two regions: SEC1, SEC3 and SEC4 once per region, SEC2 (one multi-region trail) once per account.
    for (const id of ['SEC1', 'SEC3', 'SEC4']) expect(evaluated(id)).toBe(2);
    expect(evaluated('SEC2')).toBe(1);
    expect(evaluated('SEC5')).toBeGreaterThanOrEqual(2);
  });

  test('the primary region owns the trail and the aggregator; the DR region declares the trail as provided', () => {
    const primary = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebServiceSecurity.template.json'), 'utf8'));
    const dr = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebServiceSecurityDr.template.json'), 'utf8'));
    const types = (t: any) => Object.values<any>(t.Resources).map((r) => r.Type);
    expect(types(primary)).toEqual(expect.arrayContaining(['AWS::CloudTrail::Trail', 'AWS::SecurityHub::FindingAggregator', 'AWS::GuardDuty::Detector']));
    expect(types(dr)).not.toContain('AWS::CloudTrail::Trail');
    expect(types(dr)).toContain('AWS::GuardDuty::Detector');
    const declaration = Object.values<any>(dr.Resources).find((r) => r.Type === 'AWS::SSM::Parameter');
    expect(JSON.parse(declaration.Properties.Value).provided).toEqual(['cloudtrail']);
  });
});
