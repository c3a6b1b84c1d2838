import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { findingsOf, ruleOutcome } from '../../util/findings';

const EU = { env: { account: '111111111111', region: 'eu-west-1' } };

function fnWithRetention(stack: Stack, id: string, retention: logs.RetentionDays) {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'), logRetention: retention,
  });
}

describe('Readiness-MON5 judges retention set through aws-cdk-lib\'s logRetention (Custom::LogRetention)', () => {
  test('non-compliant: 30 days against PROD\'s 365; forever (INFINITE)', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', EU);
    fnWithRetention(stack, 'Short', logs.RetentionDays.ONE_MONTH);
    fnWithRetention(stack, 'Forever', logs.RetentionDays.INFINITE);
    const retention = findingsOf(app, 'Readiness-MON5').filter((f) => f.constructPath.includes('LogRetention'));
    expect(retention.map((f) => f.message).sort()).toEqual([
      expect.stringMatching(/keeps events 30 days \(set through logRetention\), less than the 365 days of the profile 'prod'$/),
      'logRetention keeps events forever: set a retention (the profile \'prod\' asks for 365 days)',
    ]);
  });

  test('compliant: a year or more', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', EU);
    fnWithRetention(stack, 'Year', logs.RetentionDays.ONE_YEAR);
    expect(findingsOf(app, 'Readiness-MON5').filter((f) => f.constructPath.includes('LogRetention'))).toEqual([]);
    expect(ruleOutcome(app, 'Readiness-MON5')).toMatchObject({ evaluated: 1, passed: 1 });
  });
});

describe('Readiness-MON5: ECS containers whose output goes nowhere', () => {
  test('non-compliant: a container without a log configuration; compliant: one with the awslogs driver', () => {
    const app = new App({ context: { 'readiness:profile': 'dev' } });
    const stack = new Stack(app, 'Web', EU);
    const silent = new ecs.FargateTaskDefinition(stack, 'Silent');
    silent.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx') });
    const logged = new ecs.FargateTaskDefinition(stack, 'Logged');
    logged.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx'), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    const onTasks = findingsOf(app, 'Readiness-MON5').filter((f) => f.constructPath.endsWith('Silent/Resource') || f.constructPath.endsWith('Logged/Resource'));
    expect(onTasks).toEqual([expect.objectContaining({ constructPath: 'Web/Silent/Resource', message: expect.stringMatching(/^Container app has no log configuration: its output is lost/) })]);
  });
});
