import { IConstruct } from 'constructs';
import { IMPACT_ORDER, impactRank } from './private/impact';
import { RULE_ID_PATTERN } from './private/rule-id';
import { RuleImpact } from './rule-impact';
import { COSTED_BACKUP_TYPES } from '../shared/resource-types';
import { TreeState } from '../shared/tree-state';

/**
 * How a readiness finding is treated.
 */
export enum RuleSeverity {
  /** The finding fails `cdk synth` (and `app.synth()` throws). */
  ERROR = 'error',
  /** The finding is printed and written to the report but does not fail synth. */
  WARNING = 'warning',
  /** The rule is not evaluated at all. */
  OFF = 'off',
}

/**
 * Every knob the constructs and the rules read from a profile.
 */
export interface ReadinessProfileProps {
  /**
   * Name of the profile, as used with `-c readiness:profile=<name>`.
   */
  readonly name: string;

  /**
   * Severity of every rule that has no entry in `severityOverrides` and whose impact is at least
   * `errorImpact`.
   */
  readonly defaultSeverity: RuleSeverity;

  /**
   * The lowest rule impact that gets `defaultSeverity`: findings of rules with a lower impact are
   * warnings at most (never errors). PROD and STAGING use `RuleImpact.HIGH`: critical and high
   * findings fail synth, medium and low ones are warnings. Raise a single rule with
   * `severityOverrides`, or every one with `RuleImpact.LOW`.
   *
   * @default RuleImpact.LOW - every rule gets `defaultSeverity`
   */
  readonly errorImpact?: RuleImpact;

  /**
   * Per-rule severity, keyed by rule id (for example `Readiness-SCL5`).
   *
   * @default - every rule uses `defaultSeverity`
   */
  readonly severityOverrides?: { [ruleId: string]: RuleSeverity };

  /**
   * Stacks must carry an explicit account and region (rule ENV1).
   */
  readonly requireExplicitEnvironment: boolean;

  /**
   * Stacks must have termination protection (rule STA4).
   */
  readonly requireTerminationProtection: boolean;

  /**
   * Stateful resources must be RETAIN or SNAPSHOT on delete and replace (rule STA5).
   */
  readonly requireRetainPolicies: boolean;

  /**
   * Terraform state must be replicated to another region (rule STA2).
   */
  readonly requireStateReplica: boolean;

  /**
   * Every backup rule must copy to another region or an air-gapped vault (rule BAK2).
   */
  readonly requireCrossRegionCopy: boolean;

  /**
   * Backup vaults must be locked (rule BAK4).
   */
  readonly requireVaultLock: boolean;

  /**
   * Minimum retention of a daily recovery point, in days (rule BAK3).
   */
  readonly minBackupRetentionDays: number;

  /**
   * Retention of monthly recovery points, in days; 0 for no monthly rule.
   */
  readonly monthlyBackupRetentionDays: number;

  /**
   * Minimum retention of a cross-region copy, in days (rule BAK3).
   */
  readonly minCopyRetentionDays: number;

  /**
   * Recovery point objective: the newest recovery point may be at most this old, in hours.
   */
  readonly rpoHours: number;

  /**
   * Recovery time objective: a restore drill must finish within this many hours.
   */
  readonly rtoHours: number;

  /**
   * Minimum capacity of every scalable service (rule SCL2).
   */
  readonly minCapacity: number;

  /**
   * Retention of log groups, in days (rule MON5).
   */
  readonly logRetentionDays: number;

  /**
   * Retention of audit logs (CloudTrail log files, AWS Config history) in their S3 bucket, in days.
   *
   * @default 365
   */
  readonly auditLogRetentionDays?: number;

  /**
   * Databases (RDS, Aurora, DocumentDB, Neptune) and DynamoDB tables have deletion protection on
   * (rule STA6).
   *
   * @default true
   */
  readonly requireDeletionProtection?: boolean;

  /**
   * DynamoDB tables have point-in-time recovery on (rule BAK8).
   *
   * @default true
   */
  readonly requirePointInTimeRecovery?: boolean;

  /**
   * S3 buckets that hold data have versioning on (rule BAK8): an overwritten or deleted object
   * can be brought back. Access-log, delivery, canary artifact, Terraform state and CDK asset
   * buckets are not judged.
   *
   * @default true
   */
  readonly requireBucketVersioning?: boolean;

