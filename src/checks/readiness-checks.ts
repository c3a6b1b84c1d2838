import * as fs from 'fs';
import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ReadinessProfile, RuleSeverity } from '../profile';
import { IReadinessRule } from './custom-rule';
import { AppIndex, TemplateSource } from '../analysis/app-index';
import { adaptCustomRules, checkAcknowledgedId } from './private/custom-rules';
import { evaluate, EvaluatedFinding, Evaluation } from './private/evaluate';
import { memoize } from '../shared/memo';
import { costSummaryLines } from './private/cost-report';
import { buildReport, byImpact, formatScore, notExaminedSuffix, ReadinessReportData, renderMarkdown, REPORT_JSON, REPORT_MARKDOWN } from './private/report';
import { ReadinessRule } from './private/rule-kinds';
import { renderSarif, REPORT_SARIF, resourceLineFinder } from './private/sarif';
import { renderScoreChart, REPORT_SVG } from './private/score-chart';
import { RuleInfo } from './rule';
import { ALL_RULES } from './rules';
import { runbookModel } from '../analysis/runbook-model';
import { renderRunbooks } from '../runbooks/render/render';
import { RUNBOOK_DIRECTORY } from '../shared/runbook-anchor';

/**
 * Options of the ReadinessChecks rule pack.
 */
export interface ReadinessChecksProps {
  /**
   * Also write acknowledged findings into each resource's CloudFormation Metadata as
   * `cdk_nag: { rules_to_suppress: [...] }`, for audit tooling built for cdk-nag v2 (cdk-nag's
   * option of the same name).
   *
   * @default false
   */
  readonly writeSuppressionsToCloudFormation?: boolean;

  /**
   * Judge every stack by this profile, whatever the stacks declare.
   *
   * @default - each stack's own profile: `ReadinessProfile.of(stack)` (applied in code, or the
   * `readiness:profile` context, or PROD)
   */
  readonly profile?: ReadinessProfile;

  /**
   * Write `readiness-report.json` and `readiness-report.md` into the cloud assembly.
   *
   * @default true
   */
  readonly writeReport?: boolean;

  /**
   * Write the runbooks generated from the app into the cloud assembly: `runbooks/README.md` and
   * one `runbooks/<stack artifact id>.md` per stack (alarms, disaster recovery, incident
   * response, maintenance, state backend), and `runbooks/permissions.md` (who can do what: every
   * role and resource policy of each stack in plain words). Written only with the report.
   *
   * @default true
   */
  readonly writeRunbooks?: boolean;

  /**
   * End what synth prints with the scorecard summary (score, pass or fail, errors, warnings, the
   * report's path, the rules with the highest impact). It is reported to the CDK as a last block of
   * its own severity, `SCORECARD`, so the CDK — or the CDK CLI, which prints the validation report
   * after the app ran — prints it after the findings.
   *
   * @default - true, except in unit tests (`NODE_ENV=test`), where the CDK reports in memory
   */
  readonly printSummary?: boolean;

  /**
   * Rules of your own, evaluated with the built-in catalog: in the same pass over the same
   * index, with severity from each stack's profile (`severityOverrides` apply to their ids),
   * acknowledgements, a score in their area and findings in the report and the SARIF log.
   * Ids must be unique and must not use the reserved `Readiness-` prefix.
   *
   * @default - the built-in rules only
   */
  readonly rules?: IReadinessRule[];
}

/** Version of this package (src/checks or lib/checks → package.json), reported to the CDK. */
const PACKAGE_VERSION: string = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
  } catch {
    return '0.0.0';
  }
})();

/**
 * The production-readiness rule pack: a cdk-nag v3 NagPack that fails `cdk synth` on
 * readiness gaps and writes the readiness scorecard into the cloud assembly.
 *
 * ```ts
 * Validations.of(app).addPlugins(new ReadinessChecks(app));
 * ```
 *
 * It judges any app, not only resources made by this library: rules read the synthesized
 * CloudFormation of every stack (all Stages, all regions) through one index built once per
 * validation. Findings are errors or warnings according to the profile of their stack; only
 * errors fail synth. Acknowledge a finding with
 * `Validations.of(construct).acknowledge({ id: 'Readiness-BAK1', reason })` or
 * `ReadinessChecks.acknowledgeRule(construct, 'Readiness-BAK1', reason)`; acknowledged findings
 * are listed with their reasons in the report. Rules of your own (`IReadinessRule`, passed as
 * `rules`) are evaluated in the same pass, with the same severities, acknowledgements and scoring.
 */
