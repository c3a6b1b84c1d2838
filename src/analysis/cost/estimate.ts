import { DEFAULT_PRICING_REGION, PRICE_REGION, PriceEntry, PriceId, priceIn, PRICES, PRICES_READ_ON, REGION_PRICING } from './prices';
import { CostAssumptions } from '../../profile';
import { BACKUP_PROTECTED_TYPES, isClusterMember } from '../../shared/resource-types';
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

/** Cold storage per type, where AWS Backup offers it (EBS and EC2 instances: the EBS snapshot archive, which keeps full snapshots). */
const COLD_PRICE: Readonly<Record<string, { price: PriceId; fullCopies: boolean }>> = {
  'AWS::EC2::Volume': { price: 'backupEbsCold', fullCopies: true },
  'AWS::EC2::Instance': { price: 'backupEbsCold', fullCopies: true },
  'AWS::DynamoDB::Table': { price: 'backupDynamoDbCold', fullCopies: false },
  'AWS::DynamoDB::GlobalTable': { price: 'backupDynamoDbCold', fullCopies: false },
  'AWS::EFS::FileSystem': { price: 'backupEfsCold', fullCopies: false },
};

/** Backups transitioned to cold storage are billed for at least this many days there. */
export const COLD_STORAGE_MINIMUM_DAYS = 90;

/** What the estimate prices backups of: the types the backup rules judge, S3 buckets and EC2 instances (AMIs). */
const COSTED_BACKUP_TYPES: readonly string[] = [...BACKUP_PROTECTED_TYPES, 'AWS::S3::Bucket', 'AWS::EC2::Instance'];

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

/** Canary runs a month from a Synthetics schedule expression (`rate(5 minutes)`, `cron(0/10 * * * ? *)`); 1 for run-once. */
export function canaryRunsPerMonth(expression: unknown, durationInSeconds?: unknown): number | undefined {
  if (typeof expression !== 'string') return undefined;
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    if (n === 0) return 1; // rate(0 minutes): run once
    const unitMinutes = rate[2].toLowerCase().startsWith('minute') ? 1 : rate[2].toLowerCase().startsWith('hour') ? 60 : 1440;
    const perMonth = (HOURS_PER_MONTH * 60) / (n * unitMinutes);
    const duration = num(durationInSeconds);
    // A schedule with a duration stops after it: at most the runs that fit.
    return duration !== undefined && duration > 0 ? Math.min(perMonth, Math.floor(duration / (n * unitMinutes * 60))) : perMonth;
  }
  const cron = /^cron\((.+)\)$/i.exec(expression.trim());
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length < 2) return undefined;
    const minutes = cronMatches(fields[0], 0, 59);
    const hours = cronMatches(fields[1], 0, 23);
    if (minutes === undefined || hours === undefined) return undefined;
    // Day-of-month and day-of-week restrictions are not read: every day counts (an upper bound).
    return minutes * hours * (HOURS_PER_MONTH / 24);
  }
  return undefined;
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
  public readonly region: string;
  constructor(private readonly stack: IndexedStack) {
    this.region = pricingRegionOf(stack);
  }

  /** USD per unit of a price in this stack's region. */
  public usd(price: PriceId): number {
    return priceIn(price, this.region).entry.usd;
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
  for (const canary of of(stack, 'AWS::Synthetics::Canary')) {
    const s = canary.properties.Schedule ?? {};
    runs += canaryRunsPerMonth(s.Expression, s.DurationInSeconds) ?? 0;
  }
  c.fixed('monitoring', 'canary runs', Math.round(runs), 'canaryRun', 'a longer canary schedule (EndpointCanary\'s schedule, e.g. rate(15 minutes))');
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
}

/** The usage-based items of a stack, from its profile's assumptions. */
function usageItems(stack: IndexedStack, index: AppIndex, c: Collector, firstTrail: Set<string>): void {
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
    c.usage('security', 'GuardDuty analysis (one account and region)', 1, 'guardDutyManagementEvents', usd,
      `${a.managementEventsPerMonth} management events and ${a.flowLogGbPerMonth} GB of flow and DNS logs a month`, 'one detector per account and region; optional protection plans off where not needed');
  }
  let standards = of(stack, 'AWS::SecurityHub::Standard').length;
  // A hub with default standards enables two (AWS Foundational Security Best Practices and CIS).
  standards += of(stack, 'AWS::SecurityHub::Hub').filter((h) => h.properties.EnableDefaultStandards !== false && h.properties.EnableDefaultStandards !== 'false').length * 2;
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
    const key = envKey(stack);
    const first = !firstTrail.has(key);
    firstTrail.add(key);
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

/** The lifecycle a backup of the resource follows: the plan rules' retention and cold-storage transition, where the selecting plans set them. */
function lifecycleOf(
  selections: ReturnType<typeof selectionsSelecting>,
  index: AppIndex,
): { deleteAfter?: number; moveToColdAfter?: number; copies: boolean } {
  const rules = selections.flatMap((s) => index.referencedResources(s.selection.properties.BackupPlanId, s.selection.stack)
    .filter((p) => p.type === 'AWS::Backup::BackupPlan').flatMap(planRules));
  const cold = rules.find((rule) => wholeNumber(rule?.Lifecycle?.MoveToColdStorageAfterDays) !== undefined);
  return {
    moveToColdAfter: wholeNumber(cold?.Lifecycle?.MoveToColdStorageAfterDays),
    deleteAfter: wholeNumber(cold?.Lifecycle?.DeleteAfterDays),
    copies: rules.some((rule) => asArray(rule?.CopyActions).length > 0),
  };
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
 * declared organization backup policy), cold storage where the plan's lifecycle moves backups
 * there, S3 backups' object reads, and cross-region copies.
 */
