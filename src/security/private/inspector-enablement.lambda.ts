// Custom resource handler: enables Amazon Inspector (v2) scan types in this account and region,
// records which of them it enabled itself, and on delete disables only those (unless told to
// retain). Scan types are account-wide: where another enablement of the account still asks for a
// scan type this one turned on (a logical id changed, a second stack), it inherits the scan type
// instead of seeing it turned off under it. CloudFormation invokes the handler directly
// (single-function provider): it always answers on the pre-signed response URL, before its own
// timeout.
import { createHash } from 'crypto';
import {
  BatchGetAccountStatusCommand, DisableCommand, EnableCommand, Inspector2Client, ResourceScanType,
} from '@aws-sdk/client-inspector2';
import {
  DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, PutParameterCommand, SSMClient,
} from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { respond } from '../../shared/cfn-response';

/** Parameter Store path of the records (the function's IAM policy is scoped to it). */
export const RECORD_PATH = '/cdk-readiness/inspector2-enablement';
export const RECORD_PREFIX = `${RECORD_PATH}/`;
const PHYSICAL_ID_PREFIX = 'inspector2-enablement-';
const SCAN_TYPES: readonly string[] = [ResourceScanType.EC2, ResourceScanType.ECR, ResourceScanType.LAMBDA, ResourceScanType.LAMBDA_CODE];
/** BatchGetAccountStatus reports each scan type under its own key. */
const STATE_KEY: Record<string, 'ec2' | 'ecr' | 'lambda' | 'lambdaCode'> = { EC2: 'ec2', ECR: 'ecr', LAMBDA: 'lambda', LAMBDA_CODE: 'lambdaCode' };
const ON = new Set(['ENABLED', 'ENABLING']);

/** What a record holds: the scan types the resource turned on (they were off before it acted) and those it asks for. */
export interface EnablementRecord {
  readonly enabledByThisResource: string[];
  readonly scanTypes: string[];
}

export interface Properties {
  readonly scanTypes: string[];
  readonly removalBehavior: 'restore' | 'retain';
}

export interface Outcome {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
}

/** How long to wait between status polls, and until when: injected so tests need no timers. */
export interface Clock {
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds left before the handler must answer CloudFormation. */
  readonly remainingMs: () => number;
}

const inspector = new Inspector2Client({});
const ssm = new SSMClient({});
const POLL_MS = 5_000;
/** Time kept in hand to answer CloudFormation after the last poll. */
const ANSWER_MARGIN_MS = 30_000;

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const clock: Clock = {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    remainingMs: () => context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS,
  };
  let physicalResourceId = event.RequestType === 'Create' ? physicalIdOf(event.StackId, event.LogicalResourceId) : event.PhysicalResourceId;
  try {
    const outcome = await apply(event, clock);
    physicalResourceId = outcome.physicalResourceId;
    await respond(event, 'SUCCESS', physicalResourceId, '', outcome.data);
  } catch (e) {
    console.error(e);
    await respond(event, 'FAILED', physicalResourceId, `${(e as Error).name}: ${(e as Error).message}`.slice(0, 3000), {});
  }
}

