import { renderCostMarkdown } from './cost-report';
import { AppIndex, IndexedStack, NotExaminedResource } from '../../analysis/app-index';
import { CostEstimate, estimateCost } from '../../analysis/cost/estimate';
import { deploymentFacts, ROLLBACK_MONITORING_MINUTES } from '../../analysis/deployment-view';
import { RuleImpact, RuleSeverity } from '../../profile';
import { impactRank } from '../../profile/private/impact';
import { RUNBOOK_DIRECTORY, stackRunbookPage } from '../../shared/runbook-anchor';
import { AREA_TITLES, ReadinessArea } from '../rule';
import { EvaluatedFinding, Evaluation, RuleOutcome } from './evaluate';
import { SourceLocation } from '../../analysis/source-location';

/** File names of the report, written in the cloud assembly directory. */
export const REPORT_JSON = 'readiness-report.json';
export const REPORT_MARKDOWN = 'readiness-report.md';

/** The audit task each area answers, as the audit numbers them. */
const AREA_AUDIT: Record<ReadinessArea, string> = {
  [ReadinessArea.DEPLOYMENT]: 'Tasks 81, 82',
  [ReadinessArea.STATE]: 'Task 83',
  [ReadinessArea.ENVIRONMENTS]: 'Tasks 83-84',
  [ReadinessArea.BACKUP]: 'Task 87; restore audit',
  [ReadinessArea.SCALING]: 'Task 86',
  [ReadinessArea.MONITORING]: 'Task 85; monitoring audit section 4',
  [ReadinessArea.PERFORMANCE]: 'Task 89',
  [ReadinessArea.SECURITY]: 'Task 88; security audit section 3',
  [ReadinessArea.DOCUMENTATION]: 'Task 90; documentation audit section 1',
};

export type AreaStatus = 'pass' | 'warning' | 'fail' | 'not-assessed';

export interface ReportFinding {
  readonly ruleId: string;
  readonly severity: RuleSeverity;
  readonly impact: RuleImpact;
  readonly area: ReadinessArea;
  readonly stack: string;
  readonly constructPath: string;
  readonly logicalId?: string;
  readonly templateFile: string;
  readonly location: string;
  readonly message: string;
  readonly title: string;
  readonly auditLine: string;
  readonly fix: string;
  /** Where the user's code created the resource (relative to the git checkout), when known. */
  readonly source?: SourceLocation;
  readonly reason?: string;
  readonly acknowledgedAt?: string;
}

export interface ReportRule {
  readonly ruleId: string;
  readonly title: string;
  readonly impact: RuleImpact;
  readonly evaluated: number;
  readonly passed: number;
  readonly findings: number;
  /** Of `findings`, the subjects whose findings are warnings. */
  readonly warnings: number;
  readonly acknowledged: number;
  /** (passed + ½ warnings) / evaluated, in percent; null when the rule applied to nothing. */
  readonly score: number | null;
}

export interface ReportArea {
  readonly area: ReadinessArea;
  readonly title: string;
  readonly audit: string;
  /** The area's rule scores weighed by impact (see `scoreOf`); null when no rule of the area applied. */
  readonly score: number | null;
  readonly status: AreaStatus;
  readonly errors: number;
  readonly warnings: number;
  readonly rules: ReportRule[];
}

export interface ReportStack {
  readonly path: string;
  readonly stackName: string;
  readonly templateFile: string;
  readonly profile: string;
  readonly profileDeclared: boolean;
  readonly account: string | null;
  readonly region: string | null;
  readonly resources: number;
  readonly alarms: number;
  /** For a nested stack: construct path of the stack holding it (absent for a top-level stack). */
  readonly parent?: string;
  /** The stack's generated runbook, relative to the cloud assembly (`runbooks/<artifact id>.md`). */
  readonly runbook: string;
  /**
   * Alarms that should stop an update of the stack as CloudFormation rollback triggers (at most
   * five; the runbook's "Deployments and rollback" section has the command that sets them). Absent
   * when the stack deploys no service, function or group, or has no such alarm.
   */
  readonly rollbackTriggers?: ReadonlyArray<{ readonly path: string; readonly logicalId: string; readonly type: string }>;
}

