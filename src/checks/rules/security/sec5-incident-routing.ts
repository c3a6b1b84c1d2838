import { declared, DECLARED, hasService, oncePerEnvironment, organizationCoverage, sameAccount, whereOf } from './security-coverage';
import { AppIndex, asArray, IndexedStack } from '../../../analysis/app-index';
import { sameEnvironment } from '../../../analysis/backup-vaults';
import { RuleImpact } from '../../../profile';
import { AppRule, Failure } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

type Source = 'guardduty' | 'securityhub' | 'inspector';

/** A route: an enabled EventBridge rule with a target that passes a source's HIGH and CRITICAL findings. */
interface Route {
  readonly stack: IndexedStack;
  readonly source: Source;
  /** Security Hub product names the route leaves out (`anything-but`). */
  readonly excludedProducts: string[];
}

const SOURCES: Record<string, { source: Source; detailType: string }> = {
  'aws.guardduty': { source: 'guardduty', detailType: 'GuardDuty Finding' },
  'aws.securityhub': { source: 'securityhub', detailType: 'Security Hub Findings - Imported' },
  'aws.inspector2': { source: 'inspector', detailType: 'Inspector2 Finding' },
};
const PRODUCT: Partial<Record<Source, string>> = { guardduty: 'GuardDuty', inspector: 'Inspector' };

/** A label filter passes HIGH and CRITICAL when absent or when it lists both. */
function passesHighLabels(filter: unknown): boolean {
  if (filter === undefined) return true;
  const values = asArray(filter);
  return ['HIGH', 'CRITICAL'].every((l) => values.includes(l));
}

/**
 * GuardDuty's numeric severity filter passes 7.0 and above when absent, or when one of its
 * `numeric` conditions (operator/value pairs, e.g. `[">=", 7]` or `[">=", 7, "<=", 10]`) has a lower
 * bound of at most 7 and no upper bound below 10 (GuardDuty's highest severity: CRITICAL is 9.0–10.0).
 */
function passesHighNumeric(filter: unknown): boolean {
  if (filter === undefined) return true;
  return asArray(filter).some((f: any) => {
    const n = f?.numeric;
    if (!Array.isArray(n) || n.length === 0 || n.length % 2 !== 0) return false;
    let lowOk = false;
    let highOk = true;
    for (let i = 0; i < n.length; i += 2) {
      const op = n[i];
      const v = Number(n[i + 1]);
      if (Number.isNaN(v)) return false;
      if (op === '>=') lowOk = v <= 7;
      else if (op === '>') lowOk = v < 7;
      else if (op === '<=') highOk = highOk && v >= 10;
      else if (op === '<') highOk = highOk && v > 10;
      else return false;
    }
    return lowOk && highOk;
  });
}

function routes(index: AppIndex): Route[] {
  return index.derived('security-finding-routes', (i) => {
    const out: Route[] = [];
    for (const rule of i.resourcesOfType('AWS::Events::Rule')) {
      const p = rule.properties;
      const pattern = p.EventPattern;
      if (!pattern || typeof pattern !== 'object' || p.State === 'DISABLED' || asArray(p.Targets).length === 0) continue;
      // Findings arrive on the default event bus only: a rule of a custom bus never sees them.
      if (!onDefaultBus(p.EventBusName)) continue;
      for (const s of asArray(pattern.source)) {
        const spec = SOURCES[String(s)];
        if (!spec) continue;
        const types = pattern['detail-type'];
        if (types !== undefined && !asArray(types).includes(spec.detailType)) continue;
        const detail = pattern.detail ?? {};
        let passes: boolean;
        let excludedProducts: string[] = [];
        if (spec.source === 'guardduty') {
          passes = passesHighNumeric(detail.severity);
        } else if (spec.source === 'inspector') {
          passes = passesHighLabels(detail.severity);
        } else {
          const findings = detail.findings ?? {};
          passes = passesHighLabels(findings.Severity?.Label);
          excludedProducts = asArray(findings.ProductName).flatMap((f: any) => asArray(f?.['anything-but']).map(String));
        }
        if (passes) out.push({ stack: rule.stack, source: spec.source, excludedProducts });
      }
    }
    return out;
  });
}

function onDefaultBus(bus: unknown): boolean {
  return bus === undefined || bus === 'default' || (typeof bus === 'string' && /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/default$/.test(bus));
}

