// Review fixes of the estimate (issue 21): each expected figure is worked by hand from AWS's billing
// rule, written as the literal arithmetic, not recomputed with the estimator's formulas.
import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, appWith, estimate, itemStarting, items, range, res } from './cost-helpers';
import { canaryRunsOnce, canaryRunsPerMonth, DEFAULT_COST_ASSUMPTIONS, schedulePerMonth } from '../../src/analysis/cost/estimate';
import { PRICES } from '../../src/analysis/cost/prices';
import { renderCostMarkdown, renderCostTerminal } from '../../src/checks/private/cost-report';
import { ReadinessProfile } from '../../src/profile';

const ENV = { account: ACCOUNT, region: 'us-east-1' };
function planSelecting(s: Stack, resources: unknown[], rules: Array<Record<string, unknown>>): void {
  const plan = res(s, 'Plan', 'AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: rules.map((r) => ({ TargetBackupVault: 'v', ...r })) } });
  res(s, 'Sel', 'AWS::Backup::BackupSelection', { BackupPlanId: plan.ref, BackupSelection: { SelectionName: 's', IamRoleArn: 'arn', Resources: resources } });
}
const COPY_VAULT = 'arn:aws:backup:us-west-2:111111111111:backup-vault:copy';
const table = (s: Stack) => res(s, 'Table', 'AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] });

describe('DynamoDB backups are full copies', () => {
  test('stored GB = table size × backups kept; the copy region the same; transfer = size × copies a month', () => {
    const app = appWith((s) => planSelecting(s, [table(s).getAtt('Arn')], [{
      RuleName: 'daily',
      ScheduleExpression: 'cron(0 5 ? * * *)',
      Lifecycle: { DeleteAfterDays: 7 },
      CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 14 } }],
    }]), 'us-east-1', ReadinessProfile.PROD.extend('t', { costAssumptions: { backupSizeGb: { 'AWS::DynamoDB::Table': 20 } } }));
    // 7 daily backups × 20 GB = 140 GB-month × $0.10 = $14.00.
    range(itemStarting(app, 'backup storage: S/Table'), 14.00);
    // 14 copies × 20 GB = 280 GB-month × $0.10 = $28.00.
    range(itemStarting(app, 'cross-region copy storage: S/Table'), 28.00);
    // 30.4167 copies a month (730 h / 24) × 20 GB = 608.33 GB × $0.02 = $12.17.
    range(itemStarting(app, 'cross-region copy transfer: S/Table'), 608.333 * 0.02);
  });

  test('cold storage holds full copies too (backupDynamoDbCold)', () => {
    const app = appWith((s) => planSelecting(s, [table(s).getAtt('Arn')], [{ RuleName: 'daily', Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 } }]));
    // Warm: 30 backups × 10 GB = 300 GB-month × $0.10 = $30.00.
    range(itemStarting(app, 'backup storage (warm): S/Table'), 30.00);
    // Cold: 335 backups × 10 GB = 3350 GB-month × $0.03 = $100.50.
    range(itemStarting(app, 'backup storage (cold): S/Table'), 100.50);
  });
});

