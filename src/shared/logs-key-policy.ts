import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/** Which log groups may have CloudWatch Logs use a KMS key on their behalf. */
export interface LogsKeyGrant {
  /** Statement id in the key policy. */
  readonly sid: string;
  /** Region of CloudWatch Logs (the service principal `logs.<region>.amazonaws.com`). */
  readonly region: string;
  /** The log group ARN (exact) or ARN pattern (`...:log-group:*`) of the encryption context. */
  readonly logGroupArn: string;
  /** Whether `logGroupArn` is one log group (`ArnEquals`) rather than a pattern (`ArnLike`). */
  readonly exact: boolean;
}

/**
 * Let CloudWatch Logs encrypt and decrypt with the key, for the given log groups only (the key
 * policy statement every encrypted log group of ours needs; without it the log group fails to
 * deploy). Returns whether the statement could be added (an imported key has no policy to add to).
 */
export function allowLogsToUseKey(key: kms.IKey, grant: LogsKeyGrant): iam.AddToResourcePolicyResult {
  return key.addToResourcePolicy(new iam.PolicyStatement({
    sid: grant.sid,
    principals: [new iam.ServicePrincipal(`logs.${grant.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { [grant.exact ? 'ArnEquals' : 'ArnLike']: { 'kms:EncryptionContext:aws:logs:arn': grant.logGroupArn } },
  }));
}
