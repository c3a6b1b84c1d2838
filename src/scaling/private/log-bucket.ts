import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { ReadinessProfile } from '../../profile';
import { accessLogBucket } from '../../state/private/hardened-bucket';

const SINGLETON_ID = 'ReadinessAccessLogs';

/**
 * The stack's access-log bucket for the constructs of this module: load balancer access logs and
 * S3 server access logs of canary artifact buckets, each under a prefix of its own. SSE-S3 (the
 * only encryption either delivery supports), TLS only, versioned, RETAIN, kept for the profile's
 * log retention. Created on first use, one per stack.
 */
export function stackLogBucket(scope: IConstruct): s3.Bucket {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(SINGLETON_ID);
  if (existing instanceof s3.Bucket) return existing;
  return accessLogBucket(stack, SINGLETON_ID, ReadinessProfile.of(stack).logRetentionDays, {
    logsOf: `the load balancers and canary artifact buckets of stack ${stack.node.path}`,
    encryption: 'Elastic Load Balancing access logs and S3 server access logs are delivered only to buckets encrypted with SSE-S3 (SSE-KMS is not supported by either); the objects hold request metadata, not user data.',
    replication: 'Access logs are an audit trail of this region\'s traffic with a bounded retention (the profile\'s log retention); they are not needed to restore the service in another region.',
  });
}
