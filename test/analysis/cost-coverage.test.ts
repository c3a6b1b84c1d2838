// What the estimate prices beyond the basics: regions, S3 and EC2 instance backups, cold storage,
// Inspector's ECR scanning and backups by an organization backup policy (a template in, a figure out).
import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { ACCOUNT, appWith, estimate, itemStarting, items, range, res } from './cost-helpers';
import { COLD_STORAGE_MINIMUM_DAYS, DEFAULT_COST_ASSUMPTIONS } from '../../src/analysis/cost/estimate';
import { priceIn, PRICES, PRICES_READ_ON, REGION_PRICING, RegionPricing } from '../../src/analysis/cost/prices';
import { renderCostMarkdown, renderCostTerminal } from '../../src/checks/private/cost-report';
import { OrganizationBackupCoverage } from '../../src/organization';
import { ReadinessProfile } from '../../src/profile';

/** A plan with one rule (optionally a lifecycle) selecting the given resources by ARN. */
function planSelecting(s: Stack, resources: unknown[], lifecycle?: Record<string, number>): void {
  const plan = res(s, 'Plan', 'AWS::Backup::BackupPlan', {
    BackupPlan: { BackupPlanName: 'p', BackupPlanRule: [{ RuleName: 'daily', TargetBackupVault: 'v', ...(lifecycle ? { Lifecycle: lifecycle } : {}) }] },
  });
  res(s, 'Sel', 'AWS::Backup::BackupSelection', { BackupPlanId: plan.ref, BackupSelection: { SelectionName: 's', IamRoleArn: 'arn', Resources: resources } });
}

describe('the price table', () => {
  test('third-party pages that show a figure corroborate it but never confirm it, and are dated with the table (regional figures too)', () => {
    const regional = Object.entries(REGION_PRICING).flatMap(([region, r]) => Object.entries(r.overrides).map(([id, p]) => [`${region}/${id}`, p!] as const));
    for (const [id, p] of [...Object.entries(PRICES), ...regional]) {
      expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\/$/);
      for (const url of (p as { seenOn?: readonly string[] }).seenOn ?? []) {
        expect(url).toMatch(/^https:\/\//);
        expect(url).not.toMatch(/^https:\/\/aws\.amazon\.com\//);
        expect([id, p.confirmed]).toEqual([id, false]);
      }
      expect(p.readOn).toBe(PRICES_READ_ON);
    }
  });

  test('every region the documentation names has an entry, and a region without figures read for it falls back to us-east-1, marked', () => {
    const docs = [path.join(__dirname, '..', '..', 'README.md'), ...fs.readdirSync(path.join(__dirname, '..', '..', 'docs')).map((f: string) => path.join(__dirname, '..', '..', 'docs', f))]
      .filter((f: string) => f.endsWith('.md')).map((f: string) => fs.readFileSync(f, 'utf-8')).join('\n');
    const named = new Set(docs.match(/\b(?:us|eu|ap|ca|sa|me|af)-(?:east|west|central|north|south|northeast|southeast)-\d\b/g));
    expect(named.size).toBeGreaterThan(0);
    for (const region of named) expect(Object.keys(REGION_PRICING)).toContain(region);
    expect(priceIn('dashboard', 'us-east-1')).toEqual({ entry: PRICES.dashboard, fallback: false });
    for (const [region, r] of Object.entries(REGION_PRICING)) {
      if (region !== 'us-east-1' && !r.checked) expect(priceIn('dashboard', region).fallback).toBe(true);
    }
  });

  test('Route 53\'s free health checks of AWS endpoints are stated with where they were seen', () => {
    expect(PRICES.healthCheckAwsEndpoint.freeTier?.units).toBe(50);
    expect(PRICES.healthCheckAwsEndpoint.freeTier?.note).toContain('not read on the stored AWS page');
    const app = appWith((s) => res(s, 'Hc', 'AWS::Route53::HealthCheck', { HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: [] } }));
    expect(estimate(app).freeTier.join(' ')).toContain('up to 50 health checks of AWS endpoints are free');
  });

  test('a region\'s override is used there, and only there', () => {
    const override = { ...PRICES.dashboard, usd: 3.3 };
    const table: Record<string, RegionPricing> = { 'eu-west-1': { name: 'Europe (Ireland)', overrides: { dashboard: override }, checked: true } };
    expect(priceIn('dashboard', 'eu-west-1', table)).toEqual({ entry: override, fallback: false });
    expect(priceIn('kmsKey', 'eu-west-1', table)).toEqual({ entry: PRICES.kmsKey, fallback: false });
    expect(priceIn('dashboard', 'ap-south-1', table)).toEqual({ entry: PRICES.dashboard, fallback: true });
  });
});

test('the unconfirmed prices the report names include every price an item uses (GuardDuty: events and flow logs)', () => {
  const cost = estimate(appWith((s) => res(s, 'D', 'AWS::GuardDuty::Detector', { Enable: true })));
  expect(cost.unconfirmedPrices).toEqual(['guardDutyFlowAndDnsLogs (https://aws.amazon.com/guardduty/pricing/)', 'guardDutyManagementEvents (https://aws.amazon.com/guardduty/pricing/)']);
});

