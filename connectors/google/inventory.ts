// A full, paged read of the Workspace directory for reconciliation (REFERENCE.md "Reconciliation"):
// users.list (maxResults ≤ 500, projection full), groups.list (≤ 200) and each group's members.list (≤ 200),
// following nextPageToken. Correlation key: externalIds[{type: "organization"}]. Licences are not read here:
// the Enterprise License Manager API is not part of this connector (and holds no purchased counts).
import type { admin_directory_v1 } from 'googleapis';
import { type Inventory, type InventoryAccount, type InventoryReadOptions } from '../types';

export const GOOGLE_MAX_USERS_PAGE = 500;
export const GOOGLE_MAX_MEMBERS_PAGE = 200;

type Call = <T>(action: string, fn: () => Promise<T>) => Promise<T>;

interface Paged<T> {
  items: T[];
  next?: string | null;
}

export async function readGoogleInventory(
  directory: admin_directory_v1.Admin,
  customer: string,
  call: Call,
  options: InventoryReadOptions = {},
  /** The admin the service account impersonates: disabling it would cut the connector off. */
  subject?: string,
): Promise<Inventory> {
  let pages = 0;
  let emptyPages = 0;
  const size = (max: number) => Math.min(Math.max(1, options.pageSize ?? max), max);

  /** An empty page counts as suspect when more pages follow or came before, or when it is the whole list of accounts. */
  async function all<T>(action: string, page: (pageToken: string | undefined) => Promise<Paged<T>>, accounts = false): Promise<T[]> {
    const items: T[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const got = await call(action, () => page(token));
      pages += 1;
      if (got.items.length === 0 && (accounts || token !== undefined || got.next)) emptyPages += 1;
      items.push(...got.items);
      pageToken = got.next ?? undefined;
    } while (pageToken);
    return items;
  }

  const users = await all('list users', async (pageToken) => {
    const res = await directory.users.list({ customer, maxResults: size(GOOGLE_MAX_USERS_PAGE), pageToken, projection: 'full' });
    return { items: res.data.users ?? [], next: res.data.nextPageToken };
  }, true);
  const groups = await all('list groups', async (pageToken) => {
    const res = await directory.groups.list({ customer, maxResults: size(GOOGLE_MAX_MEMBERS_PAGE), pageToken });
    return { items: res.data.groups ?? [], next: res.data.nextPageToken };
  });
  const groupsOf = new Map<string, string[]>();
  for (const group of groups) {
    if (!group.id || !group.email) continue;
    const groupKey = group.id;
    const members = await all(`list members of ${group.email}`, async (pageToken) => {
      const res = await directory.members.list({ groupKey, maxResults: size(GOOGLE_MAX_MEMBERS_PAGE), pageToken });
      return { items: res.data.members ?? [], next: res.data.nextPageToken };
    });
    for (const m of members) if (m.id && m.type === 'USER') groupsOf.set(m.id, [...(groupsOf.get(m.id) ?? []), group.email]);
  }

  const accounts = users.flatMap((u): InventoryAccount[] => {
    if (!u.id || !u.primaryEmail) return [];
    const key = (u.externalIds as { type?: string; value?: string }[] | undefined)?.find((e) => e.type === 'organization')?.value;
    return [
      {
        externalId: u.id,
        login: u.primaryEmail,
        ...(key ? { employeeKey: key } : {}),
        enabled: u.suspended !== true,
        groups: (groupsOf.get(u.id) ?? []).sort(),
        licences: [],
        seat: false,
        ...(subject && u.primaryEmail.toLowerCase() === subject.toLowerCase() ? { connectorIdentity: true } : {}),
      },
    ];
  });
  return { system: 'google', accounts, pages, emptyPages };
}
