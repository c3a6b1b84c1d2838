import { BackupClient, DescribeBackupVaultCommand } from '@aws-sdk/client-backup';
import { backupMock } from './fixtures';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, isThrottling, retrying, RetryPolicy, withRetry } from '../../../src/backup/verifier/private/retry';

const err = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('which errors are retried', () => {
  test.each([
    ['ThrottlingException', {}],
    ['TooManyRequestsException', {}],
    ['RequestLimitExceeded', {}],
    ['SomethingElse', { $metadata: { httpStatusCode: 429 } }],
    ['ServiceUnavailableException', {}],
    ['InternalFailure', {}],
    ['Whatever', { $metadata: { httpStatusCode: 503 } }],
    ['TimeoutError', {}],
    ['Error', { code: 'ECONNRESET' }],
    ['Modeled', { $retryable: {} }],
  ])('%s %j is retried', (name, extra) => {
    expect(isRetryable(err(name, extra))).toBe(true);
  });

  test.each([
    ['AccessDeniedException', { $metadata: { httpStatusCode: 403 } }],
    ['ResourceNotFoundException', { $metadata: { httpStatusCode: 400 } }],
    ['InvalidParameterValueException', { $metadata: { httpStatusCode: 400 } }],
    ['ValidationException', {}],
  ])('%s is not retried', (name, extra) => {
    expect(isRetryable(err(name, extra))).toBe(false);
  });

  test('throttling is told apart from other transient errors', () => {
    expect(isThrottling(err('ThrottlingException'))).toBe(true);
    expect(isThrottling(err('InternalFailure'))).toBe(false);
  });
});

describe('backoff', () => {
  test('full jitter over a capped exponential', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay({ ...p, random: () => 0.999 }, a))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay({ ...p, random: () => 0 }, 5)).toBe(0);
  });

  const policy = (waits: number[], over: Partial<RetryPolicy> = {}): RetryPolicy => ({
    ...DEFAULT_RETRY_POLICY, maxAttempts: 4, random: () => 1 - Number.EPSILON, sleep: async (ms) => { waits.push(ms); }, ...over,
  });

  test('retries until success, waiting between attempts', async () => {
    const waits: number[] = [];
    let calls = 0;
    const out = await withRetry(async () => {
      if (++calls < 3) throw err('ThrottlingException');
      return 'ok';
    }, policy(waits));
    expect(out).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([249, 499]);
  });

  test('gives up after maxAttempts with the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw err('ThrottlingException');
    }, policy(waits))).rejects.toThrow('ThrottlingException');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
  });

  test('a non-retryable error fails at once', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw err('AccessDeniedException');
    }, policy([]))).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });

  test('no retry starts past the deadline', async () => {
    let calls = 0;
    const now = 1_000_000;
    await expect(withRetry(async () => {
      calls++;
      throw err('ThrottlingException');
    }, policy([], { now: () => now, deadline: now + 100 }))).rejects.toThrow('ThrottlingException');
    expect(calls).toBe(1);
  });

  test('a retrying client is still an instance of its class and counts every attempt', async () => {
    backupMock.reset();
    backupMock.on(DescribeBackupVaultCommand).rejectsOnce(err('ThrottlingException')).resolves({ BackupVaultName: 'v' });
    const counter = { calls: 0 };
    const client = retrying(new BackupClient({ region: 'eu-west-1' }), policy([]), counter);
    expect(client).toBeInstanceOf(BackupClient);
    await expect(client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v' }))).resolves.toMatchObject({ BackupVaultName: 'v' });
    expect(counter.calls).toBe(2);
  });
});
