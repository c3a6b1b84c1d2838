import { ArnFormat, Duration, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DRILL_NAME_PREFIX, DRILL_TAG_KEY, VerifierConfig } from './private/config';
import { METRICS } from './private/metrics';
import { AlarmRouting, AlarmSeverity } from '../../monitoring/alarm-routing';
import { EventDeadLetters } from '../../monitoring/private/event-dead-letters';
import { ServiceMonitoring } from '../../monitoring/service-monitoring';
import { ReadinessProfile } from '../../profile';
import { regionOfArn } from '../../shared/arns';
import { BACKUP_MANAGED_POLICY_REASON, backupManagedPolicyIds } from '../../shared/backup-service-role';
import { ProtectedResourceType, RestoreMetadataOverride } from '../protected-resource-type';
import { VerifierFunction } from './private/verifier-function';
import { restrictGrantsToAwsServices } from '../../shared/key-grants';
import { allowLogsToUseKey } from '../../shared/logs-key-policy';
import { runbookDescription } from '../../shared/runbook-text';
import { hoursOf, invalidProp } from '../../shared/validation';

const CONSTRUCT = 'BackupVerifier';
const VAULT_ARN = /^arn:[^:]+:backup:[^:]*:[^:]*:backup-vault:.+$/;
const DB_TYPES = [ProtectedResourceType.AURORA, ProtectedResourceType.DOCUMENTDB, ProtectedResourceType.NEPTUNE, ProtectedResourceType.RDS];
/** Types whose restores drills can restore, validate and clean up. */
const DRILLABLE = [...DB_TYPES, ProtectedResourceType.DYNAMODB, ProtectedResourceType.EBS, ProtectedResourceType.EFS];
/**
 * Types drilled by default: those whose restores drills also delete (names they chose). EBS and EFS
 * restores are kept (IAM cannot confine their deletion to the drill's own), so they are opt-in.
 */
const DRILLED_BY_DEFAULT = [...DB_TYPES, ProtectedResourceType.DYNAMODB];

/**
 * Restore drills: restores of the newest DR copies that measure the restore time against the RTO,
 * validate the restored resource and delete it. They create (billed) resources in the DR region.
 */
export interface RestoreDrillOptions {
  /**
   * How often drills start (whole hours, at least 24).
   *
   * @default Duration.days(7)
   */
  readonly interval?: Duration;

  /**
   * Resource types drilled. EBS and EFS may be added: their restores are validated but kept (the
   * verifier may not delete volumes or file systems, whose ids IAM cannot tell from yours), and
   * each drill reports the command that deletes its restore.
   *
   * @default - Aurora, DocumentDB, DynamoDB, Neptune and RDS (FSx is not supported)
   */
  readonly resourceTypes?: ProtectedResourceType[];

  /**
   * At most this many restores start per drill run (1-50); the least recently drilled resources go first.
   *
   * @default 3
   */
  readonly maxDrillsPerRun?: number;

  /**
   * DB subnet group in the DR region for restored RDS, Aurora, DocumentDB and Neptune resources
   * (restore metadata `DBSubnetGroupName`).
   *
   * @default - the DR region's default VPC (restores fail where it was deleted)
   */
  readonly dbSubnetGroupName?: string;

  /**
   * Security groups in the DR region for restored RDS, Aurora, DocumentDB and Neptune resources
   * (restore metadata `VpcSecurityGroupIds`).
   *
   * @default - the default security group of the subnet group's VPC
   */
  readonly vpcSecurityGroupIds?: string[];

  /**
   * Further restore metadata per resource type, over what the recovery point stores.
   *
   * @default - none
   */
  readonly metadataOverrides?: RestoreMetadataOverride[];

  /**
   * Delete what a drill restored once it is measured and validated. Only databases and tables that
   * a drill restore job created under a drill name, that carry the drill tag with that job's id,
   * are ever deleted; EBS volumes and EFS file systems are always kept.
   *
   * @default true
   */
  readonly cleanup?: boolean;
}

/**
 * What a `BackupVerifier` verifies and how; `CrossRegionBackupDr.verifyBackups()` takes these.
 */
export interface BackupVerifierOptions {
  /**
   * ARNs of the vaults whose recovery points are verified, usually `CrossRegionBackup.vault.backupVaultArn`
   * of the primary region: plain strings, never a cross-region reference.
   */
  readonly primaryVaultArns: string[];

  /**
   * Keys that may encrypt the recovery points of the primary vaults that AWS Backup encrypts
   * itself (DynamoDB with advanced features, EFS, S3). Recovery points kept in the source
   * service's format (RDS, Aurora, EBS) carry the resource's own key; give its ARN here to check
   * those too.
   *
   * @default - each primary vault's own key (read with DescribeBackupVault)
   */
  readonly primaryKeyArns?: string[];

  /**
   * How often verification runs (whole hours from 1 to 24); also the window of failed jobs each run lists.
   *
   * @default Duration.hours(6)
   */
  readonly interval?: Duration;

