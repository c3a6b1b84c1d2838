import { RuleImpact } from '../rule-impact';

/** Impacts from the highest to the lowest. */
export const IMPACT_ORDER: readonly RuleImpact[] = [RuleImpact.CRITICAL, RuleImpact.HIGH, RuleImpact.MEDIUM, RuleImpact.LOW];

/** 3 for CRITICAL … 0 for LOW: compare impacts with it. */
export function impactRank(impact: RuleImpact): number {
  const i = IMPACT_ORDER.indexOf(impact);
  return i < 0 ? 1 : IMPACT_ORDER.length - 1 - i;
}