  /**
   * Production-grade redundancy of data stores (rule SCL6): no EFS One Zone file systems and
   * dedicated master nodes for OpenSearch domains. (Multi-AZ databases and caches follow
   * `minCapacity` of 2 or more.)
   *
   * @default true
   */
  readonly requireProductionRedundancy?: boolean;

  /**
   * Deployments without a capacity dip or an all-at-once switch: replica ECS
   * services keep 100 % of their tasks during a deployment, and Lambda functions that serve
   * traffic are shifted to a new version gradually by CodeDeploy, with alarms (rules DEP3, DEP6).
   *
   * @default true
   */
  readonly requireSafeDeployments?: boolean;
  /**
   * Usage assumptions of the monthly cost estimate in the readiness report (backup sizes, event and
   * trace volumes). Each unset knob takes its documented default.
   *
   * @default - the defaults documented on `CostAssumptions`
   */
  readonly costAssumptions?: CostAssumptions;
  /**
   * A monthly budget, in USD, for what readiness measures cost (alarms, dashboards, canaries,
   * security services, backups…). When the estimate exceeds it, the report and the synth summary
   * carry a warning naming the biggest items and the knob that trims each; the score is unchanged.
   *
   * @default - no budget: no warning
   */
  readonly monthlyReadinessBudget?: number;
}

/**
 * Overrides applied on top of an existing profile by {@link ReadinessProfile.extend}.
 */
export interface ReadinessProfileOverrides {
  /** @default - inherited */
  readonly defaultSeverity?: RuleSeverity;
  /** @default - inherited */
  readonly errorImpact?: RuleImpact;
  /**
   * Merged over the inherited overrides.
   * @default - inherited
   */
  readonly severityOverrides?: { [ruleId: string]: RuleSeverity };
  /** @default - inherited */
  readonly requireExplicitEnvironment?: boolean;
  /** @default - inherited */
  readonly requireTerminationProtection?: boolean;
  /** @default - inherited */
  readonly requireRetainPolicies?: boolean;
  /** @default - inherited */
  readonly requireStateReplica?: boolean;
  /** @default - inherited */
  readonly requireCrossRegionCopy?: boolean;
  /** @default - inherited */
  readonly requireVaultLock?: boolean;
  /** @default - inherited */
  readonly minBackupRetentionDays?: number;
  /** @default - inherited */
  readonly monthlyBackupRetentionDays?: number;
  /** @default - inherited */
  readonly minCopyRetentionDays?: number;
  /** @default - inherited */
  readonly rpoHours?: number;
  /** @default - inherited */
  readonly rtoHours?: number;
  /** @default - inherited */
  readonly minCapacity?: number;
  /** @default - inherited */
  readonly logRetentionDays?: number;
  /** @default - inherited */
  readonly auditLogRetentionDays?: number;
  /** @default - inherited */
  readonly requireDeletionProtection?: boolean;
  /** @default - inherited */
  readonly requirePointInTimeRecovery?: boolean;
  /** @default - inherited */
  readonly requireBucketVersioning?: boolean;
  /** @default - inherited */
  readonly requireProductionRedundancy?: boolean;
  /** @default - inherited */
  readonly requireSafeDeployments?: boolean;
  /**
   * Cost assumptions to change; unset knobs are inherited.
   * @default - inherited
   */
  readonly costAssumptions?: CostAssumptions;
  /** @default - inherited */
  readonly monthlyReadinessBudget?: number;
}

/**
 * What the monthly cost estimate assumes about usage it cannot read from the templates. Usage-based
 * items, backups included, are reported as a range: from half to twice their figure at the assumed
 * volumes (a backup's figure: per rule of its plan, the backups the rule keeps, each a full copy for
 * DynamoDB and otherwise the first full and each later one the data changed since the one before).
 */
