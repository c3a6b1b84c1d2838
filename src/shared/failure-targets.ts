// Where each resource type sends the messages and events it fails to process: the one table of
// "which queues are dead-letter queues". Rule MON6 reads it over synthesized templates, and
// `ServiceMonitoring` over the construct tree (a dead-letter queue gets the DLQ alarm MON6 asks).

/** `'*'` in a path steps into every element of a list. */
export const EACH = '*';

/**
 * Resource type → the property path of its dead-letter queue or on-failure destination, as
 * CloudFormation names the properties (read case-insensitively from L1s).
 */
export const FAILURE_TARGET_PATHS: Readonly<Record<string, readonly string[]>> = {
  /** A queue's redrive target. */
  'AWS::SQS::Queue': ['RedrivePolicy', 'deadLetterTargetArn'],
  /** A function's dead-letter queue (asynchronous invocations). */
  'AWS::Lambda::Function': ['DeadLetterConfig', 'TargetArn'],
  /** A function's on-failure destination (asynchronous invocations). */
  'AWS::Lambda::EventInvokeConfig': ['DestinationConfig', 'OnFailure', 'Destination'],
  /** A stream event source mapping's on-failure destination (Kinesis, DynamoDB streams, Kafka). */
  'AWS::Lambda::EventSourceMapping': ['DestinationConfig', 'OnFailure', 'Destination'],
  /** An SNS subscription's dead-letter queue. */
  'AWS::SNS::Subscription': ['RedrivePolicy', 'deadLetterTargetArn'],
  /** Each EventBridge rule target's dead-letter queue. */
  'AWS::Events::Rule': ['Targets', EACH, 'DeadLetterConfig', 'Arn'],
  /** An EventBridge Scheduler schedule's dead-letter queue. */
  'AWS::Scheduler::Schedule': ['Target', 'DeadLetterConfig', 'Arn'],
};

/** The resource types that can send failures to a queue. */
export const FAILURE_TARGET_TYPES: readonly string[] = Object.keys(FAILURE_TARGET_PATHS);

/**
 * The values at a resource's failure-target path (none when the type has no such path or the
 * value is not set). `get` reads one key of an object: plain access for templates, a
 * case-insensitive read for L1s; a value it cannot step into (a token) yields nothing.
 */
export function failureTargetsOf(type: string, properties: unknown, get: (obj: any, key: string) => unknown = (o, k) => o?.[k]): unknown[] {
  const path = FAILURE_TARGET_PATHS[type];
  if (!path) return [];
  let values: unknown[] = [properties];
  for (const key of path) {
    values = key === EACH
      ? values.flatMap((v) => (Array.isArray(v) ? v : []))
      : values.map((v) => (v && typeof v === 'object' ? get(v, key) : undefined));
  }
  return values.filter((v) => v !== undefined && v !== null);
}