/** Regions whose Security Hub findings a finding aggregator brings into its own region, per account. */
function aggregated(index: AppIndex, stack: IndexedStack): IndexedStack[] {
  return index.resourcesOfType('AWS::SecurityHub::FindingAggregator').filter((a) => {
    if (!sameAccount(a.stack, stack) || a.stack.region === undefined || stack.region === undefined) return false;
    if (a.stack.region === stack.region) return true;
    const mode = a.properties.RegionLinkingMode;
    const regions = asArray(a.properties.Regions).map(String);
    return mode === 'ALL_REGIONS' || (mode === 'SPECIFIED_REGIONS' && regions.includes(stack.region)) || (mode === 'ALL_REGIONS_EXCEPT_SPECIFIED' && !regions.includes(stack.region));
  }).map((a) => a.stack);
}

const ID = 'Readiness-SEC5';

/**
 * SEC5: in the account and region of every stack, HIGH and CRITICAL findings of each active
 * source (GuardDuty, Security Hub, Inspector) reach an EventBridge rule with a target. Judged once
 * per account and region where the app runs code, on the first of its stacks there.
 */
export const SEC5: AppRule = {
  kind: 'app',
  id: ID,
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.HIGH,
  title: 'High-severity GuardDuty, Security Hub and Inspector findings are routed to an incident target',
  auditLine: 'Task 88 (Security & Compliance): "MISSING: Security incident response procedures", "No security incident procedures"',
  explanation:
    'A finding nobody is told of is a finding nobody acts on: detectors and scanners only help when their high-severity findings reach a responder. Findings are EventBridge events of the region they arise in, so each account and region where GuardDuty, Security Hub or Inspector runs needs an enabled EventBridge rule of the default event bus (the only one they deliver to) with a target passing their HIGH and CRITICAL findings. A Security Hub route also covers GuardDuty and Inspector findings that Security Hub imports (unless it leaves their product out), and a Security Hub route in the aggregation region covers the regions its finding aggregator links. The gap is reported once per account and region, on the first stack there by construct path (acknowledge it on that stack), naming the others.',
  fix: 'Plain CDK: an `events.Rule` on the default bus matching HIGH and CRITICAL findings (`{ source: ["aws.guardduty"], detail: { severity: [{ numeric: [">=", 7] }] } }`, and likewise for `aws.securityhub` and `aws.inspector2`) with a target that reaches the on-call (`targets.SnsTopic(topic)`). With this library: `SecurityBaseline` adds `SecurityIncidentRouting` for the sources it enables or declares, or use `SecurityIncidentRouting` on its own; declare `incidentRouting: { mode: ServiceMode.PROVIDED }` where the security account routes findings centrally (in a member account of an organization with `SecurityToolingBaseline`, `OrganizationSecurityCoverage` with `findingsRoutedFrom` HIGH or lower).',
  evaluate(index) {
    return oncePerEnvironment(index, ID, 'region', (stack) => routingGaps(index, stack));
  },
};

/** The sources active in the stack's account and region whose HIGH and CRITICAL findings no route takes (undefined: nothing to judge). */
function routingGaps(index: AppIndex, stack: IndexedStack): Failure[] | undefined {
  if (declared(index, stack, DECLARED.incidentRouting)) return undefined;
  const active: Source[] = (['guardduty', 'securityhub', 'inspector'] as Source[]).filter((s) => hasService(index, stack, s));
  if (active.length === 0) return undefined;
  const all = routes(index);
  const here = (s: Source) => all.filter((r) => r.source === s && sameEnvironment(r.stack, stack));
  const hubRegions = aggregated(index, stack);
  const hubRoutes = all.filter((r) => r.source === 'securityhub' && (sameEnvironment(r.stack, stack) || hubRegions.some((h) => sameEnvironment(r.stack, h))));
  const covered = (s: Source): boolean => {
    if (here(s).length > 0) return true;
    if (s === 'securityhub') return hubRoutes.length > 0;
    // Security Hub imports GuardDuty and Inspector findings of its region.
    return active.includes('securityhub') && hubRoutes.some((r) => !r.excludedProducts.includes(PRODUCT[s]!));
  };
  const names: Record<Source, string> = { guardduty: 'GuardDuty', securityhub: 'Security Hub', inspector: 'Inspector' };
  // An organization declaration that routes findings yet is not counted routes only CRITICAL ones.
  const central = organizationCoverage(index, stack)?.findingsMinimumSeverity;
  const note = central === undefined ? '' : ` (the organization's delegated administrator routes only its ${central} findings, as OrganizationSecurityCoverage declares: route HIGH too)`;
  return active.filter((s) => !covered(s)).map((s) => ({
    message: `${names[s]} runs for ${whereOf(stack)} but no enabled EventBridge rule with a target routes its HIGH and CRITICAL findings there${note}`,
    location: 'Stack',
  }));
}