/** The scorecard, as written to readiness-report.json. */
export interface ReadinessReportData {
  readonly schemaVersion: 1;
  readonly tool: 'cdk-readiness';
  readonly profiles: string[];
  readonly overall: { readonly score: number | null; readonly assessedAreas: number; readonly passed: boolean };
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly acknowledged: number;
    readonly resources: number;
    readonly stacks: number;
    /** How many resources no rule could judge (absent when none). */
    readonly notExamined?: number;
  };
  readonly areas: ReportArea[];
  readonly stacks: ReportStack[];
  readonly findings: ReportFinding[];
  readonly acknowledged: ReportFinding[];
  /** What the app deploys that no rule could judge, with why (absent when none). */
  readonly notExamined?: NotExaminedResource[];
  /** What the readiness measures cost a month (src/analysis/cost). */
  readonly cost?: CostEstimate;
}

/** Turn an evaluation into the report's data. Deterministic: no times, no absolute paths. */
export function buildReport(evaluation: Evaluation): ReadinessReportData {
  const { index, findings, acknowledged, outcomes } = evaluation;
  const areas: ReportArea[] = Object.values(ReadinessArea).map((area) => {
    const rules: ReportRule[] = outcomes
      .filter((o) => o.rule.area === area)
      .map((o) => ({
        ruleId: o.rule.id,
        title: o.rule.title,
        impact: o.rule.impact,
        evaluated: o.evaluated,
        passed: o.passed,
        findings: o.failed,
        warnings: o.warned,
        acknowledged: o.acknowledged,
        score: o.evaluated > 0 ? Math.floor(100 * ruleCredit(o) + 1e-9) : null,
      }));
    const score = scoreOf(outcomes.filter((o) => o.rule.area === area));
    const inArea = findings.filter((f) => f.area === area);
    const errors = inArea.filter((f) => f.severity === RuleSeverity.ERROR).length;
    const warnings = inArea.length - errors;
    const status: AreaStatus = score === null ? 'not-assessed' : errors > 0 ? 'fail' : warnings > 0 ? 'warning' : 'pass';
    return { area, title: AREA_TITLES[area], audit: AREA_AUDIT[area], score, status, errors, warnings, rules };
  });
  const assessedAreas = areas.filter((a) => a.score !== null);
  const overallScore = scoreOf(outcomes);
  const errors = findings.filter((f) => f.severity === RuleSeverity.ERROR).length;
  const notExamined = index.notExamined.map(({ path, type, reason }) => ({ path, type, reason }));

  return {
    schemaVersion: 1,
    tool: 'cdk-readiness',
    profiles: [...new Set(index.stacks.map((s) => s.profile.name))].sort(),
    overall: { score: overallScore, assessedAreas: assessedAreas.length, passed: errors === 0 },
    summary: {
      errors,
      warnings: findings.length - errors,
      acknowledged: acknowledged.length,
      resources: index.resourceCount,
      stacks: index.stacks.length,
      ...(notExamined.length > 0 ? { notExamined: notExamined.length } : {}),
    },
    areas,
    stacks: index.stacks.map((s) => ({
      path: s.path,
      stackName: s.stackName,
      templateFile: s.templateFile,
      profile: s.profile.name,
      profileDeclared: s.profileDeclared,
      account: s.account ?? null,
      region: s.region ?? null,
      resources: s.resources.length,
      alarms: s.resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm').length,
      ...(s.parentPath !== undefined ? { parent: s.parentPath } : {}),
      runbook: `${RUNBOOK_DIRECTORY}/${stackRunbookPage(s.artifactId)}`,
      ...rollbackTriggersOf(index, s),
    })),
    findings: findings.map(toReportFinding),
    acknowledged: acknowledged.map(toReportFinding),
    ...(notExamined.length > 0 ? { notExamined } : {}),
    cost: estimateCost(index),
  };
}

/**
 * How much each rule weighs in a score, by impact: a critical rule as much as eight low ones.
 */
export const IMPACT_WEIGHT: Record<RuleImpact, number> = {
  [RuleImpact.CRITICAL]: 8,
  [RuleImpact.HIGH]: 4,
  [RuleImpact.MEDIUM]: 2,
  [RuleImpact.LOW]: 1,
};

/** What a warning earns of a pass: it counts half against the score, an error fully. */
export const WARNING_CREDIT = 0.5;

/**
 * A rule's credit between 0 and 1: what its subjects (resources or stacks) do right. A passed or
 * acknowledged subject earns 1, a subject whose findings are warnings `WARNING_CREDIT`, one with
 * errors 0.
 */
function ruleCredit(o: RuleOutcome): number {
  return (o.passed + WARNING_CREDIT * o.warned) / o.evaluated;
}

/**
 * The score of some rules: the mean of their credits weighed by impact (`IMPACT_WEIGHT`), in
 * percent; rules that applied to nothing are left out; null when none applied (not assessed: never
 * scored 0 or 100). An area's score is that of its rules, the overall score that of every rule.
 */
