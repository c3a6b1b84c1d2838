// The README recipe applied to the flagship: readiness findings as plain data and snapshots of
// the templates, in a unit test, without the CDK CLI.
import { App } from 'aws-cdk-lib';
import { ReadinessTesting } from 'cdk-readiness';
import * as cdkJson from './cdk.json';
import { buildWebServiceApp } from './web-service-app';

describe('the web-service app under PROD', () => {
  // The same context the CDK CLI gives the app (cdk.json), plus the profile.
  const app = new App({ context: { ...cdkJson.context, 'readiness:profile': 'prod' } });
  const { drStack, webService } = buildWebServiceApp(app);

  test('has no readiness finding in the areas that have landed (monitoring, performance and runbook references included)', () => {
    expect(ReadinessTesting.findings(app)).toEqual([]);
  });

  test.each([
    ['WebService', () => webService],
    ['WebServiceBackupDr', () => drStack],
  ])('template of %s matches the snapshot', (_name, stack) => {
    expect(ReadinessTesting.normalizedTemplate(stack())).toMatchSnapshot();
  });
});
