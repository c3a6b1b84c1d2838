import { AppIndex, asArray, IndexedResource, IndexedStack } from '../../../analysis/app-index';
import { sameEnvironment } from '../../../analysis/backup-vaults';
import { DECLARATION_TAG_KEY, DECLARATION_TAG_VALUE, DECLARED, parseDeclaration } from '../../../shared/security-declaration';

export { DECLARED };

/** The custom resource of this library's InspectorEnablement. */
const INSPECTOR_ENABLEMENT = 'Custom::ReadinessInspectorEnablement';

/** A security service found in (or declared for) the account and region of a stack. */
export interface ServiceFact {
  readonly stack: IndexedStack;
  readonly service: string;
  /** Declared as provided rather than created by the app. */
  readonly declared: boolean;
}

export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

export function isFalse(v: unknown): boolean {
  return v === false || v === 'false';
}

/**
 * Resources that run code: where stolen credentials are used, vulnerable packages run and
 * findings arise. The SEC rules judge the stacks that hold one, so every account and region where
 * the app runs code must be covered; stacks of data only (state buckets, DR vaults) are not judged.
 */
export const WORKLOAD_TYPES: readonly string[] = [
  'AWS::ECS::Service',
  'AWS::Lambda::Function',
  'AWS::EC2::Instance',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::EKS::Cluster',
  'AWS::ECR::Repository',
  'AWS::AppRunner::Service',
  'AWS::Batch::ComputeEnvironment',
  'AWS::ElasticBeanstalk::Environment',
];

/** Whether the SEC rules judge a stack: it runs code. */
export function runsWorkload(stack: IndexedStack): boolean {
  return stack.resources.some((r) => WORKLOAD_TYPES.includes(r.type));
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
      for (const service of parseDeclaration(p.properties.Value) ?? []) facts.push({ stack: p.stack, service, declared: true });
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
