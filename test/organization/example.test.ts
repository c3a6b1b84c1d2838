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
  const stackSetTemplate = (name: string) => {
    const stackSet = Object.values<any>(template('OrganizationSecurityTooling').Resources)
      .find((r) => r.Type === 'AWS::CloudFormation::StackSet' && r.Properties.StackSetName === name);
    return JSON.parse(stackSet.Properties.TemplateBody);
  };
  const memberTemplate = () => stackSetTemplate('ReadinessMemberBaseline');
  const verifierTemplate = () => stackSetTemplate('ReadinessMemberBackupVerifier');

  test('synthesizes with exit code 0 and scores 100/100 under PROD', () => {
    expect({ status: run.status, output: run.output }).toEqual({ status: 0, output: expect.stringContaining('Production Readiness Score 100/100 PASS (0 errors, 0 warnings') });
  });

  test('the StackSet rules judged the rollout, and the security and backup services are configured for the organization', () => {
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf-8'));
    const rules = report.areas.flatMap((a: any) => a.rules).filter((r: any) => /DEP(8|9|10|11)$/.test(r.ruleId));
    expect(rules.map((r: any) => [r.ruleId, r.evaluated, r.passed])).toEqual([
      ['Readiness-DEP8', 2, 2], ['Readiness-DEP9', 2, 2], ['Readiness-DEP10', 2, 2], ['Readiness-DEP11', 2, 2],
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

  test('the verifier\'s template reads its code from the DR region\'s asset bucket; the security tooling stack copies the asset it publishes there, after the bucket\'s stack', () => {
    const fn = Object.values<any>(verifierTemplate().Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    expect(fn.Properties.Code).toEqual({ S3Bucket: { 'Fn::Sub': 'readiness-stackset-assets-o-exampleorg1-${AWS::Region}' }, S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    const copies = Object.values<any>(template('OrganizationSecurityTooling').Resources).filter((r) => r.Type === 'Custom::ReadinessStackSetAssetCopy');
    expect(copies.map((c) => JSON.parse(c.Properties.Create).parameters)).toEqual([
      expect.objectContaining({ Bucket: 'readiness-stackset-assets-o-exampleorg1-eu-central-1', Key: fn.Properties.Code.S3Key }),
    ]);
    const assets = JSON.parse(fs.readFileSync(path.join(run.outdir, 'OrganizationSecurityTooling.assets.json'), 'utf-8'));
    const published = Object.values<any>(assets.files)
      .filter((f) => Object.values<any>(f.destinations).some((d) => d.objectKey === fn.Properties.Code.S3Key));
    expect(published).toHaveLength(1);
    expect(fs.existsSync(path.join(run.outdir, published[0].source.path, 'index.js'))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf-8'));
    expect(manifest.artifacts.OrganizationSecurityTooling.dependencies).toContain('OrganizationStackSetAssets');
    const bucket = Object.values<any>(template('OrganizationStackSetAssets').Resources).find((r) => r.Properties?.BucketName === 'readiness-stackset-assets-o-exampleorg1-eu-central-1');
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  (cfnLintAvailable() ? test.each(['member', 'verifier']) : test.skip.each(['member', 'verifier']))('the %s template is clean under cfn-lint (no errors)', (which) => {
    const file = path.join(run.outdir, `${which}.template.json`);
    fs.writeFileSync(file, JSON.stringify(which === 'member' ? memberTemplate() : verifierTemplate(), undefined, 1));
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