export function scoreOf(outcomes: readonly RuleOutcome[]): number | null {
  let weight = 0;
  let earned = 0;
  for (const o of outcomes) {
    if (o.evaluated === 0) continue;
    const w = IMPACT_WEIGHT[o.rule.impact] ?? IMPACT_WEIGHT[RuleImpact.HIGH];
    weight += w;
    earned += w * ruleCredit(o);
  }
  return weight === 0 ? null : Math.floor((100 * earned) / weight + 1e-9);
}

/** Findings with the highest impact first, then by rule (the evaluation's order within a rule). */
export function byImpact<T extends { readonly impact: RuleImpact; readonly ruleId: string }>(items: readonly T[]): T[] {
  // Array.prototype.sort is stable: items of one rule keep their order without an index to compare.
  return [...items].sort((a, b) => impactRank(b.impact) - impactRank(a.impact) || cmp(a.ruleId, b.ruleId));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toReportFinding(f: EvaluatedFinding): ReportFinding {
  // Optional fields assigned in place, in the order the JSON lists them (no object spreads: one
  // finding per resource and rule, thousands in a large app).
  const out: { -readonly [K in keyof ReportFinding]: ReportFinding[K] } = {
    ruleId: f.ruleId,
    severity: f.severity,
    impact: f.impact,
    area: f.area,
    stack: f.stack,
    constructPath: f.constructPath,
  } as ReportFinding;
  if (f.logicalId) out.logicalId = f.logicalId;
  out.templateFile = f.templateFile;
  out.location = f.location;
  out.message = f.message;
  out.title = f.title;
  out.auditLine = f.auditLine;
  out.fix = f.fix;
  if (f.source) out.source = f.source;
  if (f.acknowledgement) {
    out.reason = f.acknowledgement.reason;
    out.acknowledgedAt = f.acknowledgement.acknowledgedAt;
  }
  return out;
}

const STATUS_MARK: Record<AreaStatus, string> = { 'pass': '✅', 'warning': '⚠️', 'fail': '❌', 'not-assessed': '—' };

/** Format a score for people: `72/100`, or `not assessed`. */
export function formatScore(score: number | null): string {
  return score === null ? 'not assessed' : `${score}/100`;
}

/** The scorecard as Markdown: the same layout as the audit's hand-made report. */
export function renderMarkdown(report: ReadinessReportData): string {
  const esc = (s: string) => (s.includes('|') || s.includes('\n') ? s.replace(/\|/g, '\\|').replace(/\n/g, ' ') : s);
  const lines: string[] = [];
  lines.push('# Production Readiness Report', '');
  lines.push(`**Production Readiness Score: ${formatScore(report.overall.score)}** ${report.overall.passed ? '✅' : '❌'}`, '');
  lines.push(
    `Profile${report.profiles.length === 1 ? '' : 's'}: ${report.profiles.map((p) => `\`${p}\``).join(', ')} · ` +
      `${report.summary.stacks} stack${report.summary.stacks === 1 ? '' : 's'}, ${report.summary.resources} resources · ` +
      `${report.summary.errors} error${report.summary.errors === 1 ? '' : 's'}, ${report.summary.warnings} warning${report.summary.warnings === 1 ? '' : 's'}, ` +
      `${report.summary.acknowledged} acknowledged${notExaminedSuffix(report)}`,
    '',
  );
  lines.push('![Scores per area](readiness-scores.svg)', '');
  lines.push('## Breakdown', '', '| Area | Audit | Score | Status | Errors | Warnings |', '|---|---|---|---|---|---|');
  for (const a of report.areas) {
    lines.push(`| ${a.title} | ${a.audit} | ${formatScore(a.score)} | ${STATUS_MARK[a.status]} | ${a.errors} | ${a.warnings} |`);
  }
  lines.push('', 'An area is *not assessed* when none of its rules applied to anything in the app (or it has no rules yet). ' +
    `Scores weigh each rule by its impact (critical ${IMPACT_WEIGHT.critical}, high ${IMPACT_WEIGHT.high}, medium ${IMPACT_WEIGHT.medium}, low ${IMPACT_WEIGHT.low}); ` +
    'a rule earns the share of the resources or stacks it judged that pass, a warning counting half.', '');

  lines.push('## Findings', '');
  if (report.findings.length === 0) lines.push('No open findings.', '');
  else lines.push('Highest impact first.', '');
  const byRule = groupBy(byImpact(report.findings), (f) => f.ruleId);
  for (const [ruleId, list] of byRule) {
    const first = list[0];
    lines.push(`### ${ruleId}: ${first.title}`, '');
    lines.push(`- Impact: ${first.impact} · ${list.length} finding${list.length === 1 ? '' : 's'}`, `- Audit: ${first.auditLine}`, `- Fix: ${first.fix}`, '');
    lines.push('| Severity | Construct | Finding | Source |', '|---|---|---|---|');
    for (const f of list) {
      const source = f.source ? `\`${esc(f.source.file)}:${f.source.line}\`` : '';
      lines.push(`| ${f.severity} | \`${esc(f.constructPath)}\` | ${esc(f.message)} | ${source} |`);
    }
    lines.push('');
  }

  lines.push('## Acknowledged findings', '');
  if (report.acknowledged.length === 0) {
    lines.push('None.', '');
  } else {
    lines.push('| Rule | Construct | Finding | Reason | Acknowledged at |', '|---|---|---|---|---|');
    for (const f of report.acknowledged) {
      lines.push(`| ${f.ruleId} | \`${esc(f.constructPath)}\` | ${esc(f.message)} | ${esc(f.reason ?? '')} | \`${esc(f.acknowledgedAt ?? '')}\` |`);
    }
    lines.push('');
  }

  if (report.notExamined && report.notExamined.length > 0) {
    lines.push('## Not examined', '');
    lines.push('What these deploy is not in the cloud assembly, so no rule judged it: review it yourself.', '');
    lines.push('| Construct | Type | Why |', '|---|---|---|');
    for (const n of report.notExamined) lines.push(`| \`${esc(n.path)}\` | \`${esc(n.type)}\` | ${esc(n.reason)} |`);
    lines.push('');
  }

  lines.push('## Stacks', '', '| Stack | Profile | Account | Region | Resources | Alarms | Runbook |', '|---|---|---|---|---|---|---|');
  for (const s of report.stacks) {
    lines.push(
      `| \`${esc(s.path)}\` | ${s.profile}${s.profileDeclared ? '' : ' (not declared)'} | ${s.account ?? 'agnostic'} | ${s.region ?? 'agnostic'} | ${s.resources} | ${s.alarms} | [${esc(s.runbook)}](${s.runbook}) |`,
    );
  }
  lines.push('', `Runbooks generated from the app (alarms, disaster recovery, incident response, maintenance, state backend): [${RUNBOOK_DIRECTORY}/README.md](${RUNBOOK_DIRECTORY}/README.md).`);
  const withTriggers = report.stacks.filter((s) => s.rollbackTriggers !== undefined);
  if (withTriggers.length > 0) {
    lines.push('', '## Rollback triggers', '', `Alarms that should stop a stack update (CloudFormation rollback triggers, ${ROLLBACK_MONITORING_MINUTES} minutes of monitoring); \`cdk deploy\` cannot set them: each stack's runbook, section "Deployments and rollback", has the command.`, '');
    lines.push('| Stack | Alarm | Type |', '|---|---|---|');
    for (const s of withTriggers) for (const t of s.rollbackTriggers!) lines.push(`| \`${esc(s.path)}\` | \`${esc(t.path)}\` | ${t.type} |`);
  }
  if (report.cost) lines.push('', renderCostMarkdown(report.cost));
  lines.push('', '## Rules', '', '| Rule | Area | Impact | Evaluated | Passed | Findings | Acknowledged | Score |', '|---|---|---|---|---|---|---|---|');
  for (const a of report.areas) {
    for (const r of a.rules) {
      lines.push(`| ${r.ruleId} | ${a.title} | ${r.impact} | ${r.evaluated} | ${r.passed} | ${r.findings} | ${r.acknowledged} | ${formatScore(r.score)} |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** The stack's rollback triggers for the report, or nothing when it has none. */
function rollbackTriggersOf(index: AppIndex, stack: IndexedStack): { rollbackTriggers?: ReportStack['rollbackTriggers'] } {
  const triggers = deploymentFacts(index, stack).rollbackTriggers;
  return triggers.length === 0 ? {} : { rollbackTriggers: triggers.map((a) => ({ path: a.path, logicalId: a.logicalId, type: a.type })) };
}

/** `, N not examined` when something was not examined, else nothing (outputs unchanged). */
export function notExaminedSuffix(report: ReadinessReportData): string {
  const n = report.summary.notExamined ?? 0;
  return n > 0 ? `, ${n} not examined` : '';
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(item);
  }
  return map;
}
