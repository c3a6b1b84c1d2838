// The README recipe applied to this example: readiness findings as plain data, the cdk-nag packs
// the app registers, and snapshots of the templates, in a unit test, without the CDK CLI.
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import * as cdkJson from './cdk.json';
import { ReadinessTesting } from 'cdk-readiness';
import { buildTerraformStateApp } from './terraform-state-app';

describe('the terraform-state app under PROD', () => {
  const app = new App({ context: { ...(cdkJson as any).context, 'readiness:profile': 'prod' } });
  const { drStack, stateStack } = buildTerraformStateApp(app);

  test('is production-ready', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test.each([['AwsSolutions', new AwsSolutionsChecks()], ['NIST 800-53 R5', new NIST80053R5Checks()]])('is clean under cdk-nag %s', (_name, pack) => {
    expect(pack.validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
  });

  test.each([
    ['TerraformState', () => stateStack],
    ['TerraformStateReplica', () => drStack],
  ])('template of %s matches the snapshot', (_name, stack) => {
    expect(ReadinessTesting.normalizedTemplate(stack())).toMatchSnapshot();
  });
});
