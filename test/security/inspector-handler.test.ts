// The Inspector enablement custom resource handler, with the AWS SDK mocked at the client boundary.
import { BatchGetAccountStatusCommand, DisableCommand, EnableCommand, Inspector2Client, State } from '@aws-sdk/client-inspector2';
import { DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { apply, Clock, handler, physicalIdOf, RECORD_PATH, RECORD_PREFIX } from '../../src/security/private/inspector-enablement.lambda';

const inspector = mockClient(Inspector2Client);
const ssm = mockClient(SSMClient);

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Sec/0a1b';
const PHYSICAL_ID = physicalIdOf(STACK_ID, 'Inspector');
const RECORD = RECORD_PREFIX + PHYSICAL_ID.replace('inspector2-enablement-', '');
/** The record of another enablement of the account (another logical id or stack). */
const OTHER = `${RECORD_PREFIX}0123456789abcdef0123456789abcdef`;
/** Ten minutes that pass only when the handler sleeps: no timers, and a wait that never ends fails instead of hanging. */
function fakeClock(): Clock {
  let left = 600_000;
  return { sleep: async (ms) => { left -= ms; }, remainingMs: () => left };
}
let clock: Clock;

type Status = 'ENABLED' | 'ENABLING' | 'DISABLED' | 'DISABLING';
function status(s: Partial<Record<'ec2' | 'ecr' | 'lambda' | 'lambdaCode', Status>>) {
  // State requires errorCode and errorMessage; the API sends them only on errors.
  const state = (v?: Status): State => ({ status: v ?? 'DISABLED' } as State);
  return { accounts: [{ accountId: '111111111111', state: state('ENABLED'), resourceState: { ec2: state(s.ec2), ecr: state(s.ecr), lambda: state(s.lambda), lambdaCode: state(s.lambdaCode) } }] };
}
function record(types: string[] | undefined) {
  if (types === undefined) ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  else ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ enabledByThisResource: types }) } });
}
function event(type: 'Create' | 'Update' | 'Delete', props: Record<string, unknown>, old?: Record<string, unknown>): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:h',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
    StackId: STACK_ID,
    RequestId: 'r1',
    LogicalResourceId: 'Inspector',
    ResourceType: 'Custom::ReadinessInspectorEnablement',
    ResourceProperties: { ServiceToken: 'x', ...props },
  };
  if (type === 'Create') return { ...base, RequestType: 'Create' } as CloudFormationCustomResourceEvent;
  if (type === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: PHYSICAL_ID, OldResourceProperties: { ServiceToken: 'x', ...old } } as CloudFormationCustomResourceEvent;
  return { ...base, RequestType: 'Delete', PhysicalResourceId: PHYSICAL_ID } as CloudFormationCustomResourceEvent;
}
const props = (scanTypes: string[], removalBehavior = 'restore') => ({ ScanTypes: scanTypes, RemovalBehavior: removalBehavior });

beforeEach(() => {
  clock = fakeClock();
  inspector.reset();
  ssm.reset();
  ssm.on(PutParameterCommand).resolves({});
  ssm.on(DeleteParameterCommand).resolves({});
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
  inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [] });
  inspector.on(DisableCommand).resolves({ accounts: [], failedAccounts: [] });
});

