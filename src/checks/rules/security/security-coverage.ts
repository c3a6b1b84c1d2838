import { AppIndex, asArray, IndexedResource, IndexedStack } from '../../../analysis/app-index';
import { sameEnvironment } from '../../../analysis/backup-vaults';
import { isPlumbing, runsCode } from '../../../analysis/workloads';
import { RuleSeverity } from '../../../profile';
import { DECLARATION_TAG_KEY, DECLARATION_TAG_VALUE, DECLARED, OrganizationSecurityDetails, parseDeclaration } from '../../../shared/security-declaration';
import { AppRuleResult, Failure, failAll, NOT_APPLICABLE } from '../../private/rule-kinds';

export { DECLARED };

/** The service name of the fact every organization declaration adds, whatever it provides. */
const ORGANIZATION = 'organization';

/** The custom resource of this library's InspectorEnablement. */
const INSPECTOR_ENABLEMENT = 'Custom::ReadinessInspectorEnablement';

/** A security service found in (or declared for) the account and region of a stack. */
export interface ServiceFact {
  readonly stack: IndexedStack;
  readonly service: string;
  /** Declared as provided rather than created by the app. */
  readonly declared: boolean;
  /** Declared as provided by the organization's baseline (`OrganizationSecurityCoverage`), with what it turns on. */
  readonly organization?: OrganizationSecurityDetails;
}

export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

export function isFalse(v: unknown): boolean {
  return v === false || v === 'false';
}

/** What an environment gap is a gap of: an account and region (most services), or an account (a multi-region trail). */
export type EnvironmentScope = 'region' | 'account';

/** The environment of a stack as a key; an environment-agnostic account or region is one unknown environment. */
function environmentKey(stack: IndexedStack, scope: EnvironmentScope): string {
  return scope === 'account' ? stack.account ?? '?' : `${stack.account ?? '?'}/${stack.region ?? '?'}`;
}

/**
 * Judge a per-environment gap once per environment. The stacks that run code and for which the
 * rule is not turned off are grouped by account and region (by account for `scope: 'account'`;
 * environment-agnostic stacks form one unknown environment); the first stack of each group by
 * construct path reports the gap (acknowledge it there), and its messages name the other stacks
 * of the group. `gaps` is called with that stack and returns the gaps of its environment, or
 * `undefined` when the rule does not apply there (nothing to judge).
 */
export function oncePerEnvironment(
  index: AppIndex, ruleId: string, scope: EnvironmentScope, gaps: (stack: IndexedStack) => Failure[] | undefined,
): AppRuleResult[] {
  const groups = new Map<string, IndexedStack[]>();
  const judged = index.stacks
    .filter((s) => s.profile.severityOf(ruleId) !== RuleSeverity.OFF && runsCode(s, index))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const stack of judged) {
    const key = environmentKey(stack, scope);
    groups.set(key, [...(groups.get(key) ?? []), stack]);
  }
  return [...groups.values()].map(([first, ...others]) => {
    const also = others.length === 0 ? '' : ` (reported once for the ${scope === 'account' ? 'account' : 'account and region'}: also for ${others.map((o) => o.path).join(', ')})`;
    const found = gaps(first);
    return { stack: first, result: found === undefined ? NOT_APPLICABLE : failAll(found.map((f) => ({ ...f, message: `${f.message}${also}` }))) };
  });
}

/** Same account, whatever the region (a multi-region trail covers them all). */
export function sameAccount(a: IndexedStack, b: IndexedStack): boolean {
  return !a.account || !b.account || a.account === b.account;
}

/**
 * Every security service present in the app, per stack: created (detectors, hubs, standards,
 * recorders, channels, Inspector enablements) or declared as provided by a SecurityBaseline.
 * One table per validation.
 */
export function serviceFacts(index: AppIndex): ServiceFact[] {
  return index.derived('security-service-facts', (i) => {
    const facts: ServiceFact[] = [];
    const add = (r: IndexedResource, service: string) => facts.push({ stack: r.stack, service, declared: false });
    for (const d of i.resourcesOfType('AWS::GuardDuty::Detector')) if (!isFalse(d.properties.Enable)) add(d, DECLARED.guardDuty);
    for (const h of i.resourcesOfType('AWS::SecurityHub::Hub')) {
      add(h, DECLARED.securityHub);
      // Without EnableDefaultStandards: false, Security Hub enables its default standards.
      if (!isFalse(h.properties.EnableDefaultStandards)) add(h, 'securityhub-standard');
    }
    for (const s of i.resourcesOfType('AWS::SecurityHub::Standard')) add(s, 'securityhub-standard');
    for (const r of i.resourcesOfType('AWS::Config::ConfigurationRecorder')) {
      const group = r.properties.RecordingGroup;
      const strategy = group?.RecordingStrategy?.UseOnly;
      const recordsSomething = !group || isTrue(group.AllSupported) || asArray(group.ResourceTypes).length > 0
        // Every supported type, or every type but the excluded ones.
        || strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' || strategy === 'EXCLUSION_BY_RESOURCE_TYPES';
      if (recordsSomething) add(r, 'config-recorder');
    }
    for (const c of i.resourcesOfType('AWS::Config::DeliveryChannel')) add(c, 'config-channel');
    for (const c of i.resourcesOfType(INSPECTOR_ENABLEMENT)) add(c, DECLARED.inspector);
    // A hand-written AwsCustomResource calling inspector2:Enable counts too.
    for (const c of i.resourcesOfType('Custom::AWS')) {
      const call = String(c.properties.Create ?? '') + String(c.properties.Update ?? '');
      if (/"service":"(@aws-sdk\/client-)?inspector2"/i.test(call) && /"action":"(enable|EnableCommand)"/i.test(call)) add(c, DECLARED.inspector);
    }
    for (const p of i.resourcesOfType('AWS::SSM::Parameter')) {
      if (i.tagsOf(p).get(DECLARATION_TAG_KEY) !== DECLARATION_TAG_VALUE) continue;
      const declaration = parseDeclaration(p.properties.Value);
      for (const service of declaration?.provided ?? []) {
        facts.push({ stack: p.stack, service, declared: true, organization: declaration?.organization });
      }
      // An organization declaration is a fact of its own: it may turn something on partly (only CRITICAL findings routed, a Config aggregator).
      if (declaration?.organization) facts.push({ stack: p.stack, service: ORGANIZATION, declared: true, organization: declaration.organization });
    }
    return facts;
  });
}

