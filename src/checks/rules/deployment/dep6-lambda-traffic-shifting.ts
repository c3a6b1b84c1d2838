import { rollbackGaps, trafficEntries } from '../../../analysis/deployment-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP6: aliases that serve traffic are shifted to a new version by CodeDeploy, gradually and with alarms (PROD).
 */
export const DEP6: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP6',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.MEDIUM,
  title: 'Aliases that serve traffic shift to a new version gradually (CodeDeploy canary or linear) with alarms',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'An alias moved all at once sends every request to the new version; CodeDeploy moves 10 % first (canary) or in steps (linear), watches alarms, and moves traffic back by itself when one fires. ' +
    'Judged when the profile sets `requireSafeDeployments` (PROD), as a warning there: the alias alone already makes a rollback one command, and a canary needs steady traffic to tell anything.',
  fix: 'Plain CDK: `new codedeploy.LambdaDeploymentGroup(this, "Deploy", { alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: [errors, latency] })`. With this library: `LambdaDeploymentSafety` creates the alias, the deployment group and its error and latency alarms.',
  resourceTypes: ['AWS::Lambda::Function'],
  evaluate(fn, index, profile) {
    if (!profile.requireSafeDeployments) return NOT_APPLICABLE;
    const { aliases } = trafficEntries(index, fn);
    if (aliases.length === 0) return NOT_APPLICABLE;
    for (const alias of aliases) {
      const update = alias.updatePolicy?.CodeDeployLambdaAliasUpdate;
      if (!update) return fail(`Alias ${alias.properties.Name ?? alias.logicalId} is moved all at once: no CodeDeploy deployment group shifts it`, 'Resource');
      const group = index.referencedResources(update.DeploymentGroupName, alias.stack).find((r) => r.type === 'AWS::CodeDeploy::DeploymentGroup');
      const config = group?.properties.DeploymentConfigName;
      if (typeof config === 'string' && /AllAtOnce$/.test(config)) {
        return fail(`Alias ${alias.properties.Name ?? alias.logicalId} is shifted by CodeDeploy all at once (${config}): use a canary or linear configuration`, 'Resource');
      }
      if (group && rollbackGaps(group).includes('no alarm can stop a deployment')) {
        return fail(`The CodeDeploy deployment group shifting alias ${alias.properties.Name ?? alias.logicalId} has no alarm: a bad version takes all traffic unless its hooks fail`, 'Resource');
      }
    }
    return PASS;
  },
};