describe('create', () => {
  test('enables only the scan types that are off, records them before acting, waits until ENABLED', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand)
      .resolvesOnce(status({ ec2: 'ENABLED' }))
      .resolvesOnce(status({ ec2: 'ENABLED', ecr: 'ENABLING' }))
      .resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED' }));
    const out = await apply(event('Create', props(['EC2', 'ECR', 'LAMBDA'])), clock);
    expect(inspector).toHaveReceivedCommandWith(EnableCommand, { resourceTypes: ['ECR', 'LAMBDA'] });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: RECORD, Value: JSON.stringify({ enabledByThisResource: ['ECR', 'LAMBDA'], scanTypes: ['EC2', 'ECR', 'LAMBDA'] }), Overwrite: true,
    });
    // Recorded before Enable: a half-finished invocation still leaves the record for the delete.
    expect(ssm.commandCalls(PutParameterCommand)[0].calledBefore(inspector.commandCalls(EnableCommand)[0])).toBe(true);
    expect(inspector.commandCalls(BatchGetAccountStatusCommand).length).toBe(3);
    expect(out).toEqual({ physicalResourceId: PHYSICAL_ID, data: { ScanTypes: 'EC2,ECR,LAMBDA', EnabledByThisResource: 'ECR,LAMBDA' } });
  });

  test('idempotent: everything already on → no Enable call, nothing recorded as ours', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED' }));
    const out = await apply(event('Create', props(['EC2', 'ECR'])), clock);
    expect(inspector).not.toHaveReceivedCommand(EnableCommand);
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Value: JSON.stringify({ enabledByThisResource: [], scanTypes: ['EC2', 'ECR'] }) });
    expect(out.data.EnabledByThisResource).toBe('');
  });

  test('idempotent: a retried create keeps what the first attempt recorded', async () => {
    record(['ECR']);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED' }));
    const out = await apply(event('Create', props(['EC2', 'ECR'])), clock);
    expect(inspector).not.toHaveReceivedCommand(EnableCommand);
    expect(out.data.EnabledByThisResource).toBe('ECR');
  });

  test('the physical id is stable: derived from stack and logical id, not from the properties', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED' }));
    const a = await apply(event('Create', props(['EC2'])), clock);
    const b = await apply(event('Create', props(['EC2', 'ECR', 'LAMBDA'])), clock);
    expect(a.physicalResourceId).toBe(b.physicalResourceId);
    expect(a.physicalResourceId).toMatch(/^inspector2-enablement-[0-9a-f]{32}$/);
  });

  test('a failed account in the Enable answer fails the create; ALREADY_ENABLED does not', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({}));
    inspector.on(EnableCommand).resolves({ failedAccounts: [{ accountId: '111111111111', errorCode: 'ACCESS_DENIED', errorMessage: 'member account', status: 'DISABLED' }] });
    await expect(apply(event('Create', props(['EC2'])), clock)).rejects.toThrow(/did not enable EC2: ACCESS_DENIED: member account/);

    inspector.on(EnableCommand).resolves({ failedAccounts: [{ accountId: '111111111111', errorCode: 'ALREADY_ENABLED', errorMessage: 'x', status: 'ENABLED' }] });
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status({})).resolves(status({ ec2: 'ENABLED' }));
    await expect(apply(event('Create', props(['EC2'])), clock)).resolves.toBeDefined();
  });

  test('gives up when a scan type does not become ENABLED before the deadline', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ecr: 'ENABLING' }));
    await expect(apply(event('Create', props(['ECR'])), { sleep: async () => undefined, remainingMs: () => 1_000 }))
      .rejects.toThrow(/ECR \(ENABLING\) did not become ENABLED in time/);
  });

  test('rejects unknown scan types', async () => {
    await expect(apply(event('Create', props(['EC2', 'S3'])), clock)).rejects.toThrow(/ScanTypes must list some of EC2, ECR, LAMBDA, LAMBDA_CODE/);
  });
});

describe('update', () => {
  test('a dropped scan type this resource enabled is disabled; one that was on before is left alone', async () => {
    record(['ECR', 'LAMBDA']);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED' }));
    const out = await apply(event('Update', props(['ECR']), props(['EC2', 'ECR', 'LAMBDA'])), clock);
    expect(inspector).toHaveReceivedCommandWith(DisableCommand, { resourceTypes: ['LAMBDA'] });
    expect(inspector).toHaveReceivedCommandTimes(DisableCommand, 1);
    expect(out).toEqual({ physicalResourceId: PHYSICAL_ID, data: { ScanTypes: 'ECR', EnabledByThisResource: 'ECR' } });
  });

  test('a new scan type is enabled and added to the record', async () => {
    record(['ECR']);
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status({ ecr: 'ENABLED' })).resolves(status({ ecr: 'ENABLED', lambda: 'ENABLED' }));
    await apply(event('Update', props(['ECR', 'LAMBDA']), props(['ECR'])), clock);
    expect(inspector).toHaveReceivedCommandWith(EnableCommand, { resourceTypes: ['LAMBDA'] });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Value: JSON.stringify({ enabledByThisResource: ['ECR', 'LAMBDA'], scanTypes: ['ECR', 'LAMBDA'] }) });
  });

  test('a dropped scan type another enablement of the account asks for is handed over to it, not disabled', async () => {
    record(['ECR', 'LAMBDA']);
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: RECORD, Value: JSON.stringify({ enabledByThisResource: ['ECR', 'LAMBDA'], scanTypes: ['ECR', 'LAMBDA'] }) },
        { Name: OTHER, Value: JSON.stringify({ enabledByThisResource: [], scanTypes: ['LAMBDA'] }) },
      ],
    });
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ecr: 'ENABLED', lambda: 'ENABLED' }));
    await apply(event('Update', props(['ECR']), props(['ECR', 'LAMBDA'])), clock);
    expect(inspector).not.toHaveReceivedCommand(DisableCommand);
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: OTHER, Value: JSON.stringify({ enabledByThisResource: ['LAMBDA'], scanTypes: ['LAMBDA'] }) });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: RECORD, Value: JSON.stringify({ enabledByThisResource: ['ECR'], scanTypes: ['ECR'] }) });
  });
});

