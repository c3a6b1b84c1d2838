import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { onCreateAndUpdate } from './sdk-call';

/** Where a StackSet template's asset is copied from (the CDK bootstrap bucket of the rollout's stack) and to (an asset bucket of one region). */
export interface AssetCopySpec {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  readonly bucketName: string;
  readonly region: string;
  readonly key: string;
}

/**
 * S3 CopyObject of one asset into the asset bucket of one region, made on create and update (the
 * key is the asset's hash: a changed asset is a new object), nothing on delete (stack instances
 * of the StackSet still being updated, and a rollback, read the previous object).
 */
export function copyAsset(scope: Construct, id: string, spec: AssetCopySpec): cr.AwsCustomResource {
  const partition = Stack.of(scope).partition;
  const call: cr.AwsSdkCall = {
    service: 'S3',
    action: 'copyObject',
    region: spec.region,
    parameters: { Bucket: spec.bucketName, Key: spec.key, CopySource: `${spec.sourceBucket}/${spec.sourceKey}` },
    physicalResourceId: cr.PhysicalResourceId.of(`${spec.bucketName}/${spec.key}`),
    outputPaths: ['VersionId'],
  };
  return onCreateAndUpdate(scope, id, call, 'Custom::ReadinessStackSetAssetCopy', [
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:${partition}:s3:::${spec.sourceBucket}/${spec.sourceKey}`] }),
    new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [`arn:${partition}:s3:::${spec.bucketName}/${spec.key}`] }),
  ], 'holding exactly this copy (read of one asset object, write of its copy)');
}
