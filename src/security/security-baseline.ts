import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { AlarmRouting } from '../monitoring/alarm-routing';
import { ReadinessProfile } from '../profile';
import { InspectorEnablement } from './inspector-enablement';
import { CIS_ALARMS } from './private/cis-alarms';
import { DECLARATION_TAG_KEY, DECLARATION_TAG_VALUE, DECLARED, DeclarationValue } from '../shared/security-declaration';
import { acknowledgeWildcards, allowLogsToUse } from './private/helpers';
import {
  AccessAnalyzerOptions, AuditTrailOptions, ConfigRecorderOptions, ConfigRecordingFrequency, EcrScanFrequency, EcrScanningOptions, EcrScanType,
  FindingPublishingFrequency, GuardDutyFeature, GuardDutyOptions, GuardDutyRuntimeAgent, InspectorOptions, InspectorScanType, SecurityHubOptions,
  ServiceMode,
} from './security-baseline-options';
import { SecurityHubStandard } from './security-hub-standard';
import { FindingSeverity, FindingSource, SecurityIncidentRouting } from './security-incident-routing';
import { restrictGrantsToAwsServices } from '../shared/key-grants';
import { pascalCase } from '../shared/naming';
import { runbookDescription } from '../shared/runbook-text';
import { TreeState } from '../shared/tree-state';
import { daysOf, invalidProp } from '../shared/validation';
import { accessLogBucket, acknowledgeUnwatchedBucket, enableAccessLogs, hardenedStateBucketProps } from '../state/private/hardened-bucket';

const CONSTRUCT = 'SecurityBaseline';
const MODES = Object.values(ServiceMode) as string[];
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]$/;

/**
 * Incident routing of the baseline: findings at or above a severity to a topic and responders.
 */
export interface IncidentRoutingOptions {
  /**
   * Who routes findings here: `PROVIDED` where the organization's security account collects and
   * routes findings centrally.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * Findings of this severity and above are routed.
   *
   * @default FindingSeverity.HIGH
   */
  readonly minimumSeverity?: FindingSeverity;

  /**
   * Topic the findings go to.
   *
   * @default - a new topic encrypted with a new customer managed key, TLS only
   */
  readonly topic?: sns.ITopic;

  /**
   * A function invoked with every routed finding.
   *
   * @default - none
   */
  readonly responseFunction?: lambda.IFunction;

  /**
   * ARN of an Incident Manager response plan started for every routed finding.
   *
   * @default - none
   */
  readonly responsePlanArn?: string;
}

/**
 * Props of SecurityBaseline. Every service defaults to `ServiceMode.ENABLE`.
 */
export interface SecurityBaselineProps {
  /** @default - GuardDuty enabled with every protection plan */
  readonly guardDuty?: GuardDutyOptions;
  /** @default - Security Hub with AWS Foundational Security Best Practices and CIS v3.0.0 */
  readonly securityHub?: SecurityHubOptions;
  /** @default - a recorder of every resource type, delivery to the audit log bucket, the conformance pack */
  readonly config?: ConfigRecorderOptions;
  /** @default - Inspector scanning EC2, ECR and Lambda */
  readonly inspector?: InspectorOptions;
  /** @default - enhanced continuous scanning of every repository */
  readonly ecrScanning?: EcrScanningOptions;
  /** @default - a multi-region trail with log file validation, KMS, CloudWatch Logs and CIS alarms */
  readonly cloudTrail?: AuditTrailOptions;
  /** @default - an account analyzer of external access */
  readonly accessAnalyzer?: AccessAnalyzerOptions;
  /** @default - HIGH and CRITICAL findings of the enabled sources to a new encrypted topic */
  readonly incidentRouting?: IncidentRoutingOptions;

  /**
   * The routing the CIS alarms go through.
   *
   * @default - `AlarmRouting.of(this)`, the stack's shared routing
   */
  readonly alarmRouting?: AlarmRouting;

  /**
   * Where responders find the incident-response runbook: in every alarm description and
   * finding notification.
   *
   * @default - the runbook text of this construct only
   */
  readonly runbookUrl?: string;
}

