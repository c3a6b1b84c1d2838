// Shared by the cost tests: a one-stack app, its estimate and items, and the usage-range assertion.
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { AppIndex } from '../../src/analysis/app-index';
import { CostItem, estimateCost, USAGE_HIGH_FACTOR, USAGE_LOW_FACTOR } from '../../src/analysis/cost/estimate';
import { ReadinessProfile } from '../../src/profile';

export const ACCOUNT = '111111111111';

/** A one-stack app (stack `S`); `region` null makes the stack environment-agnostic. */
export function appWith(build: (s: Stack) => void, region: string | null = 'us-east-1', profile = ReadinessProfile.PROD): App {
  const app = new App();
  profile.applyTo(app);
  build(new Stack(app, 'S', region ? { env: { account: ACCOUNT, region } } : {}));
  return app;
}
export const estimate = (app: App) => estimateCost(AppIndex.build(app));
export const items = (app: App): readonly CostItem[] => estimate(app).items;
/** The one item whose name starts with `prefix`. */
export const itemStarting = (app: App, prefix: string): CostItem => {
  const found = items(app).filter((i) => i.item.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};
export const res = (s: Stack, id: string, type: string, properties: Record<string, unknown> = {}) => new CfnResource(s, id, { type, properties });
/** A usage item at `usd` for the assumed volume: reported from half to twice it (cents rounding allowed). */
export const range = (i: CostItem, usd: number) => {
  expect(i.kind).toBe('usage');
  expect(Math.abs(i.low - usd * USAGE_LOW_FACTOR)).toBeLessThanOrEqual(0.0051);
  expect(Math.abs(i.high - usd * USAGE_HIGH_FACTOR)).toBeLessThanOrEqual(0.0051);
};
