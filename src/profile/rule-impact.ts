/**
 * What a gap costs when it reaches production: every rule has one. The profile turns it into a
 * severity (see `ReadinessProfileProps.errorImpact`), the score weighs findings by it, and the
 * report lists the highest first.
 */
export enum RuleImpact {
  /** Data loss, or an outage nobody notices (no backup, a silent alarm, messages dropped). */
  CRITICAL = 'critical',
  /** An outage, a failed recovery or an exposure that people do notice, but too late. */
  HIGH = 'high',
  /** Weaker resilience or slower recovery: the system still works and failures are seen. */
  MEDIUM = 'medium',
  /** Diagnosis and efficiency: dashboards, tracing, anomaly detection, runbook text. */
  LOW = 'low',
}