describe('delete', () => {
  test('restore: disables only what this resource enabled and deletes its record', async () => {
    record(['ECR']);
    inspector.on(BatchGetAccountStatusCommand)
      .resolvesOnce(status({ ec2: 'ENABLED', ecr: 'ENABLED' }))
      .resolves(status({ ec2: 'ENABLED', ecr: 'DISABLED' }));
    await apply(event('Delete', props(['EC2', 'ECR'])), clock);
    expect(inspector).toHaveReceivedCommandWith(DisableCommand, { resourceTypes: ['ECR'] });
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: RECORD });
  });

  test('restore after a logical id change: the new enablement (which found everything on) inherits what the old one turned on', async () => {
    record(['ECR', 'LAMBDA']);
    // Two pages of records: this resource's own and the new enablement's, which asks for ECR only.
    ssm.on(GetParametersByPathCommand, { Path: RECORD_PATH, NextToken: undefined }).resolves({
      Parameters: [{ Name: RECORD, Value: JSON.stringify({ enabledByThisResource: ['ECR', 'LAMBDA'], scanTypes: ['ECR', 'LAMBDA'] }) }],
      NextToken: 'page-2',
    });
    ssm.on(GetParametersByPathCommand, { Path: RECORD_PATH, NextToken: 'page-2' }).resolves({
      Parameters: [{ Name: OTHER, Value: JSON.stringify({ enabledByThisResource: [], scanTypes: ['EC2', 'ECR'] }) }],
    });
    inspector.on(BatchGetAccountStatusCommand)
      .resolvesOnce(status({ ec2: 'ENABLED', ecr: 'ENABLED', lambda: 'ENABLED' }))
      .resolves(status({ ec2: 'ENABLED', ecr: 'ENABLED' }));
    await apply(event('Delete', props(['ECR', 'LAMBDA'])), clock);
    expect(inspector).toHaveReceivedCommandTimes(DisableCommand, 1);
    expect(inspector).toHaveReceivedCommandWith(DisableCommand, { resourceTypes: ['LAMBDA'] });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, { Name: OTHER, Value: JSON.stringify({ enabledByThisResource: ['ECR'], scanTypes: ['EC2', 'ECR'] }) });
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: RECORD });
  });

  test('retain: disables nothing', async () => {
    record(['ECR']);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ecr: 'ENABLED' }));
    await apply(event('Delete', props(['ECR'], 'retain')), clock);
    expect(inspector).not.toHaveReceivedCommand(DisableCommand);
    expect(ssm).toHaveReceivedCommand(DeleteParameterCommand);
  });

  test('no record (nothing was enabled, or a retry) → nothing disabled, success', async () => {
    record(undefined);
    await apply(event('Delete', props(['ECR'])), clock);
    expect(inspector).not.toHaveReceivedCommand(DisableCommand);
    expect(ssm).not.toHaveReceivedCommand(DeleteParameterCommand);
  });

  test('scan types someone else already turned off are not disabled again', async () => {
    record(['ECR', 'LAMBDA']);
    inspector.on(BatchGetAccountStatusCommand).resolvesOnce(status({ ecr: 'DISABLED', lambda: 'ENABLED' })).resolves(status({}));
    await apply(event('Delete', props(['ECR', 'LAMBDA'])), clock);
    expect(inspector).toHaveReceivedCommandWith(DisableCommand, { resourceTypes: ['LAMBDA'] });
  });
});

describe('handler: always answers CloudFormation on the response URL', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset().mockResolvedValue({ ok: true, status: 200 });
    (global as any).fetch = fetchMock;
  });
  const context = { getRemainingTimeInMillis: () => 840_000 } as any;
  const sent = () => JSON.parse(fetchMock.mock.calls[0][1].body);

  test('SUCCESS with the stable physical id and data', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).resolves(status({ ec2: 'ENABLED' }));
    await handler(event('Create', props(['EC2'])), context);
    expect(fetchMock).toHaveBeenCalledWith('https://cloudformation-custom-resource-response.example/x', expect.objectContaining({ method: 'PUT' }));
    expect(sent()).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID, RequestId: 'r1', LogicalResourceId: 'Inspector', Data: { ScanTypes: 'EC2', EnabledByThisResource: '' } }));
  });

  test('Delete: SUCCESS with the physical id CloudFormation sent', async () => {
    record(undefined);
    await handler(event('Delete', props(['EC2'])), context);
    expect(sent()).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: PHYSICAL_ID, RequestId: 'r1' }));
  });

  test('FAILED with the reason when Inspector refuses', async () => {
    record(undefined);
    inspector.on(BatchGetAccountStatusCommand).rejects(new Error('AccessDeniedException: not authorized'));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await handler(event('Create', props(['EC2'])), context);
    expect(sent()).toEqual(expect.objectContaining({ Status: 'FAILED', PhysicalResourceId: PHYSICAL_ID, Reason: expect.stringContaining('not authorized') }));
  });
});
