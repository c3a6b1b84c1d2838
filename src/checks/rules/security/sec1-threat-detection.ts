import { DECLARED, runsWorkload, hasService, whereOf } from './security-coverage';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * SEC1: GuardDuty runs in the account and region of every stack (detectors are regional), created
 * in any stack of the app or declared as provided by the organization.
 */
export const SEC1: StackRule = {
  kind: 'stack',
  id: 'Readiness-SEC1',
  area: ReadinessArea.SECURITY,
  title: 'Threat detection: GuardDuty runs in every account and region the app deploys to (or is declared as provided)',
  auditLine: 'Task 88 (Security & Compliance): "No security scanning automation"; security audit §3: "Advanced threat detection system"',
  explanation:
    'GuardDuty detectors are regional: a detector in the primary region sees nothing of what an attacker does with the app\'s credentials in the DR region. Every account and region where the app runs code (ECS services, Lambda functions, EC2 instances, EKS clusters, ECR repositories) needs an enabled AWS::GuardDuty::Detector in some stack of the app, or a SecurityBaseline declaring GuardDuty as provided (organizations usually enable it from a delegated administrator, and a second detector fails the deployment).',
  fix: 'Add `new SecurityBaseline(stack, \'Security\')` to a stack in each account and region (it creates the detector), or `guardDuty: { mode: ServiceMode.PROVIDED }` where the organization runs GuardDuty; by hand, an `AWS::GuardDuty::Detector` with `Enable: true`.',
  evaluate(stack, index) {
    if (!runsWorkload(stack)) return NOT_APPLICABLE;
    return hasService(index, stack, DECLARED.guardDuty)
      ? PASS
      : fail(`No GuardDuty detector for ${whereOf(stack)} in any stack of the app, and no SecurityBaseline declares GuardDuty as provided there`, 'Stack');
  },
};