test('every usage knob\'s documented default (on CostAssumptions) is the default the estimate uses', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'profile', 'readiness-profile.ts'), 'utf-8');
  const body = source.slice(source.indexOf('export interface CostAssumptions'));
  const documented = Object.fromEntries([...body.slice(0, body.indexOf('\n}')).matchAll(/@default (\d+)\s*\*\/\s*readonly (\w+)\?/g)].map((m) => [m[2], Number(m[1])]));
  expect(documented).toEqual(DEFAULT_COST_ASSUMPTIONS);
});

describe('regions', () => {
  test('each stack is priced in its region; the report names the regions priced with us-east-1 figures', () => {
    const app = appWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }), 'eu-west-1');
    const cost = estimate(app);
    expect(cost.items[0].region).toBe('eu-west-1');
    expect(cost.regions).toEqual([{ region: 'eu-west-1', stacks: 1, usesUsEast1Figures: true }]);
    expect(cost.regionNote).toContain('eu-west-1 is priced with us-east-1 figures');
    expect(renderCostMarkdown(cost)).toContain('eu-west-1 is priced with us-east-1 figures');
    expect(renderCostTerminal(cost)).toContain('  Priced with us-east-1 figures (none read for the region): eu-west-1');
  });

  test('an environment-agnostic stack is priced as us-east-1, and the assumptions say so', () => {
    const cost = estimate(appWith((s) => res(s, 'D', 'AWS::CloudWatch::Dashboard', { DashboardBody: '{}' }), null));
    expect(cost.items[0].region).toBe('us-east-1');
    expect(cost.regions).toEqual([{ region: 'us-east-1', stacks: 1, usesUsEast1Figures: false }]);
    expect(cost.regionNote).toContain('Stacks without an explicit region are priced as us-east-1');
    expect(cost.regionNote).not.toContain('priced with us-east-1 figures');
    expect(renderCostTerminal(cost).join('\n')).not.toContain('Priced with');
  });
});

describe('backups the basic estimate left out', () => {
  const a = DEFAULT_COST_ASSUMPTIONS;
  const change = a.backupDailyChangePercent / 100;
  const retention = ReadinessProfile.PROD.minBackupRetentionDays;

  test('an S3 bucket a plan selects: storage per GB-month and the GET requests that read its new and changed objects', () => {
    const app = appWith((s) => {
      const bucket = res(s, 'Bucket', 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
      planSelecting(s, [bucket.getAtt('Arn')]);
    });
    const size = 50;
    range(itemStarting(app, 'backup storage: S/Bucket'), size * (1 + change * (retention - 1)) * PRICES.backupS3Warm.usd);
    const reads = itemStarting(app, 'S3 backup object reads: S/Bucket');
    range(reads, ((a.s3ObjectsPerBucket * change * 30.42) / 1000) * PRICES.s3GetRequests.usd);
    expect(reads.assumption).toContain('costAssumptions.s3ObjectsPerBucket');
  });

  test('an EC2 instance (an AMI of its EBS volumes): the size comes from the volumes its template gives', () => {
    const app = appWith((s) => {
      res(s, 'Host', 'AWS::EC2::Instance', {
        ImageId: 'ami-1',
        Tags: [{ Key: 'backup', Value: 'daily' }],
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }, { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 30 } }],
      });
      const plan = res(s, 'Plan', 'AWS::Backup::BackupPlan', { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: [{ RuleName: 'daily', TargetBackupVault: 'v' }] } });
      res(s, 'Sel', 'AWS::Backup::BackupSelection', {
        BackupPlanId: plan.ref,
        BackupSelection: { SelectionName: 's', IamRoleArn: 'arn', ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] },
      });
    });
    const i = itemStarting(app, 'backup storage: S/Host');
    range(i, 50 * (1 + change * (retention - 1)) * PRICES.backupEbsWarm.usd);
    expect(i.assumption).toContain('50 GB (the instance\'s EBS volumes)');
  });

  test('cold storage: EFS backups warm until MoveToColdStorageAfterDays, then cold until DeleteAfterDays', () => {
    const app = appWith((s) => {
      const files = res(s, 'Files', 'AWS::EFS::FileSystem');
      planSelecting(s, [files.getAtt('Arn')], { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 });
    });
    range(itemStarting(app, 'backup storage (warm): S/Files'), 50 * (1 + change * 29) * PRICES.backupEfsWarm.usd);
    range(itemStarting(app, 'backup storage (cold): S/Files'), 50 * change * 335 * PRICES.backupEfsCold.usd);
  });

  test('cold storage of EBS keeps full snapshots, and at least 90 days are billed', () => {
    const app = appWith((s) => {
      const vol = res(s, 'Vol', 'AWS::EC2::Volume', { AvailabilityZone: 'us-east-1a', Size: 100 });
      planSelecting(s, [`arn:aws:ec2:us-east-1:${ACCOUNT}:volume/*`, vol.ref], { MoveToColdStorageAfterDays: 7, DeleteAfterDays: 37 });
    });
    const cold = itemStarting(app, 'backup storage (cold): S/Vol');
    range(cold, 100 * COLD_STORAGE_MINIMUM_DAYS * PRICES.backupEbsCold.usd);
    expect(cold.assumption).toContain(`at least ${COLD_STORAGE_MINIMUM_DAYS} days are billed`);
  });

  test('a type without cold storage (an RDS instance) stays warm for the whole retention, and says why', () => {
    const app = appWith((s) => {
      const db = res(s, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBInstanceClass: 'db.t3.micro' });
      planSelecting(s, [`arn:aws:rds:us-east-1:${ACCOUNT}:db:*`, db.ref], { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 200 });
    });
    const i = itemStarting(app, 'backup storage: S/Db');
    range(i, 50 * (1 + change * 199) * PRICES.backupRdsWarm.usd);
    expect(i.assumption).toContain('no cold storage for AWS::RDS::DBInstance');
  });

  test('resources an organization backup policy selects by tag, when no plan of the app does, with the policy\'s copy', () => {
    const app = appWith((s) => {
      res(s, 'Table', 'AWS::DynamoDB::Table', { KeySchema: [], Tags: [{ Key: 'backup-plan', Value: 'org-daily' }] });
      res(s, 'Untagged', 'AWS::DynamoDB::Table', { KeySchema: [] });
      new OrganizationBackupCoverage(s, 'OrgBackup', {
        policyName: 'org-backup', regions: ['us-east-1'], selectionTagKey: 'backup-plan', selectionTagValues: ['org-daily'], copyRegion: 'us-west-2',
      });
    });
    const i = itemStarting(app, 'backup storage: S/Table');
    // Worked by hand: a backup a day kept PROD's 35 days, each a full copy of the 10 GB table: 350 GB-month at $0.10.
    range(i, 35);
    expect(i.assumption).toContain('organization backup policy org-backup');
    expect(itemStarting(app, 'cross-region copy storage: S/Table').assumption).toContain('org-backup');
    expect(items(app).some((x) => x.item.includes('S/Untagged'))).toBe(false);
  });
});

