import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { ReadinessProfile } from '../profile';
import {
  atMaxCapacityAlarm, DEFAULT_SCALE_OUT_COOLDOWN, scalableTarget, validateCapacity, validatePercent, validatePositive,
} from './private/capacity';
import { CAPACITY_PERIOD, validateRunbookUrl } from './private/runbook-alarm';
import { ScalingCommonOptions } from './scaling-options';

const CONSTRUCT = 'AuroraReadReplicaScaling';
/** Aurora clusters hold at most 15 Aurora Replicas. */
const MAX_REPLICAS = 15;

/**
 * Props of AuroraReadReplicaScaling.
 */
export interface AuroraReadReplicaScalingProps extends ScalingCommonOptions {
  /** The Aurora cluster (provisioned or Serverless v2 instances). */
  readonly cluster: rds.IDatabaseCluster;
  /**
   * Fewest Aurora Replicas auto scaling keeps. With the writer they make the instance count the
   * profile's `minCapacity` asks for (PROD: 2, so at least 1 replica to fail over to).
   *
   * @default - the profile's `minCapacity` minus 1 (the writer), at least 1
   */
  readonly minCapacity?: number;
  /** Most Aurora Replicas (at most 15). */
  readonly maxCapacity: number;
  /**
   * Average reader CPU utilization to hold.
   *
   * @default 60
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Track average connections per reader instead of CPU.
   *
   * @default - CPU
   */
  readonly targetConnectionsPerReader?: number;
}

/**
 * Auto scaling of the Aurora Replicas of a cluster (`rds:cluster:ReadReplicaCount`): target
 * tracking on reader CPU (or connections), a floor from the profile so there is always a replica
 * in another Availability Zone to fail over to, and an alarm when the readers are saturated at
 * the maximum replica count.
 *
 * Aurora publishes no replica-count metric, so the at-maximum alarm watches what target tracking
 * would act on: reader CPU 20 points above the target for 15 minutes means it could not add more.
 * Scale-in is slow (replicas take minutes to start): the scale-in cooldown defaults to 10 minutes.
 */
export class AuroraReadReplicaScaling extends Construct {
  /** The Application Auto Scaling target of the replica count. */
  public readonly scalableTarget: appscaling.ScalableTarget;
  /** Fires when the readers have stayed saturated for 15 minutes. */
  public readonly atMaxCapacityAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AuroraReadReplicaScalingProps) {
    super(scope, id);
    const profile = ReadinessProfile.of(this);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    validatePercent(this, CONSTRUCT, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent);
    validatePositive(this, CONSTRUCT, 'targetConnectionsPerReader', props.targetConnectionsPerReader, 'Give the connections per reader to hold, above 0.');
    const floor = Math.max(1, profile.minCapacity - 1);
    const min = props.minCapacity ?? floor;
    validateCapacity(this, {
      construct: CONSTRUCT,
      minProp: 'minCapacity',
      maxProp: 'maxCapacity',
      min,
      max: props.maxCapacity,
      unit: 'replicas',
      hardMax: MAX_REPLICAS,
      profileMinimum: { profile, value: floor },
    });
    const clusterId = props.cluster.clusterIdentifier;
    this.scalableTarget = scalableTarget(this, 'Target', {
      namespace: appscaling.ServiceNamespace.RDS,
      dimension: 'rds:cluster:ReadReplicaCount',
      resourceId: `cluster:${clusterId}`,
      min,
      max: props.maxCapacity,
    });
    // Application Auto Scaling registers the target only on an available cluster with its writer:
    // wait for every instance of the cluster construct.
    this.scalableTarget.node.addDependency(props.cluster);
    const cooldowns = {
      scaleInCooldown: props.scaleInCooldown ?? Duration.minutes(10),
      scaleOutCooldown: props.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN,
    };
    const cpuTarget = props.targetCpuUtilizationPercent ?? 60;
    if (props.targetConnectionsPerReader !== undefined) {
      this.scalableTarget.scaleToTrackMetric('Connections', {
        predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
        targetValue: props.targetConnectionsPerReader,
        ...cooldowns,
      });
    } else {
      this.scalableTarget.scaleToTrackMetric('Cpu', {
        predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
        targetValue: cpuTarget,
        ...cooldowns,
      });
    }
    const saturated = Math.min(95, cpuTarget + 20);
    this.atMaxCapacityAlarm = atMaxCapacityAlarm(this, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensionsMap: { DBClusterIdentifier: clusterId, Role: 'READER' },
        statistic: 'Average',
        period: CAPACITY_PERIOD,
      }),
      threshold: saturated,
      severity: props.atMaxCapacitySeverity,
      routing: props.alarmRouting,
      meaning: `The readers of Aurora cluster ${clusterId} have averaged ${saturated}% CPU or more for 15 minutes although replica auto scaling targets ${cpuTarget}%: it has reached its maximum of ${props.maxCapacity} replicas (or cannot add one), so read latency grows.`,
      checks: [
        'Check the replica count and scaling activities (aws application-autoscaling describe-scaling-activities --service-namespace rds).',
        'Check Performance Insights of a reader for the queries that use the CPU.',
        'If the load is real, raise maxCapacity or the reader instance size; add caching for hot reads.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }
}
