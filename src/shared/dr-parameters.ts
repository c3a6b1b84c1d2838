/** Parameter names of the document (the runbook's `start-automation-execution` uses them). */
export const DR_PARAMETERS = {
  resourceArn: 'ResourceArn',
  recoveryPointArn: 'RecoveryPointArn',
  metadataOverrides: 'MetadataOverrides',
  restoreRoleArn: 'RestoreRoleArn',
  assumeRole: 'AutomationAssumeRole',
} as const;