export interface CostAssumptions {
  /**
   * Data size of one protected resource, in GB, per CloudFormation type (for example
   * `{ 'AWS::RDS::DBInstance': 200 }`); types not listed keep their default.
   *
   * An EC2 instance's size is the sum of the EBS volume sizes its template gives, when it gives them.
   *
   * @default - EBS volume 100, RDS instance 50, Aurora cluster 50, DynamoDB table 10, EFS 50, S3 bucket 50, EC2 instance 30, anything else (FSx, DocumentDB, Neptune) 20
   */
  readonly backupSizeGb?: { [resourceType: string]: number };
  /**
   * Share of a protected resource's data that changes each day, in percent (each daily backup stores the changes).
   * @default 2
   */
  readonly backupDailyChangePercent?: number;
  /**
   * Log data ingested per log group and month, in GB.
   * @default 1
   */
  readonly logGbPerGroupPerMonth?: number;
  /**
   * CloudTrail management events per account and region and month (GuardDuty analyzes them; additional trails copy them).
   * @default 1000000
   */
  readonly managementEventsPerMonth?: number;
  /**
   * VPC flow and DNS logs GuardDuty analyzes per account and region and month, in GB.
   * @default 10
   */
  readonly flowLogGbPerMonth?: number;
  /**
   * Data events a trail with data-event selectors records per month.
   * @default 1000000
   */
  readonly dataEventsPerMonth?: number;
  /**
   * Requests per month that reach each traced resource (Lambda function, API stage, state machine).
   * @default 1000000
   */
  readonly tracedRequestsPerMonth?: number;
  /**
   * Share of requests X-Ray records, in percent (the default sampling rule records about 5 %).
   * @default 5
   */
  readonly traceSamplingPercent?: number;
  /**
   * Configuration items a Config recorder records per month.
   * @default 5000
   */
  readonly configItemsPerMonth?: number;
  /**
   * Evaluations per Config rule per month.
   * @default 1000
   */
  readonly configEvaluationsPerRulePerMonth?: number;
  /**
   * Security checks per enabled Security Hub standard per month.
   * @default 10000
   */
  readonly securityHubChecksPerStandardPerMonth?: number;
  /**
   * Objects in each S3 bucket a backup plan selects (an S3 backup reads each new or changed object
   * with a GET request; the daily change share is `backupDailyChangePercent`).
   * @default 100000
   */
  readonly s3ObjectsPerBucket?: number;
  /**
   * Images pushed per month to each ECR repository that enhanced scanning (Amazon Inspector) scans;
   * each push is one scan.
   * @default 30
   */
  readonly imagePushesPerRepositoryPerMonth?: number;
  /**
   * Rescans per month of the images of each ECR repository under continuous enhanced scanning
   * (Inspector rescans images when new vulnerabilities are published).
   * @default 50
   */
  readonly imageRescansPerRepositoryPerMonth?: number;
}

/** The knobs of `CostAssumptions` (the estimate's defaults cover each one but `backupSizeGb`). */
const COST_KNOBS: readonly string[] = [
  'backupSizeGb', 'backupDailyChangePercent', 'logGbPerGroupPerMonth', 'managementEventsPerMonth', 'flowLogGbPerMonth', 'dataEventsPerMonth',
  'tracedRequestsPerMonth', 'traceSamplingPercent', 'configItemsPerMonth', 'configEvaluationsPerRulePerMonth', 'securityHubChecksPerStandardPerMonth',
  's3ObjectsPerBucket', 'imagePushesPerRepositoryPerMonth', 'imageRescansPerRepositoryPerMonth',
];
/** Knobs that are percentages (at most 100). */
const PERCENT_KNOBS = ['backupDailyChangePercent', 'traceSamplingPercent'];
/** The keys `backupSizeGb` accepts: the types the estimate prices backups of, and `*` for any other. */
const BACKUP_SIZE_KEYS: readonly string[] = [...COSTED_BACKUP_TYPES, '*'];

