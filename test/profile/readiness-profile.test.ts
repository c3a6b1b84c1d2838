import { App, Stack, Stage } from 'aws-cdk-lib';
import { ReadinessProfile, RuleSeverity } from '../../src';

describe('ReadinessProfile presets', () => {
  test('PROD is the strictest: errors, cross-region copies, vault lock, termination protection, capacity 2', () => {
    const p = ReadinessProfile.PROD;
    expect(p.name).toBe('prod');
    expect(p.defaultSeverity).toBe(RuleSeverity.ERROR);
    expect(p.requireCrossRegionCopy).toBe(true);
    expect(p.requireVaultLock).toBe(true);
    expect(p.requireTerminationProtection).toBe(true);
    expect(p.requireStateReplica).toBe(true);
    expect(p.minCapacity).toBe(2);
    expect(p.minBackupRetentionDays).toBe(35);
    expect(p.monthlyBackupRetentionDays).toBe(365);
    expect(p.logRetentionDays).toBe(365);
  });

  test('DEV reports everything as a warning and relaxes production-only requirements', () => {
    const p = ReadinessProfile.DEV;
    expect(p.defaultSeverity).toBe(RuleSeverity.WARNING);
    expect(p.severityOf('Readiness-BAK1')).toBe(RuleSeverity.WARNING);
    expect(p.requireCrossRegionCopy).toBe(false);
    expect(p.requireTerminationProtection).toBe(false);
    expect(p.minCapacity).toBe(1);
  });

  test('STAGING sits between: errors, explicit environments, no cross-region copy', () => {
    const p = ReadinessProfile.STAGING;
    expect(p.defaultSeverity).toBe(RuleSeverity.ERROR);
    expect(p.requireExplicitEnvironment).toBe(true);
    expect(p.requireCrossRegionCopy).toBe(false);
    expect(p.minBackupRetentionDays).toBeLessThan(ReadinessProfile.PROD.minBackupRetentionDays);
  });
});

describe('ReadinessProfile.fromName', () => {
  test.each([['dev', 'dev'], ['STAGING', 'staging'], [' prod ', 'prod']])('%p → %p', (input, name) => {
    expect(ReadinessProfile.fromName(input).name).toBe(name);
  });

  test('an unknown name is a clear error listing the valid ones', () => {
    expect(() => ReadinessProfile.fromName('production')).toThrow(
      /Unknown readiness profile 'production'.*Valid profiles: dev, staging, prod/,
    );
  });
});

describe('ReadinessProfile.of', () => {
  test('reads the readiness:profile context (as `cdk synth -c readiness:profile=dev` sets it)', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'S');
    expect(ReadinessProfile.of(stack)).toBe(ReadinessProfile.DEV);
    expect(ReadinessProfile.isDeclared(stack)).toBe(true);
  });

  test('an unknown context value fails with the valid names', () => {
    const app = new App({ context: { 'readiness:profile': 'qa' } });
    const stack = new Stack(app, 'S');
    expect(() => ReadinessProfile.of(stack)).toThrow(/Unknown readiness profile 'qa'.*dev, staging, prod/);
  });

  test('a non-string context value is rejected', () => {
    const app = new App({ context: { 'readiness:profile': { name: 'prod' } } });
    expect(() => ReadinessProfile.of(new Stack(app, 'S'))).toThrow(/must be a profile name, got \{"name":"prod"\}/);
  });

  test('without profile or context it assumes PROD and says it was not declared', () => {
    const stack = new Stack(new App(), 'S');
    expect(ReadinessProfile.of(stack)).toBe(ReadinessProfile.PROD);
    expect(ReadinessProfile.isDeclared(stack)).toBe(false);
  });

  test('a profile applied to a Stage wins over the app context, per stage', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const dev = new Stage(app, 'Dev');
    ReadinessProfile.DEV.applyTo(dev);
    const prod = new Stage(app, 'Prod');
    expect(ReadinessProfile.of(new Stack(dev, 'S'))).toBe(ReadinessProfile.DEV);
    expect(ReadinessProfile.of(new Stack(prod, 'S'))).toBe(ReadinessProfile.PROD);
  });

  test('applying two different profiles to one construct is an error', () => {
    const app = new App();
    ReadinessProfile.DEV.applyTo(app);
    expect(() => ReadinessProfile.PROD.applyTo(app)).toThrow(/already uses readiness profile 'dev'; cannot also apply 'prod'/);
    expect(() => ReadinessProfile.DEV.applyTo(app)).not.toThrow();
  });
});

