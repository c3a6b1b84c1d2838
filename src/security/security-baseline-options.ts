import { Duration } from 'aws-cdk-lib';
import { SecurityHubStandard } from './security-hub-standard';

/**
 * Who sets up a security service in the account and region of a `SecurityBaseline`.
 */
export enum ServiceMode {
  /** The baseline creates and configures it. */
  ENABLE = 'enable',
  /**
   * It exists already, set up by the organization (delegated administrator, Control Tower, a
   * landing-zone stack) or by hand: the baseline creates nothing for it, because a second one fails
   * the deployment, and declares it so the readiness checks count it as present.
   */
  PROVIDED = 'provided',
  /** Neither created nor declared: the readiness checks judge the account and region without it. */
  OFF = 'off',
}

/**
 * GuardDuty protection plans (detector features).
 */
export enum GuardDutyFeature {
  /** S3 Protection: S3 data events of every bucket. */
  S3_DATA_EVENTS = 'S3_DATA_EVENTS',
  /** EKS Protection: Kubernetes audit logs. */
  EKS_AUDIT_LOGS = 'EKS_AUDIT_LOGS',
  /** Malware Protection for EC2: scans the EBS volumes of instances and containers with suspicious findings. */
  EBS_MALWARE_PROTECTION = 'EBS_MALWARE_PROTECTION',
  /** RDS Protection: login activity of Aurora and RDS databases. */
  RDS_LOGIN_EVENTS = 'RDS_LOGIN_EVENTS',
  /** Lambda Protection: network activity of Lambda functions. */
  LAMBDA_NETWORK_LOGS = 'LAMBDA_NETWORK_LOGS',
  /** Runtime Monitoring of EKS, ECS (Fargate included) and EC2 workloads through the GuardDuty agent. */
  RUNTIME_MONITORING = 'RUNTIME_MONITORING',
}

/**
 * Where GuardDuty deploys and updates its Runtime Monitoring agent itself.
 */
export enum GuardDutyRuntimeAgent {
  /** The GuardDuty EKS add-on on every EKS cluster. */
  EKS_ADDON_MANAGEMENT = 'EKS_ADDON_MANAGEMENT',
  /** A sidecar in every ECS Fargate task (task execution roles must be able to pull it from ECR). */
  ECS_FARGATE_AGENT_MANAGEMENT = 'ECS_FARGATE_AGENT_MANAGEMENT',
  /** The agent on EC2 instances managed by Systems Manager. */
  EC2_AGENT_MANAGEMENT = 'EC2_AGENT_MANAGEMENT',
}

/**
 * How often GuardDuty publishes updates of existing findings (new findings are published within
 * five minutes whatever the setting).
 */
export enum FindingPublishingFrequency {
  /** Every 15 minutes. */
  FIFTEEN_MINUTES = 'FIFTEEN_MINUTES',
  /** Every hour. */
  ONE_HOUR = 'ONE_HOUR',
  /** Every six hours (the GuardDuty default). */
  SIX_HOURS = 'SIX_HOURS',
}

/**
 * Threat detection: the GuardDuty detector of the account and region.
 */
export interface GuardDutyOptions {
  /**
   * Who sets up GuardDuty here. There is one detector per account and region: use `PROVIDED`
   * where the organization's delegated administrator enables it, or where it is already on.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * The protection plans to enable; the others are disabled explicitly.
   *
   * @default - every feature of `GuardDutyFeature`
   */
  readonly features?: GuardDutyFeature[];

  /**
   * Where GuardDuty manages its Runtime Monitoring agent (needs `RUNTIME_MONITORING`).
   *
   * @default - none: agents you install yourself report, GuardDuty deploys none
   */
  readonly runtimeMonitoringAgents?: GuardDutyRuntimeAgent[];

  /**
   * How often updates of existing findings are published.
   *
   * @default FindingPublishingFrequency.FIFTEEN_MINUTES
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
}

/**
 * A Security Hub cross-region finding aggregator in this baseline's region.
 */
export interface FindingAggregatorOptions {
  /**
   * The regions whose findings are aggregated here.
   *
   * @default - every region, current and future
   */
  readonly regions?: string[];
}

/**
 * Security Hub (CSPM) and its standards.
 */
export interface SecurityHubOptions {
  /**
   * Who sets up Security Hub here. An account already subscribed to Security Hub (by the
   * organization's central configuration, or by hand) fails a second subscription: use `PROVIDED`.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * The standards to enable.
   *
   * @default - AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark v3.0.0
   */
  readonly standards?: SecurityHubStandard[];

  /**
   * Aggregate findings of other regions into this one (one aggregator per account).
   *
   * @default - no aggregator
   */
  readonly findingAggregator?: FindingAggregatorOptions;
}

/**
 * How often AWS Config records configuration changes.
 */
export enum ConfigRecordingFrequency {
  /** Every change, as it happens. */
  CONTINUOUS = 'CONTINUOUS',
  /** One configuration item per resource and day, when it changed. */
  DAILY = 'DAILY',
}

/**
 * AWS Config: recorder, delivery channel and the conformance pack of the audit's controls.
 */
export interface ConfigRecorderOptions {
  /**
   * Who sets up the configuration recorder and delivery channel here (one of each per account and
   * region).
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * Record global resource types (IAM users, roles, policies). Record them in one region only, or
   * every region records the same items.
   *
   * @default - true where this baseline creates the account's multi-region trail, else false
   */
  readonly recordGlobalResources?: boolean;

