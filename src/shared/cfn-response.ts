// The answer a custom resource handler CloudFormation invokes directly (single-function provider)
// gives on the pre-signed response URL. Plain `fetch`: bundled into the Lambda handlers.
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** PUT the handler's answer to CloudFormation's response URL. */
export async function respond(
  event: CloudFormationCustomResourceEvent, status: 'SUCCESS' | 'FAILED', physicalResourceId: string, reason: string, data: Record<string, string>,
): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: reason || (status === 'SUCCESS' ? 'OK' : 'See the function\'s log'),
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  const res = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) } });
  if (!res.ok) throw new Error(`CloudFormation response was rejected: HTTP ${res.status}`);
}
