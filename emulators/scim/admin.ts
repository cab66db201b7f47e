// Admin routes for tests and the dev stack: look at the app's state, seed groups, reset, inject faults.
// No authentication: the emulator only ever listens on a developer's or CI machine.
import express, { type Router } from 'express';
import { type FaultInjector } from '../faults';
import { ScimStateError, type ScimState } from './state';

export function adminRouter(state: ScimState, faults: FaultInjector, name: string): Router {
  const r = express.Router();

  /** Users with their active state and group names: what a test asserts on. */
  r.get('/users', (_req, res) => {
    res.json(
      [...state.users.values()].map((u) => ({
        id: u.id,
        userName: u.userName,
        externalId: u.externalId ?? null,
        active: u.active,
        groups: state.groupsOf(u.id).map((g) => g.displayName),
      })),
    );
  });

  r.get('/groups', (_req, res) => {
    res.json(
      [...state.groups.values()].map((g) => ({
        id: g.id,
        displayName: g.displayName,
        members: g.memberIds.map((id) => state.users.get(id)?.userName ?? id),
      })),
    );
  });

  /** Creates a group by name; an existing one is returned as is (200), so seeding can be repeated. */
  r.post('/groups', express.json(), (req, res) => {
    const displayName = (req.body as { displayName?: unknown } | undefined)?.displayName;
    if (typeof displayName !== 'string' || displayName.trim() === '') {
      res.status(400).json({ error: 'displayName (a non-empty string) is required' });
      return;
    }
    const existing = state.groupByName(displayName);
    if (existing) {
      res.status(200).json({ id: existing.id, displayName: existing.displayName });
      return;
    }
    try {
      const g = state.createGroup({ displayName, memberIds: [] });
      res.status(201).json({ id: g.id, displayName: g.displayName });
    } catch (e) {
      if (!(e instanceof ScimStateError)) throw e;
      res.status(e.status).json({ error: e.message });
    }
  });

  /** Back to the fixture groups with no users, and no faults. */
  r.post('/reset', (_req, res) => {
    state.reset();
    faults.clear();
    res.status(204).end();
  });

  r.get('/info', (_req, res) => {
    res.json({ name, users: state.users.size, groups: state.groups.size });
  });

  r.use(faults.router()); // GET/POST/DELETE /_admin/faults
  return r;
}
