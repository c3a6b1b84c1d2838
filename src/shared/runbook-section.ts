/**
 * A section of a stack's generated runbook.
 */
export enum RunbookSection {
  /** What to do when an alarm fires (entries beside the alarms derived from the app). */
  ALARMS = 'alarms',
  /** Restoring data in the DR region. */
  DISASTER_RECOVERY = 'disaster-recovery',
  /** Responding to security findings, failed backups and other events routed to people. */
  INCIDENT_RESPONSE = 'incident-response',
  /** Routine care: keys, vault locks, capacity limits, log retention. */
  MAINTENANCE = 'maintenance',
  /** Terraform/OpenTofu remote state: restore a version, break a lock, fail over. */
  STATE_BACKEND = 'state-backend',
  /** Anything else the on-call needs to know to operate the stack. */
  OPERATIONS = 'operations',
}