/** Each cost knob is known, a finite number of 0 or more (percentages at most 100); `backupSizeGb` an object of known type keys. */
function validateCostAssumptions(assumptions: CostAssumptions, fail: (prop: string, value: unknown, fix: string) => never): void {
  for (const [knob, value] of Object.entries(assumptions)) {
    if (!COST_KNOBS.includes(knob)) fail(`costAssumptions.${knob}`, value, `No such knob: use one of ${COST_KNOBS.join(', ')}.`);
    if (value === undefined) continue;
    const amount = (prop: string, v: unknown, max?: number) => {
      if (v !== undefined && !(typeof v === 'number' && v >= 0 && Number.isFinite(v) && (max === undefined || v <= max))) {
        fail(prop, v, max === undefined ? 'Use a number, 0 or more.' : `Use a percentage from 0 to ${max}.`);
      }
    };
    if (knob !== 'backupSizeGb') {
      amount(`costAssumptions.${knob}`, value, PERCENT_KNOBS.includes(knob) ? 100 : undefined);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail('costAssumptions.backupSizeGb', value, 'Use an object of GB per CloudFormation type, for example { \'AWS::RDS::DBInstance\': 200 }.');
    }
    for (const [type, gb] of Object.entries(value as Record<string, unknown>)) {
      if (!BACKUP_SIZE_KEYS.includes(type)) {
        fail(`costAssumptions.backupSizeGb['${type}']`, gb, `No backup of that type is priced: use one of ${BACKUP_SIZE_KEYS.join(', ')}.`);
      }
      amount(`costAssumptions.backupSizeGb['${type}']`, gb);
    }
  }
}

/** CloudWatch Logs accepts only these retention values (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const SEVERITIES: string[] = Object.values(RuleSeverity);

/**
 * Where a profile was applied in code: on the construct itself, under a well-known key, so a
 * profile applied through one loaded copy of this library is seen by every other copy.
 */
const APPLIED = new TreeState<ReadinessProfile>('readiness-profile');

/**
 * Environment-specific readiness settings: DEV, STAGING and PROD presets, or your own.
 *
 * A profile is chosen per app or per Stage, in code (`ReadinessProfile.PROD.applyTo(stage)`)
 * or with CDK context (`cdk synth -c readiness:profile=prod`). Every construct of this library
 * and every rule of `ReadinessChecks` reads the profile of the stack it is in.
 */
export class ReadinessProfile {
  /**
   * The CDK context key that names the profile: `cdk synth -c readiness:profile=prod`.
   */
  public static readonly CONTEXT_KEY = 'readiness:profile';

  /**
   * Development: everything is reported as a warning and nothing fails synth, except deployment
   * alarms on a service ECS will reject them for (Readiness-DEP2), which fail the deployment itself.
   */
  public static readonly DEV = new ReadinessProfile({
    name: 'dev',
    defaultSeverity: RuleSeverity.WARNING,
    errorImpact: RuleImpact.LOW,
    // ECS rejects deployment alarms on a CodeDeploy or external controller at deploy time: an error even in DEV.
    severityOverrides: { 'Readiness-DEP2': RuleSeverity.ERROR },
    requireExplicitEnvironment: false,
    requireTerminationProtection: false,
    // Still judged in DEV (as a warning): a table set to DESTROY in dev is one promotion away from prod.
    requireRetainPolicies: true,
    requireStateReplica: false,
    requireCrossRegionCopy: false,
    requireVaultLock: false,
    minBackupRetentionDays: 7,
    monthlyBackupRetentionDays: 0,
    minCopyRetentionDays: 7,
    rpoHours: 24,
    rtoHours: 24,
    minCapacity: 1,
    logRetentionDays: 14,
    auditLogRetentionDays: 90,
    requireDeletionProtection: false,
    requirePointInTimeRecovery: false,
    requireBucketVersioning: false,
    requireProductionRedundancy: false,
    requireSafeDeployments: false,
  });

  /**
   * Staging: production-like data protection and monitoring, single region; critical and high
   * findings are errors, medium and low ones warnings, except a missing failover experiment
   * (Readiness-SCL5), an error: experiments are run in staging first.
   */
  public static readonly STAGING = new ReadinessProfile({
    name: 'staging',
    defaultSeverity: RuleSeverity.ERROR,
    errorImpact: RuleImpact.HIGH,
    severityOverrides: { 'Readiness-SCL5': RuleSeverity.ERROR },
    requireExplicitEnvironment: true,
    requireTerminationProtection: false,
    requireRetainPolicies: true,
    requireStateReplica: false,
    requireCrossRegionCopy: false,
    requireVaultLock: false,
    minBackupRetentionDays: 14,
    monthlyBackupRetentionDays: 90,
    minCopyRetentionDays: 14,
    rpoHours: 24,
    rtoHours: 8,
    minCapacity: 2,
    logRetentionDays: 90,
    auditLogRetentionDays: 365,
    requireDeletionProtection: true,
    // Staging data is rebuilt from production or fixtures: AWS Backup's daily points are enough there.
    requirePointInTimeRecovery: false,
    // Versioning costs only the old versions kept, and S3 has no other undo for an overwrite.
    requireBucketVersioning: true,
    requireProductionRedundancy: false,
    requireSafeDeployments: false,
  });

