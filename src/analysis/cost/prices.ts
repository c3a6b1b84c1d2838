/**
 * List prices of what readiness provisions, in USD, US East (N. Virginia), versioned with the
 * package and never fetched at synth (synth stays offline and deterministic).
 *
 * Every entry names the AWS pricing page it belongs to and the date it was read. `confirmed` says
 * whether the figure itself was read on the stored copy of that page on that date; an entry with
 * `confirmed: false` carries the list price as it was known, but the stored copy of the AWS page
 * did not show the figure (the pages load their price tables separately): check it on the page
 * before relying on it. Where third-party pages showed the same figure on the read date, `seenOn`
 * lists them: they corroborate, they do not confirm. The report says which figures are unconfirmed.
 * The free tiers of CloudWatch (10 alarm metrics, 3 dashboards, 100 canary runs, 5 GB of logs),
 * the 90-day cold storage minimum and S3 backups' GET-request charge were read on the stored pages.
 *
 * Regions: `REGION_PRICING` below; each stack is priced in its own region.
 */

/** The date the pricing pages were read (ISO 8601). */
export const PRICES_READ_ON = '2026-12-07';

/** The region the prices are for. */
export const PRICE_REGION = 'us-east-1';

/** One priced unit. */
export interface PriceEntry {
  /** USD per unit. */
  readonly usd: number;
  /** What one unit is (`alarm metric-month`, `GB-month`, `canary run`). */
  readonly unit: string;
  /** The AWS pricing page the price belongs to. */
  readonly source: string;
  /** When the page was read (ISO date). */
  readonly readOn: string;
  /** Whether the figure was read on the stored copy of the page (see the module comment). */
  readonly confirmed: boolean;
  /** The free tier AWS gives for this price, per account, if any (`units` in this entry's unit). */
  readonly freeTier?: { readonly units: number; readonly note: string };
  /** Anything else the estimate must know (tiers, minimums). */
  readonly note?: string;
  /**
   * Where the same figure was read when the AWS page did not show it: third-party pages, read on
   * `readOn`. They corroborate the figure; they do not confirm it (`confirmed` stays false).
   */
  readonly seenOn?: readonly string[];
}

const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const ROUTE53 = 'https://aws.amazon.com/route53/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const CONFIG = 'https://aws.amazon.com/config/pricing/';
const SECURITY_HUB = 'https://aws.amazon.com/security-hub/pricing/';
const GUARDDUTY = 'https://aws.amazon.com/guardduty/pricing/';
const INSPECTOR = 'https://aws.amazon.com/inspector/pricing/';
const CLOUDTRAIL = 'https://aws.amazon.com/cloudtrail/pricing/';
const XRAY = 'https://aws.amazon.com/xray/pricing/';
const BACKUP = 'https://aws.amazon.com/backup/pricing/';
const S3 = 'https://aws.amazon.com/s3/pricing/';
/**
 * Third-party transcriptions of the AWS pricing pages (API Evangelist, read 2026-09-20 and 2026-10-07,
 * "every price_text found verbatim in the fetched page"): corroboration, not confirmation.
 */
const ROUTE53_TRANSCRIPTION = 'https://github.com/api-evangelist/amazon-route53-resolver/blob/main/plans/amazon-route53-resolver-plans-pricing.yml';
const GUARDDUTY_TRANSCRIPTION = 'https://github.com/api-evangelist/amazon-guardduty/blob/main/plans/amazon-guardduty-plans-pricing.yml';
/** A third-party design document quoting Inspector's Europe (Ireland) prices (same figures as us-east-1's). */
const INSPECTOR_EU_WEST_1_PAGE = 'https://docs-b6y.pages.dev/hld009-vulnerability-management-amazon-inspector.html';

function price(usd: number, unit: string, source: string, confirmed: boolean, extra: Partial<PriceEntry> = {}): PriceEntry {
  return { usd, unit, source, readOn: PRICES_READ_ON, confirmed, ...extra };
}