export class ReadinessChecks extends NagPack {
  /**
   * The rule catalog: id, area, impact, audit line, explanation and fix of every rule.
   */
  public static rules(): RuleInfo[] {
    return ALL_RULES.map(({ id, area, title, auditLine, explanation, fix, impact }) => ({ id, area, title, auditLine, explanation, fix, impact }));
  }

  /**
   * Acknowledge every finding of one rule on a construct and everything below it, with a reason
   * that the report shows. A thin, checked wrapper over `Validations.of(scope).acknowledge()`.
   *
   * @param scope the construct (resource, stack, stage or app) the acknowledgement covers
   * @param ruleId a rule id: a built-in one, e.g. `Readiness-BAK1`, or the id of a custom rule
   * (`<Prefix>-<AREA><n>`, e.g. `Acme-UPL1`; custom rules are registered on the checks, which may
   * not exist yet where the acknowledgement is made, so any well-formed id is accepted)
   * @param reason why the gap is accepted (at least 10 characters): it is written to the report
   */
  public static acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
    checkAcknowledgedId(ruleId, ALL_RULES.map((r) => r.id), scope.node.path || '<app>');
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw new Error(
        `ReadinessChecks.acknowledgeRule: reason for '${ruleId}' on '${scope.node.path || '<app>'}' is ${JSON.stringify(reason)}. ` +
          'Give a real reason of at least 10 characters: it is printed in the readiness report for auditors.',
      );
    }
    Validations.of(scope).acknowledge({ id: ruleId, reason: reason.trim() });
  }

  public readonly name = 'cdk-readiness';
  public readonly version?: string = PACKAGE_VERSION;
  public readonly ruleIds?: string[];

  private readonly profileOverride?: ReadinessProfile;
  private readonly writeReport: boolean;
  private readonly writeRunbooks: boolean;
  private readonly printSummary: boolean;
  private readonly customRules: readonly ReadinessRule[];
  private lastEvaluation?: Evaluation;

  constructor(scope?: IConstruct, props: ReadinessChecksProps = {}) {
    super(scope, { writeSuppressionsToCloudFormation: props.writeSuppressionsToCloudFormation });
    this.packName = 'Readiness';
    this.profileOverride = props.profile;
    this.writeReport = props.writeReport ?? true;
    this.writeRunbooks = props.writeRunbooks ?? true;
    this.printSummary = props.printSummary ?? process.env.NODE_ENV !== 'test';
    this.customRules = adaptCustomRules(props.rules, ALL_RULES.map((r) => r.id));
    this.ruleIds = this._rules().map((r) => r.id);
    // Fail fast on a bad `-c readiness:profile=...`: an error thrown later, inside validate(),
    // becomes a plugin failure that the CDK CLI (2.1148) reports as success with exit code 0.
    if (scope) ReadinessProfile.of(scope);
  }

  /**
   * Called by the CDK during synthesis with every stack the plugin covers. Builds the index from
   * the synthesized templates, evaluates every rule and writes the report beside the templates.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct;
    const byStackPath = new Map(context.stackTemplates.map((s) => [s.stackConstructPath, s.templatePath]));
    const assemblyRoot = Stage.isStage(root) ? root.outdir : path.dirname(context.templatePaths[0] ?? '.');
    let result: Evaluation;
    try {
      result = this.run(root, { byStackPath, assemblyRoot });
    } catch (e) {
      // Report an engine failure as an error violation: the CLI hides plugin exceptions.
      return {
        success: false,
        violations: [{
          ruleName: 'Readiness-ENGINE',
          description: `Readiness-ENGINE: ReadinessChecks could not evaluate the app: ${(e as Error).message}`,
          severity: 'error',
          violatingResources: [{ constructPath: context.stackTemplates[0]?.stackConstructPath ?? root.node.path, locations: ['Stack'] }],
        }],
      };
    }
    const report = buildReport(result);
    const written = this.writeReport && fs.existsSync(assemblyRoot);
    if (written) {
      fs.writeFileSync(path.join(assemblyRoot, REPORT_JSON), JSON.stringify(report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(assemblyRoot, REPORT_MARKDOWN), renderMarkdown(report));
      fs.writeFileSync(path.join(assemblyRoot, REPORT_SVG), renderScoreChart(report));
      const lineFinder = memoize((templateFile: string) => {
        const file = path.join(assemblyRoot, templateFile);
        return fs.existsSync(file) ? resourceLineFinder(fs.readFileSync(file, 'utf-8')) : undefined;
      });
      const templateLine = (templateFile: string, logicalId: string) => lineFinder(templateFile)?.(logicalId);
      const sarif = renderSarif(report, this._rules(), { toolVersion: PACKAGE_VERSION, templateLine });
      fs.writeFileSync(path.join(assemblyRoot, REPORT_SARIF), JSON.stringify(sarif, undefined, 2) + '\n');
      if (this.writeRunbooks) writeRunbookFiles(assemblyRoot, renderRunbooks(runbookModel(result.index), result.index));
    }
    const plugin = this.toPluginReport(result, assemblyRoot, { grouped: true });
    if (!this.printSummary) return plugin;
    // The CDK (in the app, or the CDK CLI after the app exits) prints the violations sorted by
    // severity, errors first; a severity of its own sorts last, so the scorecard ends the output.
    const file = path.join(assemblyRoot, REPORT_MARKDOWN);
    const relative = path.relative(process.cwd(), file);
    const summary: PolicyViolation = {
      ruleName: SCORECARD_RULE,
      description: scorecardSummary(report, written ? (relative.startsWith('..') ? file : relative) : undefined),
      severity: SCORECARD_SEVERITY,
      violatingResources: [{ constructPath: '', locations: [] }],
    };
    return { ...plugin, violations: [...plugin.violations, summary] };
  }

  /**
   * Evaluate a construct tree directly (every stack under `scope`), without writing files:
   * templates are rendered from the tree. Prefer `app.synth()`, which calls `validate()`.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return this.toPluginReport(this.run(scope, {}), undefined);
  }

  /**
   * The scorecard of the last validation as plain data (what readiness-report.json holds).
   * @internal
   */
  public _lastReport(): ReadinessReportData | undefined {
    return this.lastEvaluation ? buildReport(this.lastEvaluation) : undefined;
  }

  /**
   * Rules judge the index, not single L1 nodes: nothing is done per node.
   */
  protected checkResource(_node: CfnResource): void {
    // Intentionally empty: see run().
  }

  /** @internal */
  protected _rules(): readonly ReadinessRule[] {
    return this.customRules.length === 0 ? ALL_RULES : [...ALL_RULES, ...this.customRules];
  }

  private run(root: IConstruct, templates: TemplateSource): Evaluation {
    const index = AppIndex.build(root, templates, this.profileOverride);
    this.lastEvaluation = evaluate(index, this._rules());
    return this.lastEvaluation;
  }

  private toPluginReport(result: Evaluation, assemblyRoot: string | undefined, options: { grouped?: boolean } = {}): PolicyValidationPluginReport {
    const templatePath = !assemblyRoot ? undefined : memoize((templateFile: string) => path.join(assemblyRoot, templateFile));
    const resourceOf = (x: EvaluatedFinding) => ({
      constructPath: x.constructPath,
      locations: [x.location],
      ...(templatePath ? { templatePath: templatePath(x.templateFile) } : {}),
    });
    // For the CDK, which prints one block per violating resource: one violation per rule and
    // severity, on its first resource, listing the others in its description (the fix once).
    // validateScope() callers get every resource, grouped per rule and message.
    const key = options.grouped
      ? (f: EvaluatedFinding) => `${f.ruleId}\u0000${f.severity}`
      : (f: EvaluatedFinding) => `${f.ruleId}\u0000${f.severity}\u0000${f.message}`;
    const groups = new Map<string, EvaluatedFinding[]>();
    for (const f of options.grouped ? byImpact(result.findings) : result.findings) {
      const k = key(f);
      let list = groups.get(k);
      if (!list) groups.set(k, (list = []));
      list.push(f);
    }
    const violations: PolicyViolation[] = [...groups.values()].map((list) => {
      const f = list[0];
      return {
        ruleName: f.ruleId,
        description: options.grouped ? groupedDescription(list) : `${f.ruleId}: ${f.message}. (${f.title})`,
        fix: f.fix,
        severity: f.severity,
        ruleMetadata: { area: f.area, impact: f.impact, auditLine: f.auditLine },
        violatingResources: options.grouped ? [resourceOf(f)] : list.map(resourceOf),
      };
    });
    return {
      success: !result.findings.some((f) => f.severity === RuleSeverity.ERROR),
      violations,
      pluginVersion: PACKAGE_VERSION,
      metadata: {
        readinessReport: REPORT_JSON,
        errors: String(result.findings.filter((f) => f.severity === RuleSeverity.ERROR).length),
        warnings: String(result.findings.filter((f) => f.severity === RuleSeverity.WARNING).length),
        acknowledged: String(result.acknowledged.length),
      },
    };
  }
}