  /**
   * The newest recovery point of every resource may be at most this old.
   *
   * @default - `profile.rpoHours`
   */
  readonly rpo?: Duration;

  /**
   * A recovery point must reach the DR vault within this time of its creation.
   *
   * @default Duration.hours(8)
   */
  readonly maxCopyLag?: Duration;

  /**
   * A restore drill must finish within this time.
   *
   * @default - `profile.rtoHours`
   */
  readonly rto?: Duration;

  /**
   * Restore drills. Off unless given: they create resources in the DR region.
   *
   * @default - no drills: the verifier only reads
   */
  readonly drills?: RestoreDrillOptions;

  /**
   * Resources left out, for example deleted ones whose recovery points have not expired yet.
   *
   * @default - none
   */
  readonly excludeResourceArns?: string[];

  /**
   * Publish metrics per resource (RecoveryPointAgeHours, CopyLagHours, ResourcePassed,
   * RestoreTimeHours, DrillPassed; one custom metric each per resource), besides the run's summary.
   *
   * @default true
   */
  readonly perResourceMetrics?: boolean;

  /**
   * Where the verifier's alarms go.
   *
   * @default - `AlarmRouting.of(this)`, the stack's routing
   */
  readonly alarmRouting?: AlarmRouting;

  /**
   * Runbook link included in every alarm description.
   *
   * @default - the runbook text only
   */
  readonly runbookUrl?: string;

  /**
   * Name of the verifier: the `Verifier` dimension of its metrics.
   *
   * @default - a deterministic name derived from the construct path
   */
  readonly verifierName?: string;

  /**
   * Reserved concurrency of the function. Runs are idempotent, so overlapping runs do no harm;
   * reserving concurrency fails to deploy in accounts whose concurrency limit is at its minimum.
   *
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * The readiness profile whose RPO, RTO and log retention apply.
   *
   * @default - `ReadinessProfile.of(this)`
   */
  readonly profile?: ReadinessProfile;
}

/**
 * Props of a BackupVerifier.
 */
export interface BackupVerifierProps extends BackupVerifierOptions {
  /** ARN of the DR vault, in this stack's region. */
  readonly drVaultArn: string;

  /**
   * The key that must encrypt every copy in the DR vault (AWS Backup re-encrypts cross-region
   * copies with the destination vault's key).
   *
   * @default - the DR vault's key, read with DescribeBackupVault
   */
  readonly drVaultKey?: kms.IKey;
}

/**
 * Proves that backups restore: a scheduled Lambda function in the DR region that checks, for
 * every resource with recovery points in the primary vaults, that the newest one is younger than
 * the RPO, that its copy reached the DR vault within the allowed copy lag, and that both are
 * encrypted with the expected keys; it lists the backup, copy and restore jobs that failed.
 * Opt-in restore drills restore the newest DR copies, measure the restore time against the RTO,
 * validate and delete them.
 *
 * Results are CloudWatch metrics (Embedded Metric Format, namespace `CdkReadiness/BackupVerifier`)
 * with alarms routed through `AlarmRouting`; the same checks run from a terminal with
 * `npx cdk-readiness verify-backups`.
 *
 * The function only reads unless drills are enabled. Usually created by
 * `CrossRegionBackupDr.verifyBackups()`.
 */
