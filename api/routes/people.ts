// The per-person record (PRODUCT.md §6): profile, state, accounts, entitlements, assets, cases.
import { Router } from 'express';
import { z } from 'zod';
import { PERSON_STATES } from '../../domain/lifecycle';
import { safeToken } from '../../domain/safe-text';
import type { PersonRecord } from '../../db';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { notFound } from '../http/problem';
import { employeeIdParam, pageParams } from '../http/schemas';
import { parseOr400 } from '../http/validate';

export const listPeopleQuery = z.strictObject({
  state: z.enum(PERSON_STATES).optional(),
  department: safeToken(100).optional(),
  ...pageParams,
});

export function presentPerson(p: PersonRecord): Record<string, unknown> {
  return {
    employeeId: p.employeeId, givenName: p.givenName, familyName: p.familyName, department: p.department,
    location: p.location, jobTitle: p.jobTitle, employmentType: p.employmentType, managerId: p.managerId ?? undefined,
    state: p.state, locked: p.locked, startDate: p.startDate ?? undefined, lastDay: p.lastDay ?? undefined,
    accounts: p.accounts.map((a) => ({ system: a.system, externalId: a.externalId, login: a.login ?? undefined, status: a.status, createdAt: a.createdAt, disabledAt: a.disabledAt ?? undefined })),
    entitlements: p.entitlements.map((e) => ({
      id: e.entitlementId, system: e.system, source: e.source, status: e.status, grantedAt: e.grantedAt,
      removeAt: e.removeAt ?? undefined, removedAt: e.validTo ?? undefined, grantedByCase: e.grantedByCase ?? undefined,
      expiresAt: e.expiresAt ?? undefined, reason: e.reason ?? undefined,
    })),
    assets: p.assets,
    cases: p.cases,
  };
}

export function peopleRouter(deps: ApiDeps): Router {
  const r = Router();
  const readers = requireRole({ tokens: deps.tokens }, ['admin', 'auditor']);

  r.get('/v1/people', readers, async (req, res) => {
    const q = parseOr400(listPeopleQuery, req.query, 'query');
    const page = await deps.store.listPeople(q);
    res.json({ items: page.items, nextCursor: page.nextCursor });
  });

  r.get('/v1/people/:employeeId', readers, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    const rec = await deps.store.getPersonRecord(employeeId);
    if (!rec) throw notFound(`no person ${employeeId}`);
    res.json(presentPerson(rec));
  });
  return r;
}
