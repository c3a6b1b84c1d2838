import { App, Stack, Stage } from 'aws-cdk-lib';
import { ReadinessProfile } from '../../../src';
import { findingsOf } from '../../util/findings';

describe('Readiness-ENV1 profile declared, explicit environments', () => {
  test('non-compliant: no profile declared (PROD assumed) and environment-agnostic', () => {
    const app = new App();
    new Stack(app, 'S');
    expect(findingsOf(app, 'Readiness-ENV1').map((f) => f.message)).toEqual([
      expect.stringMatching(/^No readiness profile is declared for this stack, so the strictest \(prod\) was assumed/),
      expect.stringMatching(/^Stack is environment-agnostic \(no explicit account and region\); profile 'prod' requires/),
    ]);
  });

  test('non-compliant: a STAGING stage whose stack names only its region', () => {
    const app = new App();
    const staging = new Stage(app, 'Staging');
    ReadinessProfile.STAGING.applyTo(staging);
    new Stack(staging, 'Api', { env: { region: 'eu-west-1' } });
    expect(findingsOf(app, 'Readiness-ENV1')).toEqual([
      expect.objectContaining({ constructPath: 'Staging/Api', message: expect.stringMatching(/^Stack names its region \(eu-west-1\) but not its account; profile 'staging' requires both/) }),
    ]);
  });

  test('compliant: declared profile and explicit account and region', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(findingsOf(app, 'Readiness-ENV1')).toEqual([]);
  });

  test('compliant: DEV stacks may be environment-agnostic once the profile is declared', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    new Stack(app, 'S');
    expect(findingsOf(app, 'Readiness-ENV1')).toEqual([]);
  });
});

describe('Readiness-ENV1 says which half of the environment is missing', () => {
  test('a stack with a region but no account is not called environment-agnostic', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    new Stack(app, 'Half', { env: { region: 'eu-west-1' }, terminationProtection: true });
    new Stack(app, 'None', { terminationProtection: true });
    const byPath = new Map(findingsOf(app, 'Readiness-ENV1').map((f) => [f.constructPath, f.message]));
    expect(byPath.get('Half')).toBe("Stack names its region (eu-west-1) but not its account; profile 'prod' requires both: `env: { account, region }` (e.g. from `process.env.CDK_DEFAULT_ACCOUNT`)");
    expect(byPath.get('None')).toBe("Stack is environment-agnostic (no explicit account and region); profile 'prod' requires `env: { account, region }`");
  });
});
