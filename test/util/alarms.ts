import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Synthesized alarm properties by the alarm's construct id (the alarm id of the threshold table). */
export function alarmsById(stack: Stack): Record<string, any> {
  const resources = Template.fromStack(stack).toJSON().Resources;
  const out: Record<string, any> = {};
  for (const c of stack.node.findAll()) {
    if (c instanceof cloudwatch.CfnAlarm) out[c.node.scope!.node.id] = resources[stack.getLogicalId(c)].Properties;
  }
  return out;
}
