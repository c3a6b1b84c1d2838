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
    // the retention resource and the function whose group it sets (the retention handler is plumbing: not judged)
    expect(ruleOutcome(app, 'Readiness-MON5')).toMatchObject({ evaluated: 2, passed: 2 });
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

describe('Readiness-MON5: Lambda functions that leave their log group to Lambda', () => {
  const code = lambda.Code.fromInline('exports.handler = async () => {}');
  const runtime = lambda.Runtime.NODEJS_22_X;

  test('non-compliant: a function with neither a log group nor a retention writes to /aws/lambda/<name>, kept forever', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', EU);
    new lambda.Function(stack, 'Bare', { runtime, handler: 'index.handler', code });
    expect(findingsOf(app, 'Readiness-MON5')).toEqual([expect.objectContaining({
      constructPath: 'Api/Bare/Resource',
      message: expect.stringMatching(/^The function names no log group: Lambda creates \/aws\/lambda\/<function name> on first invocation/),
    })]);
  });

  test('compliant: its own log group (LoggingConfig), a LogGroup named after it (by reference or literal name)', () => {
    const app = new App({ context: { 'readiness:profile': 'prod' } });
    const stack = new Stack(app, 'Api', EU);
    const own = new logs.LogGroup(stack, 'OwnLogs', { retention: logs.RetentionDays.ONE_YEAR });
    new lambda.Function(stack, 'WithGroup', { runtime, handler: 'index.handler', code, logGroup: own });
    const byRef = new lambda.Function(stack, 'ByRef', { runtime, handler: 'index.handler', code });
    new logs.LogGroup(stack, 'ByRefLogs', { logGroupName: `/aws/lambda/${byRef.functionName}`, retention: logs.RetentionDays.ONE_YEAR });
    new lambda.Function(stack, 'ByName', { runtime, handler: 'index.handler', code, functionName: 'orders-api' });
    new logs.LogGroup(stack, 'ByNameLogs', { logGroupName: '/aws/lambda/orders-api', retention: logs.RetentionDays.ONE_YEAR });
    const onFunctions = findingsOf(app, 'Readiness-MON5').filter((f) => /\/(WithGroup|ByRef|ByName)\/Resource$/.test(f.constructPath));
    expect(onFunctions).toEqual([]);
    // the three functions are judged (and pass), beside the three log groups (which fail only on their missing key)
    expect(findingsOf(app, 'Readiness-MON5').map((f) => f.constructPath).sort()).toEqual(['Api/ByNameLogs/Resource', 'Api/ByRefLogs/Resource', 'Api/OwnLogs/Resource']);
    expect(ruleOutcome(app, 'Readiness-MON5')).toMatchObject({ evaluated: 6 });
  });
});
