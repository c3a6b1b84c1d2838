import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { webService } from './helpers';
import { EcsDeploymentSafety, ServiceMonitoring } from '../../src';
import { findingsOf, ruleOutcome } from '../util/findings';

const service = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::ECS::Service'))[0] as any;

describe('EcsDeploymentSafety', () => {
  test('turns on the circuit breaker with rollback and keeps the other deployment settings', () => {
    const { stack, web } = webService();
    new EcsDeploymentSafety(stack, 'Safety', { service: web.service });
    const config = service(stack).Properties.DeploymentConfiguration;
    expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(config.MinimumHealthyPercent).toBe(100);
    expect(config.MaximumPercent).toBe(200);
    // As aws-cdk-lib writes it for `circuitBreaker`: moving from the prop to the construct changes nothing.
    expect(service(stack).Properties.DeploymentController).toEqual({ Type: 'ECS' });
  });

  test('clears aws-cdk-lib\'s "enable the circuitBreaker property" warning, which it answers', () => {
    const { stack, web } = webService();
    new EcsDeploymentSafety(stack, 'Safety', { service: web.service });
    Annotations.fromStack(stack).hasNoWarning('/W/Web/Service', Match.stringLikeRegexp('circuitBreaker'));
  });

  test('an existing circuit breaker without rollback gets rollback', () => {
    const { stack, web } = webService({ circuitBreaker: true });
    new EcsDeploymentSafety(stack, 'Safety', { service: web.service });
    expect(service(stack).Properties.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
  });

  test('wires the 5XX rate, no healthy hosts and no running tasks alarms of the given ServiceMonitoring, with rollback, by fixed names', () => {
    const { stack, web } = webService();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring');
    monitoring.monitorScope(stack);
    const safety = new EcsDeploymentSafety(stack, 'Safety', { service: web.service, monitoring });
    expect(safety.monitoring).toBe(monitoring);
    expect(safety.deploymentAlarms.map((a) => a.node.id).sort()).toEqual(['EcsNoRunningTasks', 'TargetGroup5xxRate', 'TargetGroupNoHealthyHosts']);
    const alarms = service(stack).Properties.DeploymentConfiguration.Alarms;
    expect(alarms.Enable).toBe(true);
    expect(alarms.Rollback).toBe(true);
    expect(alarms.AlarmNames).toHaveLength(3);
    for (const name of alarms.AlarmNames) expect(typeof name).toBe('string'); // literal: no dependency cycle with the service
    const template = Template.fromStack(stack);
    for (const name of alarms.AlarmNames) template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: name });
    // The alarms are those of the monitoring passed in: no second ServiceMonitoring.
    expect(stack.node.tryFindChild('Safety')!.node.tryFindChild('Monitoring')).toBeUndefined();
  });

  test('without a monitoring, makes its own (no dashboard) and monitors the service and its target group', () => {
    const { stack, web } = webService();
    const safety = new EcsDeploymentSafety(stack, 'Safety', { service: web.service });
    expect(safety.monitoring.node.path).toBe('W/Safety/Monitoring');
    expect(safety.monitoring.monitored.map((m) => m.resource)).toEqual([web.service.node.defaultChild, web.targetGroup.node.defaultChild]);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(service(stack).Properties.DeploymentConfiguration.Alarms.AlarmNames).toHaveLength(3);
  });

  test('deploymentAlarms: false keeps the circuit breaker only', () => {
    const { stack, web } = webService();
    const safety = new EcsDeploymentSafety(stack, 'Safety', { service: web.service, deploymentAlarms: false });
    expect(safety.deploymentAlarms).toEqual([]);
    const config = service(stack).Properties.DeploymentConfiguration;
    expect(config.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
    expect(config.Alarms).toMatchObject({ Enable: false });
  });

  test('refuses a CODE_DEPLOY or EXTERNAL controller, naming the rule', () => {
    for (const controller of [ecs.DeploymentControllerType.CODE_DEPLOY, ecs.DeploymentControllerType.EXTERNAL]) {
      const { stack, web } = webService({ controller });
      expect(() => new EcsDeploymentSafety(stack, 'Safety', { service: web.service }))
        .toThrow(new RegExp(`EcsDeploymentSafety 'W/Safety': invalid service \\(deployment controller\\) "${controller}".*Readiness-DEP2.*EcsDeploymentGroup`));
    }
  });

  test('refuses minHealthyPercent below 100 instead of changing capacity behind the user\'s back', () => {
    const { stack, web } = webService({ minHealthyPercent: 50 });
    expect(() => new EcsDeploymentSafety(stack, 'Safety', { service: web.service }))
      .toThrow(/invalid service minHealthyPercent 50\. .*Readiness-DEP3.*`minHealthyPercent: 100`/);
  });

  test('refuses a monitoring that made none of the alarms', () => {
    const { stack, web } = webService();
    const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
      alarmOverrides: {
        TargetGroup5xxRate: { enabled: false },
        TargetGroupNoHealthyHosts: { enabled: false },
        EcsNoRunningTasks: { enabled: false },
      },
    });
    expect(() => new EcsDeploymentSafety(stack, 'Safety', { service: web.service, monitoring })).toThrow(/invalid monitoring "W\/Monitoring".*deploymentAlarms: false/);
  });

  test('the rules pass on what it builds under PROD (DEP1, DEP2, DEP3)', () => {
    const { app, stack, web } = webService();
    new EcsDeploymentSafety(stack, 'Safety', { service: web.service });
    for (const rule of ['Readiness-DEP1', 'Readiness-DEP2', 'Readiness-DEP3']) expect(findingsOf(app, rule)).toEqual([]);
    // DEP2 does not apply to the ECS controller; DEP1 and DEP3 judged the service and passed it.
    for (const rule of ['Readiness-DEP1', 'Readiness-DEP3']) expect(ruleOutcome(app, rule).passed).toBeGreaterThan(0);
  });

  test('without it the same service fails DEP1 (the rules test can fail)', () => {
    const { app } = webService();
    expect(findingsOf(app, 'Readiness-DEP1')).toHaveLength(1);
  });
});
