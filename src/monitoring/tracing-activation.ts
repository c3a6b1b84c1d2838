import { CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { prop, rawProperties, refersTo, stackResources } from './private/subjects';

/** Id of the per-stack managed policy, at the stack's root, with the X-Ray write permissions. */
const TRACING_POLICY_ID = 'ReadinessXRayWriteAccess';

/**
 * X-Ray active tracing (rule Readiness-PRF1), as an aspect you apply where you want it: Lambda
 * functions and REST API stages that do not set tracing get it turned on.
 *
 * A `lambda.Function` is traced only when its role is an `iam.Role` of this app, which gets the
 * X-Ray write permissions from one managed policy per stack (`ReadinessXRayWriteAccess`);
 * functions with an imported role (tracing without the permissions would drop every trace) and
 * hand-written L1 functions are left as they are. (A function created with
 * `tracing: Tracing.DISABLED` synthesizes like one that does not set it: do not apply the aspect
 * where such functions must stay untraced.)
 *
 * ```ts
 * Aspects.of(stack).add(new TracingActivation());
 * ```
 *
 * `ServiceMonitoring` applies it to the functions and REST APIs it monitors (`enableTracing`, on by default).
 */
export class TracingActivation implements IAspect {
  /** Trace the node when it is a Lambda function or a REST API (its stages); other nodes are left alone. */
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    if (node.cfnResourceType === 'AWS::Lambda::Function') this.traceFunction(node as lambda.CfnFunction);
    else if (node.cfnResourceType === 'AWS::ApiGateway::RestApi') this.traceStagesOf(node);
  }

  private traceFunction(cfn: lambda.CfnFunction): void {
    const fn = cfn.node.scope;
    if (!(fn instanceof lambda.Function) || prop(prop(rawProperties(cfn), 'TracingConfig'), 'Mode') !== undefined) return;
    // Only a role of this app gets the write permissions: an imported role is managed elsewhere,
    // and tracing without them would drop every trace.
    const role = fn.role;
    if (!(role instanceof iam.Role)) return;
    // In the role's ManagedPolicyArns: the role, and so the function, waits for the policy.
    role.addManagedPolicy(tracingPolicy(Stack.of(role)));
    cfn.tracingConfig = { mode: lambda.Tracing.ACTIVE };
  }

  private traceStagesOf(restApi: CfnResource): void {
    for (const r of stackResources(Stack.of(restApi))) {
      if (r instanceof apigw.CfnStage && r.tracingEnabled === undefined && refersTo(r.restApiId, restApi)) r.tracingEnabled = true;
    }
  }
}

/**
 * The X-Ray write permissions, one managed policy per stack for every traced function's role:
 * its own resource, so that acknowledging its `Resource: *` hides none of the role's other
 * statements from cdk-nag.
 */
function tracingPolicy(stack: Stack): iam.ManagedPolicy {
  const existing = stack.node.tryFindChild(TRACING_POLICY_ID);
  if (existing instanceof iam.ManagedPolicy) return existing;
  const policy = new iam.ManagedPolicy(stack, TRACING_POLICY_ID, {
    description: 'X-Ray write permissions of the Lambda functions whose tracing cdk-readiness ServiceMonitoring turned on',
    statements: [new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] })],
  });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions: AWS documents Resource "*" for them (the policy AWSXRayDaemonWriteAccess does the same). This policy holds nothing else.',
  });
  return policy;
}
