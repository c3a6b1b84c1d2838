// Custom resource handler: makes an account the delegated administrator of GuardDuty or Amazon
// Inspector for the organization, idempotently. It reads the current delegation first
// (guardduty:ListOrganizationAdminAccounts, inspector2:ListDelegatedAdminAccounts) and calls the
// enable API only when no administrator is delegated: an account already delegated is success,
// any other state (another account delegated, a removal in progress) fails with what to do. No
// error of the enable call is ignored. Delete does nothing: removing the delegation stops the
// protection of every account, so it is done deliberately. CloudFormation invokes the handler
// directly (single-function provider); it always answers on the pre-signed response URL.
import {
  EnableOrganizationAdminAccountCommand, GuardDutyClient, ListOrganizationAdminAccountsCommand,
} from '@aws-sdk/client-guardduty';
import {
  EnableDelegatedAdminAccountCommand, Inspector2Client, ListDelegatedAdminAccountsCommand,
} from '@aws-sdk/client-inspector2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { respond } from '../../shared/cfn-response';

/** The services whose delegated administrator the handler sets. */
export type DelegatedService = 'guardduty' | 'inspector2';

export interface Properties {
  readonly service: DelegatedService;
  readonly adminAccountId: string;
}

/** An account delegated for the service, and its status (ENABLED, DISABLE_IN_PROGRESS). */
interface Delegation {
  readonly accountId: string;
  readonly status: string;
}

const guardduty = new GuardDutyClient({});
const inspector = new Inspector2Client({});

const NAMES: Record<DelegatedService, string> = { guardduty: 'GuardDuty', inspector2: 'Amazon Inspector' };
const UNDO: Record<DelegatedService, string> = {
  guardduty: 'aws guardduty disable-organization-admin-account --admin-account-id',
  inspector2: 'aws inspector2 disable-delegated-admin-account --delegated-admin-account-id',
};

export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  const fallbackId = event.RequestType === 'Create' ? `delegated-admin-${event.LogicalResourceId}` : event.PhysicalResourceId;
  try {
    const physicalResourceId = await apply(event);
    await respond(event, 'SUCCESS', physicalResourceId, '', {});
  } catch (e) {
    console.error(e);
    await respond(event, 'FAILED', fallbackId, `${(e as Error).name}: ${(e as Error).message}`.slice(0, 3000), {});
  }
}

/** The whole lifecycle, without the CloudFormation response (tested with aws-sdk-client-mock). Returns the physical id. */
export async function apply(event: CloudFormationCustomResourceEvent): Promise<string> {
  if (event.RequestType === 'Delete') return event.PhysicalResourceId;
  const props = propertiesOf(event.ResourceProperties);
  const physicalResourceId = `${props.service}-admin-${props.adminAccountId}`;
  const delegations = await delegationsOf(props.service);
  const name = NAMES[props.service];
  const wanted = delegations.find((d) => d.accountId === props.adminAccountId);
  if (wanted?.status === 'ENABLED') {
    console.log(`${props.adminAccountId} is already ${name}'s delegated administrator: nothing to do`);
    return physicalResourceId;
  }
  if (wanted) {
    throw new Error(`${name}'s delegation to ${props.adminAccountId} is ${wanted.status}: wait until the removal has finished (it disappears from the list), then deploy again`);
  }
  const others = delegations.filter((d) => d.accountId !== props.adminAccountId);
  if (others.length > 0) {
    throw new Error(`${name}'s delegated administrator is ${others.map((d) => `${d.accountId} (${d.status})`).join(', ')}, not ${props.adminAccountId}: an organization has one. `
      + `Changing it moves every member account; do it deliberately (${UNDO[props.service]} ${others[0].accountId}), then deploy again`);
  }
  await enable(props);
  return physicalResourceId;
}

function propertiesOf(raw: Record<string, unknown>): Properties {
  const service = raw.service;
  const adminAccountId = raw.adminAccountId;
  if (service !== 'guardduty' && service !== 'inspector2') throw new Error(`Unknown service ${JSON.stringify(service)}: expected guardduty or inspector2`);
  if (typeof adminAccountId !== 'string' || !/^\d{12}$/.test(adminAccountId)) throw new Error(`adminAccountId ${JSON.stringify(adminAccountId)} is not a 12-digit account id`);
  return { service, adminAccountId };
}

/** Every delegation of the service (both APIs page; GuardDuty and Inspector allow one administrator). */
async function delegationsOf(service: DelegatedService): Promise<Delegation[]> {
  const out: Delegation[] = [];
  let nextToken: string | undefined;
  do {
    if (service === 'guardduty') {
      const page = await guardduty.send(new ListOrganizationAdminAccountsCommand({ NextToken: nextToken }));
      out.push(...(page.AdminAccounts ?? []).map((a) => ({ accountId: a.AdminAccountId ?? '', status: a.AdminStatus ?? '' })));
      nextToken = page.NextToken;
    } else {
      const page = await inspector.send(new ListDelegatedAdminAccountsCommand({ nextToken }));
      out.push(...(page.delegatedAdminAccounts ?? []).map((a) => ({ accountId: a.accountId ?? '', status: a.status ?? '' })));
      nextToken = page.nextToken;
    }
  } while (nextToken);
  return out;
}

async function enable(props: Properties): Promise<void> {
  if (props.service === 'guardduty') {
    await guardduty.send(new EnableOrganizationAdminAccountCommand({ AdminAccountId: props.adminAccountId }));
  } else {
    await inspector.send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: props.adminAccountId }));
  }
}
