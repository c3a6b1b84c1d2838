import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { collectGroupMetrics } from './private/group-metrics';
import { AlarmSeverity } from '../monitoring/alarm-routing';
import { checkSelectionPercent, checkStopConditions, experimentPolicy, experimentRole, experimentTemplate } from './private/fis';
import { routedAlarm, validateRunbookUrl } from './private/runbook-alarm';
import { FailoverExperimentOptions } from './scaling-options';

const CONSTRUCT = 'AutoScalingGroupFailoverExperiments';

/**
 * Props of AutoScalingGroupFailoverExperiments. Without `stopConditionAlarms`, the experiment
 * stops on a critical alarm created here: no healthy target when `targetGroup` is given, else no
 * instance in service (AWS/AutoScaling GroupInServiceInstances).
 */
export interface AutoScalingGroupFailoverExperimentsProps extends FailoverExperimentOptions {
  /** The group whose failover is exercised. */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /**
   * Share of the running instances to terminate (1–100).
   *
   * @default 34 - a third: one zone's worth in a group spread over three zones
   */
  readonly terminatePercent?: number;
}

/**
 * An AWS FIS experiment template that terminates a share of an Auto Scaling group's running
 * instances (does the service keep serving while the group replaces them?), stopped by the
 * service's critical alarms, run by a role that may terminate this group's instances only.
 */
export class AutoScalingGroupFailoverExperiments extends Construct {
  /** Terminates `terminatePercent` of the running instances. */
  public readonly terminateInstancesTemplate: fis.CfnExperimentTemplate;
  /** The alarms that stop the experiment. */
  public readonly stopConditionAlarms: cloudwatch.IAlarm[];
  /** The role AWS FIS assumes. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AutoScalingGroupFailoverExperimentsProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    checkStopConditions(this, CONSTRUCT, props.stopConditionAlarms);
    const percent = props.terminatePercent ?? 34;
    checkSelectionPercent(this, CONSTRUCT, 'terminatePercent', percent);
    const asg = props.autoScalingGroup;
    const groupName = asg.autoScalingGroupName;
    const stack = Stack.of(this);
    this.stopConditionAlarms = props.stopConditionAlarms ?? [this.defaultAlarm(props, groupName)];

    this.role = experimentRole(this, `AWS FIS experiments on Auto Scaling group ${asg.node.path}`);
    const policy = experimentPolicy(this, this.role, `the failover experiments of Auto Scaling group ${asg.node.path}`);
    policy.add(new iam.PolicyStatement({
      sid: 'TerminateInstancesOfTheGroup',
      actions: ['ec2:TerminateInstances'],
      resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
      conditions: { StringEquals: { 'ec2:ResourceTag/aws:autoscaling:groupName': groupName } },
    }), 'Instance ids change with every scaling activity; the aws:autoscaling:groupName tag condition limits termination to this group\'s instances.');
    policy.add(new iam.PolicyStatement({
      sid: 'FindTheGroupInstances',
      actions: ['ec2:DescribeInstances', 'tag:GetResources'],
      resources: ['*'],
    }), 'AWS FIS resolves the tagged targets with the Resource Groups Tagging API and EC2 DescribeInstances, neither of which supports resource-level permissions; both are read-only.');

    this.terminateInstancesTemplate = experimentTemplate(this, 'TerminateInstances', {
      kind: 'asg-terminate-instances',
      description: `Terminates ${percent}% of the running instances of Auto Scaling group ${asg.node.path}. Expected: the service keeps serving within its alarms while the group launches replacements. Stops when a critical alarm fires.`,
      role: this.role,
      stopConditions: this.stopConditionAlarms,
      targets: {
        Instances: {
          resourceType: 'aws:ec2:instance',
          resourceTags: { 'aws:autoscaling:groupName': groupName },
          filters: [{ path: 'State.Name', values: ['running'] }],
          selectionMode: `PERCENT(${percent})`,
        },
      },
      actions: { TerminateInstances: { actionId: 'aws:ec2:terminate-instances', targets: { Instances: 'Instances' } } },
    });
  }

  private defaultAlarm(props: AutoScalingGroupFailoverExperimentsProps, groupName: string): cloudwatch.Alarm {
    const tg = props.targetGroup;
    if (!tg) collectGroupMetrics(props.autoScalingGroup);
    return routedAlarm(this, 'NoCapacityAlarm', {
      metric: tg
        ? tg.metrics.healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1) })
        : new cloudwatch.Metric({
          namespace: 'AWS/AutoScaling',
          metricName: 'GroupInServiceInstances',
          dimensionsMap: { AutoScalingGroupName: groupName },
          statistic: 'Minimum',
          period: Duration.minutes(1),
        }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      severity: AlarmSeverity.CRITICAL,
      routing: props.alarmRouting,
      meaning: `Auto Scaling group ${groupName} has had no ${tg ? 'healthy target' : 'instance in service'} for 2 minutes: the service is down. Also stops its failover experiments.`,
      checks: [
        'Stop any running AWS FIS experiment on the group (aws fis list-experiments).',
        'Read the group\'s scaling activities for failed launches (capacity, quotas, launch template).',
        'Check the instances\' health check reasons and system logs.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }
}
