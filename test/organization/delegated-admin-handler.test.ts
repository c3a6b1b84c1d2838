// The delegated-administrator handler of OrganizationBaseline (GuardDuty and Inspector), with the AWS SDK mocked at the client boundary.
import { BadRequestException, EnableOrganizationAdminAccountCommand, GuardDutyClient, ListOrganizationAdminAccountsCommand } from '@aws-sdk/client-guardduty';
import { EnableDelegatedAdminAccountCommand, Inspector2Client, ListDelegatedAdminAccountsCommand } from '@aws-sdk/client-inspector2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { apply, handler } from '../../src/organization/private/delegated-admin.lambda';

const guardduty = mockClient(GuardDutyClient);
const inspector = mockClient(Inspector2Client);
const TOOLING = '222222222222';

function event(type: 'Create' | 'Update' | 'Delete', service = 'guardduty', adminAccountId = TOOLING): CloudFormationCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:h',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/x',
    StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Management/0a1b',
    RequestId: 'r1',
    LogicalResourceId: 'GuardDutyAdministrator',
    ResourceType: 'Custom::ReadinessDelegatedAdmin',
    ResourceProperties: { ServiceToken: 'x', service, adminAccountId },
  };
  if (type === 'Create') return { ...base, RequestType: 'Create' } as CloudFormationCustomResourceEvent;
  if (type === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: `${service}-admin-${adminAccountId}`, OldResourceProperties: base.ResourceProperties } as CloudFormationCustomResourceEvent;
  return { ...base, RequestType: 'Delete', PhysicalResourceId: `${service}-admin-${adminAccountId}` } as CloudFormationCustomResourceEvent;
}

beforeEach(() => {
  guardduty.reset();
  inspector.reset();
});

describe('GuardDuty', () => {
  test('no administrator yet: enables the tooling account', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [] });
    guardduty.on(EnableOrganizationAdminAccountCommand).resolves({});
    await expect(apply(event('Create'))).resolves.toBe(`guardduty-admin-${TOOLING}`);
    expect(guardduty).toHaveReceivedCommandWith(EnableOrganizationAdminAccountCommand, { AdminAccountId: TOOLING });
  });

  test('the tooling account already delegated (by hand, or by an earlier run): success without calling enable', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: TOOLING, AdminStatus: 'ENABLED' }] });
    await expect(apply(event('Update'))).resolves.toBe(`guardduty-admin-${TOOLING}`);
    expect(guardduty).not.toHaveReceivedCommand(EnableOrganizationAdminAccountCommand);
  });

  test('the pages of the list are all read', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolvesOnce({ AdminAccounts: [], NextToken: 't' })
      .resolvesOnce({ AdminAccounts: [{ AdminAccountId: TOOLING, AdminStatus: 'ENABLED' }] });
    await apply(event('Create'));
    expect(guardduty).toHaveReceivedCommandWith(ListOrganizationAdminAccountsCommand, { NextToken: 't' });
    expect(guardduty).not.toHaveReceivedCommand(EnableOrganizationAdminAccountCommand);
  });

  test('another account delegated: fails, naming it and how to change it deliberately', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: '999999999999', AdminStatus: 'ENABLED' }] });
    await expect(apply(event('Create'))).rejects.toThrow(/GuardDuty's delegated administrator is 999999999999 \(ENABLED\), not 222222222222.*aws guardduty disable-organization-admin-account --admin-account-id 999999999999/);
    expect(guardduty).not.toHaveReceivedCommand(EnableOrganizationAdminAccountCommand);
  });

  test('the tooling account being removed: fails, telling to wait', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: TOOLING, AdminStatus: 'DISABLE_IN_PROGRESS' }] });
    await expect(apply(event('Create'))).rejects.toThrow(/delegation to 222222222222 is DISABLE_IN_PROGRESS: wait until the removal has finished/);
  });

  test('an error of the enable call is never ignored (not even a BadRequestException)', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [] });
    guardduty.on(EnableOrganizationAdminAccountCommand).rejects(new BadRequestException({ message: 'The request is rejected because an invalid or out-of-range value is specified as an input parameter.', $metadata: {} }));
    await expect(apply(event('Create'))).rejects.toThrow(/invalid or out-of-range value/);
  });

  test('delete leaves the delegation: no call at all', async () => {
    await expect(apply(event('Delete'))).resolves.toBe(`guardduty-admin-${TOOLING}`);
    expect(guardduty.calls()).toHaveLength(0);
  });

  test('bad properties are refused', async () => {
    await expect(apply(event('Create', 'macie'))).rejects.toThrow(/Unknown service "macie"/);
    await expect(apply(event('Create', 'guardduty', 'tooling'))).rejects.toThrow(/adminAccountId "tooling" is not a 12-digit account id/);
  });
});

describe('Inspector', () => {
  test('no administrator yet: enables the tooling account; already delegated: nothing; another: fails', async () => {
    inspector.on(ListDelegatedAdminAccountsCommand).resolves({ delegatedAdminAccounts: [] });
    inspector.on(EnableDelegatedAdminAccountCommand).resolves({ delegatedAdminAccountId: TOOLING });
    await expect(apply(event('Create', 'inspector2'))).resolves.toBe(`inspector2-admin-${TOOLING}`);
    expect(inspector).toHaveReceivedCommandWith(EnableDelegatedAdminAccountCommand, { delegatedAdminAccountId: TOOLING });

    inspector.reset();
    inspector.on(ListDelegatedAdminAccountsCommand).resolves({ delegatedAdminAccounts: [{ accountId: TOOLING, status: 'ENABLED' }] });
    await apply(event('Update', 'inspector2'));
    expect(inspector).not.toHaveReceivedCommand(EnableDelegatedAdminAccountCommand);

    inspector.reset();
    inspector.on(ListDelegatedAdminAccountsCommand).resolves({ delegatedAdminAccounts: [{ accountId: '999999999999', status: 'ENABLED' }] });
    await expect(apply(event('Create', 'inspector2'))).rejects.toThrow(/Amazon Inspector's delegated administrator is 999999999999.*aws inspector2 disable-delegated-admin-account --delegated-admin-account-id 999999999999/);
  });
});

describe('the CloudFormation answer', () => {
  const fetchMock = jest.fn();
  beforeEach(() => {
    fetchMock.mockReset().mockResolvedValue({ ok: true, status: 200 });
    (global as any).fetch = fetchMock;
  });

  test('SUCCESS with the stable physical id; FAILED with the reason', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: TOOLING, AdminStatus: 'ENABLED' }] });
    await handler(event('Create'));
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `guardduty-admin-${TOOLING}` });

    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: '999999999999', AdminStatus: 'ENABLED' }] });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await handler(event('Create'));
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/delegated administrator is 999999999999/) });
  });
});