export class BackupVerifier extends Construct {
  /** The verifier's function. */
  public readonly function: lambda.IFunction;
  /** The function's log group (EMF metrics and findings). */
  public readonly logGroup: logs.ILogGroup;
  /** Name of the verifier: the `Verifier` dimension of its metrics. */
  public readonly verifierName: string;
  /** The role AWS Backup restores drills as, if drills are enabled (only drills use it). */
  public readonly drillRole?: iam.IRole;
  /** The verifier's alarms. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /**
   * The monitoring of the verifier's own function (throttles, anomalous run time) and its
   * dashboard, which also shows every alarm of the verifier.
   */
  public readonly monitoring: ServiceMonitoring;
  /** Where the schedules keep the invocations they could not deliver (retried first), with an alarm routed like the others. */
  public readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: BackupVerifierProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const profile = props.profile ?? ReadinessProfile.of(this);
    validateVaults(this, props, stack.region);
    const settings = this.settings(props, profile);
    this.verifierName = settings.name;
    const { logGroup, logGroupName } = this.buildLogs(stack, profile);
    this.logGroup = logGroup;
    const permissions = this.buildPermissions(stack, props, settings, logGroup);
    this.drillRole = permissions.drillRole;
    const fn = this.buildFunction(stack, props, settings, logGroup, permissions);
    this.function = fn;
    const deadLetters = new EventDeadLetters(this, `the runs of the backup verifier ${settings.name} (scheduled verifications, drills, drill completions)`, [
      'check the function exists and its resource policy lets events.amazonaws.com invoke it; a throttled function: its reserved concurrency',
      'run the missed verification by hand: npx cdk-readiness verify-backups --primary-vault <arn> --dr-vault <arn>',
    ], props.runbookUrl);
    this.deadLetterQueue = deadLetters.queue;
    this.buildSchedules(fn, settings, deadLetters);
    this.monitoring = this.buildAlarms(props, settings, fn, logGroupName);
    (props.alarmRouting ?? AlarmRouting.of(this)).route(deadLetters.alarm, AlarmSeverity.WARNING);
    this.alarms.push(deadLetters.alarm);
  }

  /** Every prop checked and every default resolved, before anything is created. */
  private settings(props: BackupVerifierProps, profile: ReadinessProfile): VerifierSettings {
    const intervalHours = wholeHours(this, 'interval', props.interval ?? Duration.hours(6), 1, 24);
    const rpoHours = positiveHours(this, 'rpo', props.rpo, profile.rpoHours);
    const rtoHours = positiveHours(this, 'rto', props.rto, profile.rtoHours);
    const maxCopyLagHours = positiveHours(this, 'maxCopyLag', props.maxCopyLag, 8);
    const drills = props.drills;
    const drillHours = drills ? wholeHours(this, 'drills.interval', drills.interval ?? Duration.days(7), 24, 24 * 365) : undefined;
    const maxDrills = drills?.maxDrillsPerRun ?? 3;
    if (drills && (!Number.isInteger(maxDrills) || maxDrills < 1 || maxDrills > 50)) {
      invalidProp(this, CONSTRUCT, 'drills.maxDrillsPerRun', maxDrills, 'Use a whole number from 1 to 50.');
    }
    const drillTypes = drills?.resourceTypes ?? DRILLED_BY_DEFAULT;
    for (const t of drillTypes) {
      if (!DRILLABLE.includes(t)) {
        invalidProp(this, CONSTRUCT, 'drills.resourceTypes', t, `Drills restore, validate and clean up ${DRILLABLE.join(', ')}; leave ${t} to restore testing (BackupRestoreTesting).`);
      }
    }
    if (drills && drillTypes.length === 0) invalidProp(this, CONSTRUCT, 'drills.resourceTypes', [], 'Give at least one type, or leave drills out.');
    for (const o of drills?.metadataOverrides ?? []) {
      if (!DRILLABLE.includes(o.resourceType)) {
        invalidProp(this, CONSTRUCT, 'drills.metadataOverrides', `${o.resourceType}:${o.key}`, `Drills restore ${DRILLABLE.join(', ')}: an override for ${o.resourceType} would never apply.`);
      }
    }
    const name = props.verifierName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    if (!Token.isUnresolved(name) && !/^[\w.\-/]{1,255}$/.test(name)) {
      invalidProp(this, CONSTRUCT, 'verifierName', name, 'Use letters, digits and . _ - / (it is a metric dimension value).');
    }

    return { intervalHours, rpoHours, rtoHours, maxCopyLagHours, drills, drillHours, maxDrills, drillTypes, name };
  }

  /** The verifier's log group (EMF metrics and findings), encrypted with its own key, kept by the profile. */
  private buildLogs(stack: Stack, profile: ReadinessProfile): { logGroup: logs.LogGroup; logGroupName: string } {
    const logKey = restrictGrantsToAwsServices(new kms.Key(this, 'LogKey', {
      description: `Encrypts the logs of the backup verifier ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    }));
    const logGroupName = `/cdk-readiness/backup-verifier/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    allowLogsToUseKey(logKey, {
      sid: 'AllowCloudWatchLogsOfThisLogGroup',
      region: stack.region,
      logGroupArn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      exact: true,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      retention: profile.logRetentionDays as logs.RetentionDays,
      encryptionKey: logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    return { logGroup, logGroupName };
  }

  /**
   * The function's role: read-only, plus exactly what drills need when they are on (with the
   * restore role AWS Backup uses for the drills).
   */
  private buildPermissions(stack: Stack, props: BackupVerifierProps, s: VerifierSettings, logGroup: logs.LogGroup): VerifierPermissions {
    const { drills, drillTypes, maxDrills, drillHours } = s;
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Backup verifier ${this.node.path}: ${drills ? 'reads AWS Backup and runs restore drills' : 'reads AWS Backup (read-only)'}`,
    });
    // A customer managed policy (no inline policy); the function gets the role without policy
    // updates, so the X-Ray permissions it would add inline are in this policy too.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Backup verifier ${this.node.path}`,
      roles: [role],
    });
    const wildcards = ['*'];
    const vaultArns = [...props.primaryVaultArns, props.drVaultArn];
    policy.addStatements(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadVaults',
        actions: ['backup:DescribeBackupVault', 'backup:ListRecoveryPointsByBackupVault'],
        resources: vaultArns,
      }),
      new iam.PolicyStatement({
        // These list actions have no resource-level permissions.
        sid: 'ListJobs',
        actions: ['backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRestoreJobs'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'WriteTraces',
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    );

    let drillConfig: VerifierConfig['drill'];
    let drillRole: iam.Role | undefined;
    if (drills) {
      drillRole = new iam.Role(this, 'DrillRestoreRole', {
        assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
        description: `Restore drills of the backup verifier ${this.node.path}: its restore jobs are the drills' record`,
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
      });
      for (const ackId of backupManagedPolicyIds(['AWSBackupServiceRolePolicyForRestores'])) {
        Validations.of(drillRole).acknowledge({ id: ackId, reason: BACKUP_MANAGED_POLICY_REASON });
      }
      const drill = drillStatements(stack, drillRole, drillTypes);
      policy.addStatements(...drill.statements);
      wildcards.push(...drill.wildcards);
      const overrides = [
        ...(drills.dbSubnetGroupName ? DB_TYPES.map((t) => ({ resourceType: t, key: 'DBSubnetGroupName', value: drills.dbSubnetGroupName! })) : []),
        ...(drills.vpcSecurityGroupIds ? DB_TYPES.map((t) => ({ resourceType: t, key: 'VpcSecurityGroupIds', value: JSON.stringify(drills.vpcSecurityGroupIds) })) : []),
        ...(drills.metadataOverrides ?? []).map((o) => ({ resourceType: o.resourceType, key: o.key, value: o.value })),
      ];
      drillConfig = {
        restoreRoleArn: drillRole.roleArn,
        resourceTypes: [...drillTypes].sort(),
        maxDrillsPerRun: maxDrills,
        // A drill run repeated within the interval (an EventBridge retry, a manual invocation)
        // does not drill again; the next scheduled run, one interval after the last one started
        // its restores a few seconds in, must: the window is an hour shorter than the interval.
        windowHours: drillHours! - 1,
        metadata: overrides,
        cleanup: drills.cleanup ?? true,
      };
    }

    return { role, policy, wildcards, drillRole, drillConfig };
  }

  /** The verifier function, configured through its environment (checked for size at synth). */
  private buildFunction(
    stack: Stack, props: BackupVerifierProps, s: VerifierSettings, logGroup: logs.LogGroup, permissions: VerifierPermissions,
  ): lambda.Function {
    const { name, rpoHours, maxCopyLagHours, rtoHours, intervalHours, drills } = s;
    const { role, policy, wildcards, drillConfig } = permissions;
    const config: VerifierConfig = {
      name,
      primaryVaultArns: props.primaryVaultArns,
      drVaultArn: props.drVaultArn,
      primaryKeyArns: props.primaryKeyArns,
      drKeyArn: props.drVaultKey?.keyArn,
      rpoHours,
      maxCopyLagHours,
      rtoHours,
      lookbackHours: intervalHours,
      excludeResourceArns: props.excludeResourceArns,
      perResourceMetrics: props.perResourceMetrics ?? true,
      drill: drillConfig,
    };

    const configJson = stack.toJsonString(config);
    this.node.addValidation({ validate: () => configSizeErrors(stack, configJson) });
    const fn = new VerifierFunction(this, 'Function', {
      description: `cdk-readiness backup verifier ${name}: RPO, DR copies, encryption, failed jobs${drills ? ', restore drills' : ''}`,
      role: role.withoutPolicyUpdates(),
      logGroup,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(15),
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { VERIFIER_CONFIG: configJson },
    });
    fn.node.addDependency(policy);
    acknowledgeFunction(fn, props.reservedConcurrentExecutions !== undefined);
    acknowledgeWildcards(policy, wildcards, drills !== undefined);

    return fn;
  }

  /** The verification schedule, the drill schedule and the drill completions. */
  private buildSchedules(fn: lambda.IFunction, s: VerifierSettings, deadLetters: EventDeadLetters): void {
    const { intervalHours, drills, drillHours, name } = s;
    const target = (mode: string) => new targets.LambdaFunction(fn, {
      event: events.RuleTargetInput.fromObject({ mode }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      deadLetterQueue: deadLetters.queue,
    });
    new events.Rule(this, 'Schedule', {
      description: `Backup verification every ${intervalHours} h (${name})`,
      schedule: events.Schedule.rate(Duration.hours(intervalHours)),
      targets: [target('verify')],
    });
    if (drills) {
      new events.Rule(this, 'DrillSchedule', {
        description: `Restore drills every ${drillHours} h (${name})`,
        schedule: events.Schedule.rate(Duration.hours(drillHours!)),
        targets: [target('drill')],
      });
      // A restore outlives a Lambda invocation: its completion event finishes the drill.
      new events.Rule(this, 'DrillCompleted', {
        description: `Finish restore drills when their restore job ends (${name})`,
        eventPattern: { source: ['aws.backup'], detailType: ['Restore Job State Change'], detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] } },
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(6), deadLetterQueue: deadLetters.queue })],
      });
    }

  }

  /**
   * The verifier's own monitoring (ServiceMonitoring's Lambda alarms and dashboard) and the
   * alarms on what it finds, each with its runbook text.
   */
  private buildAlarms(props: BackupVerifierProps, s: VerifierSettings, fn: lambda.Function, logGroupName: string): ServiceMonitoring {
    const { intervalHours, rpoHours, rtoHours, maxCopyLagHours, drills, name } = s;
    const routing = props.alarmRouting ?? AlarmRouting.of(this);
    // The function itself, like any workload of the app: ServiceMonitoring's Lambda alarms and a
    // dashboard, fitted to a job invoked a few times a day. Failed runs already raise
    // FunctionErrorsAlarm (a count suits it better than an error rate) and the heartbeat catches
    // runs that never happen, so the error-rate alarm would only repeat them; the p99-duration
    // alarm would fire on runs that retry throttled AWS calls up to the deadline, which the
    // heartbeat and VerificationErrors already report. One throttled invocation is a missed run,
    // so the throttle alarm fires on one minute with throttles, not five in a row (a scheduled
    // job never has five). The run-time anomaly alarm is INFO: a band learnt from a few data
    // points a day is coarse.
    const monitoring = new ServiceMonitoring(this, 'Monitoring', {
      serviceName: `backup-verifier-${name}`,
      routing,
      runbookUrl: props.runbookUrl,
      alarmOverrides: {
        LambdaErrorRate: { enabled: false },
        LambdaDurationP99: { enabled: false },
        LambdaThrottles: { evaluationPeriods: 1, datapointsToAlarm: 1 },
        LambdaDurationAnomaly: { severity: AlarmSeverity.INFO },
      },
    });
    monitoring.monitor(fn);
    // The library's one description builder; the last check says where the details are.
    const runbook = (meaning: string, checks: string[]) => runbookDescription({
      meaning,
      checks: [...checks, `details: the verifier's log group ${logGroupName}, or run \`npx cdk-readiness verify-backups --primary-vault <arn> --dr-vault <arn>\``],
      url: props.runbookUrl,
    });
    const metric = (metricName: string, statistic: string, periodHours: number) => new cloudwatch.Metric({
      namespace: METRICS.namespace, metricName, dimensionsMap: { Verifier: name }, statistic, period: Duration.hours(periodHours),
    });
    type AlarmOptions = Omit<cloudwatch.CreateAlarmOptions, 'alarmDescription'> & { description: string };
    const alarm = (alarmId: string, m: cloudwatch.Metric, opts: AlarmOptions) => {
      const a = m.createAlarm(this, alarmId, { ...opts, alarmDescription: opts.description });
      routing.route(a, AlarmSeverity.WARNING);
      this.alarms.push(a);
      return a;
    };
    const twoRuns = { evaluationPeriods: 2, datapointsToAlarm: 2, treatMissingData: cloudwatch.TreatMissingData.IGNORE };
    alarm('RecoveryPointAgeAlarm', metric(METRICS.maxRecoveryPointAge, 'Maximum', intervalHours), {
      ...twoRuns,
      threshold: rpoHours,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: runbook(`A resource's newest completed recovery point has been older than the RPO of ${rpoHours} h in two runs in a row: a disaster now would lose more data than allowed.`,
        ['find the resource in the log (level ERROR, check rpo)', 'AWS Backup > Jobs in the primary region: check whether its backup jobs failed, expired or did not start (plan, selection, start window)', 'start an on-demand backup', 'a deleted resource: exclude it (excludeResourceArns) until its recovery points expire']),
    });
    alarm('CopyLagAlarm', metric(METRICS.maxCopyLag, 'Maximum', intervalHours), {
      ...twoRuns,
      threshold: maxCopyLagHours,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: runbook(`A recovery point has taken more than ${maxCopyLagHours} h to reach the DR vault in two runs in a row: the DR region is behind.`,
        ['AWS Backup > Jobs > Copy jobs in the primary region: failed or slow copy jobs and their status message', 'check the DR vault exists, its access policy and KMS key allow the copy, and the copy retention fits its vault lock', 'copy the recovery point on demand']),
    });
    alarm('IntegrityAlarm', metric(METRICS.resourcesFailed, 'Maximum', intervalHours), {
      ...twoRuns,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: runbook('Resources failed backup checks in two runs in a row: no DR copy, a recovery point not encrypted with the expected key, or an RPO or copy lag breach.',
        ['read the failed checks in the log (level ERROR, message "backup check failed")', 'no DR copy: add or fix the copy action of the plan', 'wrong key: check the vault keys and primaryKeyArns', 'fix, then run verify-backups to confirm']),
    });
    alarm('JobsFailedAlarm', metric(METRICS.jobsFailed, 'Maximum', intervalHours), {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: runbook(`Backup, copy or restore jobs failed, expired or were aborted in the last ${intervalHours} h.`,
        ['read the jobs and their status messages in the log (message "backup job FAILED" and similar)', 'backup job: resource exists, plan role can read it and its key', 'copy job: DR vault access policy, key and vault lock', 'restore job: restore metadata and quotas in the DR region', 're-run the job on demand']),
    });
    alarm('VerificationErrorsAlarm', metric(METRICS.errors, 'Maximum', intervalHours), {
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: runbook('The verifier could not read a vault or a job listing (access denied, vault missing or empty): those backups are unverified.',
        ['read the error in the log (message "could not verify")', 'AccessDenied: the function role or an SCP/vault access policy denies the call', 'NotFound: the vault ARN is wrong or the vault was deleted', 'Empty: no backup has completed into the vault']),
    });
    alarm('HeartbeatAlarm', metric(METRICS.runs, 'Sum', intervalHours), {
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      threshold: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      description: runbook('The backup verifier has not completed a run in two intervals: backups are unverified.',
        ['the function\'s errors and log', 'the schedule rule is enabled', 'invoke the function by hand with {"mode":"verify"}']),
    });
    alarm('FunctionErrorsAlarm', fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }), {
      evaluationPeriods: 1,
      threshold: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: runbook('The backup verifier function failed (an exception or a timeout; throttled invocations raise the LambdaThrottles alarm).',
        ['the error in its log', 'a timeout: too many vaults or recovery points for one run (split primaryVaultArns over two verifiers)', 'VERIFIER_CONFIG errors mean the deployed configuration is invalid: redeploy']),
    });
    if (drills) {
      const daily = { evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.IGNORE };
      alarm('DrillFailedAlarm', metric(METRICS.drillsFailed, 'Maximum', 24), {
        ...daily,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: runbook('A restore drill failed: a DR copy did not restore, the restored resource did not validate, or the restore exceeded the RTO. The backup may not restore in a disaster.',
          ['read the drill in the log (message "restore drill")', 'AWS Backup > Jobs > Restore jobs in the DR region: the status message', 'restore metadata: subnet group and security groups in the DR region (drills.dbSubnetGroupName, vpcSecurityGroupIds)', 'a resource kept by the drill carries the tag cdk-readiness:restore-drill: delete it by hand']),
      });
      alarm('RestoreTimeAlarm', metric(METRICS.maxRestoreTime, 'Maximum', 24), {
        ...daily,
        threshold: rtoHours,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        description: runbook(`A restore drill took longer than the RTO of ${rtoHours} h: a real restore would miss the recovery time objective.`,
          ['the drill and its resource type in the log', 'large databases restore slower: consider read replicas in the DR region, a smaller restore, or a higher RTO', 're-run the drill to confirm']),
      });
    }
    monitoring.dashboard?.addWidgets(new cloudwatch.AlarmStatusWidget({ title: `Backup verification (${name})`, alarms: this.alarms, width: 24 }));
    return monitoring;
  }
}

