import { DEFAULT_PRICING_REGION, PRICE_REGION, PriceEntry, PriceId, priceIn, PRICES, PRICES_READ_ON, REGION_PRICING } from './prices';
import { CostAssumptions } from '../../profile';
import { COSTED_BACKUP_TYPES, isClusterMember } from '../../shared/resource-types';
import { AppIndex, asArray, IndexedResource, IndexedStack } from '../app-index';
import { organizationPolicySelecting, selectionsSelecting } from '../backup-selections';
import { planRules, wholeNumber } from '../backup-vaults';
import { enhancedScanFrequency } from '../ecr-scanning';
import { isTrue } from '../reliability-view';
import { num } from '../scaling-view';
import { isAnomalyDetectionAlarm } from '../workloads';

/**
 * The audit area a cost belongs to: the values of `ReadinessArea` (the analysis layer does not
 * import the checks), so the report groups costs like scores.
 */
export type CostArea = 'monitoring' | 'backup' | 'security' | 'performance';

/** One line of the estimate: what is billed, how many, and what it costs per month. */
export interface CostItem {
  /** Construct path of the stack. */
  readonly stack: string;
  /** The region it is priced in (the stack's; environment-agnostic stacks: us-east-1). */
  readonly region: string;
  readonly area: CostArea;
  /** What is billed, e.g. `alarm metrics (standard resolution)`. */
  readonly item: string;
  /** How many units a month (alarm metrics, canary runs, GB-month…). */
  readonly quantity: number;
  /** The price it is billed at. */
  readonly price: PriceId;
  /** USD per month: equal for fixed costs, a range for usage-based ones. */
  readonly low: number;
  readonly high: number;
  /** `fixed`: exact from the templates; `usage`: depends on traffic or data, from the assumptions. */
  readonly kind: 'fixed' | 'usage';
  /** What the figure assumes (usage-based items). */
  readonly assumption?: string;
  /** The knob that trims this item. */
  readonly knob: string;
}

/** Totals of a stack or an area. */
export interface CostTotal {
  readonly fixed: number;
  readonly low: number;
  readonly high: number;
}

/** What a profile's budget says about the estimate. */
export interface CostBudget {
  readonly profile: string;
  readonly monthlyBudget: number;
  /** Highest estimate of the stacks under the profile. */
  readonly estimateHigh: number;
  readonly estimateLow: number;
  /** `exceeded`: even the low end is over; `may-exceed`: only the high end is. */
  readonly status: 'within' | 'may-exceed' | 'exceeded';
  /** The biggest items (highest first), with the knob that trims each. */
  readonly biggest: ReadonlyArray<{ readonly stack: string; readonly item: string; readonly high: number; readonly knob: string }>;
}

/** The monthly cost of the readiness measures of an app. */
export interface CostEstimate {
  readonly currency: 'USD';
  readonly region: string;
  readonly pricesReadOn: string;
  readonly regionNote: string;
  /** Exact from the templates (before any free tier). */
  readonly fixed: number;
  /** Fixed plus the usage-based range. */
  readonly low: number;
  readonly high: number;
  readonly byStack: ReadonlyArray<CostTotal & { readonly stack: string }>;
  readonly byArea: ReadonlyArray<CostTotal & { readonly area: CostArea }>;
  readonly items: readonly CostItem[];
  /** Free tiers that could lower the figures, per account (not subtracted: other workloads may use them). */
  readonly freeTier: readonly string[];
  /** Prices whose figure was not read on the stored AWS page (see prices.ts). */
  readonly unconfirmedPrices: readonly string[];
  /** The regions the app's stacks are priced in, and whether us-east-1 figures stand in for the region's own. */
  readonly regions: ReadonlyArray<{ readonly region: string; readonly stacks: number; readonly usesUsEast1Figures: boolean }>;
  /** What the app has that the estimate does not price: one-off canary runs, GuardDuty protection plans, continuous backup (absent when nothing). */
  readonly notCounted?: readonly string[];
  /** Budget checks, one per profile that sets a budget (absent when none does). */
  readonly budgets?: readonly CostBudget[];
}

/** The usage assumptions' defaults (documented on `CostAssumptions`). */
export const DEFAULT_COST_ASSUMPTIONS: Required<Omit<CostAssumptions, 'backupSizeGb'>> = {
  backupDailyChangePercent: 2,
  logGbPerGroupPerMonth: 1,
  managementEventsPerMonth: 1_000_000,
  flowLogGbPerMonth: 10,
  dataEventsPerMonth: 1_000_000,
  tracedRequestsPerMonth: 1_000_000,
  traceSamplingPercent: 5,
  configItemsPerMonth: 5000,
  configEvaluationsPerRulePerMonth: 1000,
  securityHubChecksPerStandardPerMonth: 10_000,
  s3ObjectsPerBucket: 100_000,
  imagePushesPerRepositoryPerMonth: 30,
  imageRescansPerRepositoryPerMonth: 50,
};

/** Default data size (GB) of one protected resource, per type. */
export const DEFAULT_BACKUP_SIZE_GB: Readonly<Record<string, number>> = {
  'AWS::EC2::Volume': 100,
  'AWS::RDS::DBInstance': 50,
  'AWS::RDS::DBCluster': 50,
  'AWS::DynamoDB::Table': 10,
  'AWS::DynamoDB::GlobalTable': 10,
  'AWS::EFS::FileSystem': 50,
  'AWS::S3::Bucket': 50,
  'AWS::EC2::Instance': 30,
  '*': 20,
};

/** Usage-based items are reported from this share of the assumed volume… */
export const USAGE_LOW_FACTOR = 0.5;
/** …to this share. */
export const USAGE_HIGH_FACTOR = 2;

/** Hours in a month, as AWS bills them. */
export const HOURS_PER_MONTH = 730;

const WARM_PRICE: Readonly<Record<string, PriceId>> = {
  'AWS::EC2::Volume': 'backupEbsWarm',
  'AWS::EC2::Instance': 'backupEbsWarm',
  'AWS::S3::Bucket': 'backupS3Warm',
  'AWS::RDS::DBInstance': 'backupRdsWarm',
  'AWS::RDS::DBCluster': 'backupAuroraWarm',
  'AWS::DynamoDB::Table': 'backupDynamoDbWarm',
  'AWS::DynamoDB::GlobalTable': 'backupDynamoDbWarm',
  'AWS::EFS::FileSystem': 'backupEfsWarm',
};