test('PROD reports a missing failover experiment (SCL5) as a warning; STAGING, where experiments run first, as an error', () => {
  expect(ReadinessProfile.PROD.severityOf('Readiness-SCL5')).toBe(RuleSeverity.WARNING);
  expect(ReadinessProfile.PROD.severityOf('Readiness-SCL1')).toBe(RuleSeverity.ERROR);
  expect(ReadinessProfile.STAGING.severityOf('Readiness-SCL5')).toBe(RuleSeverity.ERROR);
});

describe('custom profiles', () => {
  test('extend() keeps the base and changes the given knobs, merging severity overrides', () => {
    const p = ReadinessProfile.PROD.extend('prod-eu', {
      minBackupRetentionDays: 90,
      severityOverrides: { 'Readiness-STA4': RuleSeverity.WARNING },
    });
    expect(p.name).toBe('prod-eu');
    expect(p.minBackupRetentionDays).toBe(90);
    expect(p.requireCrossRegionCopy).toBe(true);
    expect(p.severityOf('Readiness-STA4')).toBe(RuleSeverity.WARNING);
    // The PROD preset's own override (SCL5) is inherited.
    expect(p.severityOf('Readiness-SCL5')).toBe(RuleSeverity.WARNING);
    expect(p.severityOf('Readiness-BAK1')).toBe(RuleSeverity.ERROR);
    expect(ReadinessProfile.PROD.severityOf('Readiness-STA4')).toBe(RuleSeverity.ERROR);
  });

  test('custom() takes every knob', () => {
    const p = ReadinessProfile.custom({ ...ReadinessProfile.DEV.toProps(), name: 'sandbox', minCapacity: 1 });
    expect(p.name).toBe('sandbox');
    expect(p.toProps()).toEqual({ ...ReadinessProfile.DEV.toProps(), name: 'sandbox' });
  });

  test.each([
    ['name', { name: 'Prod EU' }, /invalid name "Prod EU"\. Use 1-32 lowercase letters/],
    ['logRetentionDays', { logRetentionDays: 100 }, /invalid logRetentionDays 100\. CloudWatch Logs accepts only 1, 3, 5/],
    ['minCapacity', { minCapacity: 0 }, /invalid minCapacity 0\. Use a whole number of at least 1/],
    ['minBackupRetentionDays', { minBackupRetentionDays: 1.5 }, /invalid minBackupRetentionDays 1\.5/],
    ['monthlyBackupRetentionDays', { monthlyBackupRetentionDays: 10 }, /invalid monthlyBackupRetentionDays 10\. Monthly recovery points must be kept at least as long as daily ones \(minBackupRetentionDays = 35\)/],
    ['severityOverrides key', { severityOverrides: { BAK1: RuleSeverity.OFF } }, /invalid severityOverrides key "BAK1"\. Keys are rule ids such as "Readiness-BAK1"/],
    ['severityOverrides value', { severityOverrides: { 'Readiness-BAK1': 'fatal' as RuleSeverity } }, /invalid severityOverrides\['Readiness-BAK1'\] "fatal"\. Use one of RuleSeverity: error, warning, off/],
    ['defaultSeverity', { defaultSeverity: 'loud' as RuleSeverity }, /invalid defaultSeverity "loud"/],
  ])('bad %s is a clear error', (_prop, overrides, message) => {
    expect(() => ReadinessProfile.custom({ ...ReadinessProfile.PROD.toProps(), ...overrides })).toThrow(message);
  });
});
