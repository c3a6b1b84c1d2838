// Two loaded copies of cdk-readiness (common in monorepos: two versions, or one bundled twice)
// share their state through the construct tree, never through module-level variables: a profile
// applied through one copy is the profile the other copy reads, and a resource monitored through
// one copy is known as monitored to the other.
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ours from '../../src';

type Library = typeof ours;

/** Load src/ again in a fresh module registry: a second, independent copy of the library. */
function anotherCopy(): Library {
  let copy: Library | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = require('../../src');
  });
  return copy!;
}

describe('two loaded copies of the library', () => {
  const other = anotherCopy();

  test('are really two copies', () => {
    expect(other.ReadinessProfile).not.toBe(ours.ReadinessProfile);
    expect(other.ReadinessProfile.DEV).not.toBe(ours.ReadinessProfile.DEV);
  });

  test('a built-in profile applied through one copy is the one the other copy reads', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    other.ReadinessProfile.DEV.applyTo(app);
    expect(ours.ReadinessProfile.isDeclared(stack)).toBe(true);
    expect(ours.ReadinessProfile.of(stack)).toBe(ours.ReadinessProfile.DEV);
  });

  test('a custom profile applied through one copy keeps its knobs in the other', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    other.ReadinessProfile.PROD.extend('team-prod', { minCapacity: 4, logRetentionDays: 731 }).applyTo(stack);
    const seen = ours.ReadinessProfile.of(stack);
    expect(seen).toBeInstanceOf(ours.ReadinessProfile);
    expect(seen.name).toBe('team-prod');
    expect(seen.minCapacity).toBe(4);
    expect(seen.logRetentionDays).toBe(731);
    expect(seen.requireVaultLock).toBe(true);
  });

  test('a second, different profile on the same construct is refused across copies', () => {
    const app = new App();
    other.ReadinessProfile.DEV.applyTo(app);
    expect(() => ours.ReadinessProfile.PROD.applyTo(app)).toThrow(/already uses readiness profile 'dev'; cannot also apply 'prod'/);
    expect(() => ours.ReadinessProfile.DEV.applyTo(app)).not.toThrow();
  });

  test('without a profile in either copy, neither sees one', () => {
    const stack = new Stack(new App(), 'S');
    expect(other.ReadinessProfile.isDeclared(stack)).toBe(false);
    expect(ours.ReadinessProfile.isDeclared(stack)).toBe(false);
  });

  test('a resource monitored through one copy is known as monitored to the other', () => {
    const stack = new Stack(new App(), 'S');
    const queue = new sqs.Queue(stack, 'Queue');
    new other.ServiceMonitoring(stack, 'Monitoring').monitor(queue);
    expect(() => new ours.ServiceMonitoring(stack, 'Again').monitor(queue)).toThrow(/is already monitored by S\/Monitoring/);
  });

  test('the compliance framework of an account and region made through one copy is the one the other copy finds', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const framework = new other.BackupComplianceFramework(stack, 'Framework');
    expect(ours.BackupComplianceFramework.of(stack)).toBe(framework);
  });
});
