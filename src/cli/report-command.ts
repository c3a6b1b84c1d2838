import * as fs from 'fs';
import * as path from 'path';
import { renderCostTerminal } from '../checks/private/cost-report';
import { byImpact, formatScore, notExaminedSuffix, ReadinessReportData, ReportFinding, REPORT_JSON, REPORT_MARKDOWN } from '../checks/private/report';
import { REPORT_SARIF } from '../checks/private/sarif';
import { REPORT_SVG } from '../checks/private/score-chart';

const STATUS: Record<string, string> = { 'pass': 'PASS', 'warning': 'WARN', 'fail': 'FAIL', 'not-assessed': '-' };

/** Find readiness-report.json in a cloud assembly directory (or take the file itself). */
export function loadReport(target: string): { report: ReadinessReportData; file: string } {
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, REPORT_JSON) : target;
  if (!fs.existsSync(file)) {
    throw new Error(
      `No readiness report at '${file}'. Run \`cdk synth\` on an app that registers ReadinessChecks ` +
        '(Validations.of(app).addPlugins(new ReadinessChecks(app))), then pass its output directory (default cdk.out).',
    );
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf-8')) as ReadinessReportData;
  if (report.tool !== 'cdk-readiness' || report.schemaVersion !== 1) {
    throw new Error(`'${file}' is not a cdk-readiness report (schemaVersion 1).`);
  }
  return { report, file };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The scorecard for a terminal: score, findings per rule with the highest impact first, per-area breakdown, acknowledgements. */
export function renderTerminal(report: ReadinessReportData, reportFile: string): string {
  const out: string[] = [];
  const s = report.summary;
  out.push('');
  out.push(`Production Readiness Score: ${formatScore(report.overall.score)}  ${report.overall.passed ? 'PASS' : 'FAIL'}`);
  out.push(`profile ${report.profiles.join(', ')} · ${s.stacks} stack(s), ${s.resources} resources · ${s.errors} error(s), ${s.warnings} warning(s), ${s.acknowledged} acknowledged${notExaminedSuffix(report)}`);
  out.push('');
  if (report.findings.length > 0) {
    out.push('Findings, highest impact first:');
    const byRule = new Map<string, ReportFinding[]>();
    for (const f of byImpact(report.findings)) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
    for (const [ruleId, list] of byRule) {
      const errors = list.filter((f) => f.severity === 'error').length;
      const counts = [errors > 0 ? `${errors} error(s)` : '', list.length > errors ? `${list.length - errors} warning(s)` : ''].filter((c) => c !== '').join(', ');
      out.push(`  ${pad(list[0].impact.toUpperCase(), 10)}${pad(ruleId, 16)}${counts}: ${list[0].title}`);
      for (const f of list) out.push(`  ${' '.repeat(26)}${f.constructPath}: ${f.message}`);
    }
    out.push('');
  }
  out.push(`  ${pad('Area', 30)}${pad('Score', 15)}${pad('Status', 8)}${pad('Errors', 8)}Warnings`);
  for (const a of report.areas) {
    out.push(`  ${pad(a.title, 30)}${pad(formatScore(a.score), 15)}${pad(STATUS[a.status], 8)}${pad(String(a.errors), 8)}${a.warnings}`);
  }
  out.push('', `  ${pad('Stack', 30)}${pad('Resources', 11)}Alarms`);
  for (const st of report.stacks) out.push(`  ${pad(st.path, 30)}${pad(String(st.resources), 11)}${st.alarms}`);
  if (report.acknowledged.length > 0) {
    out.push('', 'Acknowledged:');
    for (const f of report.acknowledged) out.push(`  ${pad(f.ruleId, 16)}${f.constructPath}: ${f.reason ?? ''}`);
  }
  if (report.notExamined && report.notExamined.length > 0) {
    out.push('', 'Not examined (not in the cloud assembly):');
    for (const n of report.notExamined) out.push(`  ${pad(n.type, 32)}${n.path}: ${n.reason}`);
  }
  if (report.cost) out.push(...renderCostTerminal(report.cost));
  const dir = path.dirname(reportFile);
  out.push('', `Full report: ${path.join(dir, REPORT_MARKDOWN)}`);
  out.push(`Code scanning (SARIF 2.1.0): ${path.join(dir, REPORT_SARIF)} · score chart: ${path.join(dir, REPORT_SVG)}`, '');
  return out.join('\n');
}
