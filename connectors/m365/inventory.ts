// A full, paged read of the tenant for reconciliation (REFERENCE.md "Reconciliation"): users with
// `$select` (employeeId is only returned when selected) and `$top` ≤ 999, following `@odata.nextLink`
// (never `$skip`); every group's direct members the same way; SKU ids named by their part numbers.
import { type Client } from '@microsoft/microsoft-graph-client';
import { type Inventory, type InventoryAccount, type InventoryReadOptions } from '../types';
import { SYSTEM } from './classify';

export const GRAPH_MAX_TOP = 999;
const USER_SELECT = 'id,userPrincipalName,accountEnabled,employeeId,assignedLicenses';

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

interface InventoryUser {
  id: string;
  userPrincipalName: string;
  accountEnabled?: boolean;
  employeeId?: string | null;
  assignedLicenses?: { skuId: string }[];
}

export async function readM365Inventory(client: Client, options: InventoryReadOptions = {}): Promise<Inventory> {
  const top = Math.min(Math.max(1, options.pageSize ?? GRAPH_MAX_TOP), GRAPH_MAX_TOP);
  let pages = 0;
  let emptyPages = 0;

  /**
   * Every item of a list, following nextLink; the first request carries $select and $top. An empty page counts
   * as suspect when more pages follow or came before, or when it is the whole list of accounts.
   */
  async function all<T>(path: string, select: string, accounts = false): Promise<T[]> {
    const items: T[] = [];
    let page = (await client.api(path).select(select).top(top).get()) as Page<T>;
    for (let n = 1; ; n += 1) {
      pages += 1;
      if (page.value.length === 0 && (accounts || n > 1 || page['@odata.nextLink'])) emptyPages += 1;
      items.push(...page.value);
      const next = page['@odata.nextLink'];
      if (!next) return items;
      page = (await client.api(next).get()) as Page<T>;
    }
  }

  const skus = (await client.api('/subscribedSkus').get()) as Page<{ skuId: string; skuPartNumber: string }>;
  const partNumbers = new Map(skus.value.map((s) => [s.skuId, s.skuPartNumber]));
  const users = await all<InventoryUser>('/users', USER_SELECT, true);
  const groupsOf = new Map<string, string[]>();
  for (const group of await all<{ id: string; displayName: string }>('/groups', 'id,displayName')) {
    for (const member of await all<{ id: string }>(`/groups/${group.id}/members`, 'id')) {
      groupsOf.set(member.id, [...(groupsOf.get(member.id) ?? []), group.displayName]);
    }
  }
  const accounts = users.map(
    (u): InventoryAccount => ({
      externalId: u.id,
      login: u.userPrincipalName,
      ...(u.employeeId ? { employeeKey: u.employeeId } : {}),
      enabled: u.accountEnabled !== false,
      groups: (groupsOf.get(u.id) ?? []).sort(),
      licences: (u.assignedLicenses ?? []).map((l) => partNumbers.get(l.skuId) ?? l.skuId).sort(),
      seat: false,
    }),
  );
  return { system: SYSTEM, accounts, pages, emptyPages };
}
