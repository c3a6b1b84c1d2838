// The organization example under PROD, without the CDK CLI: readiness findings as plain data and
// the templates' snapshots (test/examples.test.ts synthesizes it with the real CLI).
import { App } from 'aws-cdk-lib';
import { ReadinessTesting } from 'cdk-readiness';
import * as cdkJson from './cdk.json';
import { buildOrganizationApp } from './organization-app';

describe('the organization app under PROD', () => {
  const app = new App({ context: { ...(cdkJson as any).context, 'readiness:profile': 'prod' } });
  const { management, securityTooling, stackSetAssets, workload } = buildOrganizationApp(app);

  test('is production-ready', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test.each([
    ['OrganizationManagement', () => management],
    ['OrganizationSecurityTooling', () => securityTooling],
    ['OrganizationStackSetAssets', () => stackSetAssets],
    ['OrganizationWorkload', () => workload],
  ])('template of %s matches the snapshot', (_name, stack) => {
    expect(ReadinessTesting.normalizedTemplate(stack())).toMatchSnapshot();
  });
});
