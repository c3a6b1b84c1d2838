import { AppIndex, asArray, IndexedResource } from '../../../analysis/app-index';
import { ASG, ECS_SERVICE, resolveGroups } from '../../../analysis/scaling-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

const TEMPLATE = 'AWS::FIS::ExperimentTemplate';

interface Coverage {
  readonly templates: IndexedResource[];
  readonly withAlarmStop: IndexedResource[];
}

/** ECS services named by a value: by reference, or by literal service name. */
function servicesNamed(index: AppIndex, from: IndexedResource, value: unknown): IndexedResource[] {
  const refs = index.referencedResources(value, from.stack).filter((r) => r.type === ECS_SERVICE);
  if (refs.length > 0 || typeof value !== 'string') return refs;
  const name = value.startsWith('service:') ? value.substring('service:'.length) : value;
  return index.resourcesNamed(name).filter((r) => r.type === ECS_SERVICE);
}

/** What each used target of a template selects. */
function targetsOf(index: AppIndex, template: IndexedResource, target: any): IndexedResource[] {
  const type = target?.ResourceType;
  const tags = target?.ResourceTags ?? {};
  if (type === 'aws:ecs:task') {
    return [
      ...servicesNamed(index, template, target?.Parameters?.service),
      ...servicesNamed(index, template, tags['aws:ecs:serviceName']),
      // FIS filter paths are Pascal case (`Group`, the `service:<name>` of DescribeTasks); accept the camel case of the API too.
      ...asArray(target?.Filters).filter((f: any) => typeof f?.Path === 'string' && f.Path.toLowerCase() === 'group')
        .flatMap((f: any) => asArray(f.Values).flatMap((v) => servicesNamed(index, template, v))),
    ];
  }
  if (type === 'aws:ec2:instance' && tags['aws:autoscaling:groupName'] !== undefined) {
    return resolveGroups(index, template, tags['aws:autoscaling:groupName']);
  }
  if (type === 'aws:ec2:autoscaling-group') {
    return [
      ...index.referencedResources(target?.ResourceArns, template.stack).filter((r) => r.type === ASG),
      ...(tags['aws:autoscaling:groupName'] !== undefined ? resolveGroups(index, template, tags['aws:autoscaling:groupName']) : []),
    ];
  }
  return [];
}

/** Experiment templates by the service or group they exercise, computed once. */
function coverage(index: AppIndex): Map<IndexedResource, Coverage> {
  return index.derived('fis-coverage', (i) => {
    const out = new Map<IndexedResource, Coverage>();
    for (const template of i.resourcesOfType(TEMPLATE)) {
      const p = template.properties;
      const used = new Set<string>();
      for (const action of Object.values<any>(p.Actions ?? {})) {
        for (const name of Object.values<any>(action?.Targets ?? {})) if (typeof name === 'string') used.add(name);
      }
      const alarmStop = asArray(p.StopConditions).some((s: any) => s?.Source === 'aws:cloudwatch:alarm' && s?.Value !== undefined);
      for (const [name, target] of Object.entries<any>(p.Targets ?? {})) {
        if (!used.has(name)) continue;
        for (const resource of targetsOf(i, template, target)) {
          let c = out.get(resource);
          if (!c) out.set(resource, (c = { templates: [], withAlarmStop: [] }));
          if (!c.templates.includes(template)) c.templates.push(template);
          if (alarmStop && !c.withAlarmStop.includes(template)) c.withAlarmStop.push(template);
        }
      }
    }
    return out;
  });
}

/**
 * SCL5: failover is exercised: an AWS FIS experiment template, stopped by an alarm, targets every
 * ECS service and Auto Scaling group. A warning in PROD (see the profile): experiments are run in
 * staging first, where it is an error.
 */
export const SCL5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL5',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.MEDIUM,
  title: 'Failover is exercised: a fault-injection experiment with an alarm stop condition targets every service',
  auditLine: 'Task 86 (Load Balancing & Scaling): "No failover testing procedures", "MISSING: Auto-scaling policies and testing"',
  explanation:
    'Redundancy that was never tested fails in the first real outage: health checks that never trip, tasks that all land in one zone, a minimum that cannot carry the load. Each replica ECS service and each Auto Scaling group needs an AWS FIS experiment template whose actions target it (stop tasks, terminate instances, an Availability Zone power interruption) and which stops on a CloudWatch alarm, so a test never becomes an outage.',
  fix: 'Plain CDK: a `fis.CfnExperimentTemplate` targeting the service\'s tasks (`aws:ecs:stop-task`) or the group\'s instances (`aws:ec2:terminate-instances`) with `stopConditions: [{ source: "aws:cloudwatch:alarm", value: alarm.alarmArn }]` and a role; then run it: `aws fis start-experiment --experiment-template-id <id>`. With this library: `EcsFailoverExperiments` or `AutoScalingGroupFailoverExperiments` wire the stop conditions to the service\'s critical alarms and create a least-privilege role.',
  resourceTypes: [ECS_SERVICE, ASG],
  evaluate(resource, index) {
    if (resource.type === ECS_SERVICE && resource.properties.SchedulingStrategy === 'DAEMON') return NOT_APPLICABLE;
    const c = coverage(index).get(resource);
    if (!c) return fail('No AWS FIS experiment template targets it: its failover has never been exercised');
    if (c.withAlarmStop.length === 0) {
      return fail(`Its experiment templates (${c.templates.map((t) => t.logicalId).join(', ')}) have no CloudWatch alarm stop condition: an experiment could run into an outage`);
    }
    return PASS;
  },
};
