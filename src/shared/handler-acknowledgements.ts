// What every bundled custom-resource handler of the library answers cdk-nag and AWS Control Tower
// alike: the pinned runtime, and why a function CloudFormation invokes once per deployment event
// needs no reserved concurrency, dead-letter queue or VPC (each handler says why in its own words).
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Why a custom-resource handler needs no reserved concurrency, dead-letter queue or VPC. */
export interface HandlerReasons {
  readonly concurrency: string;
  readonly dlq: string;
  readonly vpc: string;
}

const PINNED_RUNTIME = 'The project pins Node.js 22 for every bundled handler (projen lambdaOptions) so templates do not change when aws-cdk-lib\'s latest runtime moves; Lambda supports Node.js 22 until 2027.';

/** Acknowledge AwsSolutions-L1, NIST LambdaConcurrency, LambdaDLQ, LambdaInsideVPC and Control Tower CT.LAMBDA.PR.3 on `fn`. */
export function acknowledgeCustomResourceHandler(fn: IConstruct, why: HandlerReasons): void {
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: PINNED_RUNTIME },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: why.concurrency },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: why.dlq },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: why.vpc },
    { id: 'cdk-validator-cfnguard::lambda_inside_vpc_check', reason: why.vpc }, // AWS Control Tower CT.LAMBDA.PR.3
  );
}
