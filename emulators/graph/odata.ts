// The sliver of OData query syntax the emulator understands: `$filter=prop eq 'value'`, `$select`, `$top` with
// `@odata.nextLink` paging. Anything else in $filter is refused as Graph refuses unsupported queries.
import { type Request } from 'express';

export interface EqFilter {
  property: string;
  value: string;
}

/** Parses `prop eq 'value'` (OData escapes a quote as two quotes). Undefined when absent, null when unsupported. */
export function parseEqFilter(raw: unknown): EqFilter | undefined | null {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') return null;
  const match = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(raw);
  if (!match?.[1] || match[2] === undefined) return null;
  return { property: match[1], value: match[2].replace(/''/g, "'") };
}

export function project(item: Record<string, unknown>, select: unknown): Record<string, unknown> {
  if (typeof select !== 'string' || !select.trim()) return item;
  const wanted = new Set(select.split(',').map((s) => s.trim()));
  wanted.add('id');
  return Object.fromEntries(Object.entries(item).filter(([k]) => wanted.has(k) || k.startsWith('@odata')));
}

export function selectOne(req: Request, item: Record<string, unknown>): Record<string, unknown> {
  return project(item, req.query.$select);
}

/**
 * What Graph returns of a user without `$select`: its default set only. employeeId, accountEnabled and
 * assignedLicenses come back only when selected (REFERENCE.md "Reconciliation").
 */
export const USER_DEFAULT_SELECT = 'businessPhones,displayName,givenName,id,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,surname,userPrincipalName';

export function userSelect(req: Request): string {
  const select = req.query.$select;
  return typeof select === 'string' && select.trim() ? select : USER_DEFAULT_SELECT;
}

/** `{"@odata.context", value, "@odata.nextLink"?}` with $top/$skiptoken paging over an in-memory list. */
export function listBody(req: Request, items: Record<string, unknown>[], context: string, select: unknown = req.query.$select): Record<string, unknown> {
  const top = Number(req.query.$top ?? 100);
  const pageSize = Number.isInteger(top) && top > 0 ? Math.min(top, 999) : 100;
  const skip = Number(req.query.$skiptoken ?? 0) || 0;
  const page = items.slice(skip, skip + pageSize).map((i) => project(i, select));
  const body: Record<string, unknown> = { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`, value: page };
  if (skip + pageSize < items.length) {
    const next = new URL(`https://${req.headers.host ?? 'localhost'}${req.originalUrl}`);
    next.searchParams.set('$top', String(pageSize));
    next.searchParams.set('$skiptoken', String(skip + pageSize));
    body['@odata.nextLink'] = next.toString();
  }
  return body;
}
