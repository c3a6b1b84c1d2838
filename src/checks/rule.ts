import { RuleImpact } from '../profile';

/**
 * The audit areas a readiness score is given for, mirroring the audit's breakdown.
 */
export enum ReadinessArea {
  /** Deployment & rollback: failed deployments stop and roll back by themselves (audit tasks 81, 82). */
  DEPLOYMENT = 'deployment',
  /** Infrastructure as code: state management, stack protection (audit task 83). */
  STATE = 'state',
  /** Environment management: profiles, explicit environments (audit tasks 83, 84). */
  ENVIRONMENTS = 'environments',
  /** Backup & recovery (audit task 87, restore system). */
  BACKUP = 'backup',
  /** Load balancing & scaling (audit task 86). */
  SCALING = 'scaling',
  /** Monitoring & observability (audit task 85, monitoring audit section 4). */
  MONITORING = 'monitoring',
  /** Performance optimization (audit task 89). */
  PERFORMANCE = 'performance',
  /** Security & compliance (audit task 88, security audit section 3). */
  SECURITY = 'security',
  /** Documentation & runbooks (audit task 90). */
  DOCUMENTATION = 'documentation',
}

/**
 * What a rule of the catalog is, why it exists and how to satisfy it.
 */
export interface RuleInfo {
  /** Rule id, for example `Readiness-BAK1`; use it to acknowledge findings. */
  readonly id: string;
  /** The audit area the rule scores. */
  readonly area: ReadinessArea;
  /** One line: what the rule requires. */
  readonly title: string;
  /** The audit line the rule answers. */
  readonly auditLine: string;
  /** Why the rule exists. */
  readonly explanation: string;
  /** How to satisfy it: the plain-CDK way and the construct of this library, where there is one. */
  readonly fix: string;
  /**
   * What the gap costs in production: critical (data loss, or an outage nobody notices), high,
   * medium, low (diagnosis, efficiency). The profile turns it into a severity (PROD: critical and
   * high are errors), the score weighs findings by it and the report lists the highest first.
   * Every built-in rule has one.
   *
   * @default RuleImpact.HIGH - for a rule of your own: its findings fail synth in PROD and STAGING, as before impacts existed
   */
  readonly impact?: RuleImpact;
}

/** Human titles of the areas, as the audit names them. */
export const AREA_TITLES: Record<ReadinessArea, string> = {
  [ReadinessArea.DEPLOYMENT]: 'Deployment & Rollback',
  [ReadinessArea.STATE]: 'Infrastructure as Code',
  [ReadinessArea.ENVIRONMENTS]: 'Environment Management',
  [ReadinessArea.BACKUP]: 'Backup & Recovery',
  [ReadinessArea.SCALING]: 'Load Balancing & Scaling',
  [ReadinessArea.MONITORING]: 'Monitoring & Observability',
  [ReadinessArea.PERFORMANCE]: 'Performance Optimization',
  [ReadinessArea.SECURITY]: 'Security & Compliance',
  [ReadinessArea.DOCUMENTATION]: 'Documentation & Runbooks',
};
