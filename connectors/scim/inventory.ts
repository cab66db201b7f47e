// A full, paged read of one SCIM app for reconciliation (RFC 7644 §3.4.2.4): GET /Users?startIndex=&count=,
// advancing by what each page held until totalResults is reached. Apps may cap `count`, so the next
// startIndex follows the items received, never the count asked for. The account's groups come from its
// readOnly `groups` attribute; in a SCIM app the active account is the paid seat.
import { type Inventory, type InventoryAccount, type InventoryReadOptions } from '../types';
import { type ScimHttp, type ScimListResponse } from './http';

export const SCIM_DEFAULT_PAGE = 100;

interface InventoryUser {
  id: string;
  userName: string;
  externalId?: string;
  active?: boolean;
  groups?: Array<{ value: string; display?: string }>;
}

export async function readScimInventory(http: ScimHttp, system: string, options: InventoryReadOptions = {}): Promise<Inventory> {
  const count = Math.max(1, options.pageSize ?? SCIM_DEFAULT_PAGE);
  const users: InventoryUser[] = [];
  let pages = 0;
  let emptyPages = 0;
  let startIndex = 1;
  for (;;) {
    const res = await http.send<ScimListResponse<InventoryUser>>('GET', `/Users?startIndex=${startIndex}&count=${count}`);
    const resources = res.body?.Resources ?? [];
    const total = res.body?.totalResults ?? 0;
    pages += 1;
    if (resources.length === 0) {
      if (total > 0 || startIndex > 1) emptyPages += 1; // an empty page before the end: the read is broken
      break;
    }
    users.push(...resources);
    startIndex += resources.length;
    if (startIndex > total) break;
  }
  const accounts = users.map(
    (u): InventoryAccount => ({
      externalId: u.id,
      login: u.userName,
      ...(u.externalId ? { employeeKey: u.externalId } : {}),
      enabled: u.active !== false,
      groups: (u.groups ?? []).map((g) => g.display ?? g.value).sort(),
      licences: [],
      seat: u.active !== false,
    }),
  );
  return { system, accounts, pages, emptyPages };
}
