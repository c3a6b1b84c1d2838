import { AppIndex, IndexedResource } from '../../../analysis/app-index';
import { asArray, numberOf } from '../../../analysis/reliability-view';
import { ReadinessProfile, RuleImpact } from '../../../profile';
import { Failure, failAll, NOT_APPLICABLE, ResourceRule, RuleResult } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

function autoScalingGroup(group: IndexedResource): RuleResult {
  const p = group.properties;
  if (asArray(p.TargetGroupARNs).length === 0 && asArray(p.LoadBalancerNames).length === 0) return NOT_APPLICABLE;
  const type = typeof p.HealthCheckType === 'string' ? p.HealthCheckType : 'EC2';
  const grace = numberOf(p.HealthCheckGracePeriod);
  const failures: Failure[] = [];
  if (!type.split(',').map((t: string) => t.trim()).includes('ELB')) {
    failures.push({
      message: `The group is behind a load balancer but replaces instances on ${type} health checks only: an instance whose application is down keeps its place and its share of traffic`,
      location: 'Properties/HealthCheckType',
    });
  }
  if (grace === undefined || grace <= 0) {
    failures.push({
      message: 'No health check grace period: a new instance can be judged unhealthy, and replaced, before its application has started',
      location: 'Properties/HealthCheckGracePeriod',
    });
  }
  return failAll(failures);
}

function ecsService(service: IndexedResource, index: AppIndex): RuleResult {
  const p = service.properties;
  if (asArray(p.LoadBalancers).length === 0) return NOT_APPLICABLE;
  const grace = numberOf(p.HealthCheckGracePeriodSeconds);
  const taskDefinition = index.referencedResources(p.TaskDefinition, service.stack).find((r) => r.type === 'AWS::ECS::TaskDefinition');
  const startPeriods = asArray(taskDefinition?.properties.ContainerDefinitions)
    .map((c) => numberOf(c?.HealthCheck?.StartPeriod))
    .filter((s): s is number => s !== undefined);
  const start = Math.max(0, ...startPeriods);
  if (grace === undefined || grace <= 0) {
    return failAll([{
      message: 'No health check grace period: the load balancer\'s first failed checks of a starting task make ECS stop it, so a slow start becomes a restart loop',
      location: 'Properties/HealthCheckGracePeriodSeconds',
    }]);
  }
  return failAll(grace < start ? [{
    message: `The health check grace period (${grace} s) is shorter than the container's start period (${start} s): tasks can be stopped before they finish starting`,
    location: 'Properties/HealthCheckGracePeriodSeconds',
  }] : []);
}

/**
 * SCL8: what a load balancer fronts is replaced on the load balancer's health checks, with time to start.
 */
export const SCL8: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-SCL8',
  area: ReadinessArea.SCALING,
  impact: RuleImpact.HIGH,
  title: 'Auto Scaling groups and ECS services behind a load balancer use its health checks, with a grace period',
  auditLine: 'Task 86 (Load Balancing & Scaling): "Auto-scaling policies and testing", "No failover testing procedures"',
  explanation:
    'An Auto Scaling group replaces instances on EC2 status checks unless told to use the load balancer\'s: an instance whose application has crashed passes them and keeps receiving traffic. ' +
    'Without a grace period a starting instance or task fails its first checks and is replaced before it is ready, over and over.',
  fix: 'Plain CDK: `healthChecks: autoscaling.HealthChecks.withAdditionalChecks({ additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB], gracePeriod: Duration.minutes(5) })` (or `healthCheck: autoscaling.HealthCheck.elb({ grace })`) on `autoscaling.AutoScalingGroup`; `healthCheckGracePeriod` at least the container\'s `healthCheck.startPeriod` on ECS services. With this library: `ApplicationLoadBalancing` configures the target group\'s checks the group and service then rely on.',
  resourceTypes: ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service'],
  evaluate(resource, index, _profile: ReadinessProfile) {
    return resource.type === 'AWS::ECS::Service' ? ecsService(resource, index) : autoScalingGroup(resource);
  },
};