/** The props checked, with their defaults resolved. */
interface VerifierSettings {
  readonly intervalHours: number;
  readonly rpoHours: number;
  readonly rtoHours: number;
  readonly maxCopyLagHours: number;
  readonly drills?: RestoreDrillOptions;
  readonly drillHours?: number;
  readonly maxDrills: number;
  readonly drillTypes: ProtectedResourceType[];
  readonly name: string;
}

/** What the function may do, and the drills' restore role and configuration when drills are on. */
interface VerifierPermissions {
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly wildcards: string[];
  readonly drillRole?: iam.Role;
  readonly drillConfig: VerifierConfig['drill'];
}

function validateVaults(scope: Construct, props: BackupVerifierProps, region: string): void {
  if (props.primaryVaultArns.length === 0) {
    invalidProp(scope, CONSTRUCT, 'primaryVaultArns', [], 'Give the ARN of at least one vault to verify, e.g. CrossRegionBackup.vault.backupVaultArn of the primary region.');
  }
  const check = (prop: string, arn: string) => {
    if (!Token.isUnresolved(arn) && !VAULT_ARN.test(arn)) {
      invalidProp(scope, CONSTRUCT, prop, arn, 'Give a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>).');
    }
  };
  check('drVaultArn', props.drVaultArn);
  const drRegion = regionOfArn(props.drVaultArn);
  if (drRegion && !Token.isUnresolved(region) && drRegion !== region) {
    invalidProp(scope, CONSTRUCT, 'drVaultArn', props.drVaultArn, `The verifier runs in the DR region: put it in a stack of ${drRegion}, or give the DR vault of ${region}.`);
  }
  props.primaryVaultArns.forEach((arn, i) => {
    check(`primaryVaultArns[${i}]`, arn);
    const r = regionOfArn(arn);
    if (r && !Token.isUnresolved(region) && r === region) {
      invalidProp(scope, CONSTRUCT, `primaryVaultArns[${i}]`, arn, `It is in ${region}, the DR region: a vault in the DR region has no cross-region copy to verify. Give the primary region's vault.`);
    }
  });
}

