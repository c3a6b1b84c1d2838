import { DECLARED, hasService, oncePerEnvironment, whereOf } from './security-coverage';
import { RuleImpact } from '../../../profile';
import { AppRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const ID = 'Readiness-SEC1';

/**
 * SEC1: GuardDuty runs in the account and region of every stack (detectors are regional), created
 * in any stack of the app or declared as provided by the organization. Judged once per account and
 * region where the app runs code, on the first of its stacks there.
 */
export const SEC1: AppRule = {
  kind: 'app',
  id: ID,
  area: ReadinessArea.SECURITY,
  impact: RuleImpact.HIGH,
  title: 'Threat detection: GuardDuty runs in every account and region the app deploys to (or is declared as provided)',
  auditLine: 'Task 88 (Security & Compliance): "No security scanning automation"; security audit §3: "Advanced threat detection system"',
  explanation:
    'GuardDuty detectors are regional: a detector in the primary region sees nothing of what an attacker does with the app\'s credentials in the DR region. Every account and region where the app runs code (ECS services and tasks, Lambda functions, EC2 instances and Auto Scaling groups, EKS, Batch, App Runner, Step Functions, API Gateway integrations; CDK\'s own custom-resource handlers are deployment plumbing and do not count) needs an enabled AWS::GuardDuty::Detector in some stack of the app, or a SecurityBaseline declaring GuardDuty as provided (organizations usually enable it from a delegated administrator, and a second detector fails the deployment). The gap is reported once per account and region, on the first stack there by construct path (acknowledge it on that stack), naming the others.',
  fix: 'Plain CDK: a `guardduty.CfnDetector` with `enable: true` in a stack of each account and region the app runs code in. With this library: `new SecurityBaseline(stack, "Security")` in each account and region creates it, or declares it with `guardDuty: { mode: ServiceMode.PROVIDED }` where the organization runs GuardDuty.',
  evaluate(index) {
    return oncePerEnvironment(index, ID, 'region', (stack) => hasService(index, stack, DECLARED.guardDuty) ? [] : [{
      message: `No GuardDuty detector for ${whereOf(stack)} in any stack of the app, and no SecurityBaseline declares GuardDuty as provided there`,
      location: 'Stack',
    }]);
  },
};
