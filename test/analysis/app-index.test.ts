import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { AppIndex } from '../../src/analysis/app-index';

describe('AppIndex.referencesOf', () => {
  const app = new App();
  const producer = new Stack(app, 'Producer', { env: { account: '111111111111', region: 'eu-west-1' } });
  const queue = new CfnResource(producer, 'Queue', { type: 'AWS::SQS::Queue' });
  producer.exportValue(queue.getAtt('Arn'), { name: 'QueueArn' });
  const stack = new Stack(app, 'Consumer', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new CfnResource(stack, 'Fn', { type: 'AWS::Lambda::Function', properties: { Role: 'arn:aws:iam::111111111111:role/x' } });
  const topic = new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
  new CfnResource(stack, 'Mapping', {
    type: 'AWS::Lambda::EventSourceMapping',
    properties: {
      FunctionName: fn.ref,
      EventSourceArn: Fn.importValue('QueueArn'),
      DestinationConfig: { OnFailure: { Destination: Fn.join('', [topic.getAtt('TopicArn').toString(), '']) } },
    },
  });
  const index = AppIndex.build(app);
  const byPath = (p: string) => index.stacks.flatMap((s) => s.resources).find((r) => r.path === p)!;

  test('is what the resource\'s properties refer to, in any stack, through Ref, GetAtt and imports', () => {
    const mapping = byPath('Consumer/Mapping');
    expect(index.referencesOf(mapping).map((r) => r.path).sort()).toEqual(['Consumer/Fn', 'Consumer/Topic', 'Producer/Queue']);
    expect(index.referencesOf(mapping)).toEqual(index.referencedResources(mapping.properties, mapping.stack));
    expect(index.referencesOf(byPath('Consumer/Fn'))).toEqual([]);
  });

  test('is computed once per resource: the views that scan every resource share it', () => {
    const mapping = byPath('Consumer/Mapping');
    expect(index.referencesOf(mapping)).toBe(index.referencesOf(mapping));
  });
});
