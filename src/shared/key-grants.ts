import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * Let only AWS services create grants on a key this library makes (AWS Control Tower control
 * CT.KMS.PR.3): grants are how services such as AWS Backup, SNS or CloudWatch Logs use the key for
 * a resource; a grant created by a person or a role would hand the key's use on outside the key
 * policy. Returns the key.
 */
export function restrictGrantsToAwsServices<K extends kms.Key>(key: K): K {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowGrantsOnlyForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}
