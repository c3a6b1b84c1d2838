import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LambdaDeploymentSafety, ServiceMonitoring } from '../../src';
import { appWith, EU } from '../scaling/helpers';
import { findingsOf, ruleOutcome } from '../util/findings';

function api() {
  const app = appWith();
  const stack = new Stack(app, 'L', EU);
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  });
  return { app, stack, fn };
}

describe('LambdaDeploymentSafety', () => {
  test('publishes a version behind a "live" alias shifted by CodeDeploy with a 10 % canary for 5 minutes', () => {
    const { stack, fn } = api();
    const safety = new LambdaDeploymentSafety(stack, 'Safety', { lambdaFunction: fn });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Version', 1);
    template.hasResource('AWS::Lambda::Alias', {
      Properties: { Name: 'live' },
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: Match.objectLike({ DeploymentGroupName: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes' });
    expect(safety.alias.aliasName).toBe('live');
  });

  test('rolls back on failure, on stop and on alarm, with the function\'s error and duration alarms', () => {
    const { stack, fn } = api();
    const safety = new LambdaDeploymentSafety(stack, 'Safety', { lambdaFunction: fn });
    expect(safety.deploymentAlarms.map((a) => a.node.id)).toEqual(['LambdaErrorRate', 'LambdaDurationP99']);
    const group = Object.values(Template.fromStack(stack).findResources('AWS::CodeDeploy::DeploymentGroup'))[0] as any;
    expect(group.Properties.AutoRollbackConfiguration).toEqual({
      Enabled: true,
      Events: expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']),
    });
    expect(group.Properties.AlarmConfiguration.Enabled).toBe(true);
    expect(group.Properties.AlarmConfiguration.Alarms).toHaveLength(2);
  });

  test('uses the alarms of the ServiceMonitoring given, and monitors the function with it', () => {
    const { stack, fn } = api();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    const safety = new LambdaDeploymentSafety(stack, 'Safety', { lambdaFunction: fn, monitoring });
    expect(monitoring.monitored.map((m) => m.resource)).toEqual([fn.node.defaultChild]);
    expect(safety.deploymentAlarms.every((a) => a.node.scope!.node.path.startsWith('L/Monitoring'))).toBe(true);
  });

  test('takes another alias name and a linear configuration', () => {
    const { stack, fn } = api();
    new LambdaDeploymentSafety(stack, 'Safety', {
      lambdaFunction: fn,
      aliasName: 'prod',
      deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'prod' });
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', { DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' });
  });

  test('refuses all at once and a bad alias name', () => {
    const { stack, fn } = api();
    expect(() => new LambdaDeploymentSafety(stack, 'A', { lambdaFunction: fn, deploymentConfig: codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE }))
      .toThrow(/LambdaDeploymentSafety 'L\/A': invalid deploymentConfig "CodeDeployDefault.LambdaAllAtOnce"\. .*canary or linear/);
    expect(() => new LambdaDeploymentSafety(stack, 'B', { lambdaFunction: fn, aliasName: '42' })).toThrow(/invalid aliasName "42"\. Use 1 to 128/);
    expect(() => new LambdaDeploymentSafety(stack, 'C', { lambdaFunction: fn, aliasName: 'live now' })).toThrow(/invalid aliasName "live now"/);
  });

  test('refuses a monitoring that made none of the alarms', () => {
    const { stack, fn } = api();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
      alarmOverrides: { LambdaErrorRate: { enabled: false }, LambdaDurationP99: { enabled: false } },
    });
    expect(() => new LambdaDeploymentSafety(stack, 'Safety', { lambdaFunction: fn, monitoring })).toThrow(/invalid monitoring "L\/Monitoring".*LambdaErrorRate/);
  });

  test('the rules pass under PROD when API Gateway invokes the alias (DEP4, DEP5, DEP6)', () => {
    const { app, stack, fn } = api();
    const safety = new LambdaDeploymentSafety(stack, 'Safety', { lambdaFunction: fn });
    new apigw.LambdaRestApi(stack, 'Api', { handler: safety.alias });
    for (const rule of ['Readiness-DEP4', 'Readiness-DEP5', 'Readiness-DEP6']) {
      expect(findingsOf(app, rule)).toEqual([]);
      expect(ruleOutcome(app, rule).passed).toBeGreaterThan(0);
    }
  });

  test('the same API on the function itself fails DEP5 (the rule test can fail)', () => {
    const { app, stack, fn } = api();
    new apigw.LambdaRestApi(stack, 'Api', { handler: fn });
    expect(findingsOf(app, 'Readiness-DEP5').map((f) => f.constructPath)).toEqual(['L/Handler/Resource']);
  });
});