/** The whole lifecycle, without the CloudFormation response (tested with aws-sdk-client-mock). */
export async function apply(event: CloudFormationCustomResourceEvent, clock: Clock): Promise<Outcome> {
  if (event.RequestType === 'Delete') {
    await remove(event.PhysicalResourceId, propertiesOf(event.ResourceProperties, false), clock);
    return { physicalResourceId: event.PhysicalResourceId, data: {} };
  }
  const props = propertiesOf(event.ResourceProperties, true);
  const physicalResourceId = event.RequestType === 'Create' ? physicalIdOf(event.StackId, event.LogicalResourceId) : event.PhysicalResourceId;
  const name = recordName(physicalResourceId);
  const record = new Set((await readRecord(name))?.enabledByThisResource ?? []);

  // Scan types the update drops: turn off the ones this resource turned on (leave Inspector as found).
  if (event.RequestType === 'Update') {
    const before = propertiesOf(event.OldResourceProperties, false).scanTypes;
    const dropped = before.filter((t) => !props.scanTypes.includes(t) && record.has(t));
    if (dropped.length > 0 && props.removalBehavior === 'restore') {
      const release = await handOver(dropped, name);
      if (release.length > 0) await disable(release);
    }
    for (const t of dropped) record.delete(t);
  }

  const status = await statusOf();
  const toEnable = props.scanTypes.filter((t) => !ON.has(status[t]));
  if (toEnable.length > 0) {
    // Record before acting: if this invocation dies half way, a later delete still knows.
    for (const t of toEnable) record.add(t);
    await writeRecord(name, { enabledByThisResource: [...record], scanTypes: props.scanTypes });
    const out = await inspector.send(new EnableCommand({ resourceTypes: toEnable as ResourceScanType[] }));
    // Enabled or being enabled meanwhile (by another caller): the wait below settles it.
    const failed = (out.failedAccounts ?? []).filter((f) => f.errorCode !== 'ALREADY_ENABLED' && f.errorCode !== 'ENABLE_IN_PROGRESS');
    if (failed.length > 0) {
      throw new Error(`Inspector did not enable ${toEnable.join(', ')}: ${failed.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`);
    }
  } else {
    await writeRecord(name, { enabledByThisResource: [...record], scanTypes: props.scanTypes });
  }
  // Done only when every requested scan type is ENABLED (also those another caller is enabling).
  if (toEnable.length > 0 || props.scanTypes.some((t) => status[t] !== 'ENABLED')) {
    await waitFor(props.scanTypes, (s) => s === 'ENABLED', clock, 'ENABLED');
  }
  const enabledByThisResource = [...record].sort();
  return {
    physicalResourceId,
    data: { ScanTypes: props.scanTypes.join(','), EnabledByThisResource: enabledByThisResource.join(',') },
  };
}

async function remove(physicalResourceId: string, props: Properties, clock: Clock): Promise<void> {
  if (!physicalResourceId.startsWith(PHYSICAL_ID_PREFIX)) return; // a create that failed before it had an id
  const name = recordName(physicalResourceId);
  const record = await readRecord(name);
  if (record && props.removalBehavior === 'restore') {
    const status = await statusOf();
    const toDisable = await handOver(record.enabledByThisResource.filter((t) => ON.has(status[t])), name);
    if (toDisable.length > 0) {
      await disable(toDisable);
      // Best effort: Disable is asynchronous; a stack delete should not fail on a slow DISABLING.
      await waitFor(toDisable, (s) => !ON.has(s), clock, 'DISABLED').catch((e) => console.warn(String(e)));
    }
  }
  if (record) await ssm.send(new DeleteParameterCommand({ Name: name }));
}

async function disable(types: string[]): Promise<void> {
  const out = await inspector.send(new DisableCommand({ resourceTypes: types as ResourceScanType[] }));
  const failed = out.failedAccounts ?? [];
  if (failed.length > 0) {
    throw new Error(`Inspector did not disable ${types.join(', ')}: ${failed.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`);
  }
}

/** Status of every scan type in this account. */
async function statusOf(): Promise<Record<string, string>> {
  const out = await inspector.send(new BatchGetAccountStatusCommand({}));
  const failed = out.failedAccounts ?? [];
  if (failed.length > 0) {
    throw new Error(`Inspector did not report the account status: ${failed.map((f) => `${f.errorCode}: ${f.errorMessage}`).join('; ')}`);
  }
  const state = out.accounts?.[0]?.resourceState;
  const status: Record<string, string> = {};
  for (const t of SCAN_TYPES) status[t] = state?.[STATE_KEY[t]]?.status ?? 'DISABLED';
  return status;
}

async function waitFor(types: string[], done: (status: string) => boolean, clock: Clock, wanted: string): Promise<void> {
  for (;;) {
    const status = await statusOf();
    const pending = types.filter((t) => !done(status[t]));
    if (pending.length === 0) return;
    if (clock.remainingMs() < POLL_MS) {
      throw new Error(`Inspector scan types ${pending.map((t) => `${t} (${status[t]})`).join(', ')} did not become ${wanted} in time`);
    }
    await clock.sleep(POLL_MS);
  }
}