describe('Inspector\'s enhanced scanning of ECR repositories', () => {
  const a = DEFAULT_COST_ASSUMPTIONS;
  const registry = (s: Stack, scanType: string, frequency: string, filter = '*') => res(s, 'Registry', 'AWS::ECR::RegistryScanningConfiguration', {
    ScanType: scanType, Rules: [{ ScanFrequency: frequency, RepositoryFilters: [{ Filter: filter, FilterType: 'WILDCARD' }] }],
  });

  test('continuous scanning: each push is a scan, and rescans come on top', () => {
    const app = appWith((s) => {
      res(s, 'Repo', 'AWS::ECR::Repository', { RepositoryName: 'web' });
      registry(s, 'ENHANCED', 'CONTINUOUS_SCAN');
    });
    range(itemStarting(app, 'Inspector ECR image scans on push'), a.imagePushesPerRepositoryPerMonth * PRICES.inspectorEcrImage.usd);
    range(itemStarting(app, 'Inspector ECR image rescans'), a.imageRescansPerRepositoryPerMonth * PRICES.inspectorEcrRescan.usd);
  });

  test('scan on push has no rescans; a repository no filter matches and basic scanning cost nothing', () => {
    const onPush = appWith((s) => {
      res(s, 'Repo', 'AWS::ECR::Repository', { RepositoryName: 'web' });
      res(s, 'Other', 'AWS::ECR::Repository', { RepositoryName: 'tools' });
      registry(s, 'ENHANCED', 'SCAN_ON_PUSH', 'we*');
    });
    expect(itemStarting(onPush, 'Inspector ECR image scans on push').quantity).toBe(a.imagePushesPerRepositoryPerMonth);
    expect(items(onPush).some((i) => i.item.startsWith('Inspector ECR image rescans'))).toBe(false);
    const basic = appWith((s) => {
      res(s, 'Repo', 'AWS::ECR::Repository', { RepositoryName: 'web' });
      registry(s, 'BASIC', 'SCAN_ON_PUSH');
    });
    expect(items(basic).some((i) => i.item.startsWith('Inspector ECR'))).toBe(false);
  });

  test('Inspector enabled for ECR without a registry configuration scans every repository continuously (ECR\'s default)', () => {
    const app = appWith((s) => {
      res(s, 'Repo', 'AWS::ECR::Repository', { RepositoryName: 'web' });
      res(s, 'Inspector', 'Custom::ReadinessInspectorEnablement', { ServiceToken: 'arn', ScanTypes: ['ECR'] });
    });
    expect(itemStarting(app, 'Inspector ECR image rescans').quantity).toBe(a.imageRescansPerRepositoryPerMonth);
  });
});
