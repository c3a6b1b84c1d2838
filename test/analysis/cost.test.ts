import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { AppIndex } from '../../src/analysis/app-index';
import { canaryRunsPerMonth, CostItem, DEFAULT_COST_ASSUMPTIONS, estimateCost, HOURS_PER_MONTH, USAGE_HIGH_FACTOR, USAGE_LOW_FACTOR } from '../../src/analysis/cost/estimate';
import { PRICES, PRICES_READ_ON } from '../../src/analysis/cost/prices';
import { budgetWarnings, costSummaryLines, renderCostMarkdown } from '../../src/checks/private/cost-report';
import { renderMarkdown } from '../../src/checks/private/report';
import { renderTerminal } from '../../src/cli/report-command';
import { ReadinessProfile } from '../../src/profile';
import { pluginReportOf, reportOf } from '../util/findings';

const ENV = { account: '111111111111', region: 'us-east-1' };

function stackWith(build: (s: Stack) => void, profile?: ReadinessProfile): { app: App; stack: Stack } {
  const app = new App();
  (profile ?? ReadinessProfile.PROD).applyTo(app);
  const stack = new Stack(app, 'S', { env: ENV });
  build(stack);
  return { app, stack };
}
const items = (app: App): readonly CostItem[] => estimateCost(AppIndex.build(app)).items;
const only = (app: App, item: string): CostItem => {
  const found = items(app).filter((i) => i.item === item);
  expect(found).toHaveLength(1);
  return found[0];
};
const res = (s: Stack, id: string, type: string, properties: Record<string, unknown> = {}) => new CfnResource(s, id, { type, properties });
const metricStat = (id: string, period = 300) => ({ Id: id, MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent' }, Period: period, Stat: 'Sum' }, ReturnData: false });
const alarm = { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 };

describe('price table', () => {
  test.each(Object.entries(PRICES))('%s has a price, a unit, the date it was read and an AWS pricing page', (_id, p) => {
    expect(p.usd).toBeGreaterThan(0);
    expect(p.unit.length).toBeGreaterThan(0);
    expect(p.readOn).toBe(PRICES_READ_ON);
    expect(p.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/);
    expect(typeof p.confirmed).toBe('boolean');
  });

  test('the free tiers AWS gives are stated, not hidden (10 alarm metrics, 3 dashboards, 100 canary runs)', () => {
    expect(PRICES.alarmStandardMetric.freeTier?.units).toBe(10);
    expect(PRICES.dashboard.freeTier?.units).toBe(3);
    expect(PRICES.canaryRun.freeTier?.units).toBe(100);
  });
});

describe('fixed monthly cost, exact from the template', () => {
  test('a standard alarm is billed per metric it reads; a metric-math alarm per metric of its expression', () => {
    const { app } = stackWith((s) => {
      res(s, 'One', 'AWS::CloudWatch::Alarm', { ...alarm, Namespace: 'AWS/SQS', MetricName: 'X', Period: 60, Statistic: 'Sum', Threshold: 1 });
      res(s, 'Math', 'AWS::CloudWatch::Alarm', {
        ...alarm,
        Threshold: 1,
        Metrics: [metricStat('a'), metricStat('b'), metricStat('c'), { Id: 'e', Expression: 'a+b+c', ReturnData: true }],
      });
    });
    const i = only(app, 'alarm metrics (standard resolution)');
    expect(i.quantity).toBe(4);
    expect(i.low).toBeCloseTo(4 * PRICES.alarmStandardMetric.usd, 6);
    expect(i.high).toBe(i.low);
  });

  test('an alarm with a period under 60 seconds is high resolution', () => {
    const { app } = stackWith((s) => res(s, 'Hi', 'AWS::CloudWatch::Alarm', { ...alarm, Namespace: 'N', MetricName: 'M', Period: 10, Statistic: 'Sum', Threshold: 1 }));
    const i = only(app, 'alarm metrics (high resolution)');
    expect(i.low).toBeCloseTo(PRICES.alarmHighResolutionMetric.usd, 6);
    expect(items(app).some((x) => x.item === 'alarm metrics (standard resolution)')).toBe(false);
  });

  test('an anomaly-detection alarm is billed as three metrics', () => {
    const { app } = stackWith((s) => res(s, 'Band', 'AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold',
      EvaluationPeriods: 1,
      ThresholdMetricId: 'band',
      Metrics: [{ ...metricStat('m'), ReturnData: true }, { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m, 2)' }],
    }));
    const i = only(app, 'alarm metrics (standard resolution)');
    expect(i.quantity).toBe(PRICES.anomalyDetectionMetrics.usd);
    expect(i.low).toBeCloseTo(PRICES.anomalyDetectionMetrics.usd * PRICES.alarmStandardMetric.usd, 6);
  });

  test('composite alarms, dashboards and KMS keys (replicas included) are priced per unit', () => {
    const { app } = stackWith((s) => {
      res(s, 'C', 'AWS::CloudWatch::CompositeAlarm', { AlarmRule: 'ALARM(x)' });
      res(s, 'D1', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' });
      res(s, 'D2', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' });
      res(s, 'K', 'AWS::KMS::Key', { KeyPolicy: {} });
      res(s, 'R', 'AWS::KMS::ReplicaKey', { KeyPolicy: {}, PrimaryKeyArn: 'arn' });
    });
    expect(only(app, 'composite alarms').low).toBeCloseTo(PRICES.compositeAlarm.usd, 6);
    expect(only(app, 'dashboards').low).toBeCloseTo(2 * PRICES.dashboard.usd, 6);
    expect(only(app, 'KMS customer managed keys').low).toBeCloseTo(2 * PRICES.kmsKey.usd, 6);
  });

  test('canary runs come from the schedule: rate() and cron()', () => {
    expect(canaryRunsPerMonth('rate(5 minutes)')).toBeCloseTo((HOURS_PER_MONTH * 60) / 5, 6);
    expect(canaryRunsPerMonth('rate(1 hour)')).toBeCloseTo(HOURS_PER_MONTH, 6);
    // Run once: a one-off, not a monthly cost.
    expect(canaryRunsPerMonth('rate(0 minutes)')).toBe(0);
    expect(canaryRunsPerMonth('cron(0/10 * * * ? *)')).toBeCloseTo(6 * HOURS_PER_MONTH, 6);
    expect(canaryRunsPerMonth('cron(0 8,20 * * ? *)')).toBeCloseTo((2 * HOURS_PER_MONTH) / 24, 6);
    const { app } = stackWith((s) => res(s, 'Canary', 'AWS::Synthetics::Canary', { Schedule: { Expression: 'rate(10 minutes)' } }));
    const i = only(app, 'canary runs');
    expect(i.quantity).toBe(Math.round((HOURS_PER_MONTH * 60) / 10));
    expect(i.low).toBeCloseTo(Math.round((HOURS_PER_MONTH * 60) / 10) * PRICES.canaryRun.usd, 2);
  });

  test('Route 53 health checks: the base price by endpoint, plus each optional feature', () => {
    const { app } = stackWith((s) => {
      res(s, 'Ext', 'AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'HTTPS_STR_MATCH', FullyQualifiedDomainName: 'example.com', RequestInterval: 10, SearchString: 'ok' } });
      res(s, 'Calc', 'AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [] } });
    });
    expect(only(app, 'Route 53 health checks (non-AWS endpoints)').low).toBeCloseTo(PRICES.healthCheckNonAwsEndpoint.usd, 6);
    expect(only(app, 'Route 53 health checks (AWS endpoints)').low).toBeCloseTo(PRICES.healthCheckAwsEndpoint.usd, 6);
    // HTTPS, string matching and the 10-second interval.
    expect(only(app, 'Route 53 health check optional features').low).toBeCloseTo(3 * PRICES.healthCheckOptionalFeatureNonAws.usd, 6);
  });
});

describe('usage-based cost, as a range from the profile\'s assumptions', () => {
  const range = (i: CostItem, usd: number) => {
    expect(i.kind).toBe('usage');
    // Figures are rounded to cents.
    expect(Math.abs(i.low - usd * USAGE_LOW_FACTOR)).toBeLessThanOrEqual(0.0051);
    expect(Math.abs(i.high - usd * USAGE_HIGH_FACTOR)).toBeLessThanOrEqual(0.0051);
    expect(i.assumption).toBeDefined();
  };

  test('GuardDuty per detector, from the assumed event and log volumes (a profile knob)', () => {
    const profile = ReadinessProfile.PROD.extend('costed', { costAssumptions: { managementEventsPerMonth: 3_000_000, flowLogGbPerMonth: 40 } });
    const { app } = stackWith((s) => res(s, 'D', 'AWS::GuardDuty::Detector', { Enable: true }), profile);
    range(only(app, 'GuardDuty analysis (one account and region)'), 3 * PRICES.guardDutyManagementEvents.usd + 40 * PRICES.guardDutyFlowAndDnsLogs.usd);
  });

  test('Security Hub checks per standard (a hub with default standards enables two), Config rules and recorders', () => {
    const { app } = stackWith((s) => {
      res(s, 'Hub', 'AWS::SecurityHub::Hub');
      res(s, 'Rule', 'AWS::Config::ConfigRule', { Source: { Owner: 'AWS', SourceIdentifier: 'X' } });
      res(s, 'Rec', 'AWS::Config::ConfigurationRecorder', { RoleARN: 'arn' });
    });
    const a = DEFAULT_COST_ASSUMPTIONS;
    range(only(app, 'Security Hub security checks'), 2 * a.securityHubChecksPerStandardPerMonth * PRICES.securityHubCheck.usd);
    range(only(app, 'Config rule evaluations'), a.configEvaluationsPerRulePerMonth * PRICES.configRuleEvaluation.usd);
    range(only(app, 'Config configuration items'), a.configItemsPerMonth * PRICES.configItem.usd);
  });

  test('CloudTrail: the first trail of an account and region is free, another copies management events; data events are billed', () => {
    const { app } = stackWith((s) => {
      res(s, 'T1', 'AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'b' });
      res(s, 'T2', 'AWS::CloudTrail::Trail', { IsLogging: true, S3BucketName: 'b', EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] });
    });
    const a = DEFAULT_COST_ASSUMPTIONS;
    range(only(app, 'CloudTrail additional management-event copy'), (a.managementEventsPerMonth / 100_000) * PRICES.cloudTrailAdditionalManagementCopy.usd);
    range(only(app, 'CloudTrail data events'), (a.dataEventsPerMonth / 100_000) * PRICES.cloudTrailDataEvents.usd);
  });

  test('X-Ray traces of traced functions, Inspector per function, log ingestion per group', () => {
    const { app } = stackWith((s) => {
      res(s, 'F', 'AWS::Lambda::Function', { Role: 'arn', Code: { ZipFile: 'x' }, Runtime: 'nodejs22.x', Handler: 'i.h', TracingConfig: { Mode: 'Active' } });
      res(s, 'Insp', 'Custom::ReadinessInspectorEnablement', { ServiceToken: 'arn', ScanTypes: ['LAMBDA'] });
      res(s, 'L', 'AWS::Logs::LogGroup', { RetentionInDays: 365 });
    });
    const a = DEFAULT_COST_ASSUMPTIONS;
    range(only(app, 'X-Ray traces recorded'), ((a.tracedRequestsPerMonth * a.traceSamplingPercent) / 100 / 1_000_000) * PRICES.xrayTraceRecorded.usd);
    range(only(app, 'Inspector Lambda scanning'), PRICES.inspectorLambdaFunction.usd);
    range(only(app, 'CloudWatch Logs ingestion'), a.logGbPerGroupPerMonth * PRICES.logsIngestion.usd);
  });

  test('backup storage of a selected resource, its cross-region copy and the transfer, from the size knob and the profile\'s retention', () => {
    const profile = ReadinessProfile.PROD.extend('sized', { costAssumptions: { backupSizeGb: { 'AWS::DynamoDB::Table': 40 }, backupDailyChangePercent: 1 } });
    const { app } = stackWith((s) => {
      const table = res(s, 'Table', 'AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] });
      const plan = res(s, 'Plan', 'AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: 'p',
          BackupPlanRule: [
            { RuleName: 'daily', TargetBackupVault: 'v', CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:v' }] },
          ],
        },
      });
      res(s, 'Sel', 'AWS::Backup::BackupSelection', { BackupPlanId: plan.ref, BackupSelection: { SelectionName: 's', IamRoleArn: 'arn', Resources: [table.getAtt('Arn')] } });
    }, profile);
    // Worked by hand: a DynamoDB backup is a full copy of the table (the daily change share does not apply).
    // No schedule: AWS Backup's daily default; no DeleteAfterDays: PROD's 35 days, so 35 backups of 40 GB = 1400 GB-month at $0.10.
    const i = items(app);
    range(i.find((x) => x.item.startsWith('backup storage: S/Table'))!, 140);
    // The copy action has no lifecycle: PROD's minCopyRetentionDays, 35 copies of 40 GB.
    range(i.find((x) => x.item.startsWith('cross-region copy storage: S/Table'))!, 140);
    // 730 h / 24 = 30.4167 full copies a month × 40 GB = 1216.67 GB at $0.02.
    range(i.find((x) => x.item.startsWith('cross-region copy transfer: S/Table'))!, 1216.67 * 0.02);
  });

  test('an unselected table costs no backup', () => {
    const { app } = stackWith((s) => res(s, 'Table', 'AWS::DynamoDB::Table', { KeySchema: [] }));
    expect(items(app).filter((i) => i.area === 'backup')).toEqual([]);
  });
});

describe('totals and the budget', () => {
  test('totals per stack and per area add up the items', () => {
    const { app } = stackWith((s) => {
      res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' });
      res(s, 'G', 'AWS::GuardDuty::Detector', { Enable: true });
    });
    const cost = estimateCost(AppIndex.build(app));
    expect(cost.fixed).toBeCloseTo(PRICES.dashboard.usd, 6);
    expect(cost.byArea.map((a) => a.area).sort()).toEqual(['monitoring', 'security']);
    expect(cost.byStack[0].high).toBeCloseTo(cost.items.reduce((s, i) => s + i.high, 0), 2);
  });

  test('a budget the estimate exceeds gives a warning naming the biggest items and their knobs, and leaves the score unchanged', () => {
    const build = (s: Stack) => {
      res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' });
      res(s, 'Canary', 'AWS::Synthetics::Canary', { Schedule: { Expression: 'rate(1 minute)' } });
    };
    const { app } = stackWith(build, ReadinessProfile.PROD.extend('tight', { monthlyReadinessBudget: 5 }));
    const report = reportOf(app);
    const [budget] = report.cost!.budgets!;
    expect(budget).toMatchObject({ profile: 'tight', monthlyBudget: 5, status: 'exceeded' });
    expect(budget.biggest[0]).toMatchObject({ item: 'canary runs', knob: expect.stringMatching(/schedule/) });
    const [warning] = budgetWarnings(report.cost!);
    expect(warning).toMatch(/exceeds its monthly readiness budget of \$5\.00.*canary runs.*trim: .*schedule/);
    expect(costSummaryLines(report.cost!)).toMatch(/WARNING profile 'tight'/);
    expect(renderCostMarkdown(report.cost!)).toMatch(/⚠️ Budget/);

    const { app: unbudgeted } = stackWith(build, ReadinessProfile.PROD.extend('loose', {}));
    const plain = reportOf(unbudgeted);
    expect(plain.cost!.budgets).toBeUndefined();
    expect(budgetWarnings(plain.cost!)).toEqual([]);
    expect(report.overall).toEqual(plain.overall);
    expect(report.summary).toEqual(plain.summary);
  });

  test('a budget the estimate stays within gives no warning', () => {
    const { app } = stackWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }), ReadinessProfile.PROD.extend('roomy', { monthlyReadinessBudget: 100 }));
    expect(estimateCost(AppIndex.build(app)).budgets![0].status).toBe('within');
  });

  test('a bad budget or assumption is a clear error', () => {
    expect(() => ReadinessProfile.PROD.extend('bad', { monthlyReadinessBudget: -1 })).toThrow(/monthlyReadinessBudget -1\. Use a number of US dollars/);
    expect(() => ReadinessProfile.PROD.extend('bad', { costAssumptions: { backupSizeGb: { 'AWS::EFS::FileSystem': -5 } } })).toThrow(/backupSizeGb\['AWS::EFS::FileSystem'\]/);
  });

  test('the built-in presets keep their props (no cost knobs unless set)', () => {
    expect(Object.keys(ReadinessProfile.PROD.toProps())).not.toContain('costAssumptions');
    expect(ReadinessProfile.PROD.extend('x', { monthlyReadinessBudget: 10 }).toProps().monthlyReadinessBudget).toBe(10);
  });
});

describe('the estimate in the outputs', () => {
  test('cdk-readiness report prints the cost block; the Markdown has its section', () => {
    const { app } = stackWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }));
    const report = reportOf(app);
    const terminal = renderTerminal(report, 'cdk.out/readiness-report.json');
    expect(terminal).toContain(`Cost: readiness measures cost $${PRICES.dashboard.usd.toFixed(2)} a month`);
    expect(terminal).toMatch(/Monitoring & Observability\s+\$3\.00/);
    expect(renderMarkdown(report)).toContain('## Monthly cost of readiness measures');
  });

  test('cdk synth\'s printed scorecard summary has the cost line and the budget WARNING after the score', () => {
    const { app } = stackWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }), ReadinessProfile.PROD.extend('tiny', { monthlyReadinessBudget: 1 }));
    // What the plugin hands the CDK during a real synth: the scorecard summary is its last violation, printed last.
    const report = pluginReportOf(app);
    const summary = report.violations[report.violations.length - 1];
    expect(summary.ruleName).toBe('Readiness-SCORECARD');
    const lines = summary.description.split('\n');
    expect(lines[0]).toMatch(/^Production Readiness Score/);
    const costAt = lines.findIndex((l) => l.includes('readiness measures cost'));
    expect(costAt).toBeGreaterThan(0);
    expect(lines[costAt]).toBe(`   readiness measures cost $${PRICES.dashboard.usd.toFixed(2)} a month ($${PRICES.dashboard.usd.toFixed(2)} fixed, us-east-1 list prices of ${PRICES_READ_ON})`);
    expect(lines[costAt + 1]).toMatch(/^ {3}WARNING profile 'tiny' exceeds its monthly readiness budget of \$1\.00 .*dashboards in S/);
  });

  test('an app with nothing to price prints no cost block or line (its outputs unchanged)', () => {
    const { app } = stackWith((s) => res(s, 'Q', 'AWS::SQS::Queue'));
    const report = reportOf(app);
    expect(report.cost!.high).toBe(0);
    expect(renderTerminal(report, 'cdk.out/readiness-report.json')).not.toContain('Cost:');
    expect(costSummaryLines(report.cost!)).toBe('');
  });
});