  /**
   * Production: cross-region copies, vault lock, termination protection, RETAIN everywhere,
   * at least two tasks per service; critical and high findings fail synth, medium and low ones
   * are warnings (a missing failover experiment, Readiness-SCL5, and gradual Lambda shifting,
   * Readiness-DEP6, included).
   */
  public static readonly PROD = new ReadinessProfile({
    name: 'prod',
    defaultSeverity: RuleSeverity.ERROR,
    errorImpact: RuleImpact.HIGH,
    // Fault-injection experiments are run in staging first (an error there); in production running
    // them is a deliberate decision, so a missing experiment is reported, not blocking.
    // Gradual Lambda traffic shifting (DEP5's CodeDeploy part is DEP6) is a warning: an alias alone
    // already gives a one-command rollback, and canaries need steady traffic to mean anything.
    // A service-managed StackSet leaving the management account out is often intended (it runs no workloads): reported, not blocking.
    severityOverrides: { 'Readiness-SCL5': RuleSeverity.WARNING, 'Readiness-DEP6': RuleSeverity.WARNING },
    requireExplicitEnvironment: true,
    requireTerminationProtection: true,
    requireRetainPolicies: true,
    requireStateReplica: true,
    requireCrossRegionCopy: true,
    requireVaultLock: true,
    minBackupRetentionDays: 35,
    monthlyBackupRetentionDays: 365,
    minCopyRetentionDays: 35,
    rpoHours: 24,
    rtoHours: 4,
    minCapacity: 2,
    logRetentionDays: 365,
    // Seven years: the longest retention common audit regimes ask of account activity logs.
    auditLogRetentionDays: 2557,
    requireDeletionProtection: true,
    requirePointInTimeRecovery: true,
    requireBucketVersioning: true,
    requireProductionRedundancy: true,
    requireSafeDeployments: true,
  });

  /**
   * The built-in profiles, by name.
   */
  public static builtIns(): ReadinessProfile[] {
    return [ReadinessProfile.DEV, ReadinessProfile.STAGING, ReadinessProfile.PROD];
  }

  /**
   * A built-in profile by name (`dev`, `staging`, `prod`; case-insensitive).
   *
   * @throws if the name is not a built-in profile; the message lists the valid names.
   */
  public static fromName(name: string): ReadinessProfile {
    const wanted = String(name).trim().toLowerCase();
    const found = ReadinessProfile.builtIns().find((p) => p.name === wanted);
    if (!found) {
      const valid = ReadinessProfile.builtIns().map((p) => p.name).join(', ');
      throw new Error(
        `Unknown readiness profile '${name}' (from context '${ReadinessProfile.CONTEXT_KEY}' or ReadinessProfile.fromName). ` +
          `Valid profiles: ${valid}. Use one of them (for example \`cdk synth -c ${ReadinessProfile.CONTEXT_KEY}=prod\`), ` +
          'or build your own with ReadinessProfile.custom() / PROD.extend() and apply it with profile.applyTo(app).',
      );
    }
    return found;
  }

  /**
   * A profile of your own, with every knob given.
   */
  public static custom(props: ReadinessProfileProps): ReadinessProfile {
    return new ReadinessProfile(props);
  }

  /**
   * The profile in force for a construct: the nearest profile applied in code with
   * `applyTo()` on the construct or one of its scopes, else the `readiness:profile`
   * context value, else PROD (the strictest; rule ENV1 then reports that none was declared).
   */
  public static of(scope: IConstruct): ReadinessProfile {
    return ReadinessProfile.lookup(scope) ?? ReadinessProfile.PROD;
  }

  /**
   * Whether a profile was declared for the construct, in code or by context.
   */
  public static isDeclared(scope: IConstruct): boolean {
    return ReadinessProfile.lookup(scope) !== undefined;
  }