async function readRecord(name: string): Promise<EnablementRecord | undefined> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: name }));
    return parseRecord(out.Parameter?.Value);
  } catch (e) {
    if (e instanceof ParameterNotFound || (e as Error).name === 'ParameterNotFound') return undefined;
    throw e;
  }
}

function parseRecord(value: string | undefined): EnablementRecord {
  let parsed: any = {};
  try {
    parsed = JSON.parse(value ?? '{}');
  } catch {
    // An unreadable record claims nothing.
  }
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).filter((t) => SCAN_TYPES.includes(t)) : []);
  return { enabledByThisResource: list(parsed?.enabledByThisResource), scanTypes: list(parsed?.scanTypes) };
}

/**
 * Of scan types this resource turned on and is about to turn off, the ones no other enablement of
 * the account asks for. Each one another enablement asks for is handed over to it: it is recorded
 * as turned on by that one, which turns it off in its own time.
 */
async function handOver(types: string[], name: string): Promise<string[]> {
  if (types.length === 0) return [];
  const others: Array<{ name: string; record: EnablementRecord }> = [];
  let nextToken: string | undefined;
  do {
    const out = await ssm.send(new GetParametersByPathCommand({ Path: RECORD_PATH, NextToken: nextToken }));
    for (const p of out.Parameters ?? []) {
      if (p.Name && p.Name !== name) others.push({ name: p.Name, record: parseRecord(p.Value) });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  others.sort((a, b) => a.name.localeCompare(b.name));
  const release: string[] = [];
  const inherited = new Map<string, Set<string>>();
  for (const t of types) {
    const heir = others.find((o) => o.record.scanTypes.includes(t));
    if (!heir) {
      release.push(t);
      continue;
    }
    if (!inherited.has(heir.name)) inherited.set(heir.name, new Set(heir.record.enabledByThisResource));
    inherited.get(heir.name)!.add(t);
  }
  for (const heir of others.filter((o) => inherited.has(o.name))) {
    await writeRecord(heir.name, { enabledByThisResource: [...inherited.get(heir.name)!], scanTypes: heir.record.scanTypes });
  }
  return release;
}

async function writeRecord(name: string, record: EnablementRecord): Promise<void> {
  const value: EnablementRecord = { enabledByThisResource: [...record.enabledByThisResource].sort(), scanTypes: [...record.scanTypes].sort() };
  await ssm.send(new PutParameterCommand({
    Name: name,
    Type: 'String',
    Overwrite: true,
    Value: JSON.stringify(value),
    Description: 'Inspector scan types a cdk-readiness InspectorEnablement turned on (turned off again on delete)',
  }));
}

function propertiesOf(raw: Record<string, unknown> | undefined, strict: boolean): Properties {
  const types = Array.isArray(raw?.ScanTypes) ? (raw!.ScanTypes as unknown[]).map(String) : [];
  const unknown = types.filter((t) => !SCAN_TYPES.includes(t));
  if (strict && (types.length === 0 || unknown.length > 0)) {
    throw new Error(`ScanTypes must list some of ${SCAN_TYPES.join(', ')}; got ${JSON.stringify(raw?.ScanTypes)}`);
  }
  return {
    scanTypes: [...new Set(types.filter((t) => SCAN_TYPES.includes(t)))],
    removalBehavior: raw?.RemovalBehavior === 'retain' ? 'retain' : 'restore',
  };
}

/** Stable across updates: derived from the stack and the logical id, never from the properties. */
export function physicalIdOf(stackId: string, logicalResourceId: string): string {
  return PHYSICAL_ID_PREFIX + createHash('sha256').update(`${stackId}/${logicalResourceId}`).digest('hex').slice(0, 32);
}

function recordName(physicalResourceId: string): string {
  return RECORD_PREFIX + physicalResourceId.substring(PHYSICAL_ID_PREFIX.length);
}
