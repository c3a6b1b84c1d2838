/**
 * Deterministic generator of benchmark CDK apps: N stacks of ~480 CloudFormation resources each.
 *
 * Every stack is a repetition of a small "service slice" (table, queue + DLQ, Lambda with role, policy,
 * log group and SQS trigger, some buckets, some alarms) plus one SNS topic and one AWS Backup plan whose
 * selections (by construct, by ARN and by tag) cover three quarters of the tables. The mix is chosen so
 * that readiness rules (STA5 retain policies, BAK1 backup coverage, BAK2 copy actions, MON1 resource
 * alarms, MON2 alarm actions, MON5 log retention, PRF1 tracing, SCL1 provisioned tables...) find both
 * compliant and non-compliant resources, and so that cdk-nag AwsSolutions has its usual work to do.
 *
 * No randomness: the variant of every slice is a function of its index only.
 *
 * Run directly to print the resource counts: `npx ts-node --transpile-only -r tsconfig-paths/register
 * --project bench/tsconfig.json bench/generate.ts [stacks]`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  Stage,
  Tags,
  aws_backup as backup,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as cwActions,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_lambda as lambda,
  aws_lambda_event_sources as eventSources,
  aws_logs as logs,
  aws_s3 as s3,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';

/** Fixed account of every generated stack. */
export const BENCH_ACCOUNT = '123456789012';
/** Stacks alternate between these two regions. */
export const BENCH_REGIONS = ['us-east-1', 'eu-west-1'];
/** Id of the nested stage that holds the second half of the stacks. */
export const BENCH_STAGE_ID = 'Staging';
/** Upper bound of CloudFormation resources per stack (CloudFormation's hard limit is 500). */
export const RESOURCES_PER_STACK_TARGET = 480;

/**
 * Resources every stack has besides its slices: SNS topic, backup vault, backup plan,
 * 3 backup selections + 3 selection roles. (`new App()` outside the CDK CLI does not add the
 * CDKMetadata resource; under the CLI a stack has one more resource.)
 */
const FIXED_RESOURCES_PER_STACK = 9;
/** Largest number of resources one slice can create (checked at generation time). */
const SLICE_MAX_RESOURCES = 13;

/** What was generated for one stack. */
export interface BenchStackInfo {
  /** Construct path of the stack. */
  readonly path: string;
  /** Region of the stack. */
  readonly region: string;
  /** Whether the stack is inside the nested stage. */
  readonly inStage: boolean;
  /** Number of service slices in the stack. */
  readonly slices: number;
  /** CfnResources counted in the construct tree before synth (CDKMetadata not included). */
  readonly constructResources: number;
}

function countCfnResources(scope: IConstruct): number {
  return scope.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length;
}

/** Name of table `slice` of stack `stackIndex` (explicit, so that it can be selected by ARN). */
function tableName(stackIndex: number, slice: number): string {
  return `bench-s${stackIndex}-orders-${slice}`;
}

interface SliceOutput {
  readonly table: dynamodb.Table;
}

/**
 * One service slice. Variants by index `j`:
 * - table RETAIN when j is even, DESTROY otherwise; provisioned billing (no autoscaling) when j % 6 == 5
 * - bucket when j is even; TLS-only bucket policy when j % 4 == 0
 * - Lambda tracing when j % 3 == 0; log group retention INFINITE when j % 3 == 2
 * - alarms: Lambda errors always, table read capacity when j % 3 != 2, DLQ depth when j is even;
 *   alarms have an SNS action when j is even, none otherwise (silent alarms)
 */
