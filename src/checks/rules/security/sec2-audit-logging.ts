import { DECLARED, isFalse, isTrue, oncePerEnvironment, sameAccount, serviceFacts } from './security-coverage';
import { AppIndex, asArray, IndexedResource, IndexedStack } from '../../../analysis/app-index';
import { RuleImpact } from '../../../profile';
import { AppRule, Failure } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const ID = 'Readiness-SEC2';

/** What keeps a trail from being the account's audit log; empty when it is one. */
function trailGaps(trail: IndexedResource): string[] {
  const p = trail.properties;
  const gaps: string[] = [];
  if (!isTrue(p.IsMultiRegionTrail)) gaps.push('not multi-region');
  if (!isTrue(p.EnableLogFileValidation)) gaps.push('no log file validation');
  if (p.KMSKeyId === undefined) gaps.push('not KMS-encrypted');
  if (p.IsLogging === false || p.IsLogging === 'false') gaps.push('logging stopped');
  // Advanced event selectors replace the basic ones: management events are logged in full by a
  // selector of eventCategory Management that filters on nothing else (no readOnly, no eventSource).
  const advanced = asArray(p.AdvancedEventSelectors);
  const selectors = asArray(p.EventSelectors);
  const allManagementEvents = advanced.length > 0
    ? advanced.some((s: any) => {
      const fields = asArray(s?.FieldSelectors);
      return fields.some((f: any) => f?.Field === 'eventCategory' && asArray(f.Equals).includes('Management'))
        && fields.every((f: any) => f?.Field === 'eventCategory');
    })
    : selectors.length === 0 || selectors.some((s: any) => !isFalse(s?.IncludeManagementEvents) && (s?.ReadWriteType ?? 'All') === 'All');
  if (!allManagementEvents) gaps.push('not every management event (read and write) is logged');
  return gaps;
}

function trails(index: AppIndex): Array<{ trail: IndexedResource; gaps: string[] }> {
  return index.derived('security-trails', (i) => i.resourcesOfType('AWS::CloudTrail::Trail').map((trail) => ({ trail, gaps: trailGaps(trail) })));
}

/** The audit-logging gap of the account of `stack`, if any. */
function gapsOf(index: AppIndex, stack: IndexedStack): Failure[] {
  if (serviceFacts(index).some((f) => f.declared && f.service === DECLARED.cloudTrail && sameAccount(f.stack, stack))) return [];
  const candidates = trails(index).filter((t) => sameAccount(t.trail.stack, stack));
  if (candidates.some((t) => t.gaps.length === 0)) return [];
  const account = stack.account ?? 'this stack\'s account';
  if (candidates.length === 0) {
    return [{ message: `No CloudTrail trail logs ${account} in any stack of the app, and no SecurityBaseline or OrganizationSecurityCoverage declares one as provided`, location: 'Stack' }];
  }
  return [{ message: `No trail of ${account} is a complete audit log: ${candidates.map((t) => `${t.trail.path} is ${t.gaps.join(', ')}`).join('; ')}`, location: 'Stack' }];
}

/**
 * SEC2: the account of every stack has a multi-region CloudTrail trail with log file validation
 * and KMS encryption (in any stack and region of the app), or declares one as provided. Judged once
 * per account where the app runs code (one trail covers every region), on the first of its stacks.
 */
export const SEC2: AppRule = {
  kind: 'app',
  id: ID,
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.HIGH,
  title: 'Audit logging: a multi-region CloudTrail trail with log file validation and KMS encryption logs every account',
  auditLine: 'Task 88 (Security & Compliance): "No compliance monitoring"; security audit §3: "Complete audit logging implementation"',
  explanation:
    'Every investigation starts from the audit log. A multi-region trail records every management event of the account in every region (one trail covers them all); log file validation proves the files were not altered, and a customer managed key keeps them readable only to who may read them. Each account where the app runs code (ECS services and tasks, Lambda functions, EC2 instances and Auto Scaling groups, EKS, Batch, App Runner, Step Functions, API Gateway integrations; CDK\'s own custom-resource handlers are deployment plumbing and do not count) needs such a trail in some stack of the app, or a SecurityBaseline declaring CloudTrail as provided (an organization trail). The gap is reported once per account, on the first stack there by construct path (acknowledge it on that stack), naming the others.',
  fix: 'Plain CDK: `new cloudtrail.Trail(this, "Trail", { isMultiRegionTrail: true, enableFileValidation: true, encryptionKey: key })` in one stack per account (L1: `IsMultiRegionTrail`, `EnableLogFileValidation`, `KMSKeyId`, `IsLogging: true`). With this library: `SecurityBaseline` in one stack per account (give the baselines of the other regions `cloudTrail: { mode: ServiceMode.PROVIDED }`), or declare the organization trail as provided (in a member account, `OrganizationSecurityCoverage` with `organizationTrail: true`, from `OrganizationBaseline.securityCoverage()`).',
  evaluate(index) {
    return oncePerEnvironment(index, ID, 'account', (stack) => gapsOf(index, stack));
  },
};
