import { AppIndex, IndexedResource, IndexedStack } from '../../analysis/app-index';
import { RuleImpact } from '../../profile';
import { IMPACT_ORDER } from '../../profile/private/impact';
import { RULE_ID_PATTERN } from '../../profile/private/rule-id';
import { IReadinessRule, RuleContext, RuleVerdict } from '../custom-rule';
import { ReadinessArea, RuleInfo } from '../rule';
import { ReadinessRule, RuleBase, RuleResult } from './rule-kinds';

/** The prefix of the built-in rules' ids. */
export const BUILT_IN_PREFIX = 'Readiness-';

/** `AWS::S3::Bucket`, `Custom::Thing`, `Acme::Service::Thing`, `Acme::Service::Thing::MODULE`. */
const RESOURCE_TYPE = /^[A-Za-z0-9]+(::[A-Za-z0-9]+){1,3}$/;
const AREAS: string[] = Object.values(ReadinessArea);
const TEXT_FIELDS = ['title', 'auditLine', 'explanation', 'fix'] as const;

/**
 * Check user rules and turn them into rules of the engine. Throws on the first bad one, with its
 * position, its id and what to do.
 */
export function adaptCustomRules(rules: readonly IReadinessRule[] | undefined, builtInIds: readonly string[]): ReadinessRule[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) {
    throw new Error(`ReadinessChecks: rules must be a list of IReadinessRule, got ${describe(rules)}.`);
  }
  const seen = new Map<string, number>();
  return rules.map((rule, i) => {
    const where = `ReadinessChecks: rules[${i}]`;
    if (!rule || typeof rule !== 'object' || typeof rule.evaluate !== 'function') {
      throw new Error(`${where} is ${describe(rule)}: give an object implementing IReadinessRule (info, target and evaluate(subject, context)).`);
    }
    const info = checkInfo(rule.info, where, builtInIds);
    const first = seen.get(info.id);
    if (first !== undefined) {
      throw new Error(`${where} has id '${info.id}', already used by rules[${first}]: every rule needs its own id (acknowledgements and severityOverrides name it).`);
    }
    seen.set(info.id, i);
    const types = rule.target?.resourceTypes;
    if (!Array.isArray(types)) {
      throw new Error(`${where} ('${info.id}') has target ${describe(rule.target)}: use RuleTarget.resourcesOfType('AWS::S3::Bucket', ...) or RuleTarget.stacks().`);
    }
    for (const type of types) {
      if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) {
        throw new Error(`${where} ('${info.id}') targets resource type ${describe(type)}: give CloudFormation types such as 'AWS::S3::Bucket'.`);
      }
    }
    return types.length > 0 ? resourceRule(rule, info, [...new Set(types)]) : stackRule(rule, info);
  });
}

/** Rule ids that acknowledgements accept: a known built-in id, or any well-formed custom id. */
export function checkAcknowledgedId(ruleId: string, builtInIds: readonly string[], where: string): void {
  if (typeof ruleId === 'string' && ruleId.startsWith(BUILT_IN_PREFIX)) {
    if (builtInIds.includes(ruleId)) return;
    throw new Error(`ReadinessChecks.acknowledgeRule: unknown ruleId '${ruleId}' on '${where}'. Known rules: ${builtInIds.join(', ')}.`);
  }
  if (typeof ruleId !== 'string' || !RULE_ID_PATTERN.test(ruleId)) {
    throw new Error(
      `ReadinessChecks.acknowledgeRule: ruleId ${describe(ruleId)} on '${where}' is neither a built-in rule (${BUILT_IN_PREFIX}*) ` +
        'nor a custom rule id of the form <Prefix>-<AREA><n> (for example \'Acme-UPL1\').',
    );
  }
}

function checkInfo(info: RuleInfo | undefined, where: string, builtInIds: readonly string[]): RuleBase {
  if (!info || typeof info !== 'object') {
    throw new Error(`${where} has info ${describe(info)}: give a RuleInfo (id, area, title, auditLine, explanation, fix; impact optional, HIGH by default).`);
  }
  const { id } = info;
  if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id)) {
    throw new Error(
      `${where} has id ${describe(id)}: use <Prefix>-<AREA><n>, for example 'Acme-UPL1' (letters and digits, a dash, ` +
        'capital letters, then digits), the form profiles\' severityOverrides accept.',
    );
  }
  if (id.toLowerCase().startsWith(BUILT_IN_PREFIX.toLowerCase())) {
    const clash = builtInIds.includes(id) ? ` (it is a built-in rule: ${id})` : '';
    throw new Error(`${where} has id '${id}'${clash}: the '${BUILT_IN_PREFIX}' prefix is reserved for the built-in rules. Use a prefix of your own, for example 'Acme-${id.substring(BUILT_IN_PREFIX.length)}'.`);
  }
  if (!AREAS.includes(info.area)) {
    throw new Error(`${where} ('${id}') has area ${describe(info.area)}: use one of ReadinessArea (${AREAS.join(', ')}).`);
  }
  for (const field of TEXT_FIELDS) {
    const value = info[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`${where} ('${id}') has ${field} ${describe(value)}: the report and the SARIF log show it; give a sentence.`);
    }
  }
  if (info.impact !== undefined && !IMPACT_ORDER.includes(info.impact)) {
    throw new Error(`${where} ('${id}') has impact ${describe(info.impact)}: use one of RuleImpact (${IMPACT_ORDER.join(', ')}), or leave it out for HIGH.`);
  }
  const { area, title, auditLine, explanation, fix } = info;
  return { id, area, title, auditLine, explanation, fix, impact: info.impact ?? RuleImpact.HIGH };
}

function resourceRule(rule: IReadinessRule, info: RuleBase, resourceTypes: string[]): ReadinessRule {
  return {
    kind: 'resource',
    ...info,
    resourceTypes,
    evaluate: (resource, index) => run(rule, info, index, resource.stack, resource),
  };
}

function stackRule(rule: IReadinessRule, info: RuleBase): ReadinessRule {
  return {
    kind: 'stack',
    ...info,
    evaluate: (stack, index) => run(rule, info, index, stack, undefined),
  };
}

function run(rule: IReadinessRule, info: RuleInfo, index: AppIndex, stack: IndexedStack, resource: IndexedResource | undefined): RuleResult {
  const context = RuleContext._of(index, stack);
  const subject = resource?.path ?? stack.path;
  let verdict: RuleVerdict;
  try {
    verdict = rule.evaluate(context._subject(resource), context);
  } catch (e) {
    throw new Error(`custom rule '${info.id}' failed on '${subject}': ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!verdict || typeof verdict !== 'object' || typeof verdict.applicable !== 'boolean' || !Array.isArray(verdict.failures)) {
    throw new Error(
      `custom rule '${info.id}' returned ${describe(verdict)} for '${subject}': return RuleVerdict.compliant(), ` +
        'RuleVerdict.fail(message), RuleVerdict.failAll(failures) or RuleVerdict.notApplicable().',
    );
  }
  if (!verdict.applicable) return { applicable: false, failures: [] };
  const failures = verdict.failures.map((f) => {
    if (!f || typeof f.message !== 'string' || f.message.trim() === '') {
      throw new Error(`custom rule '${info.id}' reported a failure without a message for '${subject}': say what is wrong.`);
    }
    return { message: f.message, location: typeof f.location === 'string' && f.location !== '' ? f.location : undefined };
  });
  return { applicable: true, failures };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