/** Rule name and severity of the scorecard summary the CDK prints last. */
const SCORECARD_RULE = 'Readiness-SCORECARD';
const SCORECARD_SEVERITY = 'SCORECARD';
/** Findings listed per rule in what synth prints; the report files hold every one. */
const LISTED_PER_RULE = 10;
/** Rules named in the printed scorecard summary. */
const TOP_RULES = 5;

/** One printed block per rule: id, impact, title, count, then the paths with source lines and messages. */
function groupedDescription(list: readonly EvaluatedFinding[]): string {
  const f = list[0];
  const lines = [`${f.ruleId} [${f.impact}] ${f.title}: ${list.length} finding${list.length === 1 ? '' : 's'}`];
  for (const x of list.slice(0, LISTED_PER_RULE)) {
    const source = x.source ? ` (${x.source.file}:${x.source.line})` : '';
    lines.push(`   - ${x.constructPath}${source}: ${x.message}`);
  }
  if (list.length > LISTED_PER_RULE) lines.push(`   - ... and ${list.length - LISTED_PER_RULE} more in ${REPORT_MARKDOWN}`);
  return lines.join('\n');
}

/** The scorecard in a few lines: score, counts, the report, and the rules with the highest impact. */
function scorecardSummary(report: ReadinessReportData, reportFile: string | undefined): string {
  const lines = [
    `Production Readiness Score ${formatScore(report.overall.score)} ${report.overall.passed ? 'PASS' : 'FAIL'} ` +
      `(${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.acknowledged} acknowledged${notExaminedSuffix(report)})` +
      (reportFile ? ` · ${reportFile}` : ''),
  ];
  const counts = new Map<string, { impact: string; n: number }>();
  for (const f of byImpact(report.findings)) {
    const c = counts.get(f.ruleId);
    if (c) c.n++;
    else counts.set(f.ruleId, { impact: f.impact, n: 1 });
  }
  if (counts.size > 0) {
    const top = [...counts].slice(0, TOP_RULES).map(([id, c]) => `${id} (${c.impact}, ${c.n})`);
    lines.push(`   Top findings by impact: ${top.join(', ')}${counts.size > TOP_RULES ? `, and ${counts.size - TOP_RULES} more rules` : ''}`);
  }
  // The monthly cost of the readiness measures, and a WARNING line per budget exceeded.
  if (report.cost) lines.push(...costSummaryLines(report.cost).split('\n').filter((l) => l !== '').map((l) => `   ${l.replace(/^cdk-readiness: /, '')}`));
  return lines.join('\n');
}

/**
 * Write the runbooks into `<assembly>/runbooks/`, and remove the runbooks of stacks that are no
 * longer in the app (only `.md` and `index.json` files of that directory, which this writes).
 */
function writeRunbookFiles(assemblyRoot: string, files: ReadonlyArray<{ file: string; content: string }>): void {
  const dir = path.join(assemblyRoot, RUNBOOK_DIRECTORY);
  fs.mkdirSync(dir, { recursive: true });
  const written = new Set(files.map((f) => path.basename(f.file)));
  for (const name of fs.readdirSync(dir)) {
    if ((name.endsWith('.md') || name === 'index.json') && !written.has(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
  for (const f of files) fs.writeFileSync(path.join(assemblyRoot, f.file), f.content);
}