/**
 * Baselines per `<account>|<region>`, kept on the app root (every loaded copy of the library sees
 * them): a second one in the same environment fails to deploy.
 */
const ENVIRONMENTS = new TreeState<Map<string, string>>('security-baselines');

/**
 * The security baseline of an account and region, answering the audit's Security & Compliance
 * gaps: threat detection (GuardDuty), compliance monitoring (Security Hub standards, AWS Config
 * with a conformance pack), vulnerability management (Inspector, ECR scanning), audit logging (a
 * multi-region CloudTrail with log file validation, KMS, CloudWatch Logs and the CIS metric-filter
 * alarms), IAM Access Analyzer, and incident routing of high-severity findings.
 *
 * GuardDuty, Security Hub, Config, Inspector, ECR scanning and Access Analyzer are regional: add a
 * baseline to a stack in every region the app deploys to (rules Readiness-SEC1, SEC3 and SEC4
 * check each). The trail is multi-region: give the baselines of the other regions
 * `cloudTrail: { mode: ServiceMode.PROVIDED }`. Where the organization already runs a service,
 * declare it `PROVIDED`: nothing is created for it (a second detector, hub or recorder fails the
 * deployment) and the checks count it as present.
 */
export class SecurityBaseline extends Construct {
  /** The GuardDuty detector, when this baseline creates it. */
  public readonly detector?: guardduty.CfnDetector;
  /** The Security Hub subscription, when this baseline creates it. */
  public readonly hub?: securityhub.CfnHub;
  /** The Config recorder, when this baseline creates it. */
  public readonly configRecorder?: config.CfnConfigurationRecorder;
  /** The conformance pack, when deployed. */
  public readonly conformancePack?: config.CfnConformancePack;
  /** The Inspector enablement, when this baseline enables Inspector. */
  public readonly inspector?: InspectorEnablement;
  /** The trail, when this baseline creates it. */
  public readonly trail?: cloudtrail.Trail;
  /** The bucket holding CloudTrail log files and Config history (RETAIN), when created. */
  public readonly auditLogBucket?: s3.IBucket;
  /** The key encrypting audit logs (RETAIN), when created. */
  public readonly auditLogKey?: kms.IKey;
  /** The CIS metric-filter alarms. */
  public readonly cisAlarms: cloudwatch.Alarm[] = [];
  /** The incident routing of findings, when this baseline routes them. */
  public readonly incidentRouting?: SecurityIncidentRouting;
  /** The services declared as provided by the organization or already set up. */
  public readonly provided: string[];

  private readonly profile: ReadinessProfile;