function addSlice(scope: Construct, stackIndex: number, j: number, topic: sns.ITopic): SliceOutput {
  const table = new dynamodb.Table(scope, 'Table', {
    tableName: tableName(stackIndex, j),
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: j % 6 === 5 ? dynamodb.BillingMode.PROVISIONED : dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: j % 2 === 0 },
    removalPolicy: j % 2 === 0 ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  const dlq = new sqs.Queue(scope, 'Dlq', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
  });
  const queue = new sqs.Queue(scope, 'Queue', {
    visibilityTimeout: Duration.seconds(60),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    deadLetterQueue: { queue: dlq, maxReceiveCount: 5 },
  });

  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: j % 3 === 2 ? logs.RetentionDays.INFINITE : logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const fn = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(
      `exports.handler = async (event) => ({ slice: ${j}, records: (event.Records || []).length });`,
    ),
    memorySize: 256,
    timeout: Duration.seconds(30),
    logGroup,
    tracing: j % 3 === 0 ? lambda.Tracing.ACTIVE : undefined,
    environment: { TABLE_NAME: table.tableName },
  });
  table.grantReadWriteData(fn);
  fn.addEventSource(new eventSources.SqsEventSource(queue, { batchSize: 10 }));

  if (j % 2 === 0) {
    const bucket = new s3.Bucket(scope, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: j % 4 === 0,
      enforceSSL: j % 4 === 0,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    bucket.grantRead(fn);
  }

  const alarms: cloudwatch.Alarm[] = [];
  alarms.push(
    fn.metricErrors({ period: Duration.minutes(5) }).createAlarm(scope, 'ErrorsAlarm', {
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  );
  if (j % 3 !== 2) {
    alarms.push(
      table.metricConsumedReadCapacityUnits({ period: Duration.minutes(5) }).createAlarm(scope, 'ReadCapacityAlarm', {
        threshold: 10_000,
        evaluationPeriods: 3,
      }),
    );
  }
  if (j % 2 === 0) {
    alarms.push(
      dlq.metricApproximateNumberOfMessagesVisible().createAlarm(scope, 'DlqAlarm', {
        threshold: 1,
        evaluationPeriods: 1,
      }),
    );
  }
  if (j % 2 === 0) {
    for (const alarm of alarms) {
      alarm.addAlarmAction(new cwActions.SnsAction(topic));
    }
  }
  return { table };
}

/**
 * One stack of ~RESOURCES_PER_STACK_TARGET resources.
 */
function addBenchStack(scope: Construct, id: string, stackIndex: number, region: string): { stack: Stack; slices: number } {
  const stack = new Stack(scope, id, { env: { account: BENCH_ACCOUNT, region } });
  const topic = new sns.Topic(stack, 'AlarmTopic');

  const byConstruct: dynamodb.Table[] = [];
  const byArn: string[] = [];
  let resources = 0;
  let slices = 0;
  while (resources + SLICE_MAX_RESOURCES + FIXED_RESOURCES_PER_STACK <= RESOURCES_PER_STACK_TARGET) {
    const sliceScope = new Construct(stack, `Slice${String(slices).padStart(3, '0')}`);
    const { table } = addSlice(sliceScope, stackIndex, slices, topic);
    // Backup coverage: by construct (j%4==0), by ARN (j%4==1), by tag (j%4==2), none (j%4==3).
    switch (slices % 4) {
      case 0:
        byConstruct.push(table);
        break;
      case 1:
        byArn.push(`arn:aws:dynamodb:${region}:${BENCH_ACCOUNT}:table/${tableName(stackIndex, slices)}`);
        break;
      case 2:
        Tags.of(table).add('backup', 'daily');
        break;
      default:
        break;
    }
    const created = countCfnResources(sliceScope);
    if (created > SLICE_MAX_RESOURCES) {
      throw new Error(`slice ${sliceScope.node.path} created ${created} resources, more than SLICE_MAX_RESOURCES=${SLICE_MAX_RESOURCES}`);
    }
    resources += created;
    slices += 1;
  }
  // Top up to exactly the target with small extras: queue + DLQ pairs, then one log group if 1 is left.
  const extras = new Construct(stack, 'Extras');
  let extra = 0;
  while (resources + 2 + FIXED_RESOURCES_PER_STACK <= RESOURCES_PER_STACK_TARGET) {
    const dlq = new sqs.Queue(extras, `Dlq${extra}`, { encryption: sqs.QueueEncryption.SQS_MANAGED });
    new sqs.Queue(extras, `Queue${extra}`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: dlq, maxReceiveCount: 3 },
    });
    resources += 2;
    extra += 1;
  }
  if (resources + 1 + FIXED_RESOURCES_PER_STACK <= RESOURCES_PER_STACK_TARGET) {
    new logs.LogGroup(extras, 'AuditLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    resources += 1;
  }

  const vault = new backup.BackupVault(stack, 'Vault', {
    backupVaultName: `bench-s${stackIndex}-vault`,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const otherRegion = BENCH_REGIONS.find((r) => r !== region)!;
  const rules = [backup.BackupPlanRule.daily(), backup.BackupPlanRule.monthly1Year()];
  if (stackIndex % 2 === 1) {
    // Half of the stacks copy to a vault in the other region (BAK2 compliant), the other half do not.
    rules.push(
      new backup.BackupPlanRule({
        ruleName: 'DailyWithCrossRegionCopy',
        scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
        deleteAfter: Duration.days(35),
        copyActions: [
          {
            destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
              stack,
              'DrVault',
              `arn:aws:backup:${otherRegion}:${BENCH_ACCOUNT}:backup-vault:bench-dr-vault`,
            ),
            deleteAfter: Duration.days(35),
          },
        ],
      }),
    );
  }
  const plan = new backup.BackupPlan(stack, 'Plan', {
    backupPlanName: `bench-s${stackIndex}-plan`,
    backupVault: vault,
    backupPlanRules: rules,
  });
  plan.addSelection('ByConstruct', {
    resources: byConstruct.map((t) => backup.BackupResource.fromConstruct(t)),
  });
  plan.addSelection('ByArn', {
    resources: byArn.map((arn) => backup.BackupResource.fromArn(arn)),
  });
  plan.addSelection('ByTag', {
    resources: [backup.BackupResource.fromTag('backup', 'daily')],
  });
  return { stack, slices };
}

/**
 * Add `stackCount` benchmark stacks to `app`. The first half (rounded up) are direct children of the
 * app, the rest live in a nested `Stage`; regions alternate between BENCH_REGIONS.
 *
 * Set any context (e.g. `readiness:profile`) on the app BEFORE calling this.
 */
export function populateApp(app: App, stackCount: number): BenchStackInfo[] {
  if (!Number.isInteger(stackCount) || stackCount < 1) {
    throw new Error(`stackCount must be a positive integer, got ${stackCount}`);
  }
  const topLevel = Math.ceil(stackCount / 2);
  const stage = stackCount > topLevel ? new Stage(app, BENCH_STAGE_ID, { env: { account: BENCH_ACCOUNT } }) : undefined;
  const infos: BenchStackInfo[] = [];
  for (let i = 0; i < stackCount; i++) {
    const region = BENCH_REGIONS[i % BENCH_REGIONS.length];
    const inStage = i >= topLevel;
    const { stack, slices } = addBenchStack(inStage ? stage! : app, `Service${i}`, i, region);
    infos.push({ path: stack.node.path, region, inStage, slices, constructResources: countCfnResources(stack) });
  }
  return infos;
}

/** Resource counts of one synthesized stack template. */
export interface SynthesizedStackCount {
  /** Hierarchical id of the stack artifact, e.g. `Staging/Service1`. */
  readonly stack: string;
  /** Number of entries in the template's `Resources`. */
  readonly resources: number;
  /** Count per CloudFormation type. */
  readonly byType: Record<string, number>;
}

/** Count the resources of every stack template in a synthesized assembly, nested assemblies included. */
export function countSynthesizedResources(assembly: cxapi.CloudAssembly): SynthesizedStackCount[] {
  return assembly.stacksRecursively.map((s) => {
    const resources = (s.template.Resources ?? {}) as Record<string, { Type: string }>;
    const byType: Record<string, number> = {};
    for (const r of Object.values(resources)) {
      byType[r.Type] = (byType[r.Type] ?? 0) + 1;
    }
    return { stack: s.hierarchicalId, resources: Object.keys(resources).length, byType };
  });
}

if (require.main === module) {
  const stacks = Number(process.argv[2] ?? '2');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-generate-'));
  try {
    const app = new App({ outdir });
    const infos = populateApp(app, stacks);
    const counts = countSynthesizedResources(app.synth({ force: true }));
    for (const info of infos) {
      console.log(`${info.path} (${info.region}${info.inStage ? ', in stage' : ''}): ${info.slices} slices, ${info.constructResources} CfnResources in the tree`);
    }
    for (const c of counts) {
      console.log(`${c.stack}: ${c.resources} resources in the template`);
      for (const [type, n] of Object.entries(c.byType).sort()) {
        console.log(`    ${type.padEnd(36)} ${n}`);
      }
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
