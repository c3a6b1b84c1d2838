import { CostEstimate } from '../../analysis/cost/estimate';
import { AREA_TITLES, ReadinessArea } from '../rule';

/** `$12.30`, or `$12.30–$45.00` for a range. */
export function formatUsd(low: number, high = low): string {
  const f = (n: number) => `$${n.toFixed(2)}`;
  return low === high ? f(low) : `${f(low)}–${f(high)}`;
}

const areaTitle = (area: string) => AREA_TITLES[area as ReadinessArea] ?? area;

/** What the estimate never prices (the README's "Not counted" says the same). */
export const NOT_COUNTED = 'SNS notifications, metrics the alarms read (services publish them free), EventBridge, restore jobs and restore tests, ' +
  'Lambda and storage of the constructs\' helper functions, S3 storage of trails and canary artifacts, KMS requests, ECR basic scanning (free), ' +
  'data transfer other than cross-region backup copies, DynamoDB point-in-time recovery, noncurrent S3 object versions, GuardDuty protection plans ' +
  '(S3, EKS, EBS malware, RDS, Lambda, runtime monitoring), continuous backup (point-in-time restore) of AWS Backup rules, Security Hub finding ingestion, ' +
  'Config periodic recording and conformance packs';

/** One line: the estimate, for the synth summary and the terminal. */
export function costSummaryLine(cost: CostEstimate): string {
  return `readiness measures cost ${formatUsd(cost.low, cost.high)} a month (${formatUsd(cost.fixed)} fixed, ${cost.region} list prices of ${cost.pricesReadOn})`;
}

/** The budget warnings (empty when every budget holds or none is set). */
export function budgetWarnings(cost: CostEstimate): string[] {
  return (cost.budgets ?? []).filter((b) => b.status !== 'within').map((b) =>
    `profile '${b.profile}' ${b.status === 'exceeded' ? 'exceeds' : 'may exceed'} its monthly readiness budget of ${formatUsd(b.monthlyBudget)} ` +
    `(estimate ${formatUsd(b.estimateLow, b.estimateHigh)}); biggest: ` +
    b.biggest.map((i) => `${i.item} in ${i.stack} (up to ${formatUsd(i.high)}; trim: ${i.knob})`).join('; '));
}

/** Whether there is anything to print: nothing priced and no budget warning prints nothing (outputs of apps without readiness measures unchanged). */
function priced(cost: CostEstimate): boolean {
  return cost.high > 0 || budgetWarnings(cost).length > 0;
}

/** The terminal section of `cdk-readiness report` (none when nothing is priced). */
export function renderCostTerminal(cost: CostEstimate): string[] {
  if (!priced(cost)) return [];
  const out = ['', `Cost: ${costSummaryLine(cost)}`];
  for (const a of cost.byArea) out.push(`  ${areaTitle(a.area).padEnd(30)}${formatUsd(a.low, a.high)}`);
  const stacks = cost.byStack.filter((s) => s.high > 0);
  if (stacks.length > 0) {
    out.push('  Per stack:');
    for (const s of stacks) out.push(`  ${s.stack.padEnd(30)}${formatUsd(s.low, s.high)}`);
  }
  const fallback = (cost.regions ?? []).filter((r) => r.usesUsEast1Figures).map((r) => r.region);
  if (fallback.length > 0) out.push(`  Priced with ${cost.region} figures (none read for the region): ${fallback.join(', ')}`);
  for (const w of budgetWarnings(cost)) out.push(`  WARNING budget: ${w}`);
  return out;
}

/** The Markdown section of the report: totals per area and stack, the items, what is assumed and not counted. */
export function renderCostMarkdown(cost: CostEstimate): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['## Monthly cost of readiness measures', ''];
  lines.push(`**${formatUsd(cost.low, cost.high)} a month** (${formatUsd(cost.fixed)} fixed, exact from the templates; the rest depends on usage). ${cost.regionNote}`, '');
  for (const w of budgetWarnings(cost)) lines.push(`> ⚠️ Budget: ${esc(w)}`, '');
  lines.push('| Area | Fixed | Estimate |', '|---|---|---|');
  for (const a of cost.byArea) lines.push(`| ${areaTitle(a.area)} | ${formatUsd(a.fixed)} | ${formatUsd(a.low, a.high)} |`);
  lines.push('', '| Stack | Fixed | Estimate |', '|---|---|---|');
  for (const s of cost.byStack) lines.push(`| \`${esc(s.stack)}\` | ${formatUsd(s.fixed)} | ${formatUsd(s.low, s.high)} |`);
  lines.push('', '| Stack | Item | Quantity | Monthly | Assumption | Trim with |', '|---|---|---|---|---|---|');
  for (const i of cost.items) {
    lines.push(`| \`${esc(i.stack)}\` | ${esc(i.item)} | ${i.quantity} | ${formatUsd(i.low, i.high)} | ${esc(i.assumption ?? 'exact')} | ${esc(i.knob)} |`);
  }
  lines.push('', 'Usage-based items are given from half to twice their figure at the assumed volumes (profile `costAssumptions`).');
  if (cost.freeTier.length > 0) lines.push('', 'Not subtracted (other workloads of the account may use them): ' + cost.freeTier.join('; ') + '.');
  if (cost.unconfirmedPrices.length > 0) lines.push('', `Prices not confirmed on the stored AWS page (check them there): ${cost.unconfirmedPrices.join(', ')}.`);
  lines.push('', `Not counted: ${NOT_COUNTED}; ` +
    'of an organization backup policy, only the app\'s own resources it selects are priced (the tagged resources of the other member accounts are not in the templates).');
  if (cost.notCounted && cost.notCounted.length > 0) lines.push('', `Not counted in this app: ${cost.notCounted.map(esc).join('; ')}.`);
  lines.push('');
  return lines.join('\n');
}

/** What `cdk synth` prints after the score: the estimate, and a WARNING line per budget exceeded ('' when nothing is priced). */
export function costSummaryLines(cost: CostEstimate): string {
  if (!priced(cost)) return '';
  return [`cdk-readiness: ${costSummaryLine(cost)}`, ...budgetWarnings(cost).map((w) => `cdk-readiness: WARNING ${w}`)].join('\n') + '\n';
}
