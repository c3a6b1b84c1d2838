// The one place that reaches into aws-cdk-lib internals. Each accessor is guarded (it throws a
// clear error, or falls back as documented, when aws-cdk-lib changes the member), and
// test/shared/cdk-internals.test.ts fails loudly on an aws-cdk-lib release that renames them.
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';

/**
 * The properties of an L1 as the CDK renders them (the protected `cfnProperties` getter: camelCase
 * keys for generated L1s, the given keys for a plain `CfnResource`, tags merged in), or `{}` when
 * the getter throws (an L1 whose properties cannot be rendered yet).
 */
export function cfnPropertiesOf(cfn: CfnResource): any {
  try {
    return (cfn as any).cfnProperties ?? {};
  } catch {
    return {};
  }
}

/** The CloudFormation template of a stack rendered from the construct tree (`Stack._toCloudFormation`). */
export function renderStackTemplate(stack: Stack): any {
  const render = (stack as any)._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error('cdk-readiness: this aws-cdk-lib has no Stack._toCloudFormation(); the stack template cannot be rendered from the tree. ' +
      'Synthesize the app (`cdk synth`) so ReadinessChecks reads the written templates, and report the aws-cdk-lib version to cdk-readiness.');
  }
  return render.call(stack);
}

/**
 * The current value of a property an L2 renders from an aws-cdk-lib internal `Box` (an
 * `events.Rule`'s targets and event pattern), computed without freezing it (a `Box` recomputes on
 * each read); undefined for any other value.
 */
export function boxedValue(value: unknown): unknown {
  const box = value as any;
  if (!box || typeof box !== 'object' || typeof box.get !== 'function' || typeof box.getMutable !== 'function') return undefined;
  try {
    return box.get();
  } catch {
    return undefined;
  }
}

/**
 * What of aws-cdk-lib this library relies on beyond its public API, each with whether the loaded
 * aws-cdk-lib still has it (used by the test that guards upgrades).
 */
export function cdkInternalsPresent(): Record<string, boolean> {
  return {
    'CfnResource.cfnProperties (getter)': typeof Object.getOwnPropertyDescriptor(CfnResource.prototype, 'cfnProperties')?.get === 'function',
    'Stack._toCloudFormation()': typeof (Stack.prototype as any)._toCloudFormation === 'function',
    'events.Rule targets and eventPattern (Box)': rulePropertiesAreBoxed(),
  };
}

/** Whether an L2 rule's L1 still holds its targets in a Box that `boxedValue` reads. */
function rulePropertiesAreBoxed(): boolean {
  const stack = new Stack();
  const rule = new events.Rule(stack, 'Rule', { eventPattern: { source: ['app.orders'] } });
  rule.addTarget({ bind: () => ({ arn: 'arn:aws:sqs:us-east-1:111111111111:q' }) });
  const cfn = rule.node.defaultChild as events.CfnRule;
  const targets = boxedValue(cfn.targets);
  const pattern = boxedValue(cfn.eventPattern) as any;
  return Array.isArray(targets) && (targets[0] as any)?.arn === 'arn:aws:sqs:us-east-1:111111111111:q' && pattern?.source?.[0] === 'app.orders';
}
