import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AutoScalingGroupDeploymentSafety } from '../../src';
import { appWith, EU } from '../scaling/helpers';
import { findingsOf, ruleOutcome } from '../util/findings';

function fleet(options: { minCapacity?: number; maxCapacity?: number; updatePolicy?: autoscaling.UpdatePolicy } = {}) {
  const app = appWith();
  const stack = new Stack(app, 'A', EU);
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], natGateways: 1 });
  const group = new autoscaling.AutoScalingGroup(stack, 'Fleet', {
    vpc,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    minCapacity: options.minCapacity ?? 2,
    maxCapacity: options.maxCapacity ?? 4,
    updatePolicy: options.updatePolicy,
  });
  return { app, stack, group };
}

const groupOf = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any;

describe('AutoScalingGroupDeploymentSafety', () => {
  test('a rolling update, one instance at a time, that waits for signals and keeps the minimum in service', () => {
    const { stack, group } = fleet();
    new AutoScalingGroupDeploymentSafety(stack, 'Safety', { autoScalingGroup: group });
    const asg = groupOf(stack);
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toEqual({
      MaxBatchSize: 1,
      MinInstancesInService: 2,
      PauseTime: 'PT15M',
      WaitOnResourceSignals: true,
      SuspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
    });
    expect(asg.CreationPolicy.ResourceSignal).toEqual({ Count: 2, Timeout: 'PT15M' });
  });

  test('the instances signal the exit code of their user data', () => {
    const { stack, group } = fleet();
    new AutoScalingGroupDeploymentSafety(stack, 'Safety', { autoScalingGroup: group });
    const userData = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(userData).toContain('/opt/aws/bin/cfn-signal');
    expect(userData).toContain('--resource FleetASG');
  });

  test('signalOnUserDataExit: false leaves the user data alone; the options are passed through', () => {
    const { stack, group } = fleet({ minCapacity: 3, maxCapacity: 3 });
    new AutoScalingGroupDeploymentSafety(stack, 'Safety', { autoScalingGroup: group, signalOnUserDataExit: false, signalTimeout: Duration.minutes(5), maxBatchSize: 2 });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('cfn-signal');
    expect(groupOf(stack).UpdatePolicy.AutoScalingRollingUpdate).toMatchObject({ MaxBatchSize: 2, MinInstancesInService: 2, PauseTime: 'PT5M' });
  });

  test('a group that already waits for signals is left as it is', () => {
    const { stack, group } = fleet({ updatePolicy: autoscaling.UpdatePolicy.replacingUpdate() });
    new AutoScalingGroupDeploymentSafety(stack, 'Safety', { autoScalingGroup: group });
    const asg = groupOf(stack);
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toBeUndefined();
    expect(asg.UpdatePolicy.AutoScalingReplacingUpdate).toEqual({ WillReplace: true });
  });

  test('bad input: timeout, batch size, instances in service, minimum capacity', () => {
    expect(() => { const f = fleet(); new AutoScalingGroupDeploymentSafety(f.stack, 'S', { autoScalingGroup: f.group, signalTimeout: Duration.hours(2) }); })
      .toThrow(/AutoScalingGroupDeploymentSafety 'A\/S': invalid signalTimeout 2 hours\. Give 1 minute to 1 hour/);
    expect(() => { const f = fleet(); new AutoScalingGroupDeploymentSafety(f.stack, 'S', { autoScalingGroup: f.group, maxBatchSize: 0 }); })
      .toThrow(/invalid maxBatchSize 0\./);
    expect(() => { const f = fleet(); new AutoScalingGroupDeploymentSafety(f.stack, 'S', { autoScalingGroup: f.group, minInstancesInService: 4 }); })
      .toThrow(/invalid minInstancesInService 4\. .*maximum capacity \(4\)/);
    expect(() => { const f = fleet({ minCapacity: 0 }); new AutoScalingGroupDeploymentSafety(f.stack, 'S', { autoScalingGroup: f.group }); })
      .toThrow(/invalid autoScalingGroup minCapacity "0"\./);
  });

  test('DEP7 passes on what it builds under PROD, and fails without it', () => {
    const safe = fleet();
    new AutoScalingGroupDeploymentSafety(safe.stack, 'Safety', { autoScalingGroup: safe.group });
    expect(findingsOf(safe.app, 'Readiness-DEP7')).toEqual([]);
    expect(ruleOutcome(safe.app, 'Readiness-DEP7').passed).toBe(1);
    expect(findingsOf(fleet().app, 'Readiness-DEP7')).toHaveLength(1);
  });
});
