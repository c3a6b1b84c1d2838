// docs/deployment-safety.md: its samples, run.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ReadinessTesting } from 'cdk-readiness';
import * as minimal from './samples/deployment-safety-minimal';
import * as production from './samples/deployment-safety-production';

const openOf = (app: App, rule: RegExp) => ReadinessTesting.findings(app).filter((f) => rule.test(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.constructPath}`);

test('the minimal example (STAGING): the ECS service rolls back by itself, on the breaker and on its alarms', () => {
  const { app, stack } = minimal;
  expect(openOf(app, /^Readiness-DEP/)).toEqual([]);
  const service = Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0] as any;
  expect(service.Properties.DeploymentConfiguration).toMatchObject({
    DeploymentCircuitBreaker: { Enable: true, Rollback: true },
    Alarms: { Enable: true, Rollback: true },
    MinimumHealthyPercent: 100,
  });
  expect(service.Properties.DeploymentConfiguration.Alarms.AlarmNames).toHaveLength(3);
});

test('the production example (PROD): every deployment rule passes on ECS, Lambda and EC2', () => {
  const { app, stack } = production;
  expect(openOf(app, /^Readiness-DEP/)).toEqual([]);
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' });
  t.hasResource('AWS::AutoScaling::AutoScalingGroup', { UpdatePolicy: { AutoScalingRollingUpdate: { WaitOnResourceSignals: true, PauseTime: 'PT10M' } } });
  // API Gateway invokes the alias, not $LATEST (DEP5).
  expect(JSON.stringify(t.findResources('AWS::ApiGateway::Method'))).toContain('ApiDeploymentSafetyAlias');
});