/** Whether a service is present (or declared) in the account and region of `stack`. */
export function hasService(index: AppIndex, stack: IndexedStack, service: string): boolean {
  return serviceFacts(index).some((f) => f.service === service && sameEnvironment(f.stack, stack));
}

/** Whether a service is declared as provided in the account and region of `stack`. */
export function declared(index: AppIndex, stack: IndexedStack, service: string): boolean {
  return serviceFacts(index).some((f) => f.declared && f.service === service && sameEnvironment(f.stack, stack));
}

/** Where the failure names the place: the stack's account and region. */
export function whereOf(stack: IndexedStack): string {
  return stack.account || stack.region ? `account ${stack.account ?? '(unknown)'} in ${stack.region ?? '(unknown region)'}` : 'this stack\'s account and region';
}

/** Finding severities from the lowest: routing from a lower one routes more. */
const SEVERITY_ORDER: readonly string[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** The union of two optional lists: undefined only when both are. */
function union(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  return a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** The lower of two routed severities (unknown ones rank last). */
function lowest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const rank = (s: string) => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);
  return rank(b) < rank(a) ? b : a;
}

/** Two organization declarations of one environment as one: what either turns on is on. */
function mergeDetails(a: OrganizationSecurityDetails, b: OrganizationSecurityDetails): OrganizationSecurityDetails {
  const guardDutyFeatures = union(a.guardDutyFeatures, b.guardDutyFeatures);
  const securityHubStandards = union(a.securityHubStandards, b.securityHubStandards);
  const inspectorScanTypes = union(a.inspectorScanTypes, b.inspectorScanTypes);
  const findingsMinimumSeverity = lowest(a.findingsMinimumSeverity, b.findingsMinimumSeverity);
  return {
    ...(guardDutyFeatures !== undefined ? { guardDutyFeatures } : {}),
    ...(securityHubStandards !== undefined ? { securityHubStandards } : {}),
    ...(inspectorScanTypes !== undefined ? { inspectorScanTypes } : {}),
    ...(a.configAggregator || b.configAggregator ? { configAggregator: true } : {}),
    ...(findingsMinimumSeverity !== undefined ? { findingsMinimumSeverity } : {}),
  };
}

/**
 * What the organization declares it turns on in the account and region of `stack`
 * (`OrganizationSecurityCoverage`), or undefined where no organization declaration is. Several
 * declarations there (one from `OrganizationBaseline.securityCoverage()`, one from
 * `SecurityToolingBaseline.securityCoverage()`) are merged: the union of their lists, an
 * aggregator if any declares one, the lowest severity routed.
 */
export function organizationCoverage(index: AppIndex, stack: IndexedStack): OrganizationSecurityDetails | undefined {
  return serviceFacts(index)
    .filter((f) => f.service === ORGANIZATION && sameEnvironment(f.stack, stack) && f.organization !== undefined)
    .map((f) => f.organization!)
    .reduce<OrganizationSecurityDetails | undefined>((merged, d) => (merged === undefined ? d : mergeDetails(merged, d)), undefined);
}

/** Whether the service is present in the environment of `stack` other than by an organization declaration. */
export function presentOtherwise(index: AppIndex, stack: IndexedStack, service: string): boolean {
  return serviceFacts(index).some((f) => f.service === service && f.organization === undefined && sameEnvironment(f.stack, stack));
}

/** A need of the workloads of an environment: an option (protection plan, scan type) and the resources that need it. */
export interface WorkloadNeed {
  readonly option: string;
  readonly why: string;
  readonly resources: readonly IndexedResource[];
}

/**
 * The options (of `needs`) the workloads in the environment of `stack` need and `enabled` leaves
 * out: a need counts when a resource of one of its types (not plumbing) is there.
 */
export function uncoveredNeeds(
  index: AppIndex, stack: IndexedStack, enabled: readonly string[],
  needs: ReadonlyArray<{ readonly option: string; readonly why: string; readonly types: readonly string[] }>,
): WorkloadNeed[] {
  return needs.filter((n) => !enabled.includes(n.option)).flatMap((n) => {
    const resources = n.types.flatMap((t) => index.resourcesOfType(t))
      .filter((r) => sameEnvironment(r.stack, stack) && !isPlumbing(r, index));
    return resources.length === 0 ? [] : [{ option: n.option, why: n.why, resources }];
  });
}

/** A few resource paths, for a message. */
export function namesOf(resources: readonly IndexedResource[]): string {
  const paths = resources.map((r) => r.path);
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}
