// The examples/terraform-state app, synthesized by the real CDK CLI under the PROD profile with
// ReadinessChecks, AwsSolutionsChecks and NIST80053R5Checks registered.
import * as fs from 'fs';
import * as path from 'path';
import { removeSynthOutput, synthExample, SynthResult } from '../util/cdk-cli';

describe('examples/terraform-state (real `cdk synth`)', () => {
  let run: SynthResult;
  beforeAll(() => {
    run = synthExample('examples/terraform-state', { 'readiness:profile': 'prod' });
  }, 240_000);
  afterAll(() => removeSynthOutput(run));

  test('synthesizes with exit code 0: no readiness, AwsSolutions or NIST finding', () => {
    expect({ status: run.status, output: run.output }).toEqual({ status: 0, output: expect.stringContaining('Production Readiness Score 100/100 PASS (0 errors, 0 warnings') });
    expect(run.output).not.toMatch(/AwsSolutions-|NIST\.800\.53\.R5-/);
  });

  test('the report scores the state rules on the example\'s buckets', () => {
    const report = JSON.parse(fs.readFileSync(path.join(run.outdir, 'readiness-report.json'), 'utf-8'));
    const rules = report.areas.flatMap((a: any) => a.rules).filter((r: any) => /STA[123]$/.test(r.ruleId));
    expect(rules.map((r: any) => [r.ruleId, r.evaluated, r.passed])).toEqual([
      ['Readiness-STA1', 2, 2], ['Readiness-STA2', 1, 1], ['Readiness-STA3', 1, 1],
    ]);
  });

  test('the state stack deploys after the replica stack (manifest dependency, no export)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf-8'));
    expect(manifest.artifacts.TerraformState.dependencies).toContain('TerraformStateReplica');
    const template = fs.readFileSync(path.join(run.outdir, 'TerraformState.template.json'), 'utf-8');
    expect(template).not.toContain('Fn::ImportValue');
    expect(template).not.toMatch(/"Type": "(Custom::|AWS::CloudFormation::CustomResource)/);
  });

  test('writes backend.tf and backend.tofu per environment into the cloud assembly', () => {
    const root = path.join(run.outdir, 'terraform-backends', 'TerraformState');
    const [unique] = fs.readdirSync(root);
    expect(fs.readdirSync(path.join(root, unique)).sort()).toEqual(['dev', 'prod', 'staging']);
    const tf = fs.readFileSync(path.join(root, unique, 'prod', 'backend.tf'), 'utf-8');
    expect(tf).toContain('bucket               = "acme-tfstate-111111111111-eu-west-1"');
    // `assume_role` is an object argument of the S3 backend: the block form fails `terraform init`.
    expect(tf).toContain('    assume_role = {\n      role_arn = "arn:aws:iam::111111111111:role/terraform-prod"\n    }\n');
    expect(tf).not.toMatch(/assume_role\s*\{/);
    expect(tf).toContain('required_version = ">= 1.10.1"');
    // The key ARN is a deploy-time value: the placeholder says what the bucket policy does without it.
    expect(tf).toMatch(/# Fill in kms_key_id .*`cdk-readiness backend-config`.*\n.*denies uploads encrypted with any other key/);
    expect(fs.existsSync(path.join(root, unique, 'prod', 'backend.tofu'))).toBe(true);
  });
});