/** Cold storage per type, where AWS Backup offers it (EBS and EC2 instances: the EBS snapshot archive, which keeps full snapshots; DynamoDB backups are full copies). */
const COLD_PRICE: Readonly<Record<string, { price: PriceId; fullCopies: boolean }>> = {
  'AWS::EC2::Volume': { price: 'backupEbsCold', fullCopies: true },
  'AWS::EC2::Instance': { price: 'backupEbsCold', fullCopies: true },
  'AWS::DynamoDB::Table': { price: 'backupDynamoDbCold', fullCopies: true },
  'AWS::DynamoDB::GlobalTable': { price: 'backupDynamoDbCold', fullCopies: true },
  'AWS::EFS::FileSystem': { price: 'backupEfsCold', fullCopies: false },
};

/** Rotations of a KMS key that add to its monthly price (each $1; later rotations are free). */
export const KMS_BILLED_ROTATIONS = 2;

/** Backups transitioned to cold storage are billed for at least this many days there. */
export const COLD_STORAGE_MINIMUM_DAYS = 90;

/** Prices an item uses besides the one it names (GuardDuty's item adds its flow and DNS log analysis). */
const PRICED_WITH: Partial<Record<PriceId, readonly PriceId[]>> = { guardDutyManagementEvents: ['guardDutyFlowAndDnsLogs'] };

/** The region a stack is priced in: its own, or us-east-1 for an environment-agnostic stack. */
export function pricingRegionOf(stack: IndexedStack): string {
  return stack.region ?? DEFAULT_PRICING_REGION;
}

/** The usage assumptions of a stack's profile, with the defaults filled in. */
export function assumptionsOf(stack: IndexedStack): Required<Omit<CostAssumptions, 'backupSizeGb'>> & { backupSizeGb: Record<string, number> } {
  const set = stack.profile.costAssumptions ?? {};
  const defined = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_COST_ASSUMPTIONS, ...defined, backupSizeGb: { ...DEFAULT_BACKUP_SIZE_GB, ...(set.backupSizeGb ?? {}) } };
}

/** Days in a month, as AWS bills them (730 hours). */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A cron field with names (`MON-FRI`, `JAN,JUL`) turned into numbers (SUN = 1, JAN = 1, as EventBridge counts). */
function numbered(field: string, names: readonly string[]): string {
  return field.toUpperCase().replace(/[A-Z]{3}/g, (n) => (names.includes(n) ? String(names.indexOf(n) + 1) : n));
}

/**
 * How many times a month an EventBridge-style schedule (`rate(…)`, `cron(min hour day-of-month month
 * day-of-week year)`) fires, as AWS Backup and Synthetics read it; undefined when it cannot be read.
 * Day-of-month and day-of-week restrictions count: `cron(0 9 ? * MON-FRI *)` fires about 21.7 times a month.
 */
export function schedulePerMonth(expression: unknown): number | undefined {
  if (typeof expression !== 'string') return undefined;
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n === 0) return 0;
    const unitMinutes = rate[2].toLowerCase().startsWith('minute') ? 1 : rate[2].toLowerCase().startsWith('hour') ? 60 : 1440;
    return (HOURS_PER_MONTH * 60) / (n * unitMinutes);
  }
  const cron = /^cron\((.+)\)$/i.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length < 2) return undefined;
  const [minuteField, hourField, domField = '*', monthField = '*', dowField = '?'] = fields;
  const minutes = cronMatches(minuteField, 0, 59);
  const hours = cronMatches(hourField, 0, 23);
  const months = cronMatches(numbered(monthField, MONTH_NAMES), 1, 12);
  if (minutes === undefined || hours === undefined || months === undefined) return undefined;
  const any = (f: string) => f === '*' || f === '?';
  let days: number | undefined;
  if (!any(domField)) {
    // `L` (the last day) and `15W` (the weekday nearest the 15th) fire once a month each.
    const dom = domField.split(',').map((p) => (/^(L|\d+W|LW)$/i.test(p) ? 1 : cronMatches(p, 1, 31)));
    days = dom.some((d) => d === undefined) ? undefined : dom.reduce((s: number, d) => s + d!, 0);
  } else if (!any(dowField)) {
    // `6L` (the last Friday) and `2#1` (the first Monday) fire once a month each; otherwise each weekday about 4.35 times.
    const dow = numbered(dowField, DAY_NAMES).split(',').map((p) => (/^\d(L|#\d)$/i.test(p) ? 1 : (cronMatches(p, 1, 7) ?? NaN) * (DAYS_PER_MONTH / 7)));
    days = dow.some((d) => Number.isNaN(d)) ? undefined : dow.reduce((s, d) => s + d, 0);
  } else {
    days = DAYS_PER_MONTH;
  }
  if (days === undefined) return undefined;
  return minutes * hours * days * (months / 12);
}

/**
 * Canary runs a month from a Synthetics schedule (`rate(5 minutes)`, `cron(0/10 * * * ? *)`). A
 * canary that runs once (`rate(0 minutes)`) or stops after a finite `DurationInSeconds` is a one-off,
 * not a monthly cost: 0 here, its runs in `canaryRunsOnce`.
 */
export function canaryRunsPerMonth(expression: unknown, durationInSeconds?: unknown): number | undefined {
  const perMonth = schedulePerMonth(expression);
  if (perMonth === undefined) return undefined;
  const duration = num(durationInSeconds);
  return perMonth === 0 || (duration !== undefined && duration > 0) ? 0 : perMonth;
}

/** The runs of a one-off canary (run once, or a finite `DurationInSeconds`): all it ever runs; 0 for a recurring canary. */
export function canaryRunsOnce(expression: unknown, durationInSeconds?: unknown): number {
  const perMonth = schedulePerMonth(expression);
  if (perMonth === undefined) return 0;
  if (perMonth === 0) return 1;
  const duration = num(durationInSeconds);
  if (duration === undefined || duration <= 0) return 0;
  return Math.floor((duration / 60) * (perMonth / (HOURS_PER_MONTH * 60)));
}

/** How many values of [min, max] a cron field matches (`*`, `n`, `a-b`, `a/b`, `*\/b`, lists). */
function cronMatches(field: string, min: number, max: number): number | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\?|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const star = m[1] === '*' || m[1] === '?';
    const start = star ? min : Number(m[1]);
    const end = m[2] !== undefined ? Number(m[2]) : star || m[3] !== undefined ? max : start;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (step <= 0) return undefined;
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return values.size;
}

/** Metrics a CloudWatch alarm is billed for, and whether at high resolution. */
export function alarmBilling(alarm: IndexedResource): { metrics: number; highResolution: boolean } {
  const p = alarm.properties;
  const periods: number[] = [];
  let metrics: number;
  if (p.MetricName !== undefined) {
    metrics = 1;
    if (num(p.Period) !== undefined) periods.push(num(p.Period)!);
  } else {
    const queries = asArray(p.Metrics);
    const read = queries.filter((m) => m?.MetricStat?.Metric);
    for (const m of read) if (num(m.MetricStat.Period) !== undefined) periods.push(num(m.MetricStat.Period)!);
    for (const m of queries) if (num(m?.Period) !== undefined) periods.push(num(m.Period)!);
    // A Metrics Insights query (SELECT …) is billed per query; count it as one metric.
    const insights = queries.filter((m) => typeof m?.Expression === 'string' && /^\s*SELECT\s/i.test(m.Expression)).length;
    metrics = Math.max(1, read.length + insights);
    if (isAnomalyDetectionAlarm(alarm)) metrics *= PRICES.anomalyDetectionMetrics.usd;
  }
  return { metrics, highResolution: periods.some((s) => s < 60) };
}

const ENDPOINT_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

/** A Route 53 health check's base price and optional features. */
export function healthCheckBilling(check: IndexedResource): { base: PriceId; features: number; featurePrice: PriceId } {
  const c = check.properties.HealthCheckConfig ?? {};
  const type = String(c.Type ?? '');
  if (!ENDPOINT_TYPES.has(type)) return { base: 'healthCheckAwsEndpoint', features: 0, featurePrice: 'healthCheckOptionalFeatureAws' };
  // An endpoint the template refers to (a load balancer's DNS name…) or an AWS domain is an AWS endpoint.
  const target = c.FullyQualifiedDomainName ?? c.IPAddress;
  const aws = typeof target !== 'string' || /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com)$/i.test(target);
  let features = 0;
  if (type.startsWith('HTTPS')) features++;
  if (type.endsWith('_STR_MATCH')) features++;
  if (num(c.RequestInterval) === 10) features++;
  if (isTrue(c.MeasureLatency)) features++;
  return aws
    ? { base: 'healthCheckAwsEndpoint', features, featurePrice: 'healthCheckOptionalFeatureAws' }
    : { base: 'healthCheckNonAwsEndpoint', features, featurePrice: 'healthCheckOptionalFeatureNonAws' };
}

