import { controllerOf } from '../../../analysis/deployment-view';
import { numberOf } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP3: replica ECS services keep their full capacity during a deployment (PROD).
 */
export const DEP3: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP3',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.MEDIUM,
  title: 'Replica ECS services keep 100 % of their tasks during a deployment',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'With `minimumHealthyPercent` below 100 a rolling deployment stops old tasks before new ones are healthy: every deployment is a capacity dip, ' +
    'and a deployment during a traffic peak is an outage. aws-cdk-lib writes 50 % when it is not set. Judged when the profile sets `requireSafeDeployments` (PROD).',
  fix: 'Plain CDK: `minHealthyPercent: 100` (and `maxHealthyPercent: 200`) on `ecs.FargateService`/`Ec2Service` and `ecs_patterns` services. With this library: `EcsDeploymentSafety` refuses a service that would drop below 100 % during a deployment.',
  resourceTypes: ['AWS::ECS::Service'],
  evaluate(service, _index, profile) {
    if (!profile.requireSafeDeployments || service.properties.SchedulingStrategy === 'DAEMON' || controllerOf(service) !== 'ECS') return NOT_APPLICABLE;
    const raw = service.properties.DeploymentConfiguration?.MinimumHealthyPercent;
    const min = raw === undefined ? 100 : numberOf(raw); // ECS's default for replica services is 100
    if (min === undefined || min >= 100) return PASS;
    return fail(`minimumHealthyPercent is ${min}: each deployment removes ${100 - min} % of the running tasks before their replacements are healthy`, 'Properties/DeploymentConfiguration/MinimumHealthyPercent');
  },
};
