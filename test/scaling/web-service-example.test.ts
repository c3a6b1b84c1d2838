// Synthesizes examples/web-service with the REAL CDK CLI under PROD: the flagship built with the
// scaling and failover constructs has no Load Balancing & Scaling or PRF2 finding.
import * as fs from 'fs';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

describe('examples/web-service (real `cdk synth`, -c readiness:profile=prod)', () => {
  let run: SynthResult;
  let report: any;
  let template: any;
  beforeAll(() => {
    run = synthExample('examples/web-service', { 'readiness:profile': 'prod' });
    report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf8'));
    template = JSON.parse(fs.readFileSync(path.join(run.outdir, 'WebService.template.json'), 'utf8'));
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('the CLI prints no Readiness-SCL or Readiness-PRF2 finding', () => {
    expect(run.output).toMatch(/Production Readiness Score/);
    expect(run.output).not.toMatch(/Readiness-SCL\d|Readiness-PRF2/);
  });

  test('the report scores Load Balancing & Scaling 100 with every SCL rule evaluated, and PRF2 passed', () => {
    expect(report.findings.filter((f: any) => /^Readiness-(SCL\d|PRF2)$/.test(f.ruleId))).toEqual([]);
    const scaling = report.areas.find((a: any) => a.area === 'scaling');
    expect(scaling.score).toBe(100);
    for (const id of ['SCL1', 'SCL2', 'SCL3', 'SCL4', 'SCL5']) {
      expect(scaling.rules.find((r: any) => r.ruleId === `Readiness-${id}`).evaluated).toBeGreaterThan(0);
    }
    const prf2 = report.areas.find((a: any) => a.area === 'performance').rules.find((r: any) => r.ruleId === 'Readiness-PRF2');
    expect(prf2).toMatchObject({ evaluated: 1, passed: 1 });
  });

  test('the template carries the scaling target, the experiments and the canary', () => {
    const types = Object.values<any>(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::ApplicationAutoScaling::ScalableTarget')).toHaveLength(1);
    expect(types.filter((t) => t === 'AWS::FIS::ExperimentTemplate')).toHaveLength(2);
    expect(types.filter((t) => t === 'AWS::Synthetics::Canary')).toHaveLength(1);
  });

  test('the experiments stop on the critical alarms ServiceMonitoring made for the service (and add none of their own)', () => {
    const resources = Object.entries<any>(template.Resources);
    const experiments = resources.filter(([, r]) => r.Type === 'AWS::FIS::ExperimentTemplate').map(([, r]) => r);
    for (const e of experiments) {
      const alarms = e.Properties.StopConditions.map((c: any) => c.Value['Fn::GetAtt'][0]);
      expect(alarms).toEqual([
        expect.stringMatching(/^Monitoring.*TargetGroupNoHealthyHosts/),
        expect.stringMatching(/^Monitoring.*TargetGroup5xxRate/),
        expect.stringMatching(/^Monitoring.*EcsNoRunningTasks/),
      ]);
      for (const id of alarms) expect(template.Resources[id].Type).toBe('AWS::CloudWatch::Alarm');
    }
    expect(resources.filter(([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' && id.startsWith('WebFailover'))).toEqual([]);
  });

  test('the business-hours schedules run in the users\' time zone', () => {
    const target = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(target.Properties.ScheduledActions.map((a: any) => a.Timezone)).toEqual(['Europe/Dublin', 'Europe/Dublin']);
  });
});