/** Round to cents. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

class Collector {
  public readonly items: CostItem[] = [];
  public readonly notes: string[] = [];
  public readonly region: string;
  constructor(private readonly stack: IndexedStack) {
    this.region = pricingRegionOf(stack);
  }

  /** USD per unit of a price in this stack's region. */
  public usd(price: PriceId): number {
    return priceIn(price, this.region).entry.usd;
  }

  /** Something the app has that the estimate does not price (listed in the report's "Not counted"). */
  public note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** A usage-based item with its own range (not the assumed-volume factors). */
  public range(area: CostArea, item: string, quantity: number, price: PriceId, low: number, high: number, assumption: string, knob: string): void {
    if (quantity <= 0 || high <= 0) return;
    this.items.push({ stack: this.stack.path, region: this.region, area, item, quantity, price, low, high, kind: 'usage', assumption, knob });
  }

  public fixed(area: CostArea, item: string, quantity: number, price: PriceId, knob: string, usdPerUnit = this.usd(price)): void {
    if (quantity <= 0) return;
    const usd = quantity * usdPerUnit;
    this.items.push({ stack: this.stack.path, region: this.region, area, item, quantity, price, low: usd, high: usd, kind: 'fixed', knob });
  }

  /** A usage-based item: `usd` at the assumed volume, reported from USAGE_LOW_FACTOR to USAGE_HIGH_FACTOR of it. */
  public usage(area: CostArea, item: string, quantity: number, price: PriceId, usd: number, assumption: string, knob: string): void {
    if (quantity <= 0 || usd <= 0) return;
    this.items.push({
      stack: this.stack.path,
      region: this.region,
      area,
      item,
      quantity,
      price,
      low: usd * USAGE_LOW_FACTOR,
      high: usd * USAGE_HIGH_FACTOR,
      kind: 'usage',
      assumption,
      knob,
    });
  }
}

const of = (stack: IndexedStack, type: string) => stack.resources.filter((r) => r.type === type);
const envKey = (s: IndexedStack) => `${s.account ?? '?'}/${s.region ?? '?'}`;

