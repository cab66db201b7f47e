// /_admin: what tests and the dev stack use to seed and observe the emulator. Not part of Google's API.
import { randomInt } from 'node:crypto';
import express, { type Router } from 'express';
import type { FaultInjector } from '../faults';
import { newEtag, type GoogleDirectoryState, type UserRecord } from './state';

function userView(state: GoogleDirectoryState, user: UserRecord) {
  const security = state.securityOf(user.id);
  return {
    id: user.id,
    primaryEmail: user.primaryEmail,
    aliases: user.aliases ?? [],
    name: user.name,
    suspended: user.suspended,
    archived: user.archived,
    orgUnitPath: user.orgUnitPath,
    externalIds: user.externalIds ?? [],
    organizations: user.organizations ?? [],
    groups: state.groupsOfUser(user.id).map((g) => g.email),
    signOutCount: security.signOutCount,
    tokens: security.tokens.map((t) => t.clientId),
    asps: security.asps.map((a) => a.codeId),
    backupCodes: security.backupCodes.length,
    backupCodesInvalidatedCount: security.backupCodesInvalidatedCount,
  };
}

export function adminRouter(state: GoogleDirectoryState, faults: FaultInjector): Router {
  const r = express.Router();
  const json = express.json();

  r.get('/users', (_req, res) => {
    res.json([...state.users.values()].map((u) => userView(state, u)));
  });

  r.get('/users/:userKey', (req, res) => {
    const user = state.findUser(String(req.params.userKey));
    if (!user) return void res.status(404).json({ error: 'no such user' });
    res.json(userView(state, user));
  });

  // Seeds an OAuth grant a third-party app holds for the user, so a revocation can be observed.
  r.post('/users/:userKey/tokens', json, (req, res) => {
    const user = state.findUser(String(req.params.userKey));
    if (!user) return void res.status(404).json({ error: 'no such user' });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = {
      kind: 'admin#directory#token' as const,
      etag: newEtag(),
      clientId: typeof body.clientId === 'string' ? body.clientId : `${randomInt(1e9, 1e10 - 1)}.apps.googleusercontent.com`,
      displayText: typeof body.displayText === 'string' ? body.displayText : 'Some App',
      anonymous: false,
      nativeApp: false,
      scopes: Array.isArray(body.scopes) ? body.scopes.map(String) : ['https://www.googleapis.com/auth/drive'],
      userKey: user.id,
    };
    state.securityOf(user.id).tokens.push(token);
    res.status(201).json(token);
  });

  // Seeds an app-specific password.
  r.post('/users/:userKey/asps', json, (req, res) => {
    const user = state.findUser(String(req.params.userKey));
    if (!user) return void res.status(404).json({ error: 'no such user' });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const security = state.securityOf(user.id);
    const asp = {
      kind: 'admin#directory#asp' as const,
      etag: newEtag(),
      codeId: security.asps.reduce((max, a) => Math.max(max, a.codeId), 0) + 1,
      name: typeof body.name === 'string' ? body.name : 'Mail client',
      creationTime: String(Date.now()),
      lastTimeUsed: '0',
      userKey: user.id,
    };
    security.asps.push(asp);
    res.status(201).json(asp);
  });

  // Seeds ten backup verification codes.
  r.post('/users/:userKey/verificationCodes', (req, res) => {
    const user = state.findUser(String(req.params.userKey));
    if (!user) return void res.status(404).json({ error: 'no such user' });
    const codes = Array.from({ length: 10 }, () => String(randomInt(1e7, 1e8 - 1)));
    state.securityOf(user.id).backupCodes = codes;
    res.status(201).json({ count: codes.length });
  });

  r.get('/groups', (_req, res) => {
    res.json(
      [...state.groups.values()].map((g) => ({
        id: g.id,
        email: g.email,
        name: g.name,
        members: [...state.membersOf(g.id).values()].map((m) => ({ email: m.email, role: m.role, id: m.id })),
      })),
    );
  });

  r.post('/groups', json, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.email !== 'string') return void res.status(400).json({ error: 'email is required' });
    if (state.addressTaken(body.email)) return void res.status(409).json({ error: 'address taken' });
    const name = typeof body.name === 'string' ? body.name : body.email;
    res.status(201).json(state.addGroup(body.email, name, typeof body.description === 'string' ? body.description : ''));
  });

  // Behaviour switches. creationLag: how many requests a new user answers 412 "User creation is not complete." to.
  r.get('/settings', (_req, res) => {
    res.json({ creationLag: state.creationLag });
  });
  r.post('/settings', json, (req, res) => {
    const lag = Number((req.body as Record<string, unknown> | undefined)?.creationLag ?? state.creationLag);
    if (!Number.isInteger(lag) || lag < 0) return void res.status(400).json({ error: 'creationLag must be a whole number' });
    state.creationLag = lag;
    res.json({ creationLag: state.creationLag });
  });

  // Every request the emulator answered (token and Directory), so tests can count calls and see retries.
  r.get('/requests', (_req, res) => {
    res.json(state.requests);
  });
  r.delete('/requests', (_req, res) => {
    state.requests = [];
    res.status(204).end();
  });

  r.post('/reset', (_req, res) => {
    state.reset();
    faults.clear();
    res.status(204).end();
  });

  r.use(faults.router());
  return r;
}
