import { AcknowledgementMap, AppIndex, IndexedStack } from '../../analysis/app-index';
import { RuleImpact, RuleSeverity } from '../../profile';
import { ReadinessArea } from '../rule';
import { ReadinessRule, RuleBase, RuleResult } from './rule-kinds';
import { SourceLocation, sourceLocator } from '../../analysis/source-location';

/** One finding: a rule, a subject (resource or stack) and what is wrong. */
export interface EvaluatedFinding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  readonly impact: RuleImpact;
  readonly area: ReadinessArea;
  readonly title: string;
  readonly auditLine: string;
  readonly fix: string;
  readonly message: string;
  /** Construct path of the stack the subject is in. */
  readonly stack: string;
  /** Construct path of the resource (or of the stack, for stack and app rules). */
  readonly constructPath: string;
  /** Logical id, for resource rules. */
  readonly logicalId?: string;
  /** Template file of the stack, relative to the cloud assembly when known. */
  readonly templateFile: string;
  /** Where in the template. */
  readonly location: string;
  /** Where the user's code created the resource, when aws-cdk-lib recorded it. */
  readonly source?: SourceLocation;
  /** Set when the finding was acknowledged. */
  readonly acknowledgement?: { readonly reason: string; readonly acknowledgedAt: string };
}

/** How a rule fared: subjects it applied to, and how many of them passed. */
export interface RuleOutcome {
  readonly rule: RuleBase;
  readonly evaluated: number;
  readonly passed: number;
  readonly failed: number;
  /** Failed subjects whose findings are warnings (the profile of their stack says so). */
  readonly warned: number;
  readonly acknowledged: number;
}

export interface Evaluation {
  readonly index: AppIndex;
  readonly findings: EvaluatedFinding[];
  readonly acknowledged: EvaluatedFinding[];
  readonly outcomes: RuleOutcome[];
}

interface Subject {
  readonly stack: IndexedStack;
  readonly constructPath: string;
  readonly logicalId?: string;
  readonly acknowledgements: AcknowledgementMap;
  readonly creationStack?: readonly string[];
}

/**
 * Run every rule over the index: resource rules once per resource of their types, stack rules
 * once per stack, app rules once. Severity comes from the profile of the subject's stack.
 */
export function evaluate(index: AppIndex, rules: readonly ReadinessRule[]): Evaluation {
  const findings: EvaluatedFinding[] = [];
  const acknowledged: EvaluatedFinding[] = [];
  const outcomes: RuleOutcome[] = [];
  const sourceOf = sourceLocator();

  for (const rule of rules) {
    const counts = { evaluated: 0, passed: 0, failed: 0, warned: 0, acknowledged: 0 };
    const record = (subject: Subject, result: RuleResult) => {
      if (!result.applicable) return;
      counts.evaluated++;
      if (result.failures.length === 0) {
        counts.passed++;
        return;
      }
      const ack = subject.acknowledgements.get(rule.id);
      const severity = subject.stack.profile.severityOf(rule.id, rule.impact);
      if (ack) {
        counts.acknowledged++;
        counts.passed++;
      } else {
        counts.failed++;
        if (severity !== RuleSeverity.ERROR) counts.warned++;
      }
      const source = sourceOf(subject.creationStack);
      for (const failure of result.failures) {
        const finding: EvaluatedFinding = {
          ruleId: rule.id,
          severity,
          impact: rule.impact,
          area: rule.area,
          title: rule.title,
          auditLine: rule.auditLine,
          fix: rule.fix,
          message: failure.message,
          stack: subject.stack.path,
          constructPath: subject.constructPath,
          logicalId: subject.logicalId,
          templateFile: subject.stack.templateFile,
          location: failure.location ?? (subject.logicalId ? 'Properties' : 'Stack'),
          source,
          acknowledgement: ack ? { reason: ack.reason, acknowledgedAt: ack.acknowledgedAt } : undefined,
        };
        (ack ? acknowledged : findings).push(finding);
      }
    };
    const enabled = (stack: IndexedStack) => stack.profile.severityOf(rule.id, rule.impact) !== RuleSeverity.OFF;

    if (rule.kind === 'resource') {
      for (const type of rule.resourceTypes) {
        for (const r of index.resourcesOfType(type)) {
          if (!enabled(r.stack)) continue;
          record(
            { stack: r.stack, constructPath: r.path, logicalId: r.logicalId, acknowledgements: r.acknowledgements, creationStack: r.creationStack },
            rule.evaluate(r, index, r.stack.profile),
          );
        }
      }
    } else if (rule.kind === 'stack') {
      for (const s of index.stacks) {
        if (!enabled(s)) continue;
        const subject = { stack: s, constructPath: s.path, acknowledgements: s.acknowledgements, creationStack: s.creationStack };
        record(subject, rule.evaluate(s, index, s.profile));
      }
    } else {
      for (const { stack, result } of rule.evaluate(index)) {
        if (!enabled(stack)) continue;
        record({ stack, constructPath: stack.path, acknowledgements: stack.acknowledgements, creationStack: stack.creationStack }, result);
      }
    }
    outcomes.push({ rule: info(rule), ...counts });
  }

  findings.sort(compareFindings);
  acknowledged.sort(compareFindings);
  return { index, findings, acknowledged, outcomes };
}

function info(rule: ReadinessRule): RuleBase {
  const { id, area, title, auditLine, explanation, fix, impact } = rule;
  return { id, area, title, auditLine, explanation, fix, impact };
}

function compareFindings(a: EvaluatedFinding, b: EvaluatedFinding): number {
  return cmp(a.ruleId, b.ruleId) || cmp(a.constructPath, b.constructPath) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
