// docs/testing.md: its samples, run (the Stage test under samples/ runs on its own).
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { ReadinessProfile, ReadinessTesting, RemoteStateBackend } from 'cdk-readiness';
import * as integStateBackend from './samples/integ.state-backend';
import * as remoteStateProduction from './samples/remote-state-production';

describe('the production state backend of docs/remote-state-backend.md, with the cdk-nag packs', () => {
  const { app } = remoteStateProduction;

  // sample: testing/nag
  test('is production-ready for its profile', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test.each([
    ['AwsSolutions', new AwsSolutionsChecks()],
    ['NIST 800-53 R5', new NIST80053R5Checks()],
  ])('is clean under cdk-nag %s', (_name, pack) => {
    expect(pack.validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
  });
  // end-sample
});

test('the profile option judges by one profile; it does not change what constructs build', () => {
  const app = new App();
  const stack = new Stack(app, 'Data', { env: { account: '111111111111', region: 'eu-west-1' } });
  new RemoteStateBackend(stack, 'State', { bucketName: 'acme-tfstate-111111111111-eu-west-1' });

  // sample: testing/profile-option
  // Judged by PROD although built under the default profile: PROD's extra requirements show up.
  const findings = ReadinessTesting.findings(app, { profile: ReadinessProfile.PROD });
  // end-sample

  expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['Readiness-STA2', 'Readiness-STA4']));
});

test('the integ test app synthesizes with its integ manifest', () => {
  const { app } = integStateBackend;
  const files = fs.readdirSync(app.outdir);
  expect(files).toEqual(expect.arrayContaining(['IntegState.template.json', 'integ.json']));
  const manifest = JSON.parse(fs.readFileSync(path.join(app.outdir, 'integ.json'), 'utf-8'));
  expect(Object.keys(manifest.testCases)).toEqual(['StateBackend/DefaultTest']);
});
