import { rollbackGaps } from '../../../analysis/deployment-view';
import { RuleImpact } from '../../../profile';
import { fail, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP4: CodeDeploy deployment groups roll back automatically, on failure and on alarm.
 */
export const DEP4: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP4',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'CodeDeploy deployment groups roll back on failure and on alarm',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'A CodeDeploy deployment group (ECS blue/green, Lambda traffic shifting, EC2) without automatic rollback leaves a failed deployment in place, ' +
    'and without alarms a deployment that starts erroring after its hooks passed runs to completion.',
  fix: 'Plain CDK: `autoRollback: { failedDeployment: true, deploymentInAlarm: true }` and `alarms: [...]` on `codedeploy.EcsDeploymentGroup`, `LambdaDeploymentGroup` or `ServerDeploymentGroup` (L1: `AutoRollbackConfiguration` with DEPLOYMENT_FAILURE and DEPLOYMENT_STOP_ON_ALARM, `AlarmConfiguration`). With this library: `LambdaDeploymentSafety` creates the Lambda deployment group with both.',
  resourceTypes: ['AWS::CodeDeploy::DeploymentGroup'],
  evaluate(group) {
    const gaps = rollbackGaps(group);
    return gaps.length === 0 ? PASS : fail(`The deployment group is not safe: ${gaps.join('; ')}`, 'Properties/AutoRollbackConfiguration');
  },
};