/** The price table. Keys are referenced by the estimator; the tests check every entry's date and source. */
export const PRICES = {
  // CloudWatch alarms: billed per metric the alarm reads (metric math: every metric of the expression).
  alarmStandardMetric: price(0.10, 'alarm metric-month (standard resolution)', CLOUDWATCH, false, {
    seenOn: ['https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm'],
    freeTier: { units: 10, note: 'the first 10 alarm metrics of standard-resolution alarms that list metrics directly are free per account' },
  }),
  alarmHighResolutionMetric: price(0.30, 'alarm metric-month (high resolution, period under 60 s)', CLOUDWATCH, false, {
    seenOn: ['https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm'],
  }),
  /** An anomaly-detection alarm is billed as three metrics: the metric and the band's upper and lower bounds. */
  anomalyDetectionMetrics: price(3, 'alarm metrics per anomaly-detection alarm (multiplier)', CLOUDWATCH, false),
  compositeAlarm: price(0.50, 'composite alarm-month', CLOUDWATCH, false, { seenOn: ['https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm'] }),
  dashboard: price(3.00, 'dashboard-month', CLOUDWATCH, false, {
    freeTier: { units: 3, note: 'the first 3 custom dashboards (up to 50 metrics each) are free per account' },
  }),
  canaryRun: price(0.0012, 'canary run', CLOUDWATCH, false, {
    freeTier: { units: 100, note: 'the first 100 canary runs a month are free per account' },
  }),
  logsIngestion: price(0.50, 'GB ingested (standard log class)', CLOUDWATCH, false, {
    freeTier: { units: 5, note: '5 GB of log data (ingestion, archive storage and Logs Insights scans) are free per account' },
  }),
  logsStorage: price(0.03, 'GB-month archived', CLOUDWATCH, false),
  // Route 53 health checks: a base price per check, plus each optional feature.
  healthCheckAwsEndpoint: price(0.50, 'health check-month (AWS endpoint, calculated or CloudWatch-alarm check)', ROUTE53, false, {
    freeTier: { units: 50, note: 'up to 50 health checks of AWS endpoints are free per account (as a transcription of the Route 53 pricing page shows; not read on the stored AWS page)' },
    seenOn: ['https://wewantcode.com/en/course/aws/lesson/7-84-health-checks-status-check.html', ROUTE53_TRANSCRIPTION],
  }),
  healthCheckNonAwsEndpoint: price(0.75, 'health check-month (non-AWS endpoint)', ROUTE53, false, {
    seenOn: ['https://wewantcode.com/en/course/aws/lesson/7-84-health-checks-status-check.html', ROUTE53_TRANSCRIPTION],
  }),
  healthCheckOptionalFeatureAws: price(1.00, 'optional feature-month (HTTPS, string matching, fast interval, latency measurement) on an AWS endpoint', ROUTE53, false, {
    seenOn: [ROUTE53_TRANSCRIPTION],
  }),
  healthCheckOptionalFeatureNonAws: price(2.00, 'optional feature-month on a non-AWS endpoint', ROUTE53, false, { seenOn: [ROUTE53_TRANSCRIPTION] }),
  // KMS: confirmed on the stored page (each multi-Region primary and each replica is a key).
  kmsKey: price(1.00, 'customer managed key-month (each multi-Region primary and replica counts)', KMS, true, {
    note: 'automatic rotation: each of the first two rotations adds $1 a month (a rotated key reaches $3 a month; later rotations are free); RotationPeriodInDays shortens the time to $3',
  }),
  // Config: billed per configuration item recorded and per rule evaluation, not per rule.
  configItem: price(0.003, 'configuration item recorded (continuous recording)', CONFIG, false, {
    seenOn: ['https://www.vantage.sh/blog/aws-config-pricing', 'https://cloudgauge.app/blog/governance-cost-trap.html'],
  }),
  configRuleEvaluation: price(0.001, 'rule evaluation (first 100,000 a month per region)', CONFIG, false, {
    seenOn: ['https://www.vantage.sh/blog/aws-config-pricing'],
  }),
  securityHubCheck: price(0.0010, 'security check (first 100,000 a month per account and region)', SECURITY_HUB, false, {
    note: 'Security Hub CSPM checks; the stored page also describes the newer Security Hub Essentials plan, billed per monitored resource, which is not modelled',
    seenOn: ['https://aws-gcr-wwso-security.gitbook.io/an-quan-zui-jia-shi-jian/an-quan-chan-pin-cheng-ben-gu-suan/an-quan-he-gui-chi-xu-jian-ce-he-zi-dong-xiu-fu-fei-yong'],
  }),
  guardDutyManagementEvents: price(4.00, 'million CloudTrail management events analyzed (first 500 million)', GUARDDUTY, false, {
    seenOn: ['https://www.factualminds.com/blog/amazon-guardduty-pricing-data-sources-multi-account/', GUARDDUTY_TRANSCRIPTION],
  }),
  guardDutyFlowAndDnsLogs: price(1.00, 'GB of VPC flow and DNS logs analyzed (first 500 GB)', GUARDDUTY, false, {
    seenOn: ['https://www.factualminds.com/blog/amazon-guardduty-pricing-data-sources-multi-account/', GUARDDUTY_TRANSCRIPTION],
  }),
  inspectorEc2Instance: price(1.2528, 'EC2 instance scanned-month', INSPECTOR, false, { seenOn: [INSPECTOR_EU_WEST_1_PAGE] }),
  inspectorLambdaFunction: price(0.30, 'Lambda function scanned-month (standard scanning)', INSPECTOR, false),
  inspectorEcrImage: price(0.09, 'container image scanned on push (enhanced scanning; basic scanning is billed by ECR and free)', INSPECTOR, false, {
    seenOn: [INSPECTOR_EU_WEST_1_PAGE],
  }),
  inspectorEcrRescan: price(0.01, 'container image rescan (enhanced continuous scanning)', INSPECTOR, false, { seenOn: [INSPECTOR_EU_WEST_1_PAGE] }),
  // CloudTrail: confirmed on the stored page.
  cloudTrailAdditionalManagementCopy: price(2.00, '100,000 management events (each copy after the first free one per region)', CLOUDTRAIL, true),
  cloudTrailDataEvents: price(0.10, '100,000 data events', CLOUDTRAIL, true),
  // X-Ray: confirmed on the stored page.
  xrayTraceRecorded: price(5.00, 'million traces recorded', XRAY, true, {
    freeTier: { units: 0.1, note: 'the first 100,000 traces recorded a month (0.1 million) are free' },
  }),
  // AWS Backup storage per resource type (warm; cold where AWS Backup offers it) and cross-region transfer.
  backupEbsWarm: price(0.05, 'GB-month (EBS snapshot, warm; EC2 instance backups are AMIs of EBS snapshots)', BACKUP, false, {
    seenOn: ['https://cloudburn.io/blog/aws-backup-pricing'],
  }),
  backupEbsCold: price(0.0125, 'GB-month (EBS snapshot archive, cold; 90-day minimum)', BACKUP, false, {
    note: 'the 90-day minimum was read on the stored AWS page; the archive tier stores full snapshots, not increments',
    seenOn: ['https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/'],
  }),
  backupRdsWarm: price(0.095, 'GB-month (RDS snapshot)', BACKUP, false),
  backupAuroraWarm: price(0.021, 'GB-month (Aurora snapshot)', BACKUP, false),
  backupDynamoDbWarm: price(0.10, 'GB-month (DynamoDB backup, warm)', BACKUP, false),
  backupDynamoDbCold: price(0.03, 'GB-month (DynamoDB backup, cold; 90-day minimum)', BACKUP, false),
  backupEfsWarm: price(0.05, 'GB-month (EFS backup, warm)', BACKUP, false, { seenOn: ['https://cloudburn.io/blog/aws-backup-pricing'] }),
  backupEfsCold: price(0.01, 'GB-month (EFS backup, cold; 90-day minimum)', BACKUP, false, { seenOn: ['https://cloudburn.io/blog/aws-backup-pricing'] }),
  backupS3Warm: price(0.05, 'GB-month (S3 backup, warm; objects under 128 KB billed as 128 KB)', BACKUP, false, {
    note: 'the stored AWS page says S3 backups are also billed for the GET requests on the bucket\'s objects, and that objects under 128 KB are billed as 128 KB',
  }),
  s3GetRequests: price(0.0004, '1,000 S3 GET requests (S3 Standard; an S3 backup reads each new or changed object)', S3, false),
  backupOtherWarm: price(0.05, 'GB-month (other resource types)', BACKUP, false),
  backupCrossRegionTransfer: price(0.02, 'GB copied to another region', BACKUP, false, {
    seenOn: ['https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/'],
  }),
} satisfies Record<string, PriceEntry>;

