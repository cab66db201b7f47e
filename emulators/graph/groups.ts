// /v1.0/groups and /v1.0/subscribedSkus: find groups, add and remove members by $ref, the tenant's SKUs.
import express, { type Router } from 'express';
import { badRequest, notFound, sendGraphError } from './errors';
import { listBody, parseEqFilter, selectOne } from './odata';
import { type GraphState } from './state';

const FILTERABLE = new Set(['displayName', 'mailNickname', 'id']);

/** The object id at the end of `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (any host, users/ too). */
function referencedId(odataId: unknown): string | null {
  if (typeof odataId !== 'string') return null;
  const match = /\/(?:directoryObjects|users)\/([^/?#]+)$/.exec(odataId);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function groupsRouter(state: GraphState): Router {
  const r = express.Router();

  r.get('/groups', (req, res) => {
    const filter = parseEqFilter(req.query.$filter);
    if (filter === null || (filter && !FILTERABLE.has(filter.property))) {
      sendGraphError(res, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
      return;
    }
    let groups = [...state.groups.values()];
    if (filter) {
      const wanted = filter.value.toLowerCase();
      groups = groups.filter((g) => String(g[filter.property as keyof typeof g] ?? '').toLowerCase() === wanted);
    }
    res.json(listBody(req, groups as unknown as Record<string, unknown>[], 'groups'));
  });

  r.get('/groups/:id', (req, res) => {
    const group = state.groups.get(req.params.id);
    if (!group) return notFound(res, req.params.id);
    res.json(selectOne(req, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#groups/$entity', ...group }));
  });

  r.get('/groups/:id/members', (req, res) => {
    const members = state.members.get(req.params.id);
    if (!members) return notFound(res, req.params.id);
    const users = [...members].flatMap((id) => {
      const u = state.users.get(id);
      return u ? [{ '@odata.type': '#microsoft.graph.user', ...u }] : [];
    });
    res.json(listBody(req, users, 'directoryObjects'));
  });

  r.post('/groups/:id/members/$ref', (req, res) => {
    const members = state.members.get(req.params.id);
    if (!members) return notFound(res, req.params.id);
    const userId = referencedId((req.body as Record<string, unknown> | undefined)?.['@odata.id']);
    if (!userId) return badRequest(res, "Invalid object identifier in '@odata.id'.");
    const user = state.findUser(userId);
    if (!user) return notFound(res, userId);
    if (members.has(user.id)) {
      return badRequest(res, "One or more added object references already exist for the following modified properties: 'members'.");
    }
    members.add(user.id);
    res.status(204).end();
  });

  // Not a member: Graph's answer is not documented (REFERENCE.md marks 400 unconfirmed); we answer 404.
  r.delete('/groups/:id/members/:userId/$ref', (req, res) => {
    const members = state.members.get(req.params.id);
    if (!members) return notFound(res, req.params.id);
    const user = state.findUser(req.params.userId);
    if (!user || !members.has(user.id)) return notFound(res, req.params.userId);
    members.delete(user.id);
    res.status(204).end();
  });

  r.get('/subscribedSkus', (req, res) => {
    const skus = state.skus.map((s) => ({
      id: `${state.options.tenantId}_${s.skuId}`,
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: state.consumedUnits(s.skuId),
      prepaidUnits: { enabled: s.prepaidUnits, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: [],
    }));
    res.json(listBody(req, skus, 'subscribedSkus'));
  });

  return r;
}
