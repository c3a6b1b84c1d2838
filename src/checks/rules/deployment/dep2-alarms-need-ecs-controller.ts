import { controllerOf, deploymentAlarms } from '../../../analysis/deployment-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP2: deployment alarms are set only on services ECS deploys itself.
 */
export const DEP2: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP2',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'Deployment alarms only on services with the ECS deployment controller',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'ECS rejects deployment alarms on a service whose controller is CODE_DEPLOY or EXTERNAL ("Alarm based rollback feature is only supported with ECS deployment controller"): ' +
    'the stack update fails at deploy time. Caught at synth, it is an error in every profile.',
  fix: 'Plain CDK: remove `deploymentAlarms` from the service and give the alarms to its CodeDeploy deployment group (`alarms` and `autoRollback.deploymentInAlarm` of `codedeploy.EcsDeploymentGroup`), or use the ECS controller (`deploymentController: { type: ecs.DeploymentControllerType.ECS }`). With this library: `EcsDeploymentSafety` sets deployment alarms only on services with the ECS controller (it refuses the others).',
  resourceTypes: ['AWS::ECS::Service'],
  evaluate(service) {
    const controller = controllerOf(service);
    if (controller === 'ECS') return NOT_APPLICABLE;
    return deploymentAlarms(service).enabled
      ? fail(`Deployment alarms are on, but the deployment controller is ${controller}: ECS rejects this at deploy time`, 'Properties/DeploymentConfiguration/Alarms')
      : PASS;
  },
};
