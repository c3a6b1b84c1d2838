import { controllerOf, deploymentAlarms, ecsDeploymentGroups, rollbackGaps } from '../../../analysis/deployment-view';
import { isTrue } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP1: a failed ECS deployment rolls back by itself.
 */
export const DEP1: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP1',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'ECS services roll a failed deployment back by themselves',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'Without the deployment circuit breaker, a task definition whose containers crash keeps ECS starting and stopping tasks for hours while the old ones drain; ' +
    'with it (or with deployment alarms) ECS stops the deployment and returns to the last version that worked. ' +
    'Services on the CODE_DEPLOY controller need a CodeDeploy deployment group that rolls back on failure and on alarm.',
  fix: 'Plain CDK: `circuitBreaker: { enable: true, rollback: true }` on `ecs.FargateService`/`Ec2Service` and on `ecs_patterns` services, optionally `deploymentAlarms: { alarmNames: [...], behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }`; for blue/green, `codedeploy.EcsDeploymentGroup` with `autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true }` and `alarms`. With this library: `EcsDeploymentSafety` sets the circuit breaker and rollback alarms on the service.',
  resourceTypes: ['AWS::ECS::Service'],
  evaluate(service, index) {
    const controller = controllerOf(service);
    if (controller === 'EXTERNAL') return NOT_APPLICABLE;
    if (controller === 'CODE_DEPLOY') {
      const groups = ecsDeploymentGroups(index, service);
      if (groups.length === 0) return fail('The service deploys through CodeDeploy, but no CodeDeploy deployment group of the app deploys it', 'Properties/DeploymentController');
      const gaps = groups.flatMap(rollbackGaps);
      return gaps.length === 0 ? PASS : fail(`Its CodeDeploy deployment group is not safe: ${[...new Set(gaps)].join('; ')}`, 'Properties/DeploymentController');
    }
    const breaker = service.properties.DeploymentConfiguration?.DeploymentCircuitBreaker;
    if (isTrue(breaker?.Enable) && isTrue(breaker?.Rollback)) return PASS;
    const alarms = deploymentAlarms(service);
    if (alarms.enabled && alarms.rollback && alarms.names.length > 0) return PASS;
    return fail(isTrue(breaker?.Enable)
      ? 'The deployment circuit breaker stops a failed deployment but does not roll it back (Rollback is off): the service is left half-deployed'
      : 'No deployment circuit breaker and no deployment alarms with rollback: a failing deployment keeps replacing tasks until someone notices', 'Properties/DeploymentConfiguration');
  },
};
