/** The AWS managed policies AWS Backup's service roles use, acknowledged for cdk-nag with the reason. */
export const BACKUP_MANAGED_POLICY_REASON =
  'AWS Backup service role: AWS maintains AWSBackupServiceRolePolicyForBackup/ForRestores for every resource type AWS Backup supports ' +
  '(RDS, Aurora, DynamoDB, EFS, EBS, FSx, DocumentDB, Neptune, with their KMS grant conditions); a hand-written copy would silently break backups when AWS adds permissions.';

export function backupManagedPolicyIds(policies: string[]): string[] {
  return policies.map((p) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${p}]`);
}