  /**
   * How often configuration changes are recorded.
   *
   * @default ConfigRecordingFrequency.CONTINUOUS
   */
  readonly recordingFrequency?: ConfigRecordingFrequency;

  /**
   * Deploy the conformance pack of AWS Config managed rules for the audit's controls (audit
   * logging, threat detection, vulnerability scanning, root and IAM hygiene, encryption, network
   * exposure). Also deployed when the recorder is `PROVIDED`.
   *
   * @default true
   */
  readonly conformancePack?: boolean;
}

/**
 * What Amazon Inspector scans.
 */
export enum InspectorScanType {
  /** EC2 instances (agent-based through Systems Manager, or agentless). */
  EC2 = 'EC2',
  /** Container images in ECR (enhanced scanning). */
  ECR = 'ECR',
  /** Lambda functions' package dependencies. */
  LAMBDA = 'LAMBDA',
  /** Lambda functions' own code (needs `LAMBDA`; not offered in every region). */
  LAMBDA_CODE = 'LAMBDA_CODE',
}

/**
 * What removing the Inspector enablement from the stack does.
 */
export enum InspectorRemovalBehavior {
  /** Disable only the scan types this resource enabled; the ones on before it stay on. */
  RESTORE = 'restore',
  /** Leave every scan type as it is. */
  RETAIN = 'retain',
}

/**
 * Amazon Inspector (v2) vulnerability scanning.
 */
export interface InspectorOptions {
  /**
   * Who enables Inspector here.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * The scan types to enable.
   *
   * @default - EC2, ECR and LAMBDA
   */
  readonly scanTypes?: InspectorScanType[];

  /**
   * What happens to Inspector when the enablement is removed from the stack.
   *
   * @default InspectorRemovalBehavior.RESTORE
   */
  readonly removalBehavior?: InspectorRemovalBehavior;
}

/**
 * ECR registry scanning type.
 */
export enum EcrScanType {
  /** Amazon Inspector scans images for OS and language package vulnerabilities. */
  ENHANCED = 'ENHANCED',
  /** ECR's basic scanning (OS packages), on push. */
  BASIC = 'BASIC',
}

/**
 * When ECR scans images.
 */
export enum EcrScanFrequency {
  /** When an image is pushed. */
  SCAN_ON_PUSH = 'SCAN_ON_PUSH',
  /** On push and again whenever new vulnerabilities are published (enhanced scanning only). */
  CONTINUOUS_SCAN = 'CONTINUOUS_SCAN',
}

/**
 * Scanning of the account's private ECR registry in this region.
 */
export interface EcrScanningOptions {
  /**
   * Who configures registry scanning here.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * Scanning type.
   *
   * @default - ENHANCED when this baseline enables Inspector's ECR scanning, else BASIC
   */
  readonly scanType?: EcrScanType;

  /**
   * When images are scanned.
   *
   * @default - CONTINUOUS_SCAN with ENHANCED, SCAN_ON_PUSH with BASIC
   */
  readonly frequency?: EcrScanFrequency;

  /**
   * Repository name filters (wildcards `*`) the scanning rule applies to.
   *
   * @default ['*'] - every repository
   */
  readonly repositoryFilters?: string[];
}

/**
 * CloudTrail: the account's multi-region audit trail and its CIS metric-filter alarms.
 */
export interface AuditTrailOptions {
  /**
   * Who sets up the account's trail. One multi-region trail covers every region: give a baseline
   * in the other regions `PROVIDED` (or use it where an organization trail logs the account).
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;

  /**
   * How long log files are kept in the audit log bucket (current and noncurrent versions).
   *
   * @default - `profile.auditLogRetentionDays`
   */
  readonly retention?: Duration;

  /**
   * Retention of the trail's CloudWatch Logs log group (the source of the CIS alarms).
   *
   * @default - `profile.logRetentionDays`
   */
  readonly logGroupRetentionDays?: number;

  /**
   * Create the CIS AWS Foundations Benchmark metric filters and alarms on the trail's log group.
   *
   * @default true
   */
  readonly cisAlarms?: boolean;

  /**
   * Make the trail an organization trail: deployed in the management account (or a delegated
   * administrator for CloudTrail), it logs every account of this organization (`o-...`).
   *
   * @default - a trail of this account only
   */
  readonly organizationId?: string;
}

/**
 * IAM Access Analyzer (external access) of the account in this region.
 */
export interface AccessAnalyzerOptions {
  /**
   * Who sets up the analyzer here. An account can have one external-access analyzer with the
   * account as zone of trust per region (a quota AWS does not raise): where one exists already
   * (turned on from the console, or by a landing zone), a second fails the deployment: use
   * `PROVIDED`.
   *
   * @default ServiceMode.ENABLE
   */
  readonly mode?: ServiceMode;
}