describe('every rule of the backup plan is priced', () => {
  test('a daily rule and a monthly one kept 365 days, each with its copies, retention from each rule\'s lifecycle', () => {
    const app = appWith((s) => {
      const db = res(s, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBInstanceClass: 'db.t3.micro' });
      planSelecting(s, [`arn:aws:rds:us-east-1:${ACCOUNT}:db:*`, db.ref], [
        {
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 5 * * ? *)',
          Lifecycle: { DeleteAfterDays: 35 },
          EnableContinuousBackup: true,
          CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 35 } }],
        },
        {
          RuleName: 'Monthly',
          ScheduleExpression: 'cron(0 5 1 * ? *)',
          Lifecycle: { DeleteAfterDays: 365 },
          CopyActions: [{ DestinationBackupVaultArn: COPY_VAULT, Lifecycle: { DeleteAfterDays: 365 } }],
        },
      ]);
    });
    // RDS snapshots are incremental. Daily: 35 kept; the first full 50 GB, then 34 × 1 GB (2 % of 50 GB a day) = 84 GB × $0.095 = $7.98.
    const daily = itemStarting(app, 'backup storage [rule Daily]: S/Db');
    range(daily, 84 * 0.095);
    range(itemStarting(app, 'cross-region copy storage [rule Daily]: S/Db'), 84 * 0.095);
    // Monthly: one backup a month kept 365 days = 12 backups; the first full 50 GB, then 11 × a month of changes
    // (2 % × 30.4167 days × 50 GB = 30.4167 GB) = 384.58 GB × $0.095 = $36.54.
    range(itemStarting(app, 'backup storage [rule Monthly]: S/Db'), 384.583 * 0.095);
    range(itemStarting(app, 'cross-region copy storage [rule Monthly]: S/Db'), 384.583 * 0.095);
    // Transfer: daily 30.4167 copies of 1 GB; monthly 1 copy of 30.4167 GB: each 30.4167 GB × $0.02.
    range(itemStarting(app, 'cross-region copy transfer [rule Daily]: S/Db'), 30.4167 * 0.02);
    range(itemStarting(app, 'cross-region copy transfer [rule Monthly]: S/Db'), 30.4167 * 0.02);
    // Continuous backup is said, not priced.
    expect(daily.assumption).toContain('EnableContinuousBackup (point-in-time restore) is not priced');
    expect(estimate(app).notCounted).toEqual(expect.arrayContaining([expect.stringContaining('continuous backup (point-in-time restore) of S/Db')]));
  });

  test('an hourly rule (cron(0 */4 * * ? *)): backups a month from the schedule', () => {
    const app = appWith((s) => planSelecting(s, [table(s).getAtt('Arn')], [{ RuleName: 'h', ScheduleExpression: 'cron(0 */4 * * ? *)', Lifecycle: { DeleteAfterDays: 2 } }]));
    // 6 backups a day kept 2 days = 12 full copies × 10 GB = 120 GB-month × $0.10 = $12.00.
    range(itemStarting(app, 'backup storage: S/Table'), 12.00);
  });

  test('schedules: hourly, daily, monthly, rate()', () => {
    expect(schedulePerMonth('cron(0 */4 * * ? *)')).toBeCloseTo(6 * (730 / 24), 6);
    expect(schedulePerMonth('cron(0 5 ? * * *)')).toBeCloseTo(730 / 24, 6);
    expect(schedulePerMonth('cron(0 5 1 * ? *)')).toBeCloseTo(1, 6);
    expect(schedulePerMonth('rate(12 hours)')).toBeCloseTo(730 / 12, 6);
  });
});

describe('KMS key rotation', () => {
  test('a rotated key is $1 fixed plus $0–$2 for its first two rotations; RotationPeriodInDays is said', () => {
    const app = appWith((s) => {
      res(s, 'Plain', 'AWS::KMS::Key', { KeyPolicy: {} });
      res(s, 'Rotated', 'AWS::KMS::Key', { KeyPolicy: {}, EnableKeyRotation: true, RotationPeriodInDays: 90 });
    });
    expect(itemStarting(app, 'KMS customer managed keys')).toMatchObject({ kind: 'fixed', low: 2, high: 2 });
    const rotation = itemStarting(app, 'KMS rotated key material');
    expect(rotation).toMatchObject({ kind: 'usage', quantity: 1, low: 0, high: 2 });
    expect(rotation.assumption).toContain('reaches $3 after 180 days');
    expect(PRICES.kmsKey.note).toMatch(/first two rotations/);
  });
});

describe('Inspector once per account and region', () => {
  test('enabled in two stacks of one account and region: priced once, for every instance of both (groups at desired capacity)', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    for (const id of ['A', 'B']) {
      const s = new Stack(app, id, { env: ENV });
      res(s, 'Insp', 'Custom::ReadinessInspectorEnablement', { ServiceToken: 'arn', ScanTypes: ['EC2'] });
      res(s, 'Host', 'AWS::EC2::Instance', { ImageId: 'ami-1' });
      if (id === 'B') res(s, 'Asg', 'AWS::AutoScaling::AutoScalingGroup', { MinSize: '1', MaxSize: '6', DesiredCapacity: '3' });
    }
    const found = items(app).filter((i) => i.item === 'Inspector EC2 scanning');
    expect(found).toHaveLength(1);
    // 1 + 1 + 3 instances × $1.2528 = $6.264.
    expect(found[0].quantity).toBe(5);
    range(found[0], 6.264);
  });
});

