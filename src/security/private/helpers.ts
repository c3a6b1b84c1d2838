import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from '../../shared/key-grants';
import { allowLogsToUseKey } from '../../shared/logs-key-policy';

/** Acknowledge cdk-nag's AwsSolutions-IAM5 finding of each wildcard resource (as cdk-nag v3 renders it) with its reason. */
export function acknowledgeWildcards(scope: Construct, reasons: Record<string, string>): void {
  for (const [resource, reason] of Object.entries(reasons)) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}

/** A key the log group can use: CloudWatch Logs of this region, for log groups of this account. */
export function logsKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const key = restrictGrantsToAwsServices(new kms.Key(scope, 'LogsKey', {
    description: `Encrypts the handler logs of ${scope.node.path}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  }));
  allowLogsToUse(key, stack);
  return key;
}

/** Let CloudWatch Logs of the stack's region encrypt log groups of the account with the key. */
export function allowLogsToUse(key: kms.IKey, stack: Stack): void {
  allowLogsToUseKey(key, {
    sid: 'AllowCloudWatchLogsOfThisAccount',
    region: stack.region,
    logGroupArn: `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
    exact: false,
  });
}
