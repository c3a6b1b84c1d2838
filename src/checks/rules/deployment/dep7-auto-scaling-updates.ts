import { isTrue } from '../../../analysis/reliability-view';
import { RuleImpact } from '../../../profile';
import { fail, PASS, ResourceRule } from '../../private/rule-kinds';
import { ReadinessArea } from '../../rule';

/**
 * DEP7: Auto Scaling groups replace instances with a rolling or replacing update that a failed instance stops.
 */
export const DEP7: ResourceRule = {
  kind: 'resource',
  id: 'Readiness-DEP7',
  area: ReadinessArea.DEPLOYMENT,
  impact: RuleImpact.HIGH,
  title: 'Auto Scaling groups roll out new launch templates with a health gate',
  auditLine: 'Task 81 (Deployment Automation) and task 82 (CI/CD Pipeline): marked complete by the audit for having automation; nothing checked that a failed deployment stops and rolls back',
  explanation:
    'Without an UpdatePolicy a changed launch template replaces no running instance: new and old versions run side by side until instances happen to be replaced. ' +
    'A rolling update that waits for each new instance\'s signal (cfn-signal, or the ELB health check through `signals`) stops on the first bad instance and CloudFormation rolls the stack back; ' +
    'a replacing update builds a whole new group and only switches when it is healthy.',
  fix: 'Plain CDK: `updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ ... })` with `signals: autoscaling.Signals.waitForMinCapacity({ timeout })` (instances run `cfn-signal`), or `UpdatePolicy.replacingUpdate()`; for alarm-gated refreshes, start an instance refresh with an `AlarmSpecification` from your pipeline. With this library: `AutoScalingGroupDeploymentSafety` gives the group a rolling update that waits for each new instance\'s signal.',
  resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
  evaluate(group) {
    const policy = group.updatePolicy ?? {};
    if (isTrue(policy.AutoScalingReplacingUpdate?.WillReplace)) return PASS;
    const rolling = policy.AutoScalingRollingUpdate;
    if (!rolling) return fail('No UpdatePolicy: a new launch template or AMI reaches running instances only when they happen to be replaced, with no health gate', 'UpdatePolicy');
    return isTrue(rolling.WaitOnResourceSignals) ? PASS
      : fail('The rolling update does not wait for signals from new instances: a broken version rolls through the whole group', 'UpdatePolicy/AutoScalingRollingUpdate');
  },
};
