import { STACK_SET } from './stack-sets';
import { RuleImpact } from '../../../profile';
import { failAll, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP9: a StackSet says how many accounts it deploys to at once and how many may fail.
 */
export const DEP9: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP9',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.MEDIUM,
  title: 'A StackSet sets its concurrency and failure tolerance in OperationPreferences',
  auditLine: 'Task 81 (Deployment & Rollback): "deployments stop and roll back by themselves"',
  explanation:
    'Without OperationPreferences a StackSet deploys to one account at a time with a failure tolerance of zero: one bad account stops the rollout to the organization, and a large OU takes hours. Choosing both numbers decides how fast a change reaches every account and how many accounts a bad change may break before StackSets stops it.',
  fix: 'Plain CDK: set `operationPreferences` on `CfnStackSet` with `maxConcurrentCount`/`maxConcurrentPercentage` and `failureToleranceCount`/`failureTolerancePercentage`. With this library: `StackSetRollout` sets them (its defaults: 25% of accounts at once, 10% failure tolerance, regions one after another).',
  resourceTypes: [STACK_SET],
  evaluate(resource) {
    const prefs = resource.properties.OperationPreferences ?? {};
    const failures = [];
    if (prefs.MaxConcurrentCount === undefined && prefs.MaxConcurrentPercentage === undefined) {
      failures.push({ message: 'the StackSet does not say how many accounts it deploys to at once (MaxConcurrentCount or MaxConcurrentPercentage)', location: 'Properties/OperationPreferences' });
    }
    if (prefs.FailureToleranceCount === undefined && prefs.FailureTolerancePercentage === undefined) {
      failures.push({ message: 'the StackSet does not say how many accounts may fail before it stops (FailureToleranceCount or FailureTolerancePercentage)', location: 'Properties/OperationPreferences' });
    }
    return failAll(failures);
  },
};
