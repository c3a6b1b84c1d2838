import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AlarmSeverity } from '../monitoring/alarm-routing';
import { invalidProp } from '../shared/validation';
import { routedAlarm, validateRunbookUrl } from './private/runbook-alarm';
import { ScalingAlarmOptions } from './scaling-options';

const CONSTRUCT = 'RegionalFailover';
/** Route 53 publishes health check metrics in US East (N. Virginia) only. */
const METRICS_REGION = 'us-east-1';

/**
 * One regional endpoint of a multi-region service.
 */
export interface RegionalEndpoint {
  /** Domain name that reaches this region only, e.g. `api.eu-west-1.example.com` or the load balancer's DNS name. */
  readonly domainName: string;
  /** The region it runs in (names the health check and its alarm). */
  readonly region: string;
}

/**
 * Props of RegionalFailover.
 */
export interface RegionalFailoverProps extends ScalingAlarmOptions {
  /** The hosted zone of the service's public name. */
  readonly hostedZone: route53.IHostedZone;
  /** The record users resolve, relative to the zone (e.g. `api`); not the zone apex (a CNAME cannot be there). */
  readonly recordName: string;
  /** The region that serves while it is healthy. */
  readonly primary: RegionalEndpoint;
  /** The region that takes over when the primary is unhealthy. */
  readonly secondary: RegionalEndpoint;
  /**
   * Path of the health endpoint: it must check what the region needs to serve (its database, its queue).
   *
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Protocol of the health check.
   *
   * @default route53.HealthCheckType.HTTPS
   */
  readonly healthCheckType?: route53.HealthCheckType;
  /**
   * Port of the health check.
   *
   * @default - 443 for HTTPS, 80 for HTTP
   */
  readonly port?: number;
  /**
   * Consecutive failed checks before an endpoint counts as unhealthy (1–10).
   *
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Time between checks of each checker: 10 seconds (fast) or 30 seconds (standard).
   *
   * @default Duration.seconds(30)
   */
  readonly requestInterval?: Duration;
  /**
   * Route 53 checker regions (at least 3).
   *
   * @default - Route 53's default checker regions
   */
  readonly checkerRegions?: string[];
  /**
   * TTL of the failover records: how long resolvers keep answering with a failed region.
   *
   * @default Duration.seconds(60)
   */
  readonly ttl?: Duration;
  /**
   * Create alarms on the health checks. Route 53 publishes their metrics in us-east-1 only, so
   * the alarms can only live in a stack of that region.
   *
   * @default - true when this stack is in us-east-1
   */
  readonly createAlarms?: boolean;
}

/**
 * DNS failover between two regions of a service: a Route 53 health check per regional endpoint
 * (HTTPS, latency measured, SNI), PRIMARY and SECONDARY failover records of the service's name,
 * and alarms when an endpoint is unhealthy (CRITICAL for the primary: traffic has moved to the
 * other region; WARNING for the secondary: there is nowhere left to fail over to).
 *
 * Regional endpoints are plain domain names, so the construct can live in a global stack without
 * references to the regional stacks. The endpoints must accept requests from the Route 53 health
 * checker IP ranges.
 */
