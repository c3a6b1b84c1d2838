import { trafficEntries } from '../../../analysis/deployment-view';
import { RuleImpact } from '../../../profile';
import { fail, NOT_APPLICABLE, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP5: Lambda functions that serve traffic are invoked through an alias.
 */
export const DEP5: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP5',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.MEDIUM,
  title: 'Lambda functions that serve traffic are invoked through an alias',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'An API Gateway integration, a function URL or a load balancer that invokes `$LATEST` switches every request to new code the moment the stack updates, ' +
    'and going back means another deployment. Invoked through an alias, the previous version is still published and one `update-alias` call (or CodeDeploy) moves traffic back.',
  fix: 'Plain CDK: `const alias = new lambda.Alias(this, "Live", { aliasName: "live", version: fn.currentVersion })` and give the alias, not the function, to `apigateway.LambdaIntegration`, `HttpLambdaIntegration`, `alias.addFunctionUrl()` or `targets.LambdaTarget`. With this library: `LambdaDeploymentSafety` creates the alias (its `alias`) to give them.',
  resourceTypes: ['AWS::Lambda::Function'],
  evaluate(fn, index) {
    const { direct, aliases } = trafficEntries(index, fn);
    if (direct.length === 0) return aliases.length > 0 ? PASS : NOT_APPLICABLE;
    const kinds = [...new Set(direct.map((e) => e.type.replace(/^AWS::/, '')))].join(', ');
    return fail(`Traffic reaches the function's $LATEST directly (${kinds}): a deployment switches every request at once and cannot be shifted back`, 'Resource');
  },
};
