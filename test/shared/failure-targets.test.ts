import { FAILURE_TARGET_TYPES, failureTargetsOf } from '../../src/shared/failure-targets';

describe('one table of where failures go (MON6 and ServiceMonitoring)', () => {
  test('each type\'s failure target is read from its property path, every target of a rule included', () => {
    expect(failureTargetsOf('AWS::SQS::Queue', { RedrivePolicy: { deadLetterTargetArn: 'q' } })).toEqual(['q']);
    expect(failureTargetsOf('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: 'f' } })).toEqual(['f']);
    expect(failureTargetsOf('AWS::Lambda::EventInvokeConfig', { DestinationConfig: { OnFailure: { Destination: 'd' } } })).toEqual(['d']);
    expect(failureTargetsOf('AWS::Lambda::EventSourceMapping', { DestinationConfig: { OnFailure: { Destination: 'e' } } })).toEqual(['e']);
    expect(failureTargetsOf('AWS::SNS::Subscription', { RedrivePolicy: { deadLetterTargetArn: 's' } })).toEqual(['s']);
    expect(failureTargetsOf('AWS::Events::Rule', { Targets: [{ DeadLetterConfig: { Arn: 'a' } }, {}, { DeadLetterConfig: { Arn: 'b' } }] })).toEqual(['a', 'b']);
    expect(failureTargetsOf('AWS::Scheduler::Schedule', { Target: { DeadLetterConfig: { Arn: 'x' } } })).toEqual(['x']);
    expect(FAILURE_TARGET_TYPES).toHaveLength(7);
  });

  test('nothing for other types, unset paths or values it cannot step into; keys read by the given getter (L1s: any case)', () => {
    expect(failureTargetsOf('AWS::S3::Bucket', { RedrivePolicy: { deadLetterTargetArn: 'q' } })).toEqual([]);
    expect(failureTargetsOf('AWS::SQS::Queue', {})).toEqual([]);
    expect(failureTargetsOf('AWS::Events::Rule', { Targets: 'not-a-list' })).toEqual([]);
    const anyCase = (o: any, k: string) => o[Object.keys(o).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k];
    expect(failureTargetsOf('AWS::Lambda::Function', { deadLetterConfig: { targetArn: 'f' } }, anyCase)).toEqual(['f']);
  });
});
