import { DECLARED, runsWorkload, isFalse, isTrue, sameAccount, serviceFacts } from './security-coverage';
import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

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

/**
 * SEC2: the account of every stack has a multi-region CloudTrail trail with log file validation
 * and KMS encryption (in any stack and region of the app), or declares one as provided.
 */
export const SEC2: StackRule = {
  kind: 'stack',
  id: 'Readiness-SEC2',
  area: ReadinessArea.SECURITY,
  title: 'Audit logging: a multi-region CloudTrail trail with log file validation and KMS encryption logs every account',
  auditLine: 'Task 88 (Security & Compliance): "No compliance monitoring"; security audit §3: "Complete audit logging implementation"',
  explanation:
    'Every investigation starts from the audit log. A multi-region trail records every management event of the account in every region (one trail covers them all); log file validation proves the files were not altered, and a customer managed key keeps them readable only to who may read them. Each account where the app runs code (ECS services, Lambda functions, EC2 instances, EKS clusters, ECR repositories) needs such a trail in some stack of the app, or a SecurityBaseline declaring CloudTrail as provided (an organization trail).',
  fix: 'Add `SecurityBaseline` to one stack per account (its trail is multi-region; give the baselines of the other regions `cloudTrail: { mode: ServiceMode.PROVIDED }`), or declare the organization trail as provided; by hand, an `AWS::CloudTrail::Trail` with `IsMultiRegionTrail`, `EnableLogFileValidation`, `KMSKeyId` and `IsLogging: true`.',
  evaluate(stack, index) {
    if (!runsWorkload(stack)) return NOT_APPLICABLE;
    if (serviceFacts(index).some((f) => f.declared && f.service === DECLARED.cloudTrail && sameAccount(f.stack, stack))) return PASS;
    const candidates = trails(index).filter((t) => sameAccount(t.trail.stack, stack));
    if (candidates.some((t) => t.gaps.length === 0)) return PASS;
    const account = stack.account ?? 'this stack\'s account';
    if (candidates.length === 0) {
      return fail(`No CloudTrail trail logs ${account} in any stack of the app, and no SecurityBaseline declares one as provided`, 'Stack');
    }
    return fail(`No trail of ${account} is a complete audit log: ${candidates.map((t) => `${t.trail.path} is ${t.gaps.join(', ')}`).join('; ')}`, 'Stack');
  },
};