  constructor(scope: Construct, id: string, props: SecurityBaselineProps = {}) {
    super(scope, id);
    this.profile = ReadinessProfile.of(this);
    const stack = Stack.of(this);
    const m = {
      guardDuty: this.modeOf('guardDuty', props.guardDuty),
      securityHub: this.modeOf('securityHub', props.securityHub),
      config: this.modeOf('config', props.config),
      inspector: this.modeOf('inspector', props.inspector),
      ecrScanning: this.modeOf('ecrScanning', props.ecrScanning),
      cloudTrail: this.modeOf('cloudTrail', props.cloudTrail),
      accessAnalyzer: this.modeOf('accessAnalyzer', props.accessAnalyzer),
      incidentRouting: this.modeOf('incidentRouting', props.incidentRouting),
    };
    this.rejectSettingsWhenNotEnabled(m, props);
    if (props.runbookUrl !== undefined && !Token.isUnresolved(props.runbookUrl) && !/^https:\/\/\S+$/.test(props.runbookUrl)) {
      invalidProp(this, CONSTRUCT, 'runbookUrl', props.runbookUrl, 'Give an https:// URL.');
    }
    this.claimEnvironment(stack);

    this.provided = (Object.keys(m) as Array<keyof typeof m>).filter((k) => m[k] === ServiceMode.PROVIDED).map((k) => DECLARED[k]).sort();

    const needsAuditStore = m.cloudTrail === ServiceMode.ENABLE || m.config === ServiceMode.ENABLE;
    if (needsAuditStore) {
      this.auditLogKey = this.createAuditKey(stack);
      this.auditLogBucket = this.createAuditBucket(props.cloudTrail);
    }
    if (m.cloudTrail === ServiceMode.ENABLE) this.trail = this.createTrail(props.cloudTrail ?? {}, props);
    if (m.guardDuty === ServiceMode.ENABLE) this.detector = this.createDetector(props.guardDuty ?? {});
    if (m.securityHub === ServiceMode.ENABLE) this.hub = this.createSecurityHub(props.securityHub ?? {});
    let recorderParts: IConstruct[] = [];
    if (m.config === ServiceMode.ENABLE) {
      recorderParts = this.createConfig(stack, props.config ?? {}, m.cloudTrail === ServiceMode.ENABLE);
      this.configRecorder = recorderParts[0] as config.CfnConfigurationRecorder;
    }
    const scanTypes = props.inspector?.scanTypes ?? [InspectorScanType.EC2, InspectorScanType.ECR, InspectorScanType.LAMBDA];
    if (m.inspector === ServiceMode.ENABLE) {
      this.inspector = new InspectorEnablement(this, 'Inspector', {
        scanTypes,
        removalBehavior: props.inspector?.removalBehavior,
        logEncryptionKey: this.auditLogKey,
        alarmRouting: props.alarmRouting,
      });
    }
    if (m.config !== ServiceMode.OFF && props.config?.conformancePack !== false) {
      this.conformancePack = this.createConformancePack(m, scanTypes, props.config?.recordGlobalResources ?? m.cloudTrail === ServiceMode.ENABLE);
      for (const part of recorderParts) this.conformancePack.node.addDependency(part);
    }
    if (m.ecrScanning === ServiceMode.ENABLE) {
      this.createEcrScanning(props.ecrScanning ?? {}, m.inspector === ServiceMode.ENABLE && scanTypes.includes(InspectorScanType.ECR));
    }
    if (m.accessAnalyzer === ServiceMode.ENABLE) {
      new accessanalyzer.CfnAnalyzer(this, 'AccessAnalyzer', { type: 'ACCOUNT' });
    }
    if (m.incidentRouting === ServiceMode.ENABLE) {
      const sources: FindingSource[] = [
        ...(m.guardDuty !== ServiceMode.OFF ? [FindingSource.GUARDDUTY] : []),
        ...(m.securityHub !== ServiceMode.OFF ? [FindingSource.SECURITY_HUB] : []),
        ...(m.inspector !== ServiceMode.OFF ? [FindingSource.INSPECTOR] : []),
      ];
      if (sources.length > 0) {
        const r = props.incidentRouting ?? {};
        this.incidentRouting = new SecurityIncidentRouting(this, 'IncidentRouting', {
          sources,
          minimumSeverity: r.minimumSeverity,
          topic: r.topic,
          responseFunction: r.responseFunction,
          responsePlanArn: r.responsePlanArn,
          runbookUrl: props.runbookUrl,
        });
      }
    }
    if (this.provided.length > 0) {
      const value: DeclarationValue = { schema: 1, provided: this.provided };
      new ssm.CfnParameter(this, 'ProvidedServices', {
        type: 'String',
        value: JSON.stringify(value),
        description: `Security services of this account and region that ${this.node.path} declares as provided by the organization or already set up`,
        tags: { [DECLARATION_TAG_KEY]: DECLARATION_TAG_VALUE },
      });
    }
  }

  private modeOf(prop: string, options: { readonly mode?: ServiceMode } | undefined): ServiceMode {
    const mode = options?.mode ?? ServiceMode.ENABLE;
    if (!MODES.includes(mode)) invalidProp(this, CONSTRUCT, `${prop}.mode`, mode, `Use one of ServiceMode: ${MODES.join(', ')}.`);
    return mode;
  }

