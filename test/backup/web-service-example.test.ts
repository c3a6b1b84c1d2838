// Synthesizes examples/web-service with the REAL CDK CLI under PROD: the workload built the way we
// recommend has no Backup & Recovery, Monitoring, Performance or runbook finding (other areas'
// findings remain until they land).
import * as fs from 'fs';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

describe('examples/web-service (real `cdk synth`, -c readiness:profile=prod)', () => {
  let run: SynthResult;
  beforeAll(() => {
    run = synthExample('examples/web-service', { 'readiness:profile': 'prod' });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('the CLI prints no Readiness-BAK finding', () => {
    expect(run.output).toMatch(/Production Readiness Score/);
    expect(run.output).not.toMatch(/Readiness-BAK\d/);
  });

  test('the report scores Backup & Recovery 100 with every BAK rule evaluated', () => {
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => f.ruleId.startsWith('Readiness-BAK'))).toEqual([]);
    const area = report.areas.find((a: any) => a.area === 'backup');
    expect(area.score).toBe(100);
    for (const id of ['BAK1', 'BAK2', 'BAK3', 'BAK4', 'BAK5', 'BAK6', 'BAK7']) {
      expect(area.rules.find((r: any) => r.ruleId === `Readiness-${id}`).evaluated).toBeGreaterThan(0);
    }
  });

  test('the CLI prints no MON, PRF1 or DOC1 finding; the report scores Monitoring, Performance and Documentation 100 and counts the alarms', () => {
    expect(run.output).not.toMatch(/Readiness-(MON\d|PRF1|DOC1)/);
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf8'));
    expect(report.findings.filter((f: any) => /^Readiness-(MON\d|PRF1|DOC1)$/.test(f.ruleId))).toEqual([]);
    for (const area of ['monitoring', 'performance', 'documentation']) {
      expect({ area, score: report.areas.find((a: any) => a.area === area).score }).toEqual({ area, score: 100 });
    }
    const monitoring = report.areas.find((a: any) => a.area === 'monitoring');
    for (const id of ['MON1', 'MON2', 'MON3', 'MON4', 'MON5']) {
      expect(monitoring.rules.find((r: any) => r.ruleId === `Readiness-${id}`).evaluated).toBeGreaterThan(0);
    }
    // The alarms per stack, counted in the synthesized template (metric and composite alarms).
    const template = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebService.template.json'), 'utf8'));
    const alarms = Object.values<any>(template.Resources).filter((r) => /^AWS::CloudWatch::(Composite)?Alarm$/.test(r.Type)).length;
    expect(alarms).toBeGreaterThan(20);
    expect(report.stacks.find((s: any) => s.path === 'WebService').alarms).toBe(alarms);
    expect(fs.readFileSync(path.join(run.outdir, 'readiness-report.md'), 'utf8')).toMatch(new RegExp(`\\| \`WebService\` \\| prod \\| 123456789012 \\| eu-west-1 \\| \\d+ \\| ${alarms} \\|`));
  });

  test('the primary stack deploys after the DR stack (cdk deploy --all creates the DR vault before the plan that copies to it)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.artifacts.WebService.dependencies).toContain('WebServiceBackupDr');
  });

  test('the primary and DR stacks are in different regions, the DR vault wired by ARN (no cross-stack export)', () => {
    const primary = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebService.template.json'), 'utf8'));
    const dr = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebServiceBackupDr.template.json'), 'utf8'));
    expect(JSON.stringify(primary)).toContain(':backup:eu-central-1:123456789012:backup-vault:');
    expect(JSON.stringify(primary)).not.toContain('Fn::ImportValue');
    expect(Object.values<any>(dr.Resources).some((r) => r.Type === 'AWS::Backup::BackupVault')).toBe(true);
  });
});