  /**
   * A profile applied through another loaded copy of this library is an instance of that copy's
   * class: rebuild it as one of ours from its plain props (a built-in preset stays the preset).
   */
  private static ownCopy(applied: ReadinessProfile): ReadinessProfile {
    if (applied instanceof ReadinessProfile) return applied;
    const props = (applied as ReadinessProfile).toProps(); // another copy's instance: same shape, other class
    const builtIn = ReadinessProfile.builtIns().find((p) => p.name === props.name);
    if (builtIn && JSON.stringify(builtIn.toProps()) === JSON.stringify(props)) return builtIn;
    return new ReadinessProfile(props);
  }

  private static lookup(scope: IConstruct): ReadinessProfile | undefined {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      const applied = APPLIED.get(c);
      if (applied) return ReadinessProfile.ownCopy(applied);
    }
    const fromContext = scope.node.tryGetContext(ReadinessProfile.CONTEXT_KEY);
    if (fromContext === undefined || fromContext === null || fromContext === '') return undefined;
    if (typeof fromContext !== 'string') {
      throw new Error(
        `Context '${ReadinessProfile.CONTEXT_KEY}' must be a profile name, got ${JSON.stringify(fromContext)}. ` +
          `Valid profiles: ${ReadinessProfile.builtIns().map((p) => p.name).join(', ')}.`,
      );
    }
    return ReadinessProfile.fromName(fromContext);
  }

  /** Name of the profile. */
  public readonly name: string;
  /** Severity of rules without an override whose impact is at least `errorImpact`. */
  public readonly defaultSeverity: RuleSeverity;
  /** The lowest impact that gets `defaultSeverity`; lower impacts are warnings at most. */
  public readonly errorImpact: RuleImpact;
  /** Stacks must carry an explicit account and region. */
  public readonly requireExplicitEnvironment: boolean;
  /** Stacks must have termination protection. */
  public readonly requireTerminationProtection: boolean;
  /** Stateful resources must be RETAIN or SNAPSHOT. */
  public readonly requireRetainPolicies: boolean;
  /** Terraform state must be replicated to another region. */
  public readonly requireStateReplica: boolean;
  /** Backups must be copied to another region or an air-gapped vault. */
  public readonly requireCrossRegionCopy: boolean;
  /** Backup vaults must be locked. */
  public readonly requireVaultLock: boolean;
  /** Minimum retention of daily recovery points, in days. */
  public readonly minBackupRetentionDays: number;
  /** Retention of monthly recovery points, in days (0: none). */
  public readonly monthlyBackupRetentionDays: number;
  /** Minimum retention of cross-region copies, in days. */
  public readonly minCopyRetentionDays: number;
  /** Recovery point objective, in hours. */
  public readonly rpoHours: number;
  /** Recovery time objective, in hours. */
  public readonly rtoHours: number;
  /** Minimum capacity of scalable services. */
  public readonly minCapacity: number;
  /** Retention of log groups, in days. */
  public readonly logRetentionDays: number;
  /** Retention of audit logs in S3, in days. */
  public readonly auditLogRetentionDays: number;
  /** Databases and DynamoDB tables have deletion protection on. */
  public readonly requireDeletionProtection: boolean;
  /** DynamoDB tables have point-in-time recovery on. */
  public readonly requirePointInTimeRecovery: boolean;
  /** S3 buckets that hold data are versioned. */
  public readonly requireBucketVersioning: boolean;
  /** No EFS One Zone file systems; dedicated OpenSearch masters. */
  public readonly requireProductionRedundancy: boolean;
  /** No capacity dip during ECS deployments; gradual, alarmed traffic shifting for Lambda. */
  public readonly requireSafeDeployments: boolean;

  /** Usage assumptions of the cost estimate (unset knobs take their defaults). */
  public readonly costAssumptions: CostAssumptions;
  /** Monthly budget for readiness measures, in USD; undefined when none. */
  public readonly monthlyReadinessBudget?: number;
  private readonly overrides: { [ruleId: string]: RuleSeverity };

  private constructor(props: ReadinessProfileProps) {
    validateProps(props);
    this.name = props.name;
    this.defaultSeverity = props.defaultSeverity;
    this.errorImpact = props.errorImpact ?? RuleImpact.LOW;
    this.overrides = { ...(props.severityOverrides ?? {}) };
    this.requireExplicitEnvironment = props.requireExplicitEnvironment;
    this.requireTerminationProtection = props.requireTerminationProtection;
    this.requireRetainPolicies = props.requireRetainPolicies;
    this.requireStateReplica = props.requireStateReplica;
    this.requireCrossRegionCopy = props.requireCrossRegionCopy;
    this.requireVaultLock = props.requireVaultLock;
    this.minBackupRetentionDays = props.minBackupRetentionDays;
    this.monthlyBackupRetentionDays = props.monthlyBackupRetentionDays;
    this.minCopyRetentionDays = props.minCopyRetentionDays;
    this.rpoHours = props.rpoHours;
    this.rtoHours = props.rtoHours;
    this.minCapacity = props.minCapacity;
    this.logRetentionDays = props.logRetentionDays;
    this.auditLogRetentionDays = props.auditLogRetentionDays ?? 365;
    this.requireDeletionProtection = props.requireDeletionProtection ?? true;
    this.requirePointInTimeRecovery = props.requirePointInTimeRecovery ?? true;
    this.requireBucketVersioning = props.requireBucketVersioning ?? true;
    this.requireProductionRedundancy = props.requireProductionRedundancy ?? true;
    this.requireSafeDeployments = props.requireSafeDeployments ?? true;
    this.costAssumptions = { ...(props.costAssumptions ?? {}) };
    this.monthlyReadinessBudget = props.monthlyReadinessBudget;
  }

  /**
   * Per-rule severity overrides of this profile.
   */
  public get severityOverrides(): { [ruleId: string]: RuleSeverity } {
    return { ...this.overrides };
  }

  /**
   * The severity this profile gives a rule: its entry in `severityOverrides`, else
   * `defaultSeverity` when the rule's impact is at least `errorImpact`, else the lower of
   * `defaultSeverity` and WARNING.
   *
   * @param ruleId the rule's id, for example `Readiness-BAK1`
   * @param impact the rule's impact (`ReadinessChecks.rules()` lists it)
   * @default impact - the rule is judged as if its impact were at least `errorImpact`
   */
  public severityOf(ruleId: string, impact?: RuleImpact): RuleSeverity {
    const override = this.overrides[ruleId];
    if (override !== undefined) return override;
    if (impact === undefined || impactRank(impact) >= impactRank(this.errorImpact)) return this.defaultSeverity;
    return this.defaultSeverity === RuleSeverity.ERROR ? RuleSeverity.WARNING : this.defaultSeverity;
  }

  /**
   * A new profile based on this one, with some knobs changed.
   *
   * @param name name of the new profile
   */
  public extend(name: string, overrides: ReadinessProfileOverrides): ReadinessProfile {
    return new ReadinessProfile({
      ...this.toProps(),
      ...stripUndefined(overrides),
      name,
      severityOverrides: { ...this.overrides, ...(overrides.severityOverrides ?? {}) },
      costAssumptions: { ...this.costAssumptions, ...stripUndefined(overrides.costAssumptions ?? {}) },
    });
  }

  /**
   * Use this profile for a construct and everything below it (an App, a Stage or a Stack).
   * A profile applied closer to a resource wins over one applied higher up and over context.
   */
  public applyTo(scope: IConstruct): void {
    const applied = APPLIED.get(scope);
    const existing = applied && ReadinessProfile.ownCopy(applied);
    if (existing && existing !== this) {
      throw new Error(
        `Construct '${scope.node.path || '<app>'}' already uses readiness profile '${existing.name}'; ` +
          `cannot also apply '${this.name}'. Apply one profile per App, Stage or Stack.`,
      );
    }
    APPLIED.set(scope, this);
  }

  /**
   * The knobs of this profile as plain props.
   */
  public toProps(): ReadinessProfileProps {
    return {
      name: this.name,
      defaultSeverity: this.defaultSeverity,
      errorImpact: this.errorImpact,
      severityOverrides: this.severityOverrides,
      requireExplicitEnvironment: this.requireExplicitEnvironment,
      requireTerminationProtection: this.requireTerminationProtection,
      requireRetainPolicies: this.requireRetainPolicies,
      requireStateReplica: this.requireStateReplica,
      requireCrossRegionCopy: this.requireCrossRegionCopy,
      requireVaultLock: this.requireVaultLock,
      minBackupRetentionDays: this.minBackupRetentionDays,
      monthlyBackupRetentionDays: this.monthlyBackupRetentionDays,
      minCopyRetentionDays: this.minCopyRetentionDays,
      rpoHours: this.rpoHours,
      rtoHours: this.rtoHours,
      minCapacity: this.minCapacity,
      logRetentionDays: this.logRetentionDays,
      auditLogRetentionDays: this.auditLogRetentionDays,
      requireDeletionProtection: this.requireDeletionProtection,
      requirePointInTimeRecovery: this.requirePointInTimeRecovery,
      requireBucketVersioning: this.requireBucketVersioning,
      requireProductionRedundancy: this.requireProductionRedundancy,
      requireSafeDeployments: this.requireSafeDeployments,
      // Only when set, so the props of the built-in presets stay as they were.
      ...(Object.keys(this.costAssumptions).length > 0 ? { costAssumptions: { ...this.costAssumptions } } : {}),
      ...(this.monthlyReadinessBudget !== undefined ? { monthlyReadinessBudget: this.monthlyReadinessBudget } : {}),
    };
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateProps(props: ReadinessProfileProps): void {
  const fail = (prop: string, value: unknown, fix: string): never => {
    // A number prints as itself (JSON.stringify would print NaN and Infinity as null).
    throw new Error(`ReadinessProfile '${props.name}': invalid ${prop} ${typeof value === 'number' ? String(value) : JSON.stringify(value)}. ${fix}`);
  };
  if (typeof props.name !== 'string' || !NAME_PATTERN.test(props.name)) {
    fail('name', props.name, 'Use 1-32 lowercase letters, digits or dashes, starting with a letter (for example "prod-eu").');
  }
  if (props.errorImpact !== undefined && !IMPACT_ORDER.includes(props.errorImpact)) {
    fail('errorImpact', props.errorImpact, `Use one of RuleImpact: ${IMPACT_ORDER.join(', ')}.`);
  }
  if (!SEVERITIES.includes(props.defaultSeverity)) {
    fail('defaultSeverity', props.defaultSeverity, `Use one of RuleSeverity: ${SEVERITIES.join(', ')}.`);
  }
  for (const [ruleId, severity] of Object.entries(props.severityOverrides ?? {})) {
    if (!RULE_ID_PATTERN.test(ruleId)) {
      fail('severityOverrides key', ruleId, 'Keys are rule ids such as "Readiness-BAK1".');
    }
    if (!SEVERITIES.includes(severity)) {
      fail(`severityOverrides['${ruleId}']`, severity, `Use one of RuleSeverity: ${SEVERITIES.join(', ')}.`);
    }
  }
  const wholeDays: Array<[string, number, number]> = [
    ['minBackupRetentionDays', props.minBackupRetentionDays, 1],
    ['monthlyBackupRetentionDays', props.monthlyBackupRetentionDays, 0],
    ['minCopyRetentionDays', props.minCopyRetentionDays, 1],
    ['rpoHours', props.rpoHours, 1],
    ['rtoHours', props.rtoHours, 1],
    ['minCapacity', props.minCapacity, 1],
    ['auditLogRetentionDays', props.auditLogRetentionDays ?? 365, 1],
  ];
  for (const [prop, value, min] of wholeDays) {
    if (!Number.isInteger(value) || value < min) {
      fail(prop, value, `Use a whole number of at least ${min}.`);
    }
  }
  if (props.monthlyBackupRetentionDays > 0 && props.monthlyBackupRetentionDays < props.minBackupRetentionDays) {
    fail('monthlyBackupRetentionDays', props.monthlyBackupRetentionDays,
      `Monthly recovery points must be kept at least as long as daily ones (minBackupRetentionDays = ${props.minBackupRetentionDays}), or 0 for none.`);
  }
  if (props.monthlyReadinessBudget !== undefined && !(typeof props.monthlyReadinessBudget === 'number' && props.monthlyReadinessBudget >= 0 && Number.isFinite(props.monthlyReadinessBudget))) {
    fail('monthlyReadinessBudget', props.monthlyReadinessBudget, 'Use a number of US dollars per month, 0 or more (for example 250).');
  }
  validateCostAssumptions(props.costAssumptions ?? {}, fail);
  if (!LOG_RETENTION_DAYS.includes(props.logRetentionDays)) {
    fail('logRetentionDays', props.logRetentionDays, `CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(', ')}.`);
  }
}
