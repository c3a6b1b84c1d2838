import { Stack, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  atMaxCapacityAlarm, DEFAULT_SCALE_IN_COOLDOWN, DEFAULT_SCALE_OUT_COOLDOWN, scalableTarget, validateCapacity, validatePercent,
} from './private/capacity';
import { CAPACITY_PERIOD, validateRunbookUrl } from './private/runbook-alarm';
import { ScalingCommonOptions } from './scaling-options';
import { invalidProp } from '../shared/validation';

const CONSTRUCT = 'DynamoDbTableScaling';

/** Read or write capacity bounds of a table or index. */
export interface CapacityRange {
  /** Fewest capacity units. */
  readonly minCapacity: number;
  /** Most capacity units (what the budget and the hot partitions allow). */
  readonly maxCapacity: number;
}

/** Bounds of one global secondary index. */
export interface IndexCapacity {
  /** Name of the global secondary index. */
  readonly indexName: string;
  /** Read capacity bounds of the index. */
  readonly read: CapacityRange;
  /** Write capacity bounds of the index (at least the table's write rate that projects into it). */
  readonly write: CapacityRange;
}

/**
 * Props of DynamoDbTableScaling.
 */
export interface DynamoDbTableScalingProps extends ScalingCommonOptions {
  /** A table in provisioned billing mode. */
  readonly table: dynamodb.ITable;
  /** Read capacity bounds of the table. */
  readonly read: CapacityRange;
  /** Write capacity bounds of the table. */
  readonly write: CapacityRange;
  /**
   * Bounds of the table's global secondary indexes: every index of a provisioned table has
   * capacity of its own, and a throttled index throttles the table's writes.
   *
   * @default - no index
   */
  readonly indexes?: IndexCapacity[];
  /**
   * Consumed-to-provisioned utilization to hold.
   *
   * @default 70
   */
  readonly targetUtilizationPercent?: number;
}

/**
 * Auto scaling of a provisioned DynamoDB table and its global secondary indexes: target tracking
 * on read and write utilization of each, and an alarm when any of them sits at its maximum.
 * (On-demand tables need none of this.)
 */
export class DynamoDbTableScaling extends Construct {
  /** Scalable targets, by `<table|indexName>:<read|write>`. */
  public readonly scalableTargets: { [key: string]: appscaling.ScalableTarget } = {};
  /** At-maximum-capacity alarms, one per scalable target. */
  public readonly atMaxCapacityAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DynamoDbTableScalingProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    validatePercent(this, CONSTRUCT, 'targetUtilizationPercent', props.targetUtilizationPercent);
    const cfn = props.table.node.defaultChild;
    if (cfn instanceof dynamodb.CfnTable && cfn.billingMode === 'PAY_PER_REQUEST') {
      invalidProp(this, CONSTRUCT, 'table', props.table.node.path, 'The table is on-demand (PAY_PER_REQUEST): it scales by itself. Use this construct with a PROVISIONED table only.');
    }
    const seen = new Map<string, number>();
    const dims: Array<{ index?: string; kind: 'Read' | 'Write'; range: CapacityRange; prop: string }> = [
      { kind: 'Read', range: props.read, prop: 'read' },
      { kind: 'Write', range: props.write, prop: 'write' },
    ];
    (props.indexes ?? []).forEach((ix, i) => {
      if (seen.has(ix.indexName)) invalidProp(this, CONSTRUCT, `indexes[${i}].indexName`, ix.indexName, 'List every index once.');
      seen.set(ix.indexName, i);
      dims.push({ index: ix.indexName, kind: 'Read', range: ix.read, prop: `indexes[${i}].read` });
      dims.push({ index: ix.indexName, kind: 'Write', range: ix.write, prop: `indexes[${i}].write` });
    });

    // Indexes can be added to the table after this construct: compare the names at synth.
    if (cfn instanceof dynamodb.CfnTable && seen.size > 0) {
      this.node.addValidation({
        validate: () => {
          const existing = new Set<string>((Stack.of(cfn).resolve(cfn.globalSecondaryIndexes) ?? []).map((g: any) => g?.indexName));
          return [...seen].filter(([name]) => !Token.isUnresolved(name) && !existing.has(name)).map(([name, i]) =>
            `${CONSTRUCT} '${this.node.path}': invalid indexes[${i}].indexName "${name}". Table ${props.table.node.path} has no global secondary index of that name `
            + `(it has ${existing.size > 0 ? [...existing].join(', ') : 'none'}): Application Auto Scaling would fail to register the target at deployment. Give the name of one of its indexes.`);
        },
      });
    }
    const tableName = props.table.tableName;
    for (const d of dims) {
      validateCapacity(this, {
        construct: CONSTRUCT,
        minProp: `${d.prop}.minCapacity`,
        maxProp: `${d.prop}.maxCapacity`,
        min: d.range.minCapacity,
        max: d.range.maxCapacity,
        unit: `${d.kind.toLowerCase()} capacity units`,
        hardMin: 1,
      });
      const idBase = `${d.index ? `Index${d.index}` : 'Table'}${d.kind}`;
      const target = scalableTarget(this, `${idBase}Target`, {
        namespace: appscaling.ServiceNamespace.DYNAMODB,
        dimension: `dynamodb:${d.index ? 'index' : 'table'}:${d.kind}CapacityUnits`,
        resourceId: d.index ? `table/${tableName}/index/${d.index}` : `table/${tableName}`,
        min: d.range.minCapacity,
        max: d.range.maxCapacity,
      });
      target.scaleToTrackMetric('Utilization', {
        predefinedMetric: d.kind === 'Read'
          ? appscaling.PredefinedMetric.DYNAMODB_READ_CAPACITY_UTILIZATION
          : appscaling.PredefinedMetric.DYNAMODB_WRITE_CAPACITY_UTILIZATION,
        targetValue: props.targetUtilizationPercent ?? 70,
        scaleInCooldown: props.scaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN,
        scaleOutCooldown: props.scaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN,
      });
      this.scalableTargets[`${d.index ?? 'table'}:${d.kind.toLowerCase()}`] = target;
      const alarmScope = new Construct(this, idBase);
      this.atMaxCapacityAlarms.push(atMaxCapacityAlarm(alarmScope, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName: `Provisioned${d.kind}CapacityUnits`,
          dimensionsMap: d.index ? { TableName: tableName, GlobalSecondaryIndexName: d.index } : { TableName: tableName },
          statistic: 'Maximum',
          period: CAPACITY_PERIOD,
        }),
        threshold: d.range.maxCapacity,
        severity: props.atMaxCapacitySeverity,
        routing: props.alarmRouting,
        meaning: `${d.index ? `Index ${d.index} of table` : 'Table'} ${tableName} has been provisioned at its maximum of ${d.range.maxCapacity} ${d.kind.toLowerCase()} capacity units for 15 minutes: more traffic will be throttled.`,
        checks: [
          `Check ${d.kind}ThrottleEvents and the consumed capacity of the table and its hot keys (CloudWatch Contributor Insights).`,
          `If the load is real, raise ${d.prop}.maxCapacity, or switch the table to on-demand.`,
          'If one key is hot, spread the writes over more partition keys.',
        ],
        runbookUrl: props.runbookUrl,
      }));
    }
  }
}