/** The fixed items of a stack: exact from its template. */
function fixedItems(stack: IndexedStack, c: Collector): void {
  let standard = 0;
  let highRes = 0;
  for (const alarm of of(stack, 'AWS::CloudWatch::Alarm')) {
    const b = alarmBilling(alarm);
    if (b.highResolution) highRes += b.metrics; else standard += b.metrics;
  }
  const alarmKnob = 'fewer alarms: ServiceMonitoring\'s alarm set, or composite alarms instead of duplicates';
  c.fixed('monitoring', 'alarm metrics (standard resolution)', standard, 'alarmStandardMetric', alarmKnob);
  c.fixed('monitoring', 'alarm metrics (high resolution)', highRes, 'alarmHighResolutionMetric', 'alarm periods of 60 s or more (high resolution costs three times as much)');
  c.fixed('monitoring', 'composite alarms', of(stack, 'AWS::CloudWatch::CompositeAlarm').length, 'compositeAlarm', alarmKnob);
  c.fixed('monitoring', 'dashboards', of(stack, 'AWS::CloudWatch::Dashboard').length, 'dashboard', 'one dashboard per service (ServiceMonitoring\'s dashboard prop)');
  let runs = 0;
  let once = 0;
  for (const canary of of(stack, 'AWS::Synthetics::Canary')) {
    const s = canary.properties.Schedule ?? {};
    runs += canaryRunsPerMonth(s.Expression, s.DurationInSeconds) ?? 0;
    once += canaryRunsOnce(s.Expression, s.DurationInSeconds);
  }
  c.fixed('monitoring', 'canary runs', Math.round(runs), 'canaryRun', 'a longer canary schedule (EndpointCanary\'s schedule, e.g. rate(15 minutes))');
  if (once > 0) {
    c.note(`${stack.path}: ${once} run(s) of canaries that run once or stop after DurationInSeconds ($${(once * c.usd('canaryRun')).toFixed(2)} once, not a month)`);
  }
  const checks = of(stack, 'AWS::Route53::HealthCheck').map(healthCheckBilling);
  for (const base of ['healthCheckAwsEndpoint', 'healthCheckNonAwsEndpoint'] as const) {
    c.fixed('monitoring', base === 'healthCheckAwsEndpoint' ? 'Route 53 health checks (AWS endpoints)' : 'Route 53 health checks (non-AWS endpoints)',
      checks.filter((h) => h.base === base).length, base, 'fewer health checks (one per failover record)');
  }
  for (const feature of ['healthCheckOptionalFeatureAws', 'healthCheckOptionalFeatureNonAws'] as const) {
    c.fixed('monitoring', 'Route 53 health check optional features', checks.filter((h) => h.featurePrice === feature).reduce((n, h) => n + h.features, 0),
      feature, 'HTTP instead of HTTPS, no string matching, 30 s interval, no latency measurement');
  }
  c.fixed('security', 'KMS customer managed keys', of(stack, 'AWS::KMS::Key').length + of(stack, 'AWS::KMS::ReplicaKey').length,
    'kmsKey', 'one key shared by a stack\'s data stores instead of one each');
  // Since 2024 each of a key's first two rotations adds $1 a month (later rotations are free): a rotated key reaches $3.
  const rotated = of(stack, 'AWS::KMS::Key').filter((k) => isTrue(k.properties.EnableKeyRotation));
  if (rotated.length > 0) {
    const periods = [...new Set(rotated.map((k) => num(k.properties.RotationPeriodInDays) ?? 365))].sort((x, y) => x - y);
    c.range('security', 'KMS rotated key material (first two rotations)', rotated.length, 'kmsKey', 0, rotated.length * KMS_BILLED_ROTATIONS * c.usd('kmsKey'),
      `${rotated.length} key(s) with EnableKeyRotation: $1 a month more after the first rotation, $2 after the second (a key reaches $3); ` +
      `rotation every ${periods.join(' or ')} days (RotationPeriodInDays) reaches $3 after ${periods.map((d) => 2 * d).join(' or ')} days`,
      'a longer RotationPeriodInDays delays the rotation charges; keys that need no rotation without EnableKeyRotation');
  }
}

/** The GuardDuty protection plans a detector enables (its Features, and the older DataSources). */
export function guardDutyPlans(detector: IndexedResource): string[] {
  const p = detector.properties;
  const plans = asArray(p.Features).filter((f) => String(f?.Status).toUpperCase() === 'ENABLED').map((f) => String(f.Name));
  const ds = p.DataSources ?? {};
  if (isTrue(ds.S3Logs?.Enable)) plans.push('S3_DATA_EVENTS');
  if (isTrue(ds.Kubernetes?.AuditLogs?.Enable)) plans.push('EKS_AUDIT_LOGS');
  if (isTrue(ds.MalwareProtection?.ScanEc2InstanceWithFindings?.EbsVolumes)) plans.push('EBS_MALWARE_PROTECTION');
  return [...new Set(plans)].sort();
}

/** The Security Hub default standards (EnableDefaultStandards): AWS Foundational Security Best Practices and CIS 1.2.0. */
const DEFAULT_STANDARDS = [/aws-foundational-security-best-practices\/v\/1\.0\.0/, /cis-aws-foundations-benchmark\/v\/1\.2\.0/];

/** The distinct standards a stack enables: the hub's default ones, and explicit ones not already among them. */
function securityHubStandards(stack: IndexedStack): number {
  const defaults = of(stack, 'AWS::SecurityHub::Hub').some((h) => h.properties.EnableDefaultStandards !== false && h.properties.EnableDefaultStandards !== 'false');
  const explicit = new Set(of(stack, 'AWS::SecurityHub::Standard').map((st) => JSON.stringify(st.properties.StandardsArn ?? st.logicalId)));
  const extra = [...explicit].filter((arn) => !(defaults && DEFAULT_STANDARDS.some((d) => d.test(arn))));
  return (defaults ? DEFAULT_STANDARDS.length : 0) + extra.length;
}

