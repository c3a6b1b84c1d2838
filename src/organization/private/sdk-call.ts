import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** One API call CloudFormation has no resource for, made on create and update, never on delete. */
export interface SdkCallSpec {
  readonly service: string;
  readonly action: string;
  readonly parameters: Record<string, unknown>;
  /** The IAM actions the call needs (the call's own, and what the service does on its behalf). */
  readonly iamActions: string[];
  /** Error codes that mean "already done" (the call is made again on every update). */
  readonly alreadyDone?: string;
  /** Stable physical id: the resource is the setting, not the call. */
  readonly physicalId: string;
}

/**
 * An `AwsCustomResource` scoped to exactly one call: made on create and update (idempotent: the
 * "already done" error is ignored), nothing on delete (the setting stays; undoing it is a
 * deliberate act in the console or CLI, because it stops the protection of every account).
 */
export function sdkCall(scope: Construct, id: string, spec: SdkCallSpec): cr.AwsCustomResource {
  const call: cr.AwsSdkCall = {
    service: spec.service,
    action: spec.action,
    parameters: spec.parameters,
    physicalResourceId: cr.PhysicalResourceId.of(spec.physicalId),
    ignoreErrorCodesMatching: spec.alreadyDone,
  };
  return new cr.AwsCustomResource(scope, id, {
    onCreate: call,
    onUpdate: call,
    installLatestAwsSdk: false,
    resourceType: 'Custom::ReadinessOrganizationSetting',
    // The organization APIs take no resource ARNs: `*` is the only resource they accept.
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: spec.iamActions, resources: ['*'] })]),
  });
}
