// Access by hand (PRODUCT.md §6): an admin grants an entitlement with a reason (an access case: SoD and
// approval rules apply; with expiresAt it is removed when it expires), or revokes a hand-granted one.
import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../http/problem';
import { employeeIdParam, isoInstant } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import { currentPolicy } from './policies';
import { attributesOf, startCase } from './start-case';
import type { Person } from '../../db';
import type { PersonEvent } from '../../workflows/definitions';
import { caseWorkflowId } from '../../domain/ids';
import { employeeIdString, entitlementIdString, safeNote } from '../../domain/safe-text';

export const grantBody = z.strictObject({
  entitlementId: entitlementIdString,
  reason: safeNote(1000, { required: true }),
  expiresAt: isoInstant.optional(),
});
export const revokeBody = z.strictObject({ reason: safeNote(1000, { required: true }).optional() });
export const entitlementParams = z.strictObject({ employeeId: employeeIdString, entitlementId: entitlementIdString });

/** States in which a person can be given access by hand. */
const GRANTABLE = new Set(['pending', 'active', 'notice']);

/** An Idempotency-Key makes a retried request the same case; without one each request is a new case. */
function caseKey(req: Request, action: string): string {
  const key = req.get('idempotency-key');
  if (key === undefined) return `${action}-${randomUUID()}`;
  if (!/^[\x21-\x7e]{1,128}$/.test(key)) throw badRequest('Idempotency-Key must be 1-128 printable ASCII characters');
  return `${action}-${createHash('sha256').update(`${req.caller!.name}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

export function personEntitlementsRouter(deps: ApiDeps): Router {
  const r = Router();
  const admins = requireRole({ tokens: deps.tokens, now: deps.now }, ['admin']);

  r.post('/v1/people/:employeeId/entitlements', admins, async (req, res) => {
    const { employeeId } = parseOr400(employeeIdParam, req.params, 'path');
    const body = parseOr400(grantBody, req.body, 'grant request');
    if (req.caller!.employeeId !== undefined && req.caller!.employeeId.toLowerCase() === employeeId.toLowerCase()) {
      throw forbidden(`${req.caller!.name} may not grant access to themselves: another admin must`);
    }
    const person = await deps.store.getPerson(employeeId);
    if (!person) throw notFound(`no person ${employeeId}`);
    if (!GRANTABLE.has(person.state)) throw conflict(`employee ${employeeId} is ${person.state}: access cannot be granted`, { state: person.state });
    const { document } = await currentPolicy(deps);
    if (!document.entitlements.some((e) => e.id === body.entitlementId)) {
      throw unprocessable(`unknown entitlement ${body.entitlementId}`, [{ field: 'entitlementId', message: 'not an entitlement in the current policy' }]);
    }
    if (body.expiresAt && Date.parse(body.expiresAt) <= (deps.now?.() ?? Date.now())) {
      throw badRequest('expiresAt is in the past', [{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    await startAccessCase(deps, req, res, person, { action: 'grant', entitlementId: body.entitlementId, expiresAt: body.expiresAt }, body.reason);
  });

  r.delete('/v1/people/:employeeId/entitlements/:entitlementId', admins, async (req, res) => {
    const { employeeId, entitlementId } = parseOr400(entitlementParams, req.params, 'path');
    const body = parseOr400(revokeBody, req.body ?? {}, 'revoke request');
    const person = await deps.store.getPerson(employeeId);
    if (!person) throw notFound(`no person ${employeeId}`);
    const held = (await deps.store.listEntitlements(employeeId, { includeRemoved: false }))
      .filter((e) => e.entitlementId === entitlementId && e.status !== 'removed');
    if (held.length === 0) throw notFound(`employee ${employeeId} does not hold ${entitlementId}`);
    if (!held.some((e) => e.source === 'manual')) {
      throw conflict(`${entitlementId} is held as ${held.map((e) => e.source).join(', ')}, not by hand: change the policy or the person's attributes instead`);
    }
    await startAccessCase(deps, req, res, person, { action: 'revoke', entitlementId }, body.reason);
  });
  return r;
}

/** Starts the access case (answering 200 with the existing case when the same request came before) and answers 202. */
async function startAccessCase(
  deps: ApiDeps, req: Request, res: Response, person: Person,
  access: NonNullable<PersonEvent['access']>, reason: string | undefined,
): Promise<void> {
  const eventId = caseKey(req, access.action);
  const existing = await deps.store.getCase(caseWorkflowId(person.employeeId, eventId));
  if (existing) {
    res.status(200).json({ caseId: existing.caseId, workflowId: existing.workflowId, duplicate: true });
    return;
  }
  const started = await startCase(deps, {
    eventId, type: 'access', employee: attributesOf(person), immediate: true, reason, requestedBy: req.caller!.name, access,
  });
  res.status(202).location(`/v1/cases/${encodeURIComponent(started.caseId)}`).json(started);
}
