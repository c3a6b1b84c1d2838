import { AreaStatus, formatScore, ReadinessReportData } from './report';

/** File name of the chart, written in the cloud assembly directory beside the report. */
export const REPORT_SVG = 'readiness-scores.svg';

const COLORS: Record<AreaStatus, string> = {
  'pass': '#2e7d32',
  'warning': '#e0a100',
  'fail': '#c62828',
  'not-assessed': '#9e9e9e',
};

const WIDTH = 800;
const LABEL_WIDTH = 250;
const BAR_WIDTH = 400;
const ROW = 34;
const TOP = 84;

/**
 * The per-area scores as a horizontal bar chart, laid out like the audit's "Breakdown": one bar
 * per area out of 100, coloured by status (pass, warning, fail), "not assessed" where no rule
 * applied, and the overall score in the title. Plain SVG 1.1, no scripts, no external fonts.
 */
export function renderScoreChart(report: ReadinessReportData): string {
  const height = TOP + report.areas.length * ROW + 44;
  const overall = formatScore(report.overall.score);
  const verdict = report.overall.passed ? 'PASS' : 'FAIL';
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="title desc">`,
    `<title id="title">Production Readiness Score: ${esc(overall)} (${verdict})</title>`,
    `<desc id="desc">${esc(report.areas.map((a) => `${a.title}: ${formatScore(a.score)}`).join('; '))}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    '<g font-family="DejaVu Sans, Verdana, Arial, Helvetica, sans-serif">',
    `<text x="20" y="36" font-size="22" font-weight="bold" fill="#212121">Production Readiness Score: ${esc(overall)}</text>`,
    `<text x="${WIDTH - 20}" y="36" font-size="18" font-weight="bold" text-anchor="end" fill="${report.overall.passed ? COLORS.pass : COLORS.fail}">${verdict}</text>`,
    `<text x="20" y="60" font-size="13" fill="#616161">profile ${esc(report.profiles.join(', '))} · ${report.summary.stacks} stack(s), ${report.summary.resources} resources · ${report.summary.errors} error(s), ${report.summary.warnings} warning(s), ${report.summary.acknowledged} acknowledged</text>`,
  );
  report.areas.forEach((area, i) => {
    const y = TOP + i * ROW;
    const fill = area.score === null ? 0 : Math.round((BAR_WIDTH * Math.max(0, Math.min(100, area.score))) / 100);
    out.push(
      `<g data-area="${esc(area.area)}" data-status="${area.status}">`,
      `<text x="20" y="${y + 17}" font-size="14" fill="#212121">${esc(area.title)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${BAR_WIDTH}" height="20" rx="3" fill="#eeeeee"/>`,
      ...(fill > 0 ? [`<rect class="bar" x="${LABEL_WIDTH}" y="${y + 3}" width="${fill}" height="20" rx="3" fill="${COLORS[area.status]}"/>`] : []),
      `<text x="${LABEL_WIDTH + BAR_WIDTH + 12}" y="${y + 18}" font-size="14" font-weight="bold" fill="${COLORS[area.status]}">${esc(formatScore(area.score))}</text>`,
      '</g>',
    );
  });
  out.push(
    `<text x="20" y="${height - 16}" font-size="11" fill="#757575">cdk-readiness · readiness-report.md has every finding and how to fix it</text>`,
    '</g>',
    '</svg>',
    '',
  );
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