/** The usage-based items of a stack, from its profile's assumptions. */
function usageItems(stack: IndexedStack, index: AppIndex, c: Collector, once: Set<string>): void {
  const a = assumptionsOf(stack);
  const groups = of(stack, 'AWS::Logs::LogGroup');
  if (groups.length > 0) {
    const gb = groups.length * a.logGbPerGroupPerMonth;
    c.usage('monitoring', 'CloudWatch Logs ingestion', gb, 'logsIngestion', gb * c.usd('logsIngestion'),
      `${a.logGbPerGroupPerMonth} GB a month per log group (costAssumptions.logGbPerGroupPerMonth)`, 'log levels and sampling in the application');
    // Stored data in steady state: a month's ingestion times the months kept (never expiring: counted as 12 months).
    const storedGb = groups.reduce((sum, g) => {
      const days = num(g.properties.RetentionInDays);
      return sum + a.logGbPerGroupPerMonth * Math.max(1, (days ?? 365) / 30.42);
    }, 0);
    c.usage('monitoring', 'CloudWatch Logs storage', cents(storedGb), 'logsStorage', storedGb * c.usd('logsStorage'),
      'a month of ingestion kept for each group\'s retention (no retention: 12 months)', 'profile.logRetentionDays');
  }
  const traced = of(stack, 'AWS::Lambda::Function').filter((f) => f.properties.TracingConfig?.Mode === 'Active').length
    + of(stack, 'AWS::ApiGateway::Stage').filter((s) => isTrue(s.properties.TracingEnabled)).length
    + of(stack, 'AWS::StepFunctions::StateMachine').filter((s) => isTrue(s.properties.TracingConfiguration?.Enabled)).length;
  if (traced > 0) {
    const traces = traced * a.tracedRequestsPerMonth * (a.traceSamplingPercent / 100);
    c.usage('performance', 'X-Ray traces recorded', traces, 'xrayTraceRecorded', (traces / 1_000_000) * c.usd('xrayTraceRecorded'),
      `${traced} traced resource(s) × ${a.tracedRequestsPerMonth} requests × ${a.traceSamplingPercent} % sampled`, 'costAssumptions.traceSamplingPercent (an X-Ray sampling rule), or TracingActivation on fewer functions');
  }
  for (const detector of of(stack, 'AWS::GuardDuty::Detector')) {
    if (!isTrue(detector.properties.Enable ?? true)) continue;
    const usd = (a.managementEventsPerMonth / 1_000_000) * c.usd('guardDutyManagementEvents')
      + a.flowLogGbPerMonth * c.usd('guardDutyFlowAndDnsLogs');
    const plans = guardDutyPlans(detector);
    const planText = plans.length > 0 ? `; protection plans ${plans.join(', ')} not priced (billed by their own volumes)` : '';
    c.usage('security', 'GuardDuty analysis (one account and region)', 1, 'guardDutyManagementEvents', usd,
      `${a.managementEventsPerMonth} management events and ${a.flowLogGbPerMonth} GB of flow and DNS logs a month${planText}`,
      'one detector per account and region; optional protection plans off where not needed');
    if (plans.length > 0) c.note(`GuardDuty protection plans of ${detector.path}: ${plans.join(', ')}`);
  }
  const standards = securityHubStandards(stack);
  if (standards > 0) {
    const checks = standards * a.securityHubChecksPerStandardPerMonth;
    c.usage('security', 'Security Hub security checks', checks, 'securityHubCheck', checks * c.usd('securityHubCheck'),
      `${standards} standard(s) × ${a.securityHubChecksPerStandardPerMonth} checks a month`, 'fewer standards; controls on global resources disabled outside one region');
  }
  const rules = of(stack, 'AWS::Config::ConfigRule').length;
  if (rules > 0) {
    const evaluations = rules * a.configEvaluationsPerRulePerMonth;
    c.usage('security', 'Config rule evaluations', evaluations, 'configRuleEvaluation', evaluations * c.usd('configRuleEvaluation'),
      `${rules} rule(s) × ${a.configEvaluationsPerRulePerMonth} evaluations a month`, 'periodic instead of change-triggered rules');
  }
  const recorders = of(stack, 'AWS::Config::ConfigurationRecorder').length;
  if (recorders > 0) {
    const items = recorders * a.configItemsPerMonth;
    c.usage('security', 'Config configuration items', items, 'configItem', items * c.usd('configItem'),
      `${a.configItemsPerMonth} configuration items a month per recorder`, 'record fewer resource types (exclude high-churn ones)');
  }
  for (const trail of of(stack, 'AWS::CloudTrail::Trail')) {
    const key = `trail:${envKey(stack)}`;
    const first = !once.has(key);
    once.add(key);
    if (!first) {
      const usd = (a.managementEventsPerMonth / 100_000) * c.usd('cloudTrailAdditionalManagementCopy');
      c.usage('security', 'CloudTrail additional management-event copy', a.managementEventsPerMonth, 'cloudTrailAdditionalManagementCopy', usd,
        `${a.managementEventsPerMonth} management events a month (the first trail of an account and region is free)`, 'one trail per account and region');
    }
    const p = trail.properties;
    const dataEvents = asArray(p.EventSelectors).some((s) => asArray(s?.DataResources).length > 0) || asArray(p.AdvancedEventSelectors).length > 0;
    if (dataEvents) {
      c.usage('security', 'CloudTrail data events', a.dataEventsPerMonth, 'cloudTrailDataEvents', (a.dataEventsPerMonth / 100_000) * c.usd('cloudTrailDataEvents'),
        `${a.dataEventsPerMonth} data events a month (costAssumptions.dataEventsPerMonth)`, 'data events on the buckets and functions that need them only');
    }
  }
  for (const enablement of of(stack, 'Custom::ReadinessInspectorEnablement')) {
    const scanTypes = asArray(enablement.properties.ScanTypes).map(String);
    // Inspector bills an account and region once, whichever stack enables it: the first enablement is priced.
    const key = `inspector:${envKey(stack)}`;
    if (once.has(key)) continue;
    once.add(key);
    const sameEnv = index.stacks.filter((s) => envKey(s) === envKey(stack));
    if (scanTypes.includes('EC2')) {
      const instances = sameEnv.reduce((n, s) => n + of(s, 'AWS::EC2::Instance').length
        + of(s, 'AWS::AutoScaling::AutoScalingGroup').reduce((m, g) => m + (num(g.properties.DesiredCapacity) ?? num(g.properties.MinSize) ?? 1), 0), 0);
      c.usage('security', 'Inspector EC2 scanning', instances, 'inspectorEc2Instance', instances * c.usd('inspectorEc2Instance'),
        `${instances} instance(s) of the app in this account and region (groups at desired capacity)`, 'InspectorEnablement scanTypes');
    }
    if (scanTypes.some((t) => t.startsWith('LAMBDA'))) {
      const functions = sameEnv.reduce((n, s) => n + of(s, 'AWS::Lambda::Function').length, 0);
      c.usage('security', 'Inspector Lambda scanning', functions, 'inspectorLambdaFunction', functions * c.usd('inspectorLambdaFunction'),
        `${functions} function(s) of the app in this account and region`, 'InspectorEnablement scanTypes');
    }
  }
  ecrScanningItems(stack, index, c, a);
  backupItems(stack, index, c, a);
  // Billed by the data they keep, which the templates do not show: named, not priced.
  const pitr = of(stack, 'AWS::DynamoDB::Table').filter((t) => isTrue(t.properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled))
    .concat(of(stack, 'AWS::DynamoDB::GlobalTable').filter((t) => asArray(t.properties.Replicas)
      .some((r) => isTrue(r?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled))));
  if (pitr.length > 0) c.note(`DynamoDB point-in-time recovery of ${pitr.map((t) => t.path).join(', ')}`);
  const versioned = of(stack, 'AWS::S3::Bucket').filter((b) => b.properties.VersioningConfiguration?.Status === 'Enabled');
  if (versioned.length > 0) c.note(`noncurrent object versions of the versioned bucket(s) ${versioned.map((b) => b.path).join(', ')}`);
}

