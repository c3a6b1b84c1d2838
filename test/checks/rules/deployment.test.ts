import { App, CfnResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { findingsOf, pathsWith, ruleOutcome } from '../../util/findings';

const EU: StackProps = { env: { account: '111111111111', region: 'eu-west-1' } };
const app = (profile: string) => new App({ context: { 'readiness:profile': profile } });

function fargate(stack: Stack, id: string, props: Partial<ecs.FargateServiceProps> = {}) {
  const vpc = (stack.node.tryFindChild('Vpc') as ec2.Vpc) ?? new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = (stack.node.tryFindChild('Cluster') as ecs.Cluster) ?? new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, `${id}Task`);
  taskDefinition.addContainer('web', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'), portMappings: [{ containerPort: 80 }] });
  const vpcSubnets = { subnetType: ec2.SubnetType.PUBLIC };
  return new ecs.FargateService(stack, id, { cluster, taskDefinition, vpcSubnets, assignPublicIp: true, ...props });
}

function fn(stack: Stack, id: string) {
  const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })');
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code });
}

const alarmOn = (stack: Stack, id: string, f: lambda.IFunction) =>
  new cloudwatch.Alarm(stack, id, { metric: f.metricErrors(), threshold: 1, evaluationPeriods: 1 });

describe('Readiness-DEP1 ECS deployments roll back', () => {
  test('non-compliant: no circuit breaker; a breaker that does not roll back; a CODE_DEPLOY service no group deploys', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Web', EU);
    fargate(stack, 'Plain');
    fargate(stack, 'StopOnly', { circuitBreaker: { enable: true, rollback: false } });
    fargate(stack, 'BlueGreen', { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } });
    const findings = findingsOf(a, 'Readiness-DEP1');
    expect(findings.map((f) => [f.constructPath, f.message.substring(0, 40)]).sort()).toEqual([
      ['Web/BlueGreen/Service', 'The service deploys through CodeDeploy, '],
      ['Web/Plain/Service', 'No deployment circuit breaker and no dep'],
      ['Web/StopOnly/Service', 'The deployment circuit breaker stops a f'],
    ]);
  });

  test('compliant: circuit breaker with rollback; deployment alarms with rollback; blue/green with a safe CodeDeploy group', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Web', EU);
    fargate(stack, 'Breaker', { circuitBreaker: { enable: true, rollback: true } });
    const cpu = new cloudwatch.Alarm(stack, 'Cpu', { metric: new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization' }), threshold: 90, evaluationPeriods: 1 });
    fargate(stack, 'Alarms', { deploymentAlarms: { alarmNames: [cpu.alarmName], behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM } });
    const blueGreen = fargate(stack, 'BlueGreen', { deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } });
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc });
    const blue = new elbv2.ApplicationTargetGroup(stack, 'Blue', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const green = new elbv2.ApplicationTargetGroup(stack, 'Green', { vpc, port: 80, targetType: elbv2.TargetType.IP });
    const listener = lb.addListener('L', { port: 80, defaultTargetGroups: [blue] });
    blueGreen.attachToApplicationTargetGroup(blue);
    new codedeploy.EcsDeploymentGroup(stack, 'Deploy', {
      service: blueGreen,
      blueGreenDeploymentConfig: { blueTargetGroup: blue, greenTargetGroup: green, listener },
      alarms: [cpu],
      autoRollback: { failedDeployment: true, deploymentInAlarm: true },
    });
    expect(pathsWith(a, 'Readiness-DEP1')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-DEP1')).toMatchObject({ evaluated: 3, passed: 3 });
  });
});

describe('Readiness-DEP2 deployment alarms need the ECS controller', () => {
  const service = (controller: string, alarms?: object) => {
    const a = app('dev');
    const stack = new Stack(a, 'Web', EU);
    new CfnResource(stack, 'Service', { type: 'AWS::ECS::Service', properties: { DeploymentController: { Type: controller }, DeploymentConfiguration: alarms ? { Alarms: alarms } : undefined } });
    return a;
  };

  test('non-compliant, an error even in DEV: alarms on a CODE_DEPLOY controller', () => {
    expect(findingsOf(service('CODE_DEPLOY', { Enable: true, Rollback: true, AlarmNames: ['x'] }), 'Readiness-DEP2')).toEqual([
      expect.objectContaining({ severity: 'error', message: 'Deployment alarms are on, but the deployment controller is CODE_DEPLOY: ECS rejects this at deploy time' }),
    ]);
  });

  test('compliant: an EXTERNAL controller without alarms; the ECS controller is not judged', () => {
    const ext = service('EXTERNAL');
    expect(ruleOutcome(ext, 'Readiness-DEP2')).toMatchObject({ evaluated: 1, passed: 1 });
    expect(ruleOutcome(service('ECS', { Enable: true, Rollback: true, AlarmNames: ['x'] }), 'Readiness-DEP2')).toMatchObject({ evaluated: 0 });
  });
});

