// The subset of the Directory users.list `query` language the connector and tests rely on:
// space-separated `field:value` (prefix match) or `field=value` (exact), values optionally quoted.
// Fields: email, givenName, familyName, name, externalId, isSuspended, isAdmin, orgUnitPath.
import type { UserRecord } from './state';

export interface QueryTerm {
  field: string;
  op: ':' | '=';
  value: string;
}

export function parseUserQuery(query: string): QueryTerm[] | { error: string } {
  const terms: QueryTerm[] = [];
  const re = /\s*([A-Za-z.]+)\s*([:=])\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\S+))/y;
  let rest = query.trim();
  while (rest.length > 0) {
    re.lastIndex = 0;
    const m = re.exec(rest);
    if (!m) return { error: `Invalid Input: ${query}` };
    const raw = m[3] ?? m[4] ?? m[5] ?? '';
    terms.push({ field: m[1] as string, op: m[2] as ':' | '=', value: raw.replace(/\\(.)/g, '$1') });
    rest = rest.slice(m[0].length).trim();
  }
  return terms;
}

function text(actual: string, term: QueryTerm): boolean {
  const a = actual.toLowerCase();
  const v = term.value.toLowerCase();
  return term.op === '=' ? a === v : a.startsWith(v);
}

function matches(user: UserRecord, term: QueryTerm): boolean {
  switch (term.field) {
    case 'email': {
      const addresses = [user.primaryEmail, ...(user.aliases ?? [])];
      // `email:alice` also matches on the local part, as Google's prefix search does.
      return addresses.some((a) => text(a, term) || text(a.split('@')[0] ?? '', term));
    }
    case 'givenName':
      return text(user.name.givenName, term);
    case 'familyName':
      return text(user.name.familyName, term);
    case 'name':
      return text(user.name.fullName, term) || text(user.name.familyName, term);
    case 'externalId':
      // External ids are matched whole: a prefix hit would correlate the wrong employee.
      return (user.externalIds ?? []).some((e) => e.value.toLowerCase() === term.value.toLowerCase());
    case 'isSuspended':
      return String(user.suspended) === term.value.toLowerCase();
    case 'isAdmin':
      return String(user.isAdmin) === term.value.toLowerCase();
    case 'orgUnitPath':
      return text(user.orgUnitPath, term);
    default:
      return false;
  }
}

export function userMatches(user: UserRecord, terms: QueryTerm[]): boolean {
  return terms.every((t) => matches(user, t));
}

export const SUPPORTED_QUERY_FIELDS = ['email', 'givenName', 'familyName', 'name', 'externalId', 'isSuspended', 'isAdmin', 'orgUnitPath'];