/**
 * Amazon Inspector's enhanced scanning of the stack's ECR repositories: each push is a scan, and
 * continuous scanning adds rescans. Basic scanning (ECR's own scan on push) is free and not counted.
 */
function ecrScanningItems(stack: IndexedStack, index: AppIndex, c: Collector, a: ReturnType<typeof assumptionsOf>): void {
  const repos = of(stack, 'AWS::ECR::Repository').map((r) => ({ r, frequency: enhancedScanFrequency(r, index) })).filter((x) => x.frequency !== undefined);
  if (repos.length === 0) return;
  const pushes = repos.length * a.imagePushesPerRepositoryPerMonth;
  c.usage('security', 'Inspector ECR image scans on push', pushes, 'inspectorEcrImage', pushes * c.usd('inspectorEcrImage'),
    `${repos.length} repository(ies) under enhanced scanning × ${a.imagePushesPerRepositoryPerMonth} pushes a month (costAssumptions.imagePushesPerRepositoryPerMonth)`,
    'fewer pushes (build once, promote the same image), or enhanced scanning only on the repositories that deploy');
  const continuous = repos.filter((x) => x.frequency === 'CONTINUOUS_SCAN').length;
  const rescans = continuous * a.imageRescansPerRepositoryPerMonth;
  c.usage('security', 'Inspector ECR image rescans (continuous scanning)', rescans, 'inspectorEcrRescan', rescans * c.usd('inspectorEcrRescan'),
    `${continuous} repository(ies) scanned continuously × ${a.imageRescansPerRepositoryPerMonth} rescans a month (costAssumptions.imageRescansPerRepositoryPerMonth)`,
    'SCAN_ON_PUSH instead of CONTINUOUS_SCAN in the registry scanning rules, or a shorter rescan duration (Inspector\'s ECR re-scan duration)');
}

/**
 * Types whose every backup is a full copy of the data: DynamoDB's backups ("the entire table data is
 * backed up"), which AWS Backup does not take incrementally. Other types' backups after the first store the changes.
 */
export const FULL_COPY_BACKUP_TYPES: readonly string[] = ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'];

/** One rule of a backup plan, as the estimate prices it. */
interface PricedRule {
  readonly name: string;
  /** Backups a month, from the rule's ScheduleExpression. */
  readonly perMonth: number;
  readonly scheduleText: string;
  readonly deleteAfter: number;
  readonly retentionText: string;
  readonly moveToColdAfter?: number;
  /** Retention of each cross-region copy (CopyActions). */
  readonly copies: ReadonlyArray<{ readonly days: number; readonly text: string }>;
  readonly continuous: boolean;
}

/** AWS Backup's schedule when a rule sets none: daily (at 05:00 UTC). */
const DEFAULT_BACKUP_SCHEDULE = 'cron(0 5 ? * * *)';

/** Every rule of the plans selecting the resource, each with its schedule, retention, cold transition and copies. */
function rulesOf(selections: ReturnType<typeof selectionsSelecting>, index: AppIndex, stack: IndexedStack): PricedRule[] {
  const rules = selections.flatMap((s) => index.referencedResources(s.selection.properties.BackupPlanId, s.selection.stack)
    .filter((p) => p.type === 'AWS::Backup::BackupPlan').flatMap(planRules));
  return rules.map((rule, i) => {
    const expression = typeof rule?.ScheduleExpression === 'string' ? rule.ScheduleExpression : DEFAULT_BACKUP_SCHEDULE;
    const read = schedulePerMonth(expression);
    const perMonth = read !== undefined && read > 0 ? read : DAYS_PER_MONTH;
    const deleteAfter = wholeNumber(rule?.Lifecycle?.DeleteAfterDays);
    return {
      name: typeof rule?.RuleName === 'string' ? rule.RuleName : `rule ${i + 1}`,
      perMonth,
      scheduleText: read !== undefined && read > 0 ? `${cents(perMonth)} backup(s) a month (${expression})` : `${cents(perMonth)} backups a month (schedule not read: daily assumed)`,
      deleteAfter: deleteAfter ?? stack.profile.minBackupRetentionDays,
      retentionText: deleteAfter !== undefined ? 'the rule\'s DeleteAfterDays' : 'no DeleteAfterDays: profile.minBackupRetentionDays',
      moveToColdAfter: wholeNumber(rule?.Lifecycle?.MoveToColdStorageAfterDays),
      copies: asArray(rule?.CopyActions).map((copy) => {
        const days = wholeNumber(copy?.Lifecycle?.DeleteAfterDays);
        return days !== undefined
          ? { days, text: 'the copy action\'s DeleteAfterDays' }
          : { days: stack.profile.minCopyRetentionDays, text: 'no DeleteAfterDays on the copy action: profile.minCopyRetentionDays' };
      }),
      continuous: isTrue(rule?.EnableContinuousBackup),
    };
  });
}

/** The data size of a protected resource: an EC2 instance's EBS volumes from its template, else the assumed size of its type. */
function backupSizeOf(r: IndexedResource, a: ReturnType<typeof assumptionsOf>): { gb: number; fromTemplate: boolean } {
  if (r.type === 'AWS::EC2::Instance') {
    const sizes = asArray(r.properties.BlockDeviceMappings).map((m) => num(m?.Ebs?.VolumeSize)).filter((n): n is number => n !== undefined);
    if (sizes.length > 0) return { gb: sizes.reduce((x, y) => x + y, 0), fromTemplate: true };
  }
  return { gb: a.backupSizeGb[r.type] ?? a.backupSizeGb['*'], fromTemplate: false };
}

