import { App, Stack } from 'aws-cdk-lib';
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
