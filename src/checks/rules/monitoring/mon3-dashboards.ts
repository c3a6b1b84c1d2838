import { AppIndex, IndexedStack } from '../../../analysis/app-index';
import { isOperationalJob, isWorkload } from '../../../analysis/workloads';
import { RuleImpact } from '../../../profile';
import { MONITORABLE_TYPES } from '../../../shared/resource-types';
import { fail, NOT_APPLICABLE, PASS, StackRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const MON1_ID = 'Readiness-MON1';

/**
 * Stacks a dashboard covers: the dashboard's own stack, the stacks of the resources its body
 * names, and the stacks of the resources the alarms it shows watch.
 */
function coveredStacks(index: AppIndex): Set<IndexedStack> {
  return index.derived('monitoring.dashboardStacks', (ix) => {
    const covered = new Set<IndexedStack>();
    for (const dashboard of ix.resourcesOfType('AWS::CloudWatch::Dashboard')) {
      covered.add(dashboard.stack);
      for (const r of ix.referencedResources(dashboard.properties.DashboardBody, dashboard.stack)) {
        covered.add(r.stack);
        if (r.type === 'AWS::CloudWatch::Alarm') for (const watched of ix.resourcesWatchedBy(r)) covered.add(watched.stack);
      }
    }
    return covered;
  });
}

/** The top-level stack a nested stack is deployed with (a top-level stack is its own root). */
function rootOf(stack: IndexedStack, index: AppIndex): IndexedStack {
  const byPath = index.derived('monitoring.stacksByPath', (ix) => new Map(ix.stacks.map((s) => [s.path, s])));
  let current = stack;
  while (current.parentPath !== undefined && byPath.has(current.parentPath)) current = byPath.get(current.parentPath)!;
  return current;
}

/**
 * A stack and its nested stacks are deployed and operated as one: a dashboard that covers any of
 * them covers the family (their top-level stack).
 */
function coveredFamilies(index: AppIndex): Set<IndexedStack> {
  return index.derived('monitoring.dashboardFamilies', (ix) => new Set([...coveredStacks(ix)].map((s) => rootOf(s, ix))));
}

/**
 * MON3: each stack with services has a dashboard.
 */
export const MON3: StackRule = {
  kind: 'stack',
  id: 'Readiness-MON3',
  area: ReadinessArea.MONITORING,
  impact: RuleImpact.LOW,
  title: 'Each stack with services has a dashboard',
  auditLine: 'Task 85 and monitoring audit section 4: "Complete dashboard implementation" (and Phase 1: "Implement basic monitoring dashboard")',
  explanation:
    'During an incident the on-call needs one page that shows the service\'s health: its alarms and their metrics. A stack of load balancers, services, functions, queues, tables or databases needs a dashboard, in the stack or in another stack of the app, that shows its resources or alarms on them. ' +
    'Resources whose Readiness-MON1 finding is acknowledged (they need no alarm, like a Terraform lock table) do not count, nor do operational jobs (functions that only EventBridge schedules and rules on AWS service events invoke, and the dead-letter queues of those rules: their alarms are what to watch).',
  fix: 'Plain CDK: a `cloudwatch.Dashboard` with widgets of the stack\'s metrics or alarms (`dashboard.addWidgets(new cloudwatch.GraphWidget({ left: [fn.metricErrors()] }))`). With this library: `new ServiceMonitoring(stack, "Monitoring").monitorScope(stack)` creates one with every alarm it makes.',
  evaluate(stack, index) {
    // A resource whose Readiness-MON1 finding is acknowledged (no alarm needed) needs no dashboard either.
    const hasServices = stack.resources.some((r) =>
      MONITORABLE_TYPES.includes(r.type) && isWorkload(r, index) && !isOperationalJob(r, index) && !r.acknowledgements.has(MON1_ID));
    if (!hasServices) return NOT_APPLICABLE;
    return coveredFamilies(index).has(rootOf(stack, index))
      ? PASS
      : fail('The stack has services but no CloudWatch dashboard shows them or their alarms');
  },
};