  /** Settings of a service only apply when the baseline creates it. */
  private rejectSettingsWhenNotEnabled(m: Record<string, ServiceMode>, props: SecurityBaselineProps): void {
    const settings: Record<string, string[]> = {
      guardDuty: ['features', 'runtimeMonitoringAgents', 'findingPublishingFrequency'],
      securityHub: ['standards', 'findingAggregator'],
      config: ['recordGlobalResources', 'recordingFrequency'],
      inspector: ['scanTypes', 'removalBehavior'],
      ecrScanning: ['scanType', 'frequency', 'repositoryFilters'],
      cloudTrail: ['retention', 'logGroupRetentionDays', 'cisAlarms'],
      incidentRouting: ['minimumSeverity', 'topic', 'responseFunction', 'responsePlanArn'],
    };
    for (const [service, keys] of Object.entries(settings)) {
      if (m[service] === ServiceMode.ENABLE) continue;
      const options = (props as Record<string, any>)[service] ?? {};
      const given = keys.filter((k) => options[k] !== undefined);
      if (given.length > 0) {
        invalidProp(this, CONSTRUCT, `${service}.${given[0]}`, options[given[0]],
          `${service} is ${m[service]}: this baseline does not set it up, so its settings (${given.join(', ')}) would be ignored. Remove them, or use mode ServiceMode.ENABLE.`);
      }
    }
  }