/**
 * Backup storage of the resources a backup plan selects (or, where no plan of the app does, a
 * declared organization backup policy), per rule of the plan: its schedule, retention, cold-storage
 * transition and copies. Full-copy types (DynamoDB) store the whole table per backup; the others
 * store a full first backup and then each backup's changes. S3 backups' object reads, and
 * cross-region copies and their transfer.
 */
function backupItems(stack: IndexedStack, index: AppIndex, c: Collector, a: ReturnType<typeof assumptionsOf>): void {
  const change = a.backupDailyChangePercent / 100;
  for (const r of stack.resources) {
    if (!COSTED_BACKUP_TYPES.includes(r.type)) continue;
    if (isClusterMember(r.type, r.properties)) continue;
    const selections = selectionsSelecting(r, index);
    const orgPolicy = selections.length === 0 ? organizationPolicySelecting(r, index) : undefined;
    if (selections.length === 0 && orgPolicy === undefined) continue;
    const rules: PricedRule[] = selections.length > 0 ? rulesOf(selections, index, stack) : [{
      name: 'daily',
      perMonth: DAYS_PER_MONTH,
      scheduleText: 'a backup a day',
      deleteAfter: stack.profile.minBackupRetentionDays,
      retentionText: 'profile.minBackupRetentionDays',
      copies: orgPolicy!.copyRegion !== undefined ? [{ days: stack.profile.minCopyRetentionDays, text: 'profile.minCopyRetentionDays' }] : [],
      continuous: false,
    }];
    const { gb: size, fromTemplate } = backupSizeOf(r, a);
    const sizeText = fromTemplate ? `${size} GB (the instance's EBS volumes)` : `${size} GB (costAssumptions.backupSizeGb)`;
    const by = orgPolicy ? `; selected by the organization backup policy ${orgPolicy.policyName} (tag ${orgPolicy.tagKey}), which keeps the profile's retention` : '';
    const full = FULL_COPY_BACKUP_TYPES.includes(r.type);
    const warm = WARM_PRICE[r.type] ?? 'backupOtherWarm';
    const cold = COLD_PRICE[r.type];
    const named = (rule: PricedRule) => (rules.length > 1 ? ` [rule ${rule.name}]` : '');
    for (const rule of rules) {
      // The data one backup after the first adds: the whole table (full copies), else the changes since the one before, at most all of it.
      const perBackup = full ? size : size * Math.min(1, change * (DAYS_PER_MONTH / rule.perMonth));
      const kept = (days: number) => Math.max(1, rule.perMonth * (days / DAYS_PER_MONTH));
      // Stored GB of the backups kept `days`: full copies each hold the data; incremental ones a first full backup and the changes.
      const storedGb = (days: number) => (full ? size * kept(days) : size + perBackup * (kept(days) - 1));
      const how = full
        ? `${sizeText} per backup, each a full copy (DynamoDB backs up the entire table)`
        : `${sizeText}, ${a.backupDailyChangePercent} % changed a day (costAssumptions.backupDailyChangePercent), the first backup full and each later one its changes`;
      const continuousText = rule.continuous ? '; EnableContinuousBackup (point-in-time restore) is not priced' : '';
      if (rule.continuous) c.note(`continuous backup (point-in-time restore) of ${r.path} by rule ${rule.name}`);
      const retention = rule.deleteAfter;
      const moveAfter = rule.moveToColdAfter;
      if (moveAfter !== undefined && cold && moveAfter < retention) {
        const gb = storedGb(moveAfter);
        c.usage('backup', `backup storage (warm)${named(rule)}: ${r.path} (${r.type})`, cents(gb), warm, gb * c.usd(warm),
          `${how}; ${rule.scheduleText}, warm for ${moveAfter} days (the rule's MoveToColdStorageAfterDays)${by}${continuousText}`,
          'MoveToColdStorageAfterDays; costAssumptions.backupSizeGb');
        // Every backup moved to cold storage is billed there for at least 90 days.
        const coldDays = Math.max(retention - moveAfter, COLD_STORAGE_MINIMUM_DAYS);
        const coldGb = (cold.fullCopies || full ? size : perBackup) * kept(coldDays);
        c.usage('backup', `backup storage (cold)${named(rule)}: ${r.path} (${r.type})`, cents(coldGb), cold.price, coldGb * c.usd(cold.price),
          `${cold.fullCopies || full ? 'every backup a full copy in cold storage' : `each backup's changes (${a.backupDailyChangePercent} % a day)`}, ${rule.scheduleText},` +
          ` kept cold ${coldDays} days (${rule.retentionText} ${retention} less ${moveAfter}; at least ${COLD_STORAGE_MINIMUM_DAYS} days are billed)`,
          'a later MoveToColdStorageAfterDays, or none (cold storage pays off only for backups kept long)');
      } else {
        const gb = storedGb(retention);
        const coldNote = moveAfter !== undefined && !cold ? `; AWS Backup has no cold storage for ${r.type}: kept warm` : '';
        c.usage('backup', `backup storage${named(rule)}: ${r.path} (${r.type})`, cents(gb), warm, gb * c.usd(warm),
          `${how}; ${rule.scheduleText}, ${retention} days kept (${rule.retentionText})${by}${coldNote}${continuousText}`,
          'the rule\'s DeleteAfterDays (profile.minBackupRetentionDays); costAssumptions.backupSizeGb');
      }
      rule.copies.forEach((copy, k) => {
        const which = rule.copies.length > 1 ? ` #${k + 1}` : '';
        const copyGb = storedGb(copy.days);
        c.usage('backup', `cross-region copy storage${named(rule)}${which}: ${r.path}`, cents(copyGb), warm, copyGb * c.usd(warm),
          `the rule's backups kept ${copy.days} days in the copy region (${copy.text})${by}`, 'the copy action\'s DeleteAfterDays (profile.minCopyRetentionDays); profile.requireCrossRegionCopy');
        const transferGb = perBackup * rule.perMonth;
        c.usage('backup', `cross-region copy transfer${named(rule)}${which}: ${r.path}`, cents(transferGb), 'backupCrossRegionTransfer', transferGb * c.usd('backupCrossRegionTransfer'),
          full ? `${cents(rule.perMonth)} full copies a month of ${size} GB` : `${cents(rule.perMonth)} copies a month, each of the changes since the one before (the first full copy is not counted)`,
          'profile.requireCrossRegionCopy');
      });
    }
    if (r.type === 'AWS::S3::Bucket') {
      const gets = a.s3ObjectsPerBucket * change * DAYS_PER_MONTH;
      c.usage('backup', `S3 backup object reads: ${r.path}`, Math.round(gets), 's3GetRequests', (gets / 1000) * c.usd('s3GetRequests'),
        `${a.s3ObjectsPerBucket} objects (costAssumptions.s3ObjectsPerBucket), ${a.backupDailyChangePercent} % new or changed a day, each read once (the first full backup not counted)`,
        'lifecycle rules that expire noncurrent versions and delete markers; costAssumptions.s3ObjectsPerBucket');
    }
  }
}