/** Lambda environment variables are limited to 4 KB in total; tokens count as the longest ARN they become. */
function configSizeErrors(stack: Stack, json: string): string[] {
  const resolved = stack.resolve(json);
  const parts: unknown[] = typeof resolved === 'string' ? [resolved] : resolved['Fn::Join'][1];
  const size = parts.reduce<number>((n, p) => n + (typeof p === 'string' ? p.length : 128), 0);
  return size > 3800
    ? [`${CONSTRUCT}: its configuration is about ${size} bytes, over what fits in the Lambda environment (4 KB). Give fewer excludeResourceArns, primaryKeyArns or drills.metadataOverrides.`]
    : [];
}

function wholeHours(scope: Construct, prop: string, d: Duration, min: number, max: number): number {
  const h = hoursOf(d);
  if (h === undefined) invalidProp(scope, CONSTRUCT, prop, '<token>', 'Give a literal Duration.');
  if (!Number.isInteger(h) || h < min || h > max) invalidProp(scope, CONSTRUCT, prop, d, `Use a whole number of hours from ${min} to ${max}.`);
  return h;
}

function positiveHours(scope: Construct, prop: string, d: Duration | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  const h = hoursOf(d);
  if (h === undefined) invalidProp(scope, CONSTRUCT, prop, '<token>', 'Give a literal Duration.');
  if (!(h > 0)) invalidProp(scope, CONSTRUCT, prop, d, 'Use a positive duration.');
  return h;
}

