// The single record of a person (PRODUCT §5, §6): profile, state, accounts, entitlements, assets and cases.
import { listAccounts, type Account } from './accounts';
import { listAssets, type Asset } from './assets';
import { listCaseIds } from './cases';
import { listEntitlements, type EntitlementAssignment } from './entitlements';
import { getPerson, type Person } from './people';
import { type Queryable } from './sql';

export interface PersonRecord extends Person {
  accounts: Account[];
  /** Current and past assignments (status tells which); each with grantedAt and removeAt when scheduled. */
  entitlements: (EntitlementAssignment & { grantedAt: string })[];
  assets: Asset[];
  /** Case ids, oldest first. */
  cases: string[];
}

export async function getPersonRecord(
  db: Queryable, employeeId: string, opts: { includeRemoved?: boolean } = {},
): Promise<PersonRecord | null> {
  const person = await getPerson(db, employeeId);
  if (!person) return null;
  const [accounts, entitlements, assets, cases] = await Promise.all([
    listAccounts(db, employeeId),
    listEntitlements(db, employeeId, { includeRemoved: opts.includeRemoved ?? true }),
    listAssets(db, employeeId),
    listCaseIds(db, employeeId),
  ]);
  return {
    ...person,
    accounts,
    entitlements: entitlements.map((e) => ({ ...e, grantedAt: e.validFrom })),
    assets,
    cases,
  };
}
