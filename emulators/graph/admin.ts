// Test and dev-stack controls under /_admin: seed groups, inspect users as an auditor would, count requests,
// reset, and fault injection (POST /_admin/faults). Not part of Graph; no bearer needed.
import express, { type Router } from 'express';
import { type FaultInjector } from '../faults';
import { type GraphState } from './state';

export function adminRouter(state: GraphState, faults: FaultInjector): Router {
  const r = express.Router();
  r.use(express.json());
  r.use(faults.router());

  r.post('/groups', (req, res) => {
    const { displayName, description } = (req.body ?? {}) as { displayName?: unknown; description?: unknown };
    if (typeof displayName !== 'string' || !displayName.trim()) {
      res.status(400).json({ error: 'displayName is required' });
      return;
    }
    res.status(201).json(state.createGroup(displayName, typeof description === 'string' ? description : null));
  });

  r.get('/groups', (_req, res) => {
    res.json([...state.groups.values()].map((g) => ({ ...g, members: [...(state.members.get(g.id) ?? [])] })));
  });

  // Users with what JML changes about them, resolved to names, so a test can check effects in one call.
  r.get('/users', (_req, res) => {
    res.json(
      [...state.users.values()].map((u) => ({
        ...u,
        groups: state.groupsOf(u.id).map((g) => g.displayName),
        licenses: u.assignedLicenses.map((l) => state.skus.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId),
        signInBlocked: !u.accountEnabled,
        revokeSignInSessionsCount: state.revocations.get(u.id) ?? 0,
      })),
    );
  });

  r.get('/requests', (_req, res) => {
    res.json(state.requests);
  });
  r.delete('/requests', (_req, res) => {
    state.requests.length = 0;
    res.status(204).end();
  });

  // Back to the fixture tenant, faults cleared.
  r.post('/reset', (_req, res) => {
    state.reset();
    faults.clear();
    res.status(204).end();
  });
  return r;
}