describe('canary schedules', () => {
  test('cron reads day-of-week: weekdays at 09:00 are about 21.7 runs a month', () => {
    // 5 weekdays × 30.4167 / 7 weeks = 21.73 runs.
    expect(canaryRunsPerMonth('cron(0 9 ? * MON-FRI *)')).toBeCloseTo(21.726, 2);
    expect(canaryRunsPerMonth('cron(0 9 1,15 * ? *)')).toBeCloseTo(2, 6);
    const app = appWith((s) => res(s, 'C', 'AWS::Synthetics::Canary', { Schedule: { Expression: 'cron(0 9 ? * MON-FRI *)' } }));
    // 22 runs × $0.0012 = $0.0264.
    expect(itemStarting(app, 'canary runs')).toMatchObject({ quantity: 22, low: 0.03 });
  });

  test('a finite DurationInSeconds is a one-off: not in the monthly figure, listed as not counted', () => {
    expect(canaryRunsPerMonth('rate(5 minutes)', 3600)).toBe(0);
    expect(canaryRunsOnce('rate(5 minutes)', 3600)).toBe(12);
    const app = appWith((s) => res(s, 'C', 'AWS::Synthetics::Canary', { Schedule: { Expression: 'rate(5 minutes)', DurationInSeconds: '3600' } }));
    expect(items(app).some((i) => i.item === 'canary runs')).toBe(false);
    expect(estimate(app).notCounted).toEqual([expect.stringContaining('S: 12 run(s) of canaries that run once or stop after DurationInSeconds')]);
  });
});

describe('Security Hub standards', () => {
  test('default standards plus an explicit default one are not counted twice', () => {
    const app = appWith((s) => {
      res(s, 'Hub', 'AWS::SecurityHub::Hub');
      res(s, 'Fsbp', 'AWS::SecurityHub::Standard', { StandardsArn: 'arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0' });
      res(s, 'Nist', 'AWS::SecurityHub::Standard', { StandardsArn: 'arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0' });
    });
    // FSBP, CIS 1.2.0 and NIST: 3 standards × 10,000 checks × $0.001 = $30.00.
    const i = itemStarting(app, 'Security Hub security checks');
    expect(i.quantity).toBe(30_000);
    range(i, 30.00);
  });
});

