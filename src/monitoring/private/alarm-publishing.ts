import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Only alarms of this account and region may use the topic and its key (no confused deputy). */
function alarmSourceConditions(stack: Stack): Record<string, unknown> {
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
  };
}

/**
 * Let the CloudWatch alarms of the topic's account and region publish to a topic made with
 * `enforceSSL` (its topic policy replaces SNS's default one, which would have let them). An
 * encrypted topic also needs `letAlarmsUseKey` on its key.
 */
export function letAlarmsPublish(topic: sns.Topic): void {
  const stack = Stack.of(topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: alarmSourceConditions(stack),
  }));
}

/**
 * Let the CloudWatch alarms of the stack's account and region use a topic's key (CloudWatch
 * encrypts what it publishes with it). Returns false when the key is imported: its policy cannot
 * be changed, and every notification would be dropped.
 */
export function letAlarmsUseKey(key: kms.IKey, stack: Stack): boolean {
  return key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: alarmSourceConditions(stack),
  })).statementAdded;
}