  private claimEnvironment(stack: Stack): void {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) return;
    const root = this.node.root;
    let envs = ENVIRONMENTS.get(root);
    if (!envs) ENVIRONMENTS.set(root, (envs = new Map()));
    const key = `${stack.account}|${stack.region}`;
    const other = envs.get(key);
    if (other) {
      throw new Error(`${CONSTRUCT} '${this.node.path}': account ${stack.account} in ${stack.region} already has a SecurityBaseline ('${other}'). ` +
        'There is one GuardDuty detector, Security Hub subscription and Config recorder per account and region: keep one baseline per account and region.');
    }
    envs.set(key, this.node.path);
  }

  private createAuditKey(stack: Stack): kms.Key {
    const key = restrictGrantsToAwsServices(new kms.Key(this, 'AuditLogKey', {
      description: `Encrypts the audit logs (CloudTrail, AWS Config, handler logs) of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    }));
    const trailArns = `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`;
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArns },
      },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeKey',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    allowLogsToUse(key, stack);
    return key;
  }

  private createAuditBucket(trail: AuditTrailOptions | undefined): s3.Bucket {
    const retentionDays = daysOf(trail?.retention) ?? this.profile.auditLogRetentionDays;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      invalidProp(this, CONSTRUCT, 'cloudTrail.retention', trail?.retention, 'Give a whole number of days, at least 1.');
    }
    const accessLogs = accessLogBucket(this, 'AuditLogAccessLogs', Math.min(retentionDays, 365), {
      logsOf: 'the audit log bucket',
      encryption: 'S3 server access logging delivers only to buckets encrypted with SSE-S3 (SSE-KMS destinations are not supported); the logs hold request metadata, not the audit logs themselves.',
      replication: 'Access logs are a request log of the audit log bucket in this region with a bounded retention; they are not needed to restore anything after the loss of a region.',
    });
    const bucket = new s3.Bucket(this, 'AuditLogs', {
      ...hardenedStateBucketProps(this.auditLogKey!),
      versioned: true,
      lifecycleRules: [{
        id: 'audit-log-retention',
        expiration: Duration.days(retentionDays),
        noncurrentVersionExpiration: Duration.days(retentionDays),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
        ...(retentionDays > 180
          ? { transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }] }
          : {}),
      }],
    });
    enableAccessLogs(bucket, accessLogs, 'audit-logs/');
    acknowledgeUnwatchedBucket(bucket, 'CloudTrail log file validation (digest files signed by CloudTrail) proves whether a log file was changed or deleted, and the lifecycle rule expires the logs after the profile\'s retention; object lock would have to be set when the bucket is created and would keep every object past that expiry.');
    Validations.of(bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'Audit logs are tamper-evident through CloudTrail log file validation and kept with versioning for the audit retention; replicate them to the organization\'s log archive account if your regime asks for a second copy.',
    });
    return bucket;
  }

  private createTrail(options: AuditTrailOptions, props: SecurityBaselineProps): cloudtrail.Trail {
    const retentionDays = options.logGroupRetentionDays ?? this.profile.logRetentionDays;
    if (!Object.values(logs.RetentionDays).includes(retentionDays as logs.RetentionDays)) {
      const valid = Object.values(logs.RetentionDays).filter((v) => typeof v === 'number').join(', ');
      invalidProp(this, CONSTRUCT, 'cloudTrail.logGroupRetentionDays', retentionDays, `CloudWatch Logs accepts only ${valid}.`);
    }
    if (options.organizationId !== undefined && !Token.isUnresolved(options.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(options.organizationId)) {
      invalidProp(this, CONSTRUCT, 'cloudTrail.organizationId', options.organizationId, 'Give the organization id (o-xxxxxxxxxx), shown by `aws organizations describe-organization`.');
    }
    const logGroup = new logs.LogGroup(this, 'TrailLogs', {
      retention: retentionDays as logs.RetentionDays,
      encryptionKey: this.auditLogKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = this.auditLogBucket as s3.Bucket;
    const trail = new cloudtrail.Trail(this, 'Trail', {
      bucket,
      s3KeyPrefix: 'cloudtrail',
      encryptionKey: this.auditLogKey,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      // An organization trail is named: the bucket policy that lets it write every account's logs needs the name.
      ...(options.organizationId === undefined ? {} : { isOrganizationTrail: true, orgId: options.organizationId, trailName: 'readiness-organization-trail' }),
    });
    if (options.organizationId !== undefined) {
      // An organization trail writes every account's logs to `<prefix>/AWSLogs/<organization id>/<account>/`;
      // the Trail construct allows `AWSLogs/<organization id>/*` only (without the key prefix), so CloudTrail
      // would refuse the bucket. The same statement under the prefix: this trail only (by its ARN, named
      // because the trail's own ARN would make the bucket policy and the trail depend on each other).
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`cloudtrail/AWSLogs/${options.organizationId}/*`)],
        conditions: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: 'readiness-organization-trail' }),
          },
        },
      }));
    }
    Validations.of(trail).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The CloudTrail construct\'s own delivery role: its one inline statement lets CloudTrail write events to the trail\'s log group and nothing else; it is created and deleted with the trail.',
    });
    if (options.cisAlarms !== false) this.createCisAlarms(logGroup, props);
    return trail;
  }

  private createCisAlarms(logGroup: logs.LogGroup, props: SecurityBaselineProps): void {
    const routing = props.alarmRouting ?? AlarmRouting.of(this);
    const namespace = 'CloudTrailMetrics';
    for (const spec of CIS_ALARMS) {
      const filter = new logs.MetricFilter(this, `Cis${spec.id}`, {
        logGroup,
        filterPattern: logs.FilterPattern.literal(spec.pattern),
        metricNamespace: namespace,
        metricName: spec.id,
        metricValue: '1',
      });
      const alarm = filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }).createAlarm(this, `Cis${spec.id}Alarm`, {
        alarmDescription: runbookDescription({ meaning: `${spec.meaning} (${spec.control}).`, checks: [spec.checks], url: props.runbookUrl }),
        threshold: spec.threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      routing.route(alarm, spec.severity);
      this.cisAlarms.push(alarm);
    }
  }

  private createDetector(options: GuardDutyOptions): guardduty.CfnDetector {
    const all = Object.values(GuardDutyFeature) as string[];
    const features = options.features ?? (all as GuardDutyFeature[]);
    this.checkList('guardDuty.features', features, all, false);
    const agents = options.runtimeMonitoringAgents ?? [];
    this.checkList('guardDuty.runtimeMonitoringAgents', agents, Object.values(GuardDutyRuntimeAgent), true);
    if (agents.length > 0 && !features.includes(GuardDutyFeature.RUNTIME_MONITORING)) {
      invalidProp(this, CONSTRUCT, 'guardDuty.runtimeMonitoringAgents', agents, 'Agent management needs Runtime Monitoring: add GuardDutyFeature.RUNTIME_MONITORING to guardDuty.features.');
    }
    const frequency = options.findingPublishingFrequency ?? FindingPublishingFrequency.FIFTEEN_MINUTES;
    if (!Object.values(FindingPublishingFrequency).includes(frequency)) {
      invalidProp(this, CONSTRUCT, 'guardDuty.findingPublishingFrequency', frequency, `Use FindingPublishingFrequency: ${Object.values(FindingPublishingFrequency).join(', ')}.`);
    }
    const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
    const detector = new guardduty.CfnDetector(this, 'Detector', {
      enable: true,
      findingPublishingFrequency: frequency,
      // Every feature is listed, enabled or not, so the detector does not depend on GuardDuty's defaults.
      features: all.map((name) => ({
        name,
        status: status(features.includes(name as GuardDutyFeature)),
        ...(name === GuardDutyFeature.RUNTIME_MONITORING ? {
          additionalConfiguration: Object.values(GuardDutyRuntimeAgent).map((a) => ({ name: a, status: status(agents.includes(a)) })),
        } : {}),
      })),
    });
    if (features.includes(GuardDutyFeature.S3_DATA_EVENTS)) {
      // AWS Control Tower's CT.GUARDDUTY.PR.1 reads only the legacy DataSources.S3Logs property.
      Validations.of(detector).acknowledge({
        id: 'cdk-validator-cfnguard::guardduty_s3_protection_enabled_check',
        reason: 'S3 protection is on: the detector enables the S3_DATA_EVENTS feature, which replaces DataSources.S3Logs (GuardDuty accepts one of Features or DataSources, not both); the control reads only the older property.',
      });
    }
    return detector;
  }

  private createSecurityHub(options: SecurityHubOptions): securityhub.CfnHub {
    const standards = options.standards
      ?? [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.CIS_AWS_FOUNDATIONS_3_0_0];
    if (!Array.isArray(standards) || standards.length === 0) {
      invalidProp(this, CONSTRUCT, 'securityHub.standards', options.standards, 'Enable at least one standard (rule Readiness-SEC3), for example SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES.');
    }
    for (const s of standards) {
      if (!SecurityHubStandard._isStandard(s)) {
        invalidProp(this, CONSTRUCT, 'securityHub.standards', s, 'Unknown standard: use a static member of SecurityHubStandard (for example CIS_AWS_FOUNDATIONS_3_0_0) or SecurityHubStandard.fromPath().');
      }
    }
    const paths = standards.map((s) => s.path);
    if (new Set(paths).size !== paths.length) invalidProp(this, CONSTRUCT, 'securityHub.standards', paths, 'List each standard once.');
    const hub = new securityhub.CfnHub(this, 'SecurityHub', {
      // Standards are managed here, one resource each, not by Security Hub's defaults.
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    standards.forEach((s) => {
      const standard = new securityhub.CfnStandard(this, `Standard${pascalCase(s.path, true)}`, { standardsArn: s.arnIn(this) });
      standard.addResourceDependency(hub);
    });
    if (options.findingAggregator) {
      const regions = options.findingAggregator.regions;
      const here = Stack.of(this).region;
      if (regions !== undefined) {
        if (!Array.isArray(regions) || regions.length === 0) {
          invalidProp(this, CONSTRUCT, 'securityHub.findingAggregator.regions', regions, 'List the regions to aggregate, or leave regions out to aggregate every region.');
        }
        for (const r of regions) {
          if (!Token.isUnresolved(r) && (!REGION.test(r) || r === here)) {
            invalidProp(this, CONSTRUCT, 'securityHub.findingAggregator.regions', r, `List other regions by code (for example "eu-central-1"); the aggregation region ${here} is included anyway.`);
          }
        }
      }
      const aggregator = new securityhub.CfnFindingAggregator(this, 'FindingAggregator', {
        regionLinkingMode: regions ? 'SPECIFIED_REGIONS' : 'ALL_REGIONS',
        regions,
      });
      aggregator.addResourceDependency(hub);
    }
    return hub;
  }

  /** Recorder, delivery channel and role; returns the parts others must wait for. */
  private createConfig(stack: Stack, options: ConfigRecorderOptions, createsTrail: boolean): IConstruct[] {
    const frequency = options.recordingFrequency ?? ConfigRecordingFrequency.CONTINUOUS;
    if (!Object.values(ConfigRecordingFrequency).includes(frequency)) {
      invalidProp(this, CONSTRUCT, 'config.recordingFrequency', frequency, `Use ConfigRecordingFrequency: ${Object.values(ConfigRecordingFrequency).join(', ')}.`);
    }
    const bucket = this.auditLogBucket as s3.Bucket;
    const prefix = 'config';
    // A role of this stack, not the service-linked role: AWSServiceRoleForConfig may or may not
    // exist in the account, and creating it when it does fails the deployment.
    const role = new iam.Role(this, 'ConfigRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      description: 'AWS Config recorder and delivery channel of the cdk-readiness SecurityBaseline',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      reason: 'AWS_ConfigRole is the read-only describe policy AWS maintains for every resource type Config records; a hand-written copy silently stops recording new resource types.',
    });
    const delivery = new iam.ManagedPolicy(this, 'ConfigDeliveryPolicy', {
      description: 'AWS Config delivery to the audit log bucket of the cdk-readiness SecurityBaseline',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucket.bucketArn] }),
        // Config delivers with the bucket-owner-full-control ACL header, which needs s3:PutObjectAcl too.
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:PutObjectAcl'], resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/Config/*`)] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.auditLogKey!.keyArn] }),
      ],
    });
    acknowledgeWildcards(delivery, {
      [`<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${prefix}/AWSLogs/${stack.account}/Config/*`]:
        'AWS Config names the snapshot and history objects it delivers itself; the wildcard is limited to this account\'s Config prefix of the audit log bucket.',
    });
    const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: options.recordGlobalResources ?? createsTrail },
      recordingMode: { recordingFrequency: frequency },
    });
    // CloudFormation starts the recorder once the delivery channel exists; the channel needs the recorder.
    const channel = new config.CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      s3BucketName: bucket.bucketName,
      s3KeyPrefix: prefix,
      s3KmsKeyArn: this.auditLogKey!.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(recorder);
    channel.node.addDependency(delivery);
    if (bucket.policy) channel.node.addDependency(bucket.policy);
    return [recorder, channel];
  }

  private createConformancePack(m: Record<string, ServiceMode>, scanTypes: InspectorScanType[], global: boolean): config.CfnConformancePack {
    const rules: string[] = [
      'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED', 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
      'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED',
      'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'INCOMING_SSH_DISABLED', 'CMK_BACKING_KEY_ROTATION_ENABLED',
      ...(m.guardDuty !== ServiceMode.OFF ? ['GUARDDUTY_ENABLED_CENTRALIZED'] : []),
      ...(m.securityHub !== ServiceMode.OFF ? ['SECURITYHUB_ENABLED'] : []),
      ...(m.ecrScanning !== ServiceMode.OFF ? ['ECR_PRIVATE_IMAGE_SCANNING_ENABLED'] : []),
      ...(m.inspector === ServiceMode.ENABLE ? inspectorRules(scanTypes) : []),
      // Account-wide IAM checks in the region that records global resources only.
      ...(global ? ['ROOT_ACCOUNT_MFA_ENABLED', 'IAM_ROOT_ACCESS_KEY_CHECK', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', 'IAM_PASSWORD_POLICY', 'ACCESS_KEYS_ROTATED'] : []),
    ];
    const resources: Record<string, unknown> = {};
    for (const id of rules) {
      resources[pascalCase(id, true)] = {
        Type: 'AWS::Config::ConfigRule',
        Properties: { ConfigRuleName: id.toLowerCase().replace(/_/g, '-'), Source: { Owner: 'AWS', SourceIdentifier: id } },
      };
    }
    return new config.CfnConformancePack(this, 'ConformancePack', {
      conformancePackName: 'readiness-security-baseline',
      templateBody: JSON.stringify({ Resources: resources }),
    });
  }

  private createEcrScanning(options: EcrScanningOptions, inspectorScansEcr: boolean): void {
    const scanType = options.scanType ?? (inspectorScansEcr ? EcrScanType.ENHANCED : EcrScanType.BASIC);
    if (!Object.values(EcrScanType).includes(scanType)) {
      invalidProp(this, CONSTRUCT, 'ecrScanning.scanType', scanType, `Use EcrScanType: ${Object.values(EcrScanType).join(', ')}.`);
    }
    const frequency = options.frequency ?? (scanType === EcrScanType.ENHANCED ? EcrScanFrequency.CONTINUOUS_SCAN : EcrScanFrequency.SCAN_ON_PUSH);
    if (!Object.values(EcrScanFrequency).includes(frequency)) invalidProp(this, CONSTRUCT, 'ecrScanning.frequency', frequency, `Use EcrScanFrequency: ${Object.values(EcrScanFrequency).join(', ')}.`);
    if (scanType === EcrScanType.BASIC && frequency === EcrScanFrequency.CONTINUOUS_SCAN) {
      invalidProp(this, CONSTRUCT, 'ecrScanning.frequency', frequency, 'Basic scanning scans on push only: use SCAN_ON_PUSH, or EcrScanType.ENHANCED for continuous scanning.');
    }
    const filters = options.repositoryFilters ?? ['*'];
    if (!Array.isArray(filters) || filters.length === 0 || filters.some((f) => typeof f !== 'string' || !/^[a-z0-9*][a-z0-9._/*-]*$/.test(f))) {
      invalidProp(this, CONSTRUCT, 'ecrScanning.repositoryFilters', options.repositoryFilters, 'Give repository name patterns (lowercase, `*` as wildcard), for example ["*"] or ["prod-*"].');
    }
    const registry = new ecr.CfnRegistryScanningConfiguration(this, 'EcrScanning', {
      scanType,
      rules: [{ scanFrequency: frequency, repositoryFilters: filters.map((filter) => ({ filter, filterType: 'WILDCARD' })) }],
    });
    // The registry always has a scanning configuration (BASIC by default): CloudFormation's delete of
    // this resource does not remove it but resets it, and for ENHANCED it calls inspector2:Disable on
    // the account, which would turn off Inspector's ECR scanning however it was on before (and fails
    // the stack delete where the deployment role may not call it). Removing the baseline leaves the
    // registry's scanning as it is; the Inspector enablement, on RESTORE, turns off the ECR scanning
    // it turned on, which reverts the registry to basic scanning.
    registry.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Inspector's enablement records ECR as turned on by it before ECR's enhanced scanning can turn it on.
    if (this.inspector) registry.node.addDependency(this.inspector);
  }

  private checkList(prop: string, values: string[], known: string[], allowEmpty: boolean): void {
    if (!Array.isArray(values) || (!allowEmpty && values.length === 0)) {
      invalidProp(this, CONSTRUCT, prop, values, `List ${allowEmpty ? 'any' : 'at least one'} of ${known.join(', ')}.`);
    }
    for (const v of values) if (!known.includes(v)) invalidProp(this, CONSTRUCT, prop, v, `Use one of ${known.join(', ')}.`);
    if (new Set(values).size !== values.length) invalidProp(this, CONSTRUCT, prop, values, 'List each value once.');
  }
}

function inspectorRules(scanTypes: InspectorScanType[]): string[] {
  const rule: Record<InspectorScanType, string> = {
    [InspectorScanType.EC2]: 'INSPECTOR_EC2_SCAN_ENABLED',
    [InspectorScanType.ECR]: 'INSPECTOR_ECR_SCAN_ENABLED',
    [InspectorScanType.LAMBDA]: 'INSPECTOR_LAMBDA_STANDARD_SCAN_ENABLED',
    [InspectorScanType.LAMBDA_CODE]: 'INSPECTOR_LAMBDA_CODE_SCAN_ENABLED',
  };
  return scanTypes.map((t) => rule[t]);
}

