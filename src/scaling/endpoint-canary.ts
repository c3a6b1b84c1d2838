import { ArnFormat, Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { AlarmSeverity } from '../monitoring/alarm-routing';
import { invalidProp } from '../shared/validation';
import { CANARY_SCRIPT } from './private/canary-script';
import { stackLogBucket } from './private/log-bucket';
import { routedAlarm, validateRunbookUrl } from './private/runbook-alarm';
import { ScopedPolicy } from './private/scoped-policy';
import { ScalingAlarmOptions } from './scaling-options';
import { restrictGrantsToAwsServices } from '../shared/key-grants';
import { acknowledgeUnwatchedBucket, enableAccessLogs, hardenedStateBucketProps } from '../state/private/hardened-bucket';

const CONSTRUCT = 'EndpointCanary';
/** Synthetics names the canary's function `cwsyn-<name>-<uuid>`, and function names have 64 characters at most. */
const MAX_CANARY_NAME = 21;

/**
 * Props of EndpointCanary.
 */
export interface EndpointCanaryProps extends ScalingAlarmOptions {
  /**
   * URL the canary requests, e.g. `https://api.example.com/health` or
   * `` `http://${alb.loadBalancerDnsName}/` ``. Reference the endpoint's resource here (its DNS
   * name, a Route 53 record, a distribution's domain) so rule Readiness-PRF2 sees which endpoint
   * the canary guards.
   */
  readonly url: string;
  /**
   * Name of the canary (lowercase letters, digits, `-` and `_`; at most 21 characters).
   *
   * @default - derived from the construct path
   */
  readonly canaryName?: string;
  /**
   * How often the canary runs (1 to 60 minutes).
   *
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;
  /**
   * A run slower than this, for 15 minutes, raises the latency alarm.
   *
   * @default Duration.seconds(2)
   */
  readonly latencyThreshold?: Duration;
  /**
   * The HTTP status the endpoint must answer.
   *
   * @default - any 2xx
   */
  readonly expectedStatusCode?: number;
  /**
   * How long run artifacts (logs, HAR files) are kept in the artifacts bucket.
   *
   * @default Duration.days(90)
   */
  readonly artifactsRetention?: Duration;
  /**
   * Bucket for the S3 server access logs of the artifacts bucket.
   *
   * @default - the stack's access-log bucket
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Severity of the latency alarm.
   *
   * @default AlarmSeverity.WARNING
   */
  readonly latencySeverity?: AlarmSeverity;
  /**
   * Severity of the alarm on failed runs (the endpoint is down or answers errors).
   *
   * @default AlarmSeverity.CRITICAL
   */
  readonly failureSeverity?: AlarmSeverity;
}

/**
 * A CloudWatch Synthetics canary that requests a public endpoint on a schedule, from outside the
 * service, whether or not users are on it: performance regression testing in production. It comes
 * with a latency alarm (run duration above `latencyThreshold` for 15 minutes) and an alarm on
 * failed runs, both routed; a pinned runtime; a role that may write this canary's artifacts,
 * logs and metrics only; and an artifacts bucket encrypted with a customer key, TLS only,
 * access-logged, retained, whose artifacts expire.
 */
export class EndpointCanary extends Construct {
  /**
   * The Synthetics runtime of every EndpointCanary: pinned, so a new runtime is a reviewed change
   * (`syn-nodejs-puppeteer-13.0`, Node.js 22).
   */
  public static readonly RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0;

  /** The canary. */
  public readonly canary: synthetics.Canary;
  /** Name of the canary (the `CanaryName` dimension of its metrics). */
  public readonly canaryName: string;
  /** Where run artifacts go. */
  public readonly artifactsBucket: s3.Bucket;
  /** Fires when runs have been slower than `latencyThreshold` for 15 minutes. */
  public readonly latencyAlarm: cloudwatch.Alarm;
  /** Fires when runs failed in two consecutive periods. */
  public readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EndpointCanaryProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    if (!Token.isUnresolved(props.url) && !/^https?:\/\/[^/\s]+/.test(props.url)) {
      invalidProp(this, CONSTRUCT, 'url', props.url, 'Give an absolute http:// or https:// URL of the public endpoint, e.g. "https://api.example.com/health".');
    }
    this.canaryName = props.canaryName ?? Names.uniqueResourceName(this, { maxLength: MAX_CANARY_NAME }).toLowerCase();
    if (!Token.isUnresolved(this.canaryName) && (!/^[0-9a-z_-]+$/.test(this.canaryName) || this.canaryName.length > MAX_CANARY_NAME)) {
      invalidProp(this, CONSTRUCT, 'canaryName', this.canaryName, `Use at most ${MAX_CANARY_NAME} lowercase letters, digits, "-" or "_" (Synthetics prefixes the function name with cwsyn- and suffixes an id).`);
    }
    const interval = props.interval ?? Duration.minutes(5);
    const intervalMs = interval.isUnresolved() ? undefined : interval.toMilliseconds();
    if (intervalMs !== undefined && (intervalMs < 60_000 || intervalMs > 3_600_000 || intervalMs % 60_000 !== 0)) {
      invalidProp(this, CONSTRUCT, 'interval', interval, 'Give whole minutes from 1 to 60.');
    }
    const latency = props.latencyThreshold ?? Duration.seconds(2);
    if (!latency.isUnresolved() && (latency.toMilliseconds() <= 0 || latency.toMilliseconds() > 60_000)) {
      invalidProp(this, CONSTRUCT, 'latencyThreshold', latency, 'Give a duration above 0 and at most the canary timeout (60 seconds).');
    }
    const status = props.expectedStatusCode;
    if (status !== undefined && !Token.isUnresolved(status) && (!Number.isInteger(status) || status < 100 || status > 599)) {
      invalidProp(this, CONSTRUCT, 'expectedStatusCode', status, 'Give an HTTP status code from 100 to 599.');
    }
    const retention = props.artifactsRetention ?? Duration.days(90);
    const retentionDays = retention.toDays();

    const key = restrictGrantsToAwsServices(new kms.Key(this, 'ArtifactsKey', {
      description: `Encrypts the run artifacts of canary ${this.canaryName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      // SSE-KMS with the key and bucket keys, no public access, TLS 1.2 only, RETAIN.
      ...hardenedStateBucketProps(key),
      versioned: true,
      lifecycleRules: [{
        id: 'expire-canary-artifacts',
        expiration: Duration.days(retentionDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    enableAccessLogs(this.artifactsBucket, props.accessLogsBucket ?? stackLogBucket(this), `canary/${this.canaryName}/`);
    acknowledgeUnwatchedBucket(this.artifactsBucket, 'Canary run artifacts (screenshots, HAR files, logs) expire by the lifecycle rule; object lock would keep every run past it, and no one relies on them being write-once.');
    Validations.of(this.artifactsBucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: `Canary run artifacts (logs, HAR files) are diagnostic data kept ${retentionDays} days; every run produces new ones, and none is needed to restore the service in another region.`,
    });

    const role = new iam.Role(this, 'Role', {
      description: `Runs canary ${this.canaryName}: writes its artifacts, logs and metrics only`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = this.canaryPolicy(role, key);
    this.canary = new synthetics.Canary(this, 'Canary', {
      canaryName: this.canaryName,
      runtime: EndpointCanary.RUNTIME,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(CANARY_SCRIPT), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(interval),
      environmentVariables: {
        ENDPOINT_URL: props.url,
        ...(status !== undefined ? { EXPECTED_STATUS: String(status) } : {}),
      },
      timeout: Duration.seconds(60),
      startAfterCreation: true,
      // The policy is granted through the managed policy below; an immutable reference keeps the
      // canary from adding an inline policy with wider KMS actions to the role.
      role: iam.Role.fromRoleArn(this, 'RoleRef', role.roleArn, { mutable: false }),
      artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: 'runs' },
      successRetentionPeriod: Duration.days(Math.min(retentionDays, 455)),
      failureRetentionPeriod: Duration.days(Math.min(retentionDays, 455)),
      provisionedResourceCleanup: true,
    });
    // Artifacts encrypted with the bucket's key (set on the L1: the L2 would also widen the key
    // policy for the role, which the managed policy already covers).
    (this.canary.node.defaultChild as synthetics.CfnCanary).artifactConfig = {
      s3Encryption: { encryptionMode: 'SSE_KMS', kmsKeyArn: key.keyArn },
    };
    // The first run starts on creation: the permissions must be attached by then.
    this.canary.node.addDependency(policy);

    const period = Duration.seconds(Math.max(300, interval.toSeconds()));
    const metric = (metricName: string) => new cloudwatch.Metric({
      namespace: 'CloudWatchSynthetics',
      metricName,
      dimensionsMap: { CanaryName: this.canaryName },
      statistic: 'Average',
      period,
    });
    this.latencyAlarm = routedAlarm(this, 'LatencyAlarm', {
      metric: metric('Duration'),
      threshold: latency.toMilliseconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      severity: props.latencySeverity ?? AlarmSeverity.WARNING,
      routing: props.alarmRouting,
      meaning: `Canary ${this.canaryName} has taken longer than ${latency.toMilliseconds()} ms for 15 minutes: the endpoint got slower for users (a performance regression or saturation).`,
      checks: [
        'Compare the canary duration with the endpoint\'s latency metrics (load balancer TargetResponseTime, p99) and the last deployment.',
        'Check whether the service is at its maximum capacity or a dependency got slower.',
        'Roll back the last deployment if the regression started with it.',
      ],
      runbookUrl: props.runbookUrl,
    });
    this.failureAlarm = routedAlarm(this, 'FailureAlarm', {
      metric: metric('SuccessPercent'),
      threshold: 100,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      // A canary that stopped running guards nothing: no data is a failure too.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      severity: props.failureSeverity ?? AlarmSeverity.CRITICAL,
      routing: props.alarmRouting,
      meaning: `Canary ${this.canaryName} runs have failed (or not run) in two consecutive periods: the public endpoint is down or answers errors.`,
      checks: [
        'Open the canary\'s latest failed run (CloudWatch Synthetics): status code, error and logs.',
        'Check the endpoint\'s health: load balancer healthy targets, 5XX counts, certificate and DNS.',
        'If the canary itself stopped, start it again (aws synthetics start-canary).',
      ],
      runbookUrl: props.runbookUrl,
    });
  }

  private canaryPolicy(role: iam.Role, key: kms.IKey): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const policy = new ScopedPolicy(this, 'Policy', `What canary ${this.canaryName} may do, and nothing else`, role);
    // The Synthetics canary permissions page lists s3:PutObject and s3:GetObject on the results folder.
    policy.add(new iam.PolicyStatement({
      sid: 'WriteRunArtifacts',
      actions: ['s3:PutObject', 's3:GetObject'],
      resources: [this.artifactsBucket.arnForObjects('runs/*')],
    }), 'Synthetics writes (and reads back) the objects of each run under the runs/ prefix of this canary\'s own bucket; the keys are only known at run time.');
    policy.add(new iam.PolicyStatement({
      sid: 'LocateArtifactsBucket',
      actions: ['s3:GetBucketLocation'],
      resources: [this.artifactsBucket.bucketArn],
    }));
    policy.add(new iam.PolicyStatement({
      sid: 'SyntheticsListsBuckets',
      actions: ['s3:ListAllMyBuckets'],
      resources: ['*'],
    }), 'The Synthetics runtime calls ListAllMyBuckets before uploading artifacts; the action supports no resource-level permission and reveals bucket names only.');
    policy.add(new iam.PolicyStatement({
      sid: 'EncryptRunArtifacts',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }));
    policy.add(new iam.PolicyStatement({
      sid: 'PublishSyntheticsMetrics',
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
    }), 'cloudwatch:PutMetricData supports no resource-level permission; the condition limits it to the CloudWatchSynthetics namespace.');
    policy.add(new iam.PolicyStatement({
      sid: 'WriteRunLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: `/aws/lambda/cwsyn-${this.canaryName}-*`,
      })],
    }), 'Synthetics names the canary\'s function and log group cwsyn-<canary name>-<id>, with an id chosen at creation; the ARN is limited to this canary\'s log group and its streams.');
    return policy.policy;
  }
}
