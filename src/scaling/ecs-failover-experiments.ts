import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AlarmSeverity } from '../monitoring/alarm-routing';
import { invalidProp } from '../shared/validation';
import { containerInsightsMetric, requireContainerInsights } from './private/container-insights';
import { checkSelectionPercent, checkStopConditions, experimentPolicy, experimentRole, experimentTemplate, isoDuration } from './private/fis';
import { routedAlarm, validateRunbookUrl } from './private/runbook-alarm';
import { ScopedPolicy } from './private/scoped-policy';
import { FailoverExperimentOptions } from './scaling-options';

const CONSTRUCT = 'EcsFailoverExperiments';

/**
 * An Availability Zone power interruption: every task of the service in one zone is stopped and
 * the zone's subnets lose all network connectivity for a while, as in the AWS FIS scenario
 * "AZ Availability: Power Interruption".
 */
export interface AzPowerInterruptionOptions {
  /** The VPC of the service: its subnets in `availabilityZone` are cut off. */
  readonly vpc: ec2.IVpc;
  /** The zone to take out, e.g. `eu-west-1a` (one of the VPC's zones). */
  readonly availabilityZone: string;
  /**
   * How long the zone stays cut off (1 minute to 12 hours).
   *
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;
}

/**
 * Props of EcsFailoverExperiments. Without `stopConditionAlarms`, the experiments stop on
 * critical alarms created here: no healthy target and target 5XX above 5 % when `targetGroup` is
 * given, else no running task (ECS/ContainerInsights).
 */
export interface EcsFailoverExperimentsProps extends FailoverExperimentOptions {
  /** The service whose failover is exercised. */
  readonly service: ecs.BaseService;
  /**
   * Share of the service's tasks the stop-tasks experiment stops (1–100).
   *
   * @default 50
   */
  readonly stopTasksPercent?: number;
  /**
   * Also create the Availability Zone power interruption experiment.
   *
   * @default - stop-tasks experiment only
   */
  readonly azPowerInterruption?: AzPowerInterruptionOptions;
}

/**
 * AWS FIS experiment templates that exercise the failover of an ECS service: stop a share of its
 * tasks (does the service keep serving while ECS replaces them?) and, optionally, an Availability
 * Zone power interruption (does it survive losing a zone?). Each experiment stops when one of the
 * service's critical alarms fires, and runs as a role that may touch this service's cluster and
 * the chosen zone's subnets only.
 *
 * Run one with `aws fis start-experiment --experiment-template-id <id>` (the ids are the
 * `experimentTemplateId` attributes), in staging first.
 */
export class EcsFailoverExperiments extends Construct {
  /** Stops `stopTasksPercent` of the service's tasks. */
  public readonly stopTasksTemplate: fis.CfnExperimentTemplate;
  /** The Availability Zone power interruption, when asked for. */
  public readonly azPowerInterruptionTemplate?: fis.CfnExperimentTemplate;
  /** The alarms that stop the experiments. */
  public readonly stopConditionAlarms: cloudwatch.IAlarm[];
  /** The role AWS FIS assumes. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EcsFailoverExperimentsProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    checkStopConditions(this, CONSTRUCT, props.stopConditionAlarms);
    const percent = props.stopTasksPercent ?? 50;
    checkSelectionPercent(this, CONSTRUCT, 'stopTasksPercent', percent, ' (50 tests that half the tasks can carry the load while ECS replaces the rest)');
    const { service } = props;
    const stack = Stack.of(this);
    const clusterName = service.cluster.clusterName;
    const serviceName = service.serviceName;
    const azSubnets = props.azPowerInterruption ? this.zoneSubnets(props.azPowerInterruption) : [];

    this.stopConditionAlarms = props.stopConditionAlarms ?? this.defaultAlarms(props, clusterName, serviceName);
    this.role = experimentRole(this, `AWS FIS experiments on ECS service ${service.node.path}`);
    const policy = experimentPolicy(this, this.role, `the failover experiments of ECS service ${service.node.path}`);
    allowStopTasks(policy, stack, service.cluster);

    const taskTarget = (extra: Partial<fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>) => ({
      resourceType: 'aws:ecs:task',
      parameters: { cluster: clusterName, service: serviceName },
      ...extra,
    }) as fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty;

    this.stopTasksTemplate = experimentTemplate(this, 'StopTasks', {
      kind: 'ecs-stop-tasks',
      description: `Stops ${percent}% of the tasks of ECS service ${service.node.path}. Expected: the service keeps serving within its alarms while ECS starts replacements. Stops when a critical alarm fires.`,
      role: this.role,
      stopConditions: this.stopConditionAlarms,
      targets: { Tasks: taskTarget({ selectionMode: `PERCENT(${percent})` }) },
      actions: { StopTasks: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'Tasks' } } },
    });

    if (props.azPowerInterruption) {
      const az = props.azPowerInterruption;
      const seconds = (az.duration ?? Duration.minutes(10)).toSeconds();
      allowDisruptConnectivity(policy, stack, az.vpc, azSubnets);
      this.azPowerInterruptionTemplate = experimentTemplate(this, 'AzPowerInterruption', {
        kind: 'ecs-az-power-interruption',
        description: `Availability Zone power interruption in ${az.availabilityZone} for ECS service ${service.node.path}: stops its tasks in the zone and cuts the zone's subnets off for ${isoDuration(seconds)}. Expected: the service keeps serving from the other zones. Stops when a critical alarm fires.`,
        role: this.role,
        stopConditions: this.stopConditionAlarms,
        targets: {
          TasksInZone: taskTarget({ selectionMode: 'ALL', filters: [{ path: 'AvailabilityZone', values: [az.availabilityZone] }] }),
          SubnetsInZone: {
            resourceType: 'aws:ec2:subnet',
            resourceArns: azSubnets.map((s) => subnetArn(stack, s)),
            selectionMode: 'ALL',
          },
        },
        actions: {
          StopTasksInZone: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'TasksInZone' } },
          CutZoneNetwork: {
            actionId: 'aws:network:disrupt-connectivity',
            parameters: { duration: isoDuration(seconds), scope: 'all' },
            targets: { Subnets: 'SubnetsInZone' },
          },
        },
      });
    }
  }

  private zoneSubnets(az: AzPowerInterruptionOptions): ec2.ISubnet[] {
    const seconds = (az.duration ?? Duration.minutes(10));
    const ms = seconds.isUnresolved() ? undefined : seconds.toMilliseconds();
    if (ms !== undefined && (ms < 60_000 || ms > 12 * 3_600_000 || ms % 1000 !== 0)) {
      invalidProp(this, CONSTRUCT, 'azPowerInterruption.duration', seconds, 'AWS FIS cuts connectivity for 1 minute to 12 hours.');
    }
    const zones = az.vpc.availabilityZones;
    if (!Token.isUnresolved(az.availabilityZone) && !zones.some((z) => Token.isUnresolved(z)) && !zones.includes(az.availabilityZone)) {
      invalidProp(this, CONSTRUCT, 'azPowerInterruption.availabilityZone', az.availabilityZone, `Use one of the VPC's zones: ${zones.join(', ')}.`);
    }
    const subnets = [...az.vpc.publicSubnets, ...az.vpc.privateSubnets, ...az.vpc.isolatedSubnets]
      .filter((s) => s.availabilityZone === az.availabilityZone);
    if (subnets.length === 0) {
      invalidProp(this, CONSTRUCT, 'azPowerInterruption.availabilityZone', az.availabilityZone, 'The VPC has no subnet in this zone to cut off: pick a zone the service runs in.');
    }
    return subnets;
  }

  private defaultAlarms(props: EcsFailoverExperimentsProps, clusterName: string, serviceName: string): cloudwatch.IAlarm[] {
    const common = {
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      severity: AlarmSeverity.CRITICAL,
      routing: props.alarmRouting,
      runbookUrl: props.runbookUrl,
    };
    const tg = props.targetGroup;
    if (!tg) {
      requireContainerInsights(this, CONSTRUCT, props.service.cluster,
        'the default stop condition (no running task, missing data counting as breaching) would be in ALARM from the start, so no experiment could start, and it would page',
        'Give targetGroup or stopConditionAlarms');
      return [routedAlarm(this, 'NoRunningTaskAlarm', {
        ...common,
        metric: containerInsightsMetric('RunningTaskCount', clusterName, serviceName, 'Minimum', Duration.minutes(1)),
        threshold: 1,
        meaning: `ECS service ${serviceName} has had no running task for 2 minutes: it is down. Also stops its failover experiments.`,
        checks: [
          'Stop any running AWS FIS experiment on the service (aws fis list-experiments).',
          'Read the stopped-task reasons (ECS console, Tasks, Stopped) and the service events.',
          'Roll back the last deployment if it started then.',
        ],
      })];
    }
    return [
      routedAlarm(this, 'NoHealthyTargetAlarm', {
        ...common,
        metric: tg.metrics.healthyHostCount({ statistic: 'Minimum', period: Duration.minutes(1) }),
        threshold: 1,
        meaning: `Target group of ECS service ${serviceName} has had no healthy target for 2 minutes: users get 503 errors. Also stops its failover experiments.`,
        checks: [
          'Stop any running AWS FIS experiment on the service (aws fis list-experiments).',
          'Check the target health reasons (EC2 console, Target groups, Targets) and the service events.',
          'Roll back the last deployment if it started then.',
        ],
      }),
      routedAlarm(this, 'TargetErrorRateAlarm', {
        ...common,
        metric: new cloudwatch.MathExpression({
          label: 'Target 5XX responses (% of requests)',
          expression: '100 * errors / MAX([requests, 1])',
          usingMetrics: {
            errors: tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period: Duration.minutes(1) }),
            requests: tg.metrics.requestCount({ statistic: 'Sum', period: Duration.minutes(1) }),
          },
          period: Duration.minutes(1),
        }),
        threshold: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        meaning: `More than 5% of the requests to ECS service ${serviceName} have failed with 5XX for 2 minutes. Also stops its failover experiments.`,
        checks: [
          'Stop any running AWS FIS experiment on the service (aws fis list-experiments).',
          'Read the application logs of the failing tasks and the latest deployment.',
          'Check the dependencies the service calls (database, queues, downstream APIs).',
        ],
      }),
    ];
  }
}

/** ARN of a subnet of this account and region. */
function subnetArn(stack: Stack, subnet: ec2.ISubnet): string {
  return stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId });
}