function total(items: readonly CostItem[]): CostTotal {
  return {
    fixed: cents(items.filter((i) => i.kind === 'fixed').reduce((s, i) => s + i.low, 0)),
    low: cents(items.reduce((s, i) => s + i.low, 0)),
    high: cents(items.reduce((s, i) => s + i.high, 0)),
  };
}

/**
 * The monthly cost of the app's readiness measures: fixed costs exact from the templates, usage
 * costs as ranges from each stack's profile's assumptions. Deterministic; memoized per index.
 */
export function estimateCost(index: AppIndex): CostEstimate {
  return index.derived('cost:estimate', (ix) => {
    const items: CostItem[] = [];
    const once = new Set<string>();
    const notes: string[] = [];
    for (const stack of ix.stacks) {
      const c = new Collector(stack);
      fixedItems(stack, c);
      usageItems(stack, ix, c, once);
      notes.push(...c.notes.filter((n) => !notes.includes(n)));
      items.push(...c.items.map((i) => ({ ...i, quantity: cents(i.quantity), low: cents(i.low), high: cents(i.high) })));
    }
    const areas: CostArea[] = ['monitoring', 'performance', 'security', 'backup'];
    const used = new Set(items.map((i) => i.price));
    const freeTier = (Object.entries(PRICES) as Array<[PriceId, PriceEntry]>)
      .filter(([id, p]) => p.freeTier && used.has(id))
      .map(([, p]) => `${p.freeTier!.note} (up to $${cents(p.freeTier!.units * p.usd).toFixed(2)} a month)`);
    const unconfirmed = new Set<string>();
    for (const i of items) {
      for (const id of [i.price, ...(PRICED_WITH[i.price] ?? [])]) {
        const { entry } = priceIn(id, i.region);
        if (!entry.confirmed) unconfirmed.add(`${id} (${entry.source})`);
      }
    }
    const regions = [...new Set(ix.stacks.map(pricingRegionOf))].sort().map((region) => ({
      region,
      stacks: ix.stacks.filter((s) => pricingRegionOf(s) === region).length,
      usesUsEast1Figures: region !== PRICE_REGION && !(REGION_PRICING[region]?.checked ?? false),
    }));
    const budgets = budgetsOf(ix, items);
    return {
      currency: 'USD',
      region: PRICE_REGION,
      pricesReadOn: PRICES_READ_ON,
      regionNote: regionNoteOf(regions, ix.stacks.some((s) => s.region === undefined)),
      ...total(items),
      byStack: ix.stacks.map((s) => ({ stack: s.path, ...total(items.filter((i) => i.stack === s.path)) })),
      byArea: areas.map((area) => ({ area, ...total(items.filter((i) => i.area === area)) })).filter((t) => t.high > 0),
      items,
      freeTier,
      unconfirmedPrices: [...unconfirmed].sort(),
      regions,
      ...(budgets.length > 0 ? { budgets } : {}),
      ...(notes.length > 0 ? { notCounted: notes } : {}),
    };
  });
}

/** What the report says about regions: the table's region and date, and which regions are priced with us-east-1 figures. */
function regionNoteOf(regions: CostEstimate['regions'], agnostic: boolean): string {
  const fallback = regions.filter((r) => r.usesUsEast1Figures).map((r) => r.region);
  const parts = [`Prices are ${PRICE_REGION} list prices (read ${PRICES_READ_ON}); each stack is priced in its own region.`];
  if (fallback.length > 0) {
    parts.push(`${fallback.join(', ')} ${fallback.length === 1 ? 'is' : 'are'} priced with ${PRICE_REGION} figures: the table has no figures read for ${fallback.length === 1 ? 'it' : 'them'} (check your region on each pricing page).`);
  }
  if (agnostic) parts.push(`Stacks without an explicit region are priced as ${DEFAULT_PRICING_REGION}.`);
  return parts.join(' ');
}

/** How many of the biggest items a budget warning names. */
export const BUDGET_BIGGEST = 3;

function budgetsOf(index: AppIndex, items: readonly CostItem[]): CostBudget[] {
  const byProfile = new Map<string, { budget: number; stacks: Set<string> }>();
  for (const s of index.stacks) {
    const budget = s.profile.monthlyReadinessBudget;
    if (budget === undefined) continue;
    let entry = byProfile.get(s.profile.name);
    if (!entry) byProfile.set(s.profile.name, (entry = { budget, stacks: new Set() }));
    entry.stacks.add(s.path);
  }
  return [...byProfile.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([profile, { budget, stacks }]) => {
    const mine = items.filter((i) => stacks.has(i.stack));
    const t = total(mine);
    const status: CostBudget['status'] = t.low > budget ? 'exceeded' : t.high > budget ? 'may-exceed' : 'within';
    const biggest = [...mine].sort((x, y) => y.high - x.high || x.item.localeCompare(y.item)).slice(0, BUDGET_BIGGEST)
      .map((i) => ({ stack: i.stack, item: i.item, high: i.high, knob: i.knob }));
    return { profile, monthlyBudget: budget, estimateLow: t.low, estimateHigh: t.high, status, biggest };
  });
}
