import * as crypto from 'crypto';
import { RuleImpact, RuleSeverity } from '../../profile';
import { RuleInfo } from '../rule';
import { BUILT_IN_PREFIX } from './custom-rules';
import { ReadinessReportData, ReportFinding } from './report';
import { memoize } from '../../shared/memo';

/** File name of the SARIF log, written in the cloud assembly directory beside the report. */
export const REPORT_SARIF = 'readiness-report.sarif';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/cdk-readiness/cdk-readiness';
/** Base of paths in the user's source code: code scanning resolves it to the checkout. */
export const SRCROOT = '%SRCROOT%';
/** Base of paths in the cloud assembly (`cdk synth --output`, default `cdk.out`). */
export const CDK_OUT = 'CDK_OUT';

/**
 * SARIF `rank` (0.0-100.0, higher is more important) of each impact: code scanning sorts results
 * by it.
 */
export const IMPACT_RANK: Record<RuleImpact, number> = {
  [RuleImpact.CRITICAL]: 95,
  [RuleImpact.HIGH]: 75,
  [RuleImpact.MEDIUM]: 45,
  [RuleImpact.LOW]: 15,
};

/** The SARIF level a rule has under the PROD mapping: critical and high are errors. */
function defaultLevel(impact: RuleImpact): 'error' | 'warning' {
  return impact === RuleImpact.CRITICAL || impact === RuleImpact.HIGH ? 'error' : 'warning';
}

export interface SarifOptions {
  /** Version of this package, for the tool driver. */
  readonly toolVersion?: string;
  /**
   * Line (1-based) of a resource in a synthesized template, for findings without a source
   * location. Omitted: such findings point at the template file only.
   */
  readonly templateLine?: (templateFile: string, logicalId: string) => number | undefined;
}

/**
 * The report as a SARIF 2.1.0 log, for code scanning (GitHub, GitLab, Azure DevOps, IDEs):
 * one result per finding at the line of the user's code that created the resource (else at the
 * resource in the synthesized template), acknowledged findings as results with an accepted
 * in-source suppression carrying their reason, and a stable fingerprint per finding so alerts
 * are tracked across runs. Deterministic: no times, no absolute paths.
 */
export function renderSarif(report: ReadinessReportData, rules: readonly RuleInfo[], options: SarifOptions = {}): object {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const encode = memoize(encodePath);
  const toResult = (f: ReportFinding) => {
    const index = ruleIndex.get(f.ruleId);
    // Optional fields assigned in place, in the order the log lists them (no object spreads: one
    // result per finding, thousands in a large app).
    const result: Record<string, unknown> = { ruleId: f.ruleId };
    if (index !== undefined) result.ruleIndex = index;
    result.level = f.severity === RuleSeverity.ERROR ? 'error' : 'warning';
    result.rank = IMPACT_RANK[f.impact] ?? IMPACT_RANK[RuleImpact.HIGH];
    result.message = { text: `${f.message} (${f.constructPath}). Fix: ${f.fix}` };
    result.locations = [location(f, options, encode)];
    result.partialFingerprints = { 'cdkReadinessFinding/v1': fingerprint(f) };
    result.properties = { area: f.area, impact: f.impact, stack: f.stack, constructPath: f.constructPath, auditLine: f.auditLine };
    if (f.reason !== undefined) {
      result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: `${f.reason} (acknowledged at ${f.acknowledgedAt ?? f.constructPath})` }];
    }
    return result;
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-readiness',
          ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => withImpact(r)).map((r) => ({
            id: r.id,
            name: r.id.replace(/[^A-Za-z0-9]/g, ''),
            shortDescription: { text: r.title },
            fullDescription: { text: r.explanation },
            help: { text: `${r.fix}\n\nAudit: ${r.auditLine}`, markdown: `**Fix:** ${r.fix}\n\n**Audit:** ${r.auditLine}` },
            // The rule table documents the built-in rules only, not custom ones.
            ...(r.id.startsWith(BUILT_IN_PREFIX) ? { helpUri: `${INFORMATION_URI}#rules` } : {}),
            defaultConfiguration: { level: defaultLevel(r.impact), rank: IMPACT_RANK[r.impact] },
            properties: { tags: ['production-readiness', r.area, `impact:${r.impact}`], area: r.area, impact: r.impact },
          })),
        },
      },
      originalUriBaseIds: {
        [SRCROOT]: { description: { text: 'The root of the git checkout the CDK app was synthesized in.' } },
        [CDK_OUT]: { description: { text: 'The cloud assembly directory of the synth (cdk synth --output, default cdk.out).' } },
      },
      columnKind: 'utf16CodeUnits',
      results: [...report.findings, ...report.acknowledged].map(toResult),
      properties: {
        score: report.overall.score,
        passed: report.overall.passed,
        profiles: report.profiles,
      },
    }],
  };
}

function withImpact(r: RuleInfo): RuleInfo & { readonly impact: RuleImpact } {
  return { ...r, impact: r.impact && IMPACT_RANK[r.impact] !== undefined ? r.impact : RuleImpact.HIGH };
}

function location(f: ReportFinding, options: SarifOptions, encode: (file: string) => string): object {
  const logicalLocations = [{ fullyQualifiedName: f.constructPath, kind: 'resource' }];
  if (f.source) {
    return {
      physicalLocation: {
        artifactLocation: { uri: encode(f.source.file), uriBaseId: SRCROOT },
        region: { startLine: f.source.line, startColumn: f.source.column },
      },
      logicalLocations,
    };
  }
  // The resource in the template, or (stack findings, resource not found) the template's first line.
  const line = (f.logicalId ? options.templateLine?.(f.templateFile, f.logicalId) : undefined) ?? 1;
  return {
    physicalLocation: {
      artifactLocation: { uri: encode(f.templateFile), uriBaseId: CDK_OUT },
      region: { startLine: line },
    },
    logicalLocations,
  };
}

/** A relative URI reference for a `/`-separated path. */
function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** One-shot hashing (Node.js 20.12+), else a Hash object per call: the same digest either way. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShotHash
  ? (data: string) => oneShotHash('sha256', data, 'hex')
  : (data: string) => crypto.createHash('sha256').update(data).digest('hex');

/** Stable across runs and machines: the rule, the construct and the message, not the line. */
function fingerprint(f: ReportFinding): string {
  return sha256Hex(`${f.ruleId}\u0000${f.constructPath}\u0000${f.message}`).substring(0, 32);
}

/**
 * The 1-based line of `"<logicalId>": {` under `Resources` in a template as the CDK writes it
 * (pretty-printed JSON), or undefined.
 */
export function resourceLineIn(templateText: string, logicalId: string): number | undefined {
  return resourceLineFinder(templateText)(logicalId);
}

/**
 * `resourceLineIn` for many resources of one template: the line starts are indexed once, on the
 * first lookup, instead of counting the newlines before every resource.
 */
export function resourceLineFinder(templateText: string): (logicalId: string) => number | undefined {
  const resources = templateText.indexOf('"Resources"');
  let newlines: number[] | undefined;
  return (logicalId) => {
    if (resources < 0) return undefined;
    const at = templateText.indexOf(`"${logicalId}": {`, resources);
    if (at < 0) return undefined;
    if (!newlines) {
      newlines = [];
      for (let i = templateText.indexOf('\n'); i >= 0; i = templateText.indexOf('\n', i + 1)) newlines.push(i);
    }
    // Lines before `at` = newlines at offsets < at (binary search).
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (newlines[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}
