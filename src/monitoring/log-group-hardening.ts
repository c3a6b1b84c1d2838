import { Aws, CfnResource, IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { ReadinessProfile } from '../profile';
import { literal } from './private/subjects';
import { restrictGrantsToAwsServices } from '../shared/key-grants';
import { allowLogsToUseKey } from '../shared/logs-key-policy';
import { invalidValue } from '../shared/validation';

/** Id of the per-stack key, at the stack's root, that encrypts the log groups hardened without a key of their own. */
const LOG_KEY_ID = 'ReadinessLogEncryptionKey';

/**
 * Properties of a LogGroupHardening.
 */
export interface LogGroupHardeningProps {
  /**
   * Customer managed key for log groups without one (rule Readiness-MON5). The key's policy must
   * be one this app owns: CloudWatch Logs of the stack's region gets the right to use it, for log
   * groups of the account.
   *
   * @default - one key per stack (`ReadinessLogEncryptionKey` at the stack's root), with rotation, retained on delete
   */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * Hardening of CloudWatch log groups (rule Readiness-MON5), as an aspect you apply where you want
 * it: a log group without a retention gets the readiness profile's `logRetentionDays`, and one
 * without a key gets a customer managed key. What a log group sets itself is left as it is; a
 * DELIVERY-class log group (which stores nothing and accepts no retention) only gets the key.
 *
 * ```ts
 * Aspects.of(stack).add(new LogGroupHardening());
 * ```
 *
 * `ServiceMonitoring` applies it to the log groups it monitors (`hardenLogGroups`, on by default).
 */
export class LogGroupHardening implements IAspect {
  private readonly props: LogGroupHardeningProps;

  constructor(props: LogGroupHardeningProps = {}) {
    this.props = props;
  }

  /** Harden the node when it is an `AWS::Logs::LogGroup`; other nodes are left alone. */
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Logs::LogGroup') return;
    const cfn = node as logs.CfnLogGroup;
    const delivery = literal(cfn.logGroupClass) === 'DELIVERY';
    if (cfn.retentionInDays === undefined && !delivery) cfn.retentionInDays = ReadinessProfile.of(cfn).logRetentionDays;
    if (cfn.kmsKeyId === undefined) cfn.kmsKeyId = this.keyFor(Stack.of(cfn)).keyArn;
  }

  private keyFor(stack: Stack): kms.IKey {
    const given = this.props.logEncryptionKey;
    const existing = stack.node.tryFindChild(LOG_KEY_ID);
    const key = given ?? (existing as kms.Key | undefined) ?? restrictGrantsToAwsServices(new kms.Key(stack, LOG_KEY_ID, {
      description: `Encrypts the log groups of stack ${stack.stackName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    if (!given && existing) return key;
    // CloudWatch Logs encrypts with the key on the log group's behalf, for log groups of this account and region only.
    const { statementAdded } = allowLogsToUseKey(key, {
      sid: 'AllowCloudWatchLogsOfThisAccount',
      region: Aws.REGION,
      logGroupArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
      exact: false,
    });
    if (!statementAdded) {
      invalidValue('LogGroupHardening', 'logEncryptionKey', key.node.path,
        'The key is imported, so its policy cannot let CloudWatch Logs use it and the log groups would fail to deploy. Pass a kms.Key defined in this app.');
    }
    return key;
  }
}
