// aws-cdk-lib internals this library relies on, all reached through src/shared/cdk-internals.ts.
// When an aws-cdk-lib upgrade renames or reshapes one, this test fails and names it.
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { cdkInternalsPresent, cfnPropertiesOf, renderStackTemplate } from '../../src/shared/cdk-internals';

describe('aws-cdk-lib internals used by cdk-readiness', () => {
  test('every internal is still there', () => {
    const present = cdkInternalsPresent();
    expect(Object.keys(present).length).toBeGreaterThan(0);
    expect(Object.entries(present).filter(([, ok]) => !ok).map(([name]) => name)).toEqual([]);
  });

  test('cfnProperties: a generated L1 gives its camelCase props, with tags merged in', () => {
    const stack = new Stack(new App(), 'S');
    const instance = new rds.CfnDBInstance(stack, 'Db', { dbClusterIdentifier: 'my-cluster', engine: 'aurora-postgresql', tags: [{ key: 'a', value: 'b' }] });
    const props = cfnPropertiesOf(instance);
    expect(props.dbClusterIdentifier).toBe('my-cluster');
    expect(props.engine).toBe('aurora-postgresql');
    expect(props.tags).toEqual([{ key: 'a', value: 'b' }]);
  });

  test('cfnProperties: a plain CfnResource gives its CloudFormation-named props', () => {
    const stack = new Stack(new App(), 'S');
    const raw = new CfnResource(stack, 'Raw', { type: 'AWS::RDS::DBCluster', properties: { Engine: 'mysql' } });
    expect(cfnPropertiesOf(raw)).toEqual({ Engine: 'mysql' });
  });

  test('Stack._toCloudFormation: the template rendered from the tree has the resources', () => {
    const stack = new Stack(new App(), 'S');
    const queue = new sqs.Queue(stack, 'Queue');
    const template = renderStackTemplate(stack);
    expect(template.Resources[stack.getLogicalId(queue.node.defaultChild as CfnResource)].Type).toBe('AWS::SQS::Queue');
  });

  test('a missing Stack._toCloudFormation is a clear error, not a TypeError', () => {
    const stack = new Stack(new App(), 'S');
    Object.defineProperty(stack, '_toCloudFormation', { value: undefined });
    expect(() => renderStackTemplate(stack)).toThrow(/has no Stack._toCloudFormation\(\)/);
  });
});