describe('Readiness-DEP3 no capacity dip during deployments', () => {
  test('non-compliant in PROD: aws-cdk-lib\'s 50 % default', () => {
    const a = app('prod');
    fargate(new Stack(a, 'Web', EU), 'Half', { minHealthyPercent: 50 });
    expect(findingsOf(a, 'Readiness-DEP3')).toEqual([expect.objectContaining({ constructPath: 'Web/Half/Service', message: expect.stringMatching(/^minimumHealthyPercent is 50: each deployment removes 50 %/) })]);
  });

  test('compliant: 100 %; not judged in STAGING', () => {
    const a = app('prod');
    fargate(new Stack(a, 'Web', EU), 'Full', { minHealthyPercent: 100 });
    expect(ruleOutcome(a, 'Readiness-DEP3')).toMatchObject({ evaluated: 1, passed: 1 });
    const staging = app('staging');
    fargate(new Stack(staging, 'Web', EU), 'Half', { minHealthyPercent: 50 });
    expect(ruleOutcome(staging, 'Readiness-DEP3')).toMatchObject({ evaluated: 0 });
  });
});

describe('Readiness-DEP4 CodeDeploy deployment groups roll back', () => {
  test('non-compliant: a Lambda deployment group without alarms or rollback on alarm', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Api', EU);
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn(stack, 'Handler').currentVersion });
    new codedeploy.LambdaDeploymentGroup(stack, 'Deploy', { alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES });
    expect(findingsOf(a, 'Readiness-DEP4')).toEqual([expect.objectContaining({
      constructPath: 'Api/Deploy/Resource',
      message: 'The deployment group is not safe: it does not roll back when an alarm stops the deployment; no alarm can stop a deployment',
    })]);
  });

  test('compliant: alarms and automatic rollback on failure and on alarm', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Api', EU);
    const handler = fn(stack, 'Handler');
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: handler.currentVersion });
    new codedeploy.LambdaDeploymentGroup(stack, 'Deploy', { alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES, alarms: [alarmOn(stack, 'Errors', alias)] });
    expect(ruleOutcome(a, 'Readiness-DEP4')).toMatchObject({ evaluated: 1, passed: 1 });
  });
});

describe('Readiness-DEP5 and DEP6 Lambda aliases and traffic shifting', () => {
  test('non-compliant: an API that invokes $LATEST (DEP5); an alias moved all at once (DEP6, a warning in PROD)', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Api', EU);
    new apigateway.LambdaRestApi(stack, 'Direct', { handler: fn(stack, 'Latest') });
    const aliased = fn(stack, 'Aliased');
    new apigateway.LambdaRestApi(stack, 'ViaAlias', { handler: new lambda.Alias(stack, 'Live', { aliasName: 'live', version: aliased.currentVersion }) });
    expect(findingsOf(a, 'Readiness-DEP5')).toEqual([expect.objectContaining({ constructPath: 'Api/Latest/Resource', message: expect.stringContaining('directly (ApiGateway::Method)') })]);
    expect(findingsOf(a, 'Readiness-DEP6')).toEqual([expect.objectContaining({ constructPath: 'Api/Aliased/Resource', severity: 'warning', message: 'Alias live is moved all at once: no CodeDeploy deployment group shifts it' })]);
  });

  test('compliant: a function URL on an alias that CodeDeploy shifts by canary with an alarm; functions no entry point reaches are not judged', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Api', EU);
    const handler = fn(stack, 'Handler');
    fn(stack, 'Job');
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: handler.currentVersion });
    alias.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    new codedeploy.LambdaDeploymentGroup(stack, 'Deploy', { alias, deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE, alarms: [alarmOn(stack, 'Errors', alias)] });
    expect(pathsWith(a, 'Readiness-DEP5')).toEqual([]);
    expect(pathsWith(a, 'Readiness-DEP6')).toEqual([]);
    expect(ruleOutcome(a, 'Readiness-DEP5')).toMatchObject({ evaluated: 1, passed: 1 });
    expect(ruleOutcome(a, 'Readiness-DEP6')).toMatchObject({ evaluated: 1, passed: 1 });
  });
});

describe('Readiness-DEP7 Auto Scaling group updates', () => {
  const group = (stack: Stack, id: string, props: Partial<autoscaling.AutoScalingGroupProps> = {}) => new autoscaling.AutoScalingGroup(stack, id, {
    vpc: (stack.node.tryFindChild('Vpc') as ec2.Vpc) ?? new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }),
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    instanceType: new ec2.InstanceType('t4g.small'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    ...props,
  });

  test('non-compliant: no update policy; a rolling update that waits for no signal', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Fleet', EU);
    group(stack, 'None');
    group(stack, 'Blind', { updatePolicy: autoscaling.UpdatePolicy.rollingUpdate() });
    expect(findingsOf(a, 'Readiness-DEP7').map((f) => [f.constructPath, f.message.substring(0, 30)]).sort()).toEqual([
      ['Fleet/Blind/ASG', 'The rolling update does not wa'],
      ['Fleet/None/ASG', 'No UpdatePolicy: a new launch '],
    ]);
  });

  test('compliant: a rolling update gated on signals; a replacing update', () => {
    const a = app('prod');
    const stack = new Stack(a, 'Fleet', EU);
    group(stack, 'Signals', { updatePolicy: autoscaling.UpdatePolicy.rollingUpdate(), signals: autoscaling.Signals.waitForMinCapacity({ timeout: Duration.minutes(10) }) });
    group(stack, 'Replace', { updatePolicy: autoscaling.UpdatePolicy.replacingUpdate() });
    expect(ruleOutcome(a, 'Readiness-DEP7')).toMatchObject({ evaluated: 2, passed: 2 });
  });
});
