// Dependency-free on purpose: application code (a Lambda handler, a container) can import this
// module alone (`cdk-readiness/lib/monitoring/embedded-metric-format`) without aws-cdk-lib.

/**
 * One value of an Embedded Metric Format record.
 */
export interface EmfMetricValue {
  /** Metric name. */
  readonly name: string;
  /** The value. */
  readonly value: number;
  /**
   * CloudWatch unit name (`Count`, `Milliseconds`, `Bytes`, `Percent`, ...).
   *
   * @default 'None'
   */
  readonly unit?: string;
}

/**
 * An Embedded Metric Format record.
 */
export interface EmfRecordProps {
  /** CloudWatch namespace (not starting with `AWS/`). */
  readonly namespace: string;
  /**
   * Dimensions of every metric of the record (at most 30).
   *
   * @default - none
   */
  readonly dimensions?: { [name: string]: string };
  /** The metric values. */
  readonly metrics: EmfMetricValue[];
  /**
   * Time of the values, in milliseconds since the epoch.
   *
   * @default - now
   */
  readonly timestamp?: number;
  /**
   * Other fields logged with the record (searchable in CloudWatch Logs, not metrics).
   *
   * @default - none
   */
  readonly properties?: { [name: string]: any };
}

const RESERVED = new Set(['_aws']);

/**
 * Application metrics in CloudWatch Embedded Metric Format (EMF): a JSON log line that
 * CloudWatch Logs turns into metrics when it is ingested. Print it to stdout from a Lambda
 * function or an ECS task using the `awslogs` driver and the metrics appear in CloudWatch, with no
 * agent and no PutMetricData call.
 */
export class EmbeddedMetricFormat {
  /**
   * The EMF log line (one JSON object, no trailing newline) for some metric values.
   *
   * @throws if a name is reserved, empty or used twice, a value is not a finite number, or there
   * are more than 100 metrics or 30 dimensions (the EMF limits)
   */
  public static render(props: EmfRecordProps): string {
    const dimensions = props.dimensions ?? {};
    const names = new Set<string>();
    const claim = (name: string, what: string) => {
      if (!name || RESERVED.has(name) || names.has(name)) {
        throw new Error(`EmbeddedMetricFormat.render: ${what} name ${JSON.stringify(name)} is empty, reserved or used twice in one record. Give every metric, dimension and property its own name.`);
      }
      names.add(name);
    };
    if (!props.namespace || props.namespace.startsWith('AWS/')) {
      throw new Error(`EmbeddedMetricFormat.render: namespace ${JSON.stringify(props.namespace)} is invalid. Use your own namespace (not starting with "AWS/"), for example "WebService".`);
    }
    if (props.metrics.length === 0 || props.metrics.length > 100) {
      throw new Error(`EmbeddedMetricFormat.render: ${props.metrics.length} metrics given. An EMF record holds 1 to 100 metrics: split the values over several records.`);
    }
    if (Object.keys(dimensions).length > 30) {
      throw new Error(`EmbeddedMetricFormat.render: ${Object.keys(dimensions).length} dimensions given; EMF allows at most 30.`);
    }
    const record: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(dimensions)) {
      claim(name, 'dimension');
      record[name] = String(value);
    }
    for (const m of props.metrics) {
      claim(m.name, 'metric');
      if (typeof m.value !== 'number' || !Number.isFinite(m.value)) {
        throw new Error(`EmbeddedMetricFormat.render: metric ${m.name} has value ${JSON.stringify(m.value)}. Give a finite number.`);
      }
      record[m.name] = m.value;
    }
    for (const [name, value] of Object.entries(props.properties ?? {})) {
      claim(name, 'property');
      record[name] = value;
    }
    const doc = {
      _aws: {
        Timestamp: props.timestamp ?? Date.now(),
        CloudWatchMetrics: [{
          Namespace: props.namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: props.metrics.map((m) => ({ Name: m.name, Unit: m.unit ?? 'None' })),
        }],
      },
      ...record,
    };
    return JSON.stringify(doc);
  }

  private constructor() {}
}