/** Stop (and list, describe) tasks of one cluster: what `aws:ecs:stop-task` does. */
function allowStopTasks(policy: ScopedPolicy, stack: Stack, cluster: ecs.ICluster): void {
  policy.add(new iam.PolicyStatement({
    sid: 'DescribeTheCluster',
    actions: ['ecs:DescribeClusters', 'ecs:ListContainerInstances'],
    resources: [cluster.clusterArn],
  }));
  policy.add(new iam.PolicyStatement({
    sid: 'ListTasksOfTheCluster',
    actions: ['ecs:ListTasks'],
    resources: ['*'],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  }), 'ecs:ListTasks is authorized on container instances, not tasks; the ecs:cluster condition limits it to this cluster.');
  policy.add(new iam.PolicyStatement({
    sid: 'StopTasksOfTheCluster',
    actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
    resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` })],
  }), 'Task ids are only known when the experiment runs; the ARN is limited to the tasks of this cluster, and the template targets only this service\'s tasks.');
  policy.add(new iam.PolicyStatement({
    sid: 'ResolveTargets',
    actions: ['tag:GetResources'],
    resources: ['*'],
  }), 'The AWS FIS actions reference lists tag:GetResources for aws:ecs:stop-task (target resolution); the Resource Groups Tagging API supports no resource-level permission and is read-only.');
}

/**
 * What `aws:network:disrupt-connectivity` does: create a network ACL tagged managedByFIS in the
 * VPC, swap it onto the zone's subnets, and delete it afterwards.
 */
function allowDisruptConnectivity(policy: ScopedPolicy, stack: Stack, vpc: ec2.IVpc, subnets: ec2.ISubnet[]): void {
  const acls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
  const fisAclReason = 'FIS creates the network ACL when the experiment runs, so its id is unknown; the managedByFIS tag condition limits this to ACLs FIS created.';
  policy.add(new iam.PolicyStatement({
    sid: 'CreateFisNetworkAclInTheVpc',
    actions: ['ec2:CreateNetworkAcl'],
    resources: [stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId })],
  }));
  policy.add(new iam.PolicyStatement({
    sid: 'CreateTaggedFisNetworkAcl',
    actions: ['ec2:CreateNetworkAcl'],
    resources: [acls],
    conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
  }), fisAclReason);
  policy.add(new iam.PolicyStatement({
    sid: 'TagFisNetworkAclOnCreation',
    actions: ['ec2:CreateTags'],
    resources: [acls],
    conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } },
  }), fisAclReason);
  policy.add(new iam.PolicyStatement({
    sid: 'EditAndDeleteFisNetworkAcl',
    actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
    resources: [acls],
    conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
  }), fisAclReason);
  policy.add(new iam.PolicyStatement({
    sid: 'SwapNetworkAclOfTheZoneSubnets',
    actions: ['ec2:ReplaceNetworkAclAssociation'],
    resources: [...subnets.map((s) => subnetArn(stack, s)), acls],
  }), 'The association swaps the subnet onto FIS\'s ACL and back onto the original one, whose id this app does not know; the subnets are listed one by one.');
  policy.add(new iam.PolicyStatement({
    sid: 'ReadNetworkLayout',
    actions: [
      'ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists',
      'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRouteTables', 'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeTransitGateways', 'ec2:DescribeTransitGatewayAttachments',
      'ec2:DescribeTransitGatewayPeeringAttachments', 'ec2:GetManagedPrefixListEntries',
    ],
    resources: ['*'],
  }), 'EC2 Describe* actions support no resource-level permissions, and the prefix lists FIS reads while it builds the deny rules (AWS-owned or yours) are found at run time; all of it is read-only.');
}