describe('GuardDuty protection plans', () => {
  test('each enabled plan is listed in the assumption and as not counted', () => {
    const app = appWith((s) => res(s, 'D', 'AWS::GuardDuty::Detector', {
      Enable: true,
      Features: [{ Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' }, { Name: 'RUNTIME_MONITORING', Status: 'ENABLED' }, { Name: 'S3_DATA_EVENTS', Status: 'DISABLED' }],
    }));
    const i = itemStarting(app, 'GuardDuty analysis');
    expect(i.assumption).toContain('protection plans RDS_LOGIN_EVENTS, RUNTIME_MONITORING not priced');
    expect(i.assumption).not.toContain('S3_DATA_EVENTS');
    const cost = estimate(app);
    expect(cost.notCounted).toEqual(['GuardDuty protection plans of S/D: RDS_LOGIN_EVENTS, RUNTIME_MONITORING']);
    expect(renderCostMarkdown(cost)).toContain('Not counted in this app: GuardDuty protection plans of S/D: RDS_LOGIN_EVENTS, RUNTIME_MONITORING.');
  });
});

describe('priced types without a test before', () => {
  test('logsStorage: a month of ingestion kept for the retention', () => {
    const app = appWith((s) => res(s, 'L', 'AWS::Logs::LogGroup', { RetentionInDays: 90 }));
    // 1 GB a month kept 90 days ≈ 2.96 GB stored (90 / 30.42 months) × $0.03 = $0.0888.
    range(itemStarting(app, 'CloudWatch Logs storage'), (90 / 30.42) * 0.03);
  });

  test('healthCheckOptionalFeatureAws: an HTTPS check of a load balancer measuring latency', () => {
    const app = appWith((s) => res(s, 'H', 'AWS::Route53::HealthCheck', {
      HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: 'my-alb-123.us-east-1.elb.amazonaws.com', MeasureLatency: true },
    }));
    // $0.50 base (AWS endpoint) + 2 features (HTTPS, latency) × $1.00.
    expect(itemStarting(app, 'Route 53 health checks (AWS endpoints)').low).toBe(0.5);
    expect(itemStarting(app, 'Route 53 health check optional features')).toMatchObject({ price: 'healthCheckOptionalFeatureAws', quantity: 2, low: 2 });
  });

  test('backupAuroraWarm: an Aurora cluster kept 35 days', () => {
    const app = appWith((s) => {
      const c = res(s, 'Cluster', 'AWS::RDS::DBCluster', { Engine: 'aurora-postgresql' });
      planSelecting(s, [`arn:aws:rds:us-east-1:${ACCOUNT}:cluster:*`, c.ref], [{ RuleName: 'd', Lifecycle: { DeleteAfterDays: 35 } }]);
    });
    // 50 GB + 34 × 1 GB = 84 GB × $0.021 = $1.764.
    range(itemStarting(app, 'backup storage: S/Cluster'), 84 * 0.021);
  });

  test('backupOtherWarm: an FSx file system at the default 20 GB', () => {
    const app = appWith((s) => {
      const f = res(s, 'Fsx', 'AWS::FSx::FileSystem', { FileSystemType: 'LUSTRE', SubnetIds: ['subnet-1'] });
      planSelecting(s, [`arn:aws:fsx:us-east-1:${ACCOUNT}:file-system/*`, f.ref], [{ RuleName: 'd', Lifecycle: { DeleteAfterDays: 35 } }]);
    });
    // 20 GB + 34 × 0.4 GB = 33.6 GB × $0.05 = $1.68.
    range(itemStarting(app, 'backup storage: S/Fsx'), 33.6 * 0.05);
  });
});

describe('cdk-readiness report', () => {
  test('the Cost block prints per area and per stack', () => {
    const app = new App();
    ReadinessProfile.PROD.applyTo(app);
    res(new Stack(app, 'Mon', { env: ENV }), 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' });
    res(new Stack(app, 'Sec', { env: ENV }), 'K', 'AWS::KMS::Key', { KeyPolicy: {} });
    const out = renderCostTerminal(estimate(app)).join('\n');
    expect(out).toMatch(/Per stack:\n\s+Mon\s+\$3\.00\n\s+Sec\s+\$1\.00/);
  });
});

describe('cost knob validation', () => {
  const extend = (costAssumptions: unknown) => () => ReadinessProfile.PROD.extend('k', { costAssumptions: costAssumptions as any });
  test('the received value is printed as it is (NaN is not null)', () => {
    expect(extend({ logGbPerGroupPerMonth: NaN })).toThrow(/invalid costAssumptions\.logGbPerGroupPerMonth NaN\. Use a number, 0 or more\./);
    expect(extend({ logGbPerGroupPerMonth: Infinity })).toThrow(/logGbPerGroupPerMonth Infinity\./);
  });
  test('percentages are capped at 100', () => {
    expect(extend({ backupDailyChangePercent: 150 })).toThrow(/backupDailyChangePercent 150\. Use a percentage from 0 to 100\./);
    expect(extend({ traceSamplingPercent: 101 })).toThrow(/traceSamplingPercent 101/);
    expect(extend({ traceSamplingPercent: 100, backupDailyChangePercent: 0 })).not.toThrow();
  });
  test('backupSizeGb is an object of the priced types (or *): a number or an unknown key is rejected by name', () => {
    expect(extend({ backupSizeGb: 50 })).toThrow(/invalid costAssumptions\.backupSizeGb 50\. Use an object of GB per CloudFormation type/);
    expect(extend({ backupSizeGb: { 'AWS::DynamoDb::Table': 5 } })).toThrow(/backupSizeGb\['AWS::DynamoDb::Table'\] 5\. No backup of that type is priced: use one of .*AWS::DynamoDB::Table/);
    expect(extend({ backupSizeGb: { 'AWS::DynamoDB::Table': 5, '*': 1 } })).not.toThrow();
  });
  test('an unknown knob is rejected by name; every knob the estimate has a default for is accepted', () => {
    expect(extend({ backupDailyChangePct: 3 })).toThrow(/invalid costAssumptions\.backupDailyChangePct 3\. No such knob: use one of backupSizeGb, backupDailyChangePercent/);
    expect(extend(Object.fromEntries(Object.keys(DEFAULT_COST_ASSUMPTIONS).map((k) => [k, 1])))).not.toThrow();
  });
});

test('the report\'s "Not counted" names what the estimate leaves out (PITR, noncurrent versions, GuardDuty plans, continuous backup, finding ingestion, Config periodic recording and conformance packs)', () => {
  const md = renderCostMarkdown(estimate(appWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }))));
  for (const text of ['DynamoDB point-in-time recovery', 'noncurrent S3 object versions', 'GuardDuty protection plans', 'continuous backup (point-in-time restore)',
    'Security Hub finding ingestion', 'Config periodic recording and conformance packs']) {
    expect(md).toContain(text);
  }
});

test('DynamoDB point-in-time recovery and versioned buckets\' noncurrent versions are named as not counted', () => {
  const cost = estimate(appWith((s) => {
    res(s, 'T', 'AWS::DynamoDB::Table', { KeySchema: [], PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    res(s, 'B', 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    res(s, 'Plain', 'AWS::S3::Bucket');
  }));
  expect(cost.notCounted).toEqual(['DynamoDB point-in-time recovery of S/T', 'noncurrent object versions of the versioned bucket(s) S/B']);
});