function backupItems(stack: IndexedStack, index: AppIndex, c: Collector, a: ReturnType<typeof assumptionsOf>): void {
  const change = a.backupDailyChangePercent / 100;
  for (const r of stack.resources) {
    if (!COSTED_BACKUP_TYPES.includes(r.type)) continue;
    if (isClusterMember(r.type, r.properties)) continue;
    const selections = selectionsSelecting(r, index);
    const orgPolicy = selections.length === 0 ? organizationPolicySelecting(r, index) : undefined;
    if (selections.length === 0 && orgPolicy === undefined) continue;
    const lifecycle = selections.length > 0 ? lifecycleOf(selections, index) : { copies: orgPolicy!.copyRegion !== undefined };
    const { gb: size, fromTemplate } = backupSizeOf(r, a);
    const sizeText = fromTemplate ? `${size} GB (the instance's EBS volumes)` : `${size} GB (costAssumptions.backupSizeGb)`;
    const by = orgPolicy ? `; selected by the organization backup policy ${orgPolicy.policyName} (tag ${orgPolicy.tagKey}), which keeps the profile's retention` : '';
    const storedGb = (days: number) => size * (1 + change * Math.max(0, days - 1));
    const warm = WARM_PRICE[r.type] ?? 'backupOtherWarm';
    const retention = lifecycle.deleteAfter ?? stack.profile.minBackupRetentionDays;
    const retentionText = lifecycle.deleteAfter !== undefined ? 'the plan rule\'s DeleteAfterDays' : 'profile.minBackupRetentionDays';
    const cold = COLD_PRICE[r.type];
    const moveAfter = lifecycle.moveToColdAfter;
    if (moveAfter !== undefined && cold && moveAfter < retention) {
      const gb = storedGb(moveAfter);
      c.usage('backup', `backup storage (warm): ${r.path} (${r.type})`, cents(gb), warm, gb * c.usd(warm),
        `${sizeText}, ${a.backupDailyChangePercent} % changed a day, warm for ${moveAfter} days (the plan rule's MoveToColdStorageAfterDays)${by}`,
        'MoveToColdStorageAfterDays; costAssumptions.backupSizeGb');
      // Every backup moved to cold storage is billed there for at least 90 days.
      const coldDays = Math.max(retention - moveAfter, COLD_STORAGE_MINIMUM_DAYS);
      const coldGb = cold.fullCopies ? size * coldDays : size * change * coldDays;
      c.usage('backup', `backup storage (cold): ${r.path} (${r.type})`, cents(coldGb), cold.price, coldGb * c.usd(cold.price),
        `${cold.fullCopies ? 'a full snapshot a day (the EBS snapshot archive keeps full snapshots)' : `the daily changes (${a.backupDailyChangePercent} %)`}` +
        ` kept cold ${coldDays} days (${retentionText} ${retention} less ${moveAfter}; at least ${COLD_STORAGE_MINIMUM_DAYS} days are billed)`,
        'a later MoveToColdStorageAfterDays, or none (cold storage pays off only for backups kept long)');
    } else {
      const gb = storedGb(retention);
      const coldNote = moveAfter !== undefined && !cold ? `; AWS Backup has no cold storage for ${r.type}: kept warm` : '';
      c.usage('backup', `backup storage: ${r.path} (${r.type})`, cents(gb), warm, gb * c.usd(warm),
        `${sizeText}, ${a.backupDailyChangePercent} % changed a day, ${retention} days kept (${retentionText})${by}${coldNote}`,
        'profile.minBackupRetentionDays; costAssumptions.backupSizeGb');
    }
    if (r.type === 'AWS::S3::Bucket') {
      const gets = a.s3ObjectsPerBucket * change * 30.42;
      c.usage('backup', `S3 backup object reads: ${r.path}`, Math.round(gets), 's3GetRequests', (gets / 1000) * c.usd('s3GetRequests'),
        `${a.s3ObjectsPerBucket} objects (costAssumptions.s3ObjectsPerBucket), ${a.backupDailyChangePercent} % new or changed a day, each read once (the first full backup not counted)`,
        'lifecycle rules that expire noncurrent versions and delete markers; costAssumptions.s3ObjectsPerBucket');
    }
    if (lifecycle.copies) {
      const copyRetention = stack.profile.minCopyRetentionDays;
      const copyGb = storedGb(copyRetention);
      c.usage('backup', `cross-region copy storage: ${r.path}`, cents(copyGb), warm, copyGb * c.usd(warm),
        `the same data kept ${copyRetention} days in the copy region (profile.minCopyRetentionDays)${by}`, 'profile.minCopyRetentionDays; profile.requireCrossRegionCopy');
      const transferGb = size * change * 30.42;
      c.usage('backup', `cross-region copy transfer: ${r.path}`, cents(transferGb), 'backupCrossRegionTransfer', transferGb * c.usd('backupCrossRegionTransfer'),
        'a month of daily changes copied (the first full copy is not counted)', 'profile.requireCrossRegionCopy');
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
    const firstTrail = new Set<string>();
    for (const stack of ix.stacks) {
      const c = new Collector(stack);
      fixedItems(stack, c);
      usageItems(stack, ix, c, firstTrail);
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
