import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { Construct } from 'constructs';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'AutoScalingGroupDeploymentSafety';

/**
 * Props of AutoScalingGroupDeploymentSafety.
 */
export interface AutoScalingGroupDeploymentSafetyProps {
  /** The Auto Scaling group. */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  /**
   * How long a new instance has to signal success (cfn-signal) before the update fails and
   * CloudFormation rolls the stack back to the previous launch template. 1 minute to 1 hour.
   *
   * @default Duration.minutes(15)
   */
  readonly signalTimeout?: Duration;

  /**
   * Instances replaced at a time.
   *
   * @default 1
   */
  readonly maxBatchSize?: number;

  /**
   * Instances kept in service during the update (CloudFormation starts new instances first,
   * up to the group's maximum).
   *
   * @default - the group's minimum capacity, or its maximum minus one when both are equal
   */
  readonly minInstancesInService?: number;

  /**
   * Add `cfn-signal` to the group's user data, sending the exit code of the user data script
   * (Amazon Linux and Windows AMIs ship the helper). Set `false` when your instances signal
   * themselves, for example after their own health check.
   *
   * @default true
   */
  readonly signalOnUserDataExit?: boolean;
}

/**
 * A rolling update that waits for each new instance's signal (rule Readiness-DEP7): a new launch
 * template or AMI replaces instances in small batches, stops at the first instance that does
 * not signal success in time, and CloudFormation rolls the stack back.
 *
 * A group that already has a replacing update, or a rolling update that waits for signals, is
 * left as it is.
 */
export class AutoScalingGroupDeploymentSafety extends Construct {
  constructor(scope: Construct, id: string, props: AutoScalingGroupDeploymentSafetyProps) {
    super(scope, id);
    const group = props.autoScalingGroup;
    const cfn = group.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    const existing = cfn.cfnOptions.updatePolicy ?? {};
    if (existing.autoScalingReplacingUpdate?.willReplace === true || existing.autoScalingRollingUpdate?.waitOnResourceSignals === true) return;

    const timeout = props.signalTimeout ?? Duration.minutes(15);
    const seconds = timeout.toSeconds();
    if (!Token.isUnresolved(seconds) && (seconds < 60 || seconds > 3600)) {
      invalidProp(this, CONSTRUCT, 'signalTimeout', timeout, 'Give 1 minute to 1 hour: long enough for an instance to boot and pass its own checks.');
    }
    const stack = Stack.of(group);
    const minSize = Number(stack.resolve(cfn.minSize));
    const maxSize = Number(stack.resolve(cfn.maxSize));
    if (!Number.isInteger(minSize) || minSize < 1) {
      invalidProp(this, CONSTRUCT, 'autoScalingGroup minCapacity', stack.resolve(cfn.minSize),
        'A rolling update waits for signals from the group\'s minimum number of instances: give the group a literal minCapacity of 1 or more.');
    }
    const maxBatchSize = props.maxBatchSize ?? 1;
    if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
      invalidProp(this, CONSTRUCT, 'maxBatchSize', maxBatchSize, 'Give a whole number of instances, 1 or more (1 replaces one instance at a time).');
    }
    const minInService = props.minInstancesInService ?? Math.max(0, Math.min(minSize, maxSize - 1));
    if (!Number.isInteger(minInService) || minInService < 0 || (Number.isInteger(maxSize) && minInService >= maxSize)) {
      invalidProp(this, CONSTRUCT, 'minInstancesInService', minInService,
        `Give a whole number below the group's maximum capacity (${maxSize}): CloudFormation needs room to start a new instance before it stops an old one.`);
    }

    if (props.signalOnUserDataExit ?? true) {
      let userData;
      try {
        userData = group.userData;
      } catch {
        invalidProp(this, CONSTRUCT, 'signalOnUserDataExit', true,
          'The group\'s launch template does not expose its user data: run cfn-signal from your instances yourself and set signalOnUserDataExit: false.');
      }
      userData.addSignalOnExitCommand(group);
    }
    cfn.cfnOptions.creationPolicy = {
      ...cfn.cfnOptions.creationPolicy,
      resourceSignal: { count: minSize, timeout: timeout.toIsoString() },
    };
    cfn.cfnOptions.updatePolicy = {
      ...existing,
      autoScalingRollingUpdate: {
        maxBatchSize,
        minInstancesInService: minInService,
        pauseTime: timeout.toIsoString(),
        waitOnResourceSignals: true,
        // No scaling, health replacement or rebalancing in the middle of the update.
        suspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
      },
      autoScalingScheduledAction: { ignoreUnmodifiedGroupSizeProperties: true },
    };
  }
}
