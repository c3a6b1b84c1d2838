import { RunError } from './report';

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException', 'DBInstanceNotFoundFault', 'DBClusterNotFoundFault',
  'DBInstanceNotFound', 'DBClusterNotFound', 'FileSystemNotFound', 'InvalidVolume.NotFound', 'TableNotFoundException']);

/** The error's name, as the SDK sets it. */
export function errorName(e: unknown): string {
  const err = e as any;
  return String(err?.name ?? err?.Code ?? err?.code ?? 'Error');
}

export function isAccessDenied(e: unknown): boolean {
  return ACCESS_DENIED.has(errorName(e)) || (e as any)?.$metadata?.httpStatusCode === 403;
}

export function isNotFound(e: unknown): boolean {
  return NOT_FOUND.has(errorName(e)) || (e as any)?.$metadata?.httpStatusCode === 404;
}

/** A one-line description of an error. */
export function describeError(e: unknown): string {
  const msg = (e as any)?.message;
  return msg ? `${errorName(e)}: ${msg}` : errorName(e);
}

/**
 * A run error for a failed call: what could not be read, why, and what to do.
 *
 * @param target what was read (a vault ARN, `copy jobs in eu-west-1`)
 * @param action the IAM action of the call (`backup:ListRecoveryPointsByBackupVault`)
 */
export function runError(target: string, action: string, e: unknown): RunError {
  if (isAccessDenied(e)) {
    return { target, code: 'AccessDenied', message: `${describeError(e)}. Grant ${action} on it to the role the verifier runs as (see "Required IAM permissions" in the README).` };
  }
  if (isNotFound(e)) {
    return { target, code: 'NotFound', message: `${describeError(e)}. Check the ARN (account, region, name): the vault does not exist or was deleted.` };
  }
  return { target, code: 'Error', message: `${action} failed: ${describeError(e)}` };
}
