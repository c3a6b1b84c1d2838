import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Construct id of the provider function AwsCustomResource creates once per stack. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** One API call CloudFormation has no resource for, made on create and update, never on delete. */
export interface SdkCallSpec {
  readonly service: string;
  readonly action: string;
  readonly parameters: Record<string, unknown>;
  /** The IAM actions the call needs that take no resource ARN and no narrowing condition (on `*`). */
  readonly iamActions: string[];
  /**
   * The actions the call needs that AWS lets a policy narrow (to a resource ARN, or by a condition
   * such as `organizations:ServicePrincipal`), narrowed.
   * @default none
   */
  readonly scoped?: iam.PolicyStatement[];
  /**
   * The error code the service documents as meaning exactly "already done" (the call is made again
   * on every update). Never a generic code (BadRequestException, ConflictException) that also
   * reports real failures: where a service has none, read the state first in a handler of our own
   * (see `delegated-admin.lambda.ts`).
   */
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
  // `*` only for the actions that take no resource ARN; the others are narrowed by the caller.
  const resource = onCreateAndUpdate(scope, id, call, 'Custom::ReadinessOrganizationSetting', [
    ...(spec.iamActions.length > 0 ? [new iam.PolicyStatement({ actions: spec.iamActions, resources: ['*'] })] : []),
    ...spec.scoped ?? [],
  ], 'holding the actions of exactly this call');
  const onStar = [...spec.iamActions, ...(spec.scoped ?? []).filter((st) => st.resources.includes('*')).flatMap((st) => st.actions)];
  if (onStar.length > 0) {
    Validations.of(resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${onStar.join(', ')} take no resource ARN: \`*\` is the only resource these organization-level calls accept (organizations:EnableAWSServiceAccess is narrowed by its service principal condition), and the policy lists only the actions of this one call.`,
    });
  }
  return resource;
}

/**
 * An `AwsCustomResource` that makes `call` on create and update and nothing on delete, with the
 * policy `statements` (its singleton role's inline policy, acknowledged as `holding`) and the
 * stack's shared provider acknowledged.
 */
export function onCreateAndUpdate(
  scope: Construct, id: string, call: cr.AwsSdkCall, resourceType: string, statements: iam.PolicyStatement[], holding: string,
): cr.AwsCustomResource {
  const resource = new cr.AwsCustomResource(scope, id, {
    onCreate: call,
    onUpdate: call,
    installLatestAwsSdk: false,
    resourceType,
    policy: cr.AwsCustomResourcePolicy.fromStatements(statements),
  });
  Validations.of(resource).acknowledge(
    { id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: `The inline policy of the AwsCustomResource singleton's role, ${holding}; it is created and deleted with the resource.` },
  );
  acknowledgeProvider(Stack.of(scope));
  return resource;
}

/** The one provider function AwsCustomResource shares per stack, acknowledged once with what it is. */
function acknowledgeProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  if (!provider) return;
  const outsideVpc = 'The provider makes one AWS API call per deployment event through public AWS endpoints; it reads and stores no data and needs no network of ours.';
  Validations.of(provider).acknowledge(
    { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'The AwsCustomResource provider\'s role: the AWS managed policy only lets it write its own logs.' },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Invoked by CloudFormation once per deployment event of the organization settings; there is nothing to throttle.' },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously by CloudFormation, which reports a failed call as a failed deployment: there is no asynchronous event to keep.' },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: outsideVpc },
    { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: outsideVpc },
  );
}
