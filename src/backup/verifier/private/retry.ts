/**
 * Retries of AWS API calls: throttling and transient errors are retried with capped exponential
 * backoff and full jitter; everything else (AccessDenied, missing resources, bad input) fails at
 * once so it can be reported per item.
 *
 * This is the only retry layer: the SDK clients are created with `maxAttempts: 1` (see clients.ts),
 * so attempts do not multiply, and the policy is the same (and testable) for every call.
 */
import { errorName } from './errors';

/** How calls are retried. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^n)). */
  readonly baseDelayMs: number;
  /** Cap of one wait. */
  readonly maxDelayMs: number;
  /** Waits; replaced in tests. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1); replaced in tests. */
  readonly random: () => number;
  /** Called before each retry (progress, logs). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Epoch ms after which no retry starts (a Lambda's remaining time). */
  readonly deadline?: number;
  /** Clock; replaced in tests. */
  readonly now: () => number;
}

/** The default policy: 10 attempts, 250 ms base, 20 s cap (at most ~2.5 minutes of waiting). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException',
  'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException', 'SlowDown',
  'ProvisionedThroughputExceededException', 'BandwidthLimitExceeded', 'PriorRequestNotComplete', 'EC2ThrottledException',
]);
const TRANSIENT = new Set([
  'InternalFailure', 'InternalServerError', 'InternalServerErrorException', 'InternalErrorException', 'InternalError',
  'ServiceUnavailable', 'ServiceUnavailableException', 'ServiceException', 'RequestTimeout', 'RequestTimeoutException',
  'TimeoutError', 'IDPCommunicationError', 'EC2InternalError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH']);

/** A throttling error (the caller is going too fast). */
export function isThrottling(e: unknown): boolean {
  const err = e as any;
  return THROTTLING.has(errorName(err)) || err?.$metadata?.httpStatusCode === 429 || err?.$retryable?.throttling === true;
}

/** An error worth retrying: throttling, a 5xx, a timeout or a dropped connection. */
export function isRetryable(e: unknown): boolean {
  const err = e as any;
  if (!err) return false;
  if (isThrottling(err)) return true;
  if (TRANSIENT.has(errorName(err))) return true;
  if (NETWORK_CODES.has(err.code) || NETWORK_CODES.has(err.errno)) return true;
  const status = err.$metadata?.httpStatusCode;
  if (typeof status === 'number' && [500, 502, 503, 504].includes(status)) return true;
  return err.$retryable !== undefined && err.$retryable !== null;
}

/** The wait before retry number `attempt` (0-based): full jitter over a capped exponential. */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/** Run `fn`, retrying throttling and transient errors under `policy`. */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt + 1 >= policy.maxAttempts) throw e;
      const delay = backoffDelay(policy, attempt);
      if (policy.deadline !== undefined && policy.now() + delay > policy.deadline) throw e;
      policy.onRetry?.(e, attempt + 1, delay);
      await policy.sleep(delay);
    }
  }
}

/** Anything with the SDK v3 client `send` signature. */
export interface Sender {
  send(command: any, ...rest: any[]): Promise<any>;
}

/**
 * The same client with every `send` retried under `policy`, still an instance of its class
 * (the SDK paginators check `instanceof`), counting calls in `counter` (attempts, retries included).
 */
export function retrying<C extends Sender>(client: C, policy: RetryPolicy, counter?: { calls: number }): C {
  const wrapped = Object.create(client) as C;
  (wrapped as any).send = (command: any, ...rest: any[]) => withRetry(() => {
    if (counter) counter.calls++;
    return client.send(command, ...rest);
  }, policy);
  return wrapped;
}