/**
 * What drills need beyond reading: restore, watch, report, tag, validate and delete their own
 * restores; with the wildcard resources among them as cdk-nag renders them.
 */
function drillStatements(stack: Stack, drillRole: iam.IRole, types: ProtectedResourceType[]):
{ statements: iam.PolicyStatement[]; wildcards: string[] } {
  const wildcards: string[] = [];
  const nag = (v: string, pseudo: string) => (Token.isUnresolved(v) ? `<${pseudo}>` : v);
  const arn = (service: string, resource: string) => {
    wildcards.push(`arn:${nag(stack.partition, 'AWS::Partition')}:${service}:${nag(stack.region, 'AWS::Region')}:${nag(stack.account, 'AWS::AccountId')}:${resource}`);
    return `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
  };
  const hasTag = { Null: { [`aws:ResourceTag/${DRILL_TAG_KEY}`]: 'false' } };
  const onlyDrillTag = { 'ForAllValues:StringEquals': { 'aws:TagKeys': [DRILL_TAG_KEY] } };
  const statements = [
    // GetRecoveryPointRestoreMetadata and StartRestoreJob authorize on the recovery point (IAM
    // resource type recoveryPoint, not the vault), whose ARN is the service's own for RDS, Aurora,
    // DocumentDB, Neptune, EBS and DynamoDB (a snapshot or table backup ARN, EBS without an
    // account); DescribeRestoreJob and PutRestoreValidationResult have no resource-level
    // permissions. What a restore may create is bounded by the drill role, the only role this
    // function can pass, and restores run only from the newest copies in the DR vault.
    new iam.PolicyStatement({
      sid: 'RunRestores',
      actions: ['backup:GetRecoveryPointRestoreMetadata', 'backup:StartRestoreJob', 'backup:DescribeRestoreJob', 'backup:PutRestoreValidationResult'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'PassDrillRoleToBackup',
      actions: ['iam:PassRole'],
      resources: [drillRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    }),
  ];
  // Per type, how IAM confines tagging and deletion to what the drill's own restore created:
  // - RDS, Aurora, DocumentDB, Neptune and DynamoDB: names the drill chose. The restore metadata
  //   names the new instance, cluster or table `cdkr-drill-<hash>` (DBInstanceIdentifier,
  //   DBClusterIdentifier, targetTableName), and these ARNs carry the name, so tagging and deleting
  //   are scoped to that prefix; the tag may only be the drill tag (aws:TagKeys) and deletion needs
  //   it (aws:ResourceTag), so a drill's resource is deleted only once a drill marked it.
  // - EBS and EFS: nothing. Volume and file system ids are assigned by AWS (IAM cannot scope them by
  //   name; EFS's CreationToken has no condition key), and the restore itself (the drill role,
  //   which AWS Backup uses to create them) cannot give them a tag only the drill chooses:
  //   StartRestoreJob's CopySourceTagsToRestoredResource copies the backup's own tags, which the
  //   source resource and any other restore of it carry as well. Tag-on-create conditions
  //   (ec2:CreateAction, elasticfilesystem:CreateAction) would leave the function nothing to tag,
  //   and a tag it may put on an existing volume or file system is one it may put on yours. So the
  //   function may only describe them; drills keep what they restore of these kinds and report it.
  const dbs = types.filter((t) => DB_TYPES.includes(t));
  if (dbs.length > 0) {
    const resources = [
      ...(dbs.includes(ProtectedResourceType.RDS) ? [arn('rds', `db:${DRILL_NAME_PREFIX}*`)] : []),
      ...(dbs.some((t) => t !== ProtectedResourceType.RDS) ? [arn('rds', `cluster:${DRILL_NAME_PREFIX}*`)] : []),
    ];
    statements.push(
      new iam.PolicyStatement({ sid: 'DescribeDrillDatabases', actions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'], resources }),
      new iam.PolicyStatement({ sid: 'TagDrillDatabases', actions: ['rds:AddTagsToResource'], resources, conditions: onlyDrillTag }),
      new iam.PolicyStatement({ sid: 'DeleteTaggedDrillDatabases', actions: ['rds:DeleteDBInstance', 'rds:DeleteDBCluster'], resources, conditions: hasTag }),
    );
  }
  if (types.includes(ProtectedResourceType.DYNAMODB)) {
    const resources = [arn('dynamodb', `table/${DRILL_NAME_PREFIX}*`)];
    statements.push(
      new iam.PolicyStatement({ sid: 'DescribeDrillTables', actions: ['dynamodb:ListTagsOfResource', 'dynamodb:DescribeTable'], resources }),
      new iam.PolicyStatement({ sid: 'TagDrillTables', actions: ['dynamodb:TagResource'], resources, conditions: onlyDrillTag }),
      new iam.PolicyStatement({ sid: 'DeleteTaggedDrillTables', actions: ['dynamodb:DeleteTable'], resources, conditions: hasTag }),
    );
  }
  if (types.includes(ProtectedResourceType.EFS)) {
    statements.push(new iam.PolicyStatement({
      sid: 'DescribeFileSystems', actions: ['elasticfilesystem:DescribeFileSystems'], resources: [arn('elasticfilesystem', 'file-system/*')],
    }));
  }
  if (types.includes(ProtectedResourceType.EBS)) {
    // DescribeVolumes has no resource-level permissions.
    statements.push(new iam.PolicyStatement({ sid: 'DescribeVolumes', actions: ['ec2:DescribeVolumes'], resources: ['*'] }));
  }
  return { statements, wildcards };
}

function acknowledgeFunction(fn: lambda.Function, concurrencyReserved: boolean): void {
  const ack = (id: string, reason: string) => Validations.of(fn).acknowledge({ id, reason });
  ack('AwsSolutions-L1', 'The runtime is pinned (Node.js 22) by this library so templates do not change with the region\'s newest runtime; a newer runtime comes with a library release.');
  const noDeadLetterQueue = 'Invoked asynchronously by EventBridge on a schedule and on restore job events: a failed run is retried by Lambda (twice), an undelivered event by EventBridge (the targets\' retry policy), runs are idempotent, the next scheduled run repeats the work (and finishes drills whose event was lost), and failures raise the FunctionErrors and Heartbeat alarms. Events EventBridge cannot deliver go to the rules\' DeliveryDlq, alarmed on; a function-level queue would only hold invocations the next run repeats.';
  ack('NIST.800.53.R5-LambdaDLQ', noDeadLetterQueue);
  // The library's own rule (MON6) asks the same of functions an event pattern invokes: the drill completions.
  ack('Readiness-MON6', noDeadLetterQueue);
  const outsideVpc = 'The function only calls AWS APIs (AWS Backup in two regions, and for drills RDS, DynamoDB, EFS and EC2 control planes); it reaches no data store over the network, and the cross-region call would need a NAT gateway from a VPC.';
  ack('NIST.800.53.R5-LambdaInsideVPC', outsideVpc);
  ack('cdk-validator-cfnguard::lambda_inside_vpc_check', outsideVpc); // AWS Control Tower CT.LAMBDA.PR.3
  if (!concurrencyReserved) {
    ack('NIST.800.53.R5-LambdaConcurrency', 'Runs are idempotent (drills reuse restore jobs and idempotency tokens), so overlapping runs do no harm; reserving concurrency fails to deploy in accounts at the minimum concurrency limit. Set reservedConcurrentExecutions to reserve it.');
  }
}

/** The wildcards of the policy (cdk-nag's finding per wildcard resource), with why none can be narrower. */
function acknowledgeWildcards(policy: iam.ManagedPolicy, wildcards: string[], drills: boolean): void {
  for (const w of new Set(wildcards)) {
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${w}]`,
      reason: 'Wildcards only where IAM offers nothing narrower: the log streams of the function\'s own log group; ListBackupJobs/ListCopyJobs/ListRestoreJobs, ' +
      'X-Ray writes and ec2:DescribeVolumes have no resource-level permissions' +
      (drills ? '; GetRecoveryPointRestoreMetadata and StartRestoreJob authorize on recovery points, whose ARNs are the services\' own snapshot and backup ARNs (no vault, EBS without an account), DescribeRestoreJob and PutRestoreValidationResult on nothing narrower, and restores are bounded by passing only the drill role; ' +
        'drill databases and tables are scoped to the cdkr-drill- name prefix (tagging them only with the drill tag, deleting them only with it), and file systems are only described (the function may neither tag nor delete a volume or file system)' : '') + '.',
    });
  }
}
