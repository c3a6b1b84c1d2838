// examples/organization synthesized by the real CDK CLI under PROD: 100/100, the StackSet's
// template inline and clean under cfn-lint, and the runbook's StackSet procedures.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

function cfnLintAvailable(): boolean {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('examples/organization (real `cdk synth`)', () => {
  let run: SynthResult;
  beforeAll(() => {
    run = synthExample('examples/organization', { 'readiness:profile': 'prod' });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  const template = (stack: string) => JSON.parse(fs.readFileSync(path.join(run.outdir, `${stack}.template.json`), 'utf-8'));
  const memberTemplate = () => {
    const stackSet = Object.values<any>(template('OrganizationSecurityTooling').Resources).find((r) => r.Type === 'AWS::CloudFormation::StackSet');
    return JSON.parse(stackSet.Properties.TemplateBody);
  };

  test('synthesizes with exit code 0 and scores 100/100 under PROD', () => {
    expect({ status: run.status, output: run.output }).toEqual({ status: 0, output: expect.stringContaining('Production Readiness Score 100/100 PASS (0 errors, 0 warnings') });
  });

  test('the StackSet rules judged the rollout, and the security and backup services are configured for the organization', () => {
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf-8'));
    const rules = report.areas.flatMap((a: any) => a.rules).filter((r: any) => /DEP(8|9|10|11)$/.test(r.ruleId));
    expect(rules.map((r: any) => [r.ruleId, r.evaluated, r.passed])).toEqual([
      ['Readiness-DEP8', 1, 1], ['Readiness-DEP9', 1, 1], ['Readiness-DEP10', 1, 1], ['Readiness-DEP11', 1, 1],
    ]);
    const types = (stack: string) => Object.values<any>(template(stack).Resources).map((r) => r.Type);
    expect(types('OrganizationManagement')).toEqual(expect.arrayContaining(['AWS::CloudTrail::Trail', 'AWS::Organizations::Policy', 'AWS::SecurityHub::DelegatedAdmin']));
    expect(types('OrganizationSecurityTooling')).toEqual(expect.arrayContaining([
      'AWS::SecurityHub::OrganizationConfiguration', 'AWS::SecurityHub::ConfigurationPolicy', 'AWS::SecurityHub::PolicyAssociation',
      'AWS::Config::ConfigurationAggregator', 'AWS::Events::Rule', 'AWS::CloudFormation::StackSet',
    ]));
  });

  test('the member template holds the vault, its lock and the role the backup policy names, and no asset', () => {
    const member = memberTemplate();
    const resources = Object.values<any>(member.Resources);
    expect(resources.find((r) => r.Type === 'AWS::Backup::BackupVault').Properties).toMatchObject({ BackupVaultName: 'readiness-backup-vault', LockConfiguration: expect.anything() });
    expect(resources.find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === 'ReadinessOrganizationBackup')).toBeDefined();
    expect(JSON.stringify(member)).not.toMatch(/aws:asset:path|cdk-[a-z0-9]+-assets-/);
    expect(member.Parameters?.BootstrapVersion).toBeUndefined();
  });

  (cfnLintAvailable() ? test : test.skip)('the member template is clean under cfn-lint (no errors)', () => {
    const file = path.join(run.outdir, 'member.template.json');
    fs.writeFileSync(file, JSON.stringify(memberTemplate(), undefined, 1));
    let status = 0;
    let output = '';
    try {
      output = execFileSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf-8' });
    } catch (e: any) {
      status = e.status;
      output = String(e.stdout);
    }
    // cfn-lint's exit code is a bit field: 2 = error, 1 = cfn-lint failed; warnings (4) and informational (8) are not fatal.
    const failed = status % 4 !== 0;
    expect({ failed, output: failed ? output : '' }).toEqual({ failed: false, output: '' });
  });

  test('the runbook says how to add an account, an OU or a region and how to roll back a StackSet operation', () => {
    const md = fs.readFileSync(path.join(run.outdir, 'runbooks', 'OrganizationSecurityTooling.md'), 'utf-8');
    expect(md).toContain('### StackSet ReadinessMemberBaseline: add an account');
    expect(md).toContain('### StackSet ReadinessMemberBaseline: add an OU or a region');
    expect(md).toContain('### StackSet ReadinessMemberBaseline: roll back an operation');
    expect(md).toContain('aws cloudformation stop-stack-set-operation --stack-set-name ReadinessMemberBaseline --call-as DELEGATED_ADMIN');
  });
});
