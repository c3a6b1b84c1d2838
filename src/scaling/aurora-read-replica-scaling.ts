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
   * Track average connections per reader instead of CPU (the at-maximum alarm then watches
   * reader connections too).
   *
   * @default - CPU
   */
  readonly targetConnectionsPerReader?: number;
}

/** Readers this far above the scaling target for 15 minutes: auto scaling could not add a replica. */
const SATURATED_CPU_POINTS = 20;
const SATURATED_CONNECTIONS_FACTOR = 1.25;

/**
 * Auto scaling of the Aurora Replicas of a cluster (`rds:cluster:ReadReplicaCount`): target
 * tracking on reader CPU (or connections), a floor from the profile so there is always a replica
 * in another Availability Zone to fail over to, and an alarm when the readers are saturated at
 * the maximum replica count.
 *
 * Aurora publishes no replica-count metric, so the at-maximum alarm watches what target tracking
 * acts on: reader CPU 20 points above its target (or reader connections 25 % above theirs) for 15
 * minutes means it could not add more.
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
    // The writer counts towards the profile's minimum; a profile of one instance (DEV) asks for no replica.
    const floor = Math.max(0, profile.minCapacity - 1);
    const min = props.minCapacity ?? Math.max(1, floor);
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
    const connections = props.targetConnectionsPerReader;
    const cpuTarget = props.targetCpuUtilizationPercent ?? 60;
    if (connections !== undefined) {
      this.scalableTarget.scaleToTrackMetric('Connections', {
        predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_DATABASE_CONNECTIONS,
        targetValue: connections,
        ...cooldowns,
      });
    } else {
      this.scalableTarget.scaleToTrackMetric('Cpu', {
        predefinedMetric: appscaling.PredefinedMetric.RDS_READER_AVERAGE_CPU_UTILIZATION,
        targetValue: cpuTarget,
        ...cooldowns,
      });
    }
    // The alarm watches the metric the policy tracks, well above its target.
    const saturation = connections !== undefined
      ? { metricName: 'DatabaseConnections', threshold: Math.ceil(connections * SATURATED_CONNECTIONS_FACTOR), unit: ' connections', target: connections }
      : { metricName: 'CPUUtilization', threshold: Math.min(95, cpuTarget + SATURATED_CPU_POINTS), unit: '% CPU', target: cpuTarget };
    this.atMaxCapacityAlarm = atMaxCapacityAlarm(this, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/RDS',
        metricName: saturation.metricName,
        dimensionsMap: { DBClusterIdentifier: clusterId, Role: 'READER' },
        statistic: 'Average',
        period: CAPACITY_PERIOD,
      }),
      threshold: saturation.threshold,
      severity: props.atMaxCapacitySeverity,
      routing: props.alarmRouting,
      meaning: `The readers of Aurora cluster ${clusterId} have averaged ${saturation.threshold}${saturation.unit} or more each for 15 minutes although replica auto scaling targets ${saturation.target}${saturation.unit}: it has reached its maximum of ${props.maxCapacity} replicas (or cannot add one), so read latency grows.`,
      checks: [
        'Check the replica count and scaling activities (aws application-autoscaling describe-scaling-activities --service-namespace rds).',
        'Check Performance Insights of a reader for the queries (or clients) that load it.',
        'If the load is real, raise maxCapacity or the reader instance size; add caching for hot reads.',
      ],
      runbookUrl: props.runbookUrl,
    });
  }
}