/** The id of a price in the table. */
export type PriceId = keyof typeof PRICES;

/** What the table knows about one region. */
export interface RegionPricing {
  /** AWS's name of the region. */
  readonly name: string;
  /**
   * Figures read for this region where they differ from us-east-1 (each with its own source, date
   * and `confirmed`). Prices not listed are us-east-1's.
   */
  readonly overrides: Partial<Record<PriceId, PriceEntry>>;
  /**
   * Whether every price of the region was checked for it: false means prices not in `overrides`
   * are us-east-1 figures used in this region unchecked, and the report says so.
   */
  readonly checked: boolean;
}

/**
 * The regions the documentation names. us-east-1 is the table itself. For the others no stored
 * AWS pricing page showed regional figures (the pages load their price tables separately), so
 * they have no overrides and are marked unchecked: the estimate uses us-east-1 figures there and
 * names those regions. A region found here with `checked: true` would mean its figures were read.
 */
export const REGION_PRICING: Readonly<Record<string, RegionPricing>> = {
  'us-east-1': { name: 'US East (N. Virginia)', overrides: {}, checked: true },
  'us-west-2': { name: 'US West (Oregon)', overrides: {}, checked: false },
  // Ireland figures seen on third-party pages only (equal to us-east-1's): recorded, not confirmed.
  'eu-west-1': {
    name: 'Europe (Ireland)',
    overrides: {
      inspectorEc2Instance: { ...PRICES.inspectorEc2Instance, note: 'Europe (Ireland) figure as the seenOn page shows it' },
      inspectorEcrImage: { ...PRICES.inspectorEcrImage, note: 'Europe (Ireland) figure as the seenOn page shows it' },
      inspectorEcrRescan: { ...PRICES.inspectorEcrRescan, note: 'Europe (Ireland) figure as the seenOn page shows it' },
      // A published April 2022 AWS bill showed this line for EU (Ireland): third-party, old, unconfirmed.
      alarmStandardMetric: {
        ...PRICES.alarmStandardMetric,
        note: 'Europe (Ireland) figure as a bill published on the seenOn page shows it (April 2022)',
        seenOn: ['https://amazonwebshark.com/unexpected-cloudwatch-in-the-billing-area'],
      },
    },
    checked: false,
  },
  'eu-central-1': { name: 'Europe (Frankfurt)', overrides: {}, checked: false },
};

/** The region a stack without an explicit region (environment-agnostic) is priced in. */
export const DEFAULT_PRICING_REGION = PRICE_REGION;

/** A price in a region: the region's override, or us-east-1's figure (`fallback: true`) when the table has none for it. */
export function priceIn(
  id: PriceId,
  region: string,
  table: Readonly<Record<string, RegionPricing>> = REGION_PRICING,
): { entry: PriceEntry; fallback: boolean } {
  const regional = table[region];
  const override = regional?.overrides[id];
  if (override) return { entry: override, fallback: false };
  return { entry: PRICES[id], fallback: region !== PRICE_REGION && !(regional?.checked ?? false) };
}
