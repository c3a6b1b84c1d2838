import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * STA4: production stacks have termination protection.
 */
export const STA4: StackRule = {
  kind: 'stack',
  id: 'Readiness-STA4',
  area: ReadinessArea.STATE,
  impact: RuleImpact.HIGH,
  title: 'Production stacks have termination protection',
  auditLine: 'Task 83 (Infrastructure as Code): "No production deployment validation"',
  explanation:
    'Without termination protection one `cdk destroy` or a mistaken pipeline deletes the whole stack, and with it everything that is not retained.',
  fix: 'Plain CDK: `terminationProtection: true` in the stack\'s props (`new MyStack(app, "Prod", { terminationProtection: true })`) or `stack.terminationProtection = true`. With this library: nothing to add; the PROD profile requires it (`requireTerminationProtection`).',
  evaluate(stack, _index, profile) {
    // A nested stack is created and deleted with its parent: the parent's protection is judged.
    if (!profile.requireTerminationProtection || stack.parentPath !== undefined) return NOT_APPLICABLE;
    return stack.terminationProtection
      ? PASS
      : fail(`Stack has no termination protection (profile '${profile.name}' requires it)`, 'TerminationProtection');
  },
};
