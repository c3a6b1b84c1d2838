import { AppIndex, IndexedResource, IndexedStack } from '../../analysis/app-index';
import { ReadinessProfile, RuleImpact } from '../../profile';
import { RuleInfo } from '../rule';

/** One thing wrong, as a rule sees it. */
export interface Failure {
  /** What is wrong; written without the resource name (the path is listed beside it). */
  readonly message: string;
  /** Where in the template, e.g. `DeletionPolicy` or `Properties/AlarmActions`. */
  readonly location?: string;
}

/** What a rule says of one subject. `applicable: false` keeps it out of the score. */
export interface RuleResult {
  readonly applicable: boolean;
  readonly failures: Failure[];
}

export const PASS: RuleResult = Object.freeze({ applicable: true, failures: [] }) as RuleResult;
export const NOT_APPLICABLE: RuleResult = Object.freeze({ applicable: false, failures: [] }) as RuleResult;

export function fail(message: string, location?: string): RuleResult {
  return { applicable: true, failures: [{ message, location }] };
}

export function failAll(failures: Failure[]): RuleResult {
  return failures.length === 0 ? PASS : { applicable: true, failures };
}

/** What every rule of the engine carries: the catalog entry, with its impact always set. */
export interface RuleBase extends RuleInfo {
  readonly impact: RuleImpact;
}

/** A rule judged once per resource of the listed CloudFormation types. */
export interface ResourceRule extends RuleBase {
  readonly kind: 'resource';
  readonly resourceTypes: readonly string[];
  evaluate(resource: IndexedResource, index: AppIndex, profile: ReadinessProfile): RuleResult;
}

/** A rule judged once per stack. */
export interface StackRule extends RuleBase {
  readonly kind: 'stack';
  evaluate(stack: IndexedStack, index: AppIndex, profile: ReadinessProfile): RuleResult;
}

/** A finding of an app-level rule, reported on a stack so it can be acknowledged there. */
export interface AppRuleResult {
  readonly stack: IndexedStack;
  readonly result: RuleResult;
}

/** A rule judged once for the whole app (all stages, all regions). */
export interface AppRule extends RuleBase {
  readonly kind: 'app';
  evaluate(index: AppIndex): AppRuleResult[];
}

export type ReadinessRule = ResourceRule | StackRule | AppRule;