export class RegionalFailover extends Construct {
  /** Health check of the primary endpoint. */
  public readonly primaryHealthCheck: route53.HealthCheck;
  /** Health check of the secondary endpoint. */
  public readonly secondaryHealthCheck: route53.HealthCheck;
  /** Alarms on the health checks (empty when `createAlarms` is false). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: RegionalFailoverProps) {
    super(scope, id);
    validateRunbookUrl(this, CONSTRUCT, props.runbookUrl);
    const { primary, secondary } = props;
    if (!Token.isUnresolved(primary.region) && primary.region === secondary.region) {
      invalidProp(this, CONSTRUCT, 'secondary.region', secondary.region, 'Fail over to another region than the primary: two endpoints in one region fail together in a regional outage.');
    }
    if (!Token.isUnresolved(primary.domainName) && primary.domainName === secondary.domainName) {
      invalidProp(this, CONSTRUCT, 'secondary.domainName', secondary.domainName, 'Give each region a domain name that reaches that region only.');
    }
    if (!Token.isUnresolved(props.recordName) && (props.recordName === '' || props.recordName === '@'
      || (!Token.isUnresolved(props.hostedZone.zoneName) && stripDot(props.recordName) === stripDot(props.hostedZone.zoneName)))) {
      invalidProp(this, CONSTRUCT, 'recordName', props.recordName, 'The failover records are CNAMEs, which cannot be at the zone apex: use a name below it, e.g. "api".');
    }
    const threshold = props.failureThreshold ?? 3;
    if (!Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1 || threshold > 10)) {
      invalidProp(this, CONSTRUCT, 'failureThreshold', threshold, 'Route 53 accepts 1 to 10.');
    }
    const interval = props.requestInterval ?? Duration.seconds(30);
    if (!interval.isUnresolved() && ![10_000, 30_000].includes(interval.toMilliseconds())) {
      invalidProp(this, CONSTRUCT, 'requestInterval', interval, 'Route 53 checks every 10 seconds (fast) or 30 seconds (standard).');
    }
    if (props.checkerRegions && props.checkerRegions.length < 3) {
      invalidProp(this, CONSTRUCT, 'checkerRegions', props.checkerRegions, 'Route 53 needs at least three checker regions.');
    }
    const path = props.healthCheckPath ?? '/health';
    if (!Token.isUnresolved(path) && !path.startsWith('/')) {
      invalidProp(this, CONSTRUCT, 'healthCheckPath', path, 'Give a path starting with "/", e.g. "/health".');
    }
    const type = props.healthCheckType ?? route53.HealthCheckType.HTTPS;
    const { HTTPS, HTTP, HTTPS_STR_MATCH, HTTP_STR_MATCH } = route53.HealthCheckType;
    const httpTypes = [HTTPS, HTTP, HTTPS_STR_MATCH, HTTP_STR_MATCH];
    if (!httpTypes.includes(type)) {
      invalidProp(this, CONSTRUCT, 'healthCheckType', type, 'Use an HTTP(S) health check: a regional endpoint is healthy when its health path answers, not when a port is open.');
    }
    const https = type === route53.HealthCheckType.HTTPS || type === route53.HealthCheckType.HTTPS_STR_MATCH;

    const check = (which: string, endpoint: RegionalEndpoint) => new route53.HealthCheck(this, `${which}HealthCheck`, {
      type,
      fqdn: endpoint.domainName,
      port: props.port ?? (https ? 443 : 80),
      resourcePath: path,
      enableSNI: https ? true : undefined,
      measureLatency: true,
      failureThreshold: threshold,
      requestInterval: interval,
      regions: props.checkerRegions,
    });
    this.primaryHealthCheck = check('Primary', primary);
    this.secondaryHealthCheck = check('Secondary', secondary);

    const ttl = props.ttl ?? Duration.seconds(60);
    const record = (which: string, endpoint: RegionalEndpoint, healthCheck: route53.HealthCheck, failover: route53.Failover) =>
      new route53.CnameRecord(this, `${which}Record`, {
        zone: props.hostedZone,
        recordName: props.recordName,
        domainName: endpoint.domainName,
        ttl,
        failover,
        setIdentifier: `${which.toLowerCase()}-${endpoint.region}`,
        healthCheck,
      });
    record('Primary', primary, this.primaryHealthCheck, route53.Failover.PRIMARY);
    record('Secondary', secondary, this.secondaryHealthCheck, route53.Failover.SECONDARY);

    const region = Stack.of(this).region;
    const createAlarms = props.createAlarms ?? region === METRICS_REGION;
    if (createAlarms && !Token.isUnresolved(region) && region !== METRICS_REGION) {
      invalidProp(this, CONSTRUCT, 'createAlarms', true, `Route 53 publishes health check metrics in ${METRICS_REGION} only, and this stack is in ${region}: create the construct in a ${METRICS_REGION} stack, or set createAlarms false and alarm on the health checks from one.`);
    }
    if (!createAlarms) {
      Annotations.of(this).addWarningV2('cdk-readiness:failover-without-alarms',
        `No alarms on the health checks: Route 53 publishes their metrics in ${METRICS_REGION} only. Alarm on HealthCheckStatus of ${this.node.path} from a ${METRICS_REGION} stack, so a failover does not go unnoticed.`);
      return;
    }
    const alarm = (which: string, endpoint: RegionalEndpoint, healthCheck: route53.HealthCheck, severity: AlarmSeverity, consequence: string) =>
      this.alarms.push(routedAlarm(this, `${which}UnhealthyAlarm`, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Route53',
          metricName: 'HealthCheckStatus',
          dimensionsMap: { HealthCheckId: healthCheck.healthCheckId },
          statistic: 'Minimum',
          period: Duration.minutes(1),
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        severity,
        routing: props.alarmRouting,
        meaning: `The ${which.toLowerCase()} endpoint ${endpoint.domainName} (${endpoint.region}) has failed its Route 53 health check for 2 minutes: ${consequence}`,
        checks: [
          'Open the health check in the Route 53 console and read the failure reasons per checker region.',
          `Check the service in ${endpoint.region}: load balancer, healthy targets, the dependencies the health path checks.`,
          'When it is healthy again, Route 53 moves traffic back to the primary by itself; confirm that it did.',
        ],
        runbookUrl: props.runbookUrl,
      }));
    alarm('Primary', primary, this.primaryHealthCheck, AlarmSeverity.CRITICAL,
      `DNS now sends users to ${secondary.region}; check that it carries the load.`);
    alarm('Secondary', secondary, this.secondaryHealthCheck, AlarmSeverity.WARNING,
      `if ${primary.region} fails now there is no healthy region to fail over to.`);
  }
}

function stripDot(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}
