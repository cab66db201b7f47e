// /admin/directory/v1/users: insert, get, list, update (PUT with patch semantics, PATCH), delete, undelete.
import express, { type RequestHandler, type Response, type Router } from 'express';
import { requireScope } from './auth';
import { badRequest, notFound, sendGoogleError } from './errors';
import { paginate } from './paging';
import { parseUserQuery, userMatches } from './query';
import { RouteScopes } from './scopes';
import { newEtag, type GoogleDirectoryState, type UserRecord } from './state';

/** Fields a client may never set; the server owns them. */
const READ_ONLY = new Set(['id', 'kind', 'etag', 'customerId', 'creationTime', 'lastLoginTime', 'isAdmin', 'isDelegatedAdmin', 'emails', 'aliases']);

function passwordProblem(password: unknown): string | undefined {
  if (password === undefined) return undefined;
  if (typeof password !== 'string' || password.length < 8 || password.length > 100) {
    return 'Invalid Password';
  }
  return undefined;
}

function nameProblem(name: unknown, requireBoth: boolean): string | undefined {
  const n = (name ?? {}) as Record<string, unknown>;
  for (const field of ['givenName', 'familyName'] as const) {
    const value = n[field];
    const given = value !== undefined;
    if ((requireBoth || given) && (typeof value !== 'string' || value.trim() === '' || value.length > 60)) {
      return `Invalid Given/Family Name: ${field === 'givenName' ? 'GivenName' : 'FamilyName'}`;
    }
  }
  return undefined;
}

/** 412 "User creation is not complete." for a user inserted moments ago, as Google answers while it settles. */
export function settling(state: GoogleDirectoryState): RequestHandler {
  return (req, res, next) => {
    const user = state.findUser(String(req.params.userKey));
    const left = user ? state.pendingCreation.get(user.id) ?? 0 : 0;
    if (user && left > 0) {
      state.pendingCreation.set(user.id, left - 1);
      return sendGoogleError(res, 412, 'conditionNotMet', 'User creation is not complete.');
    }
    next();
  };
}

export function withUser(state: GoogleDirectoryState, res: Response, userKey: unknown): UserRecord | undefined {
  const user = state.findUser(String(userKey ?? ''));
  if (!user) notFound(res, 'userKey');
  return user;
}

function applyUpdate(state: GoogleDirectoryState, user: UserRecord, body: Record<string, unknown>, res: Response): boolean {
  const problem = passwordProblem(body.password) ?? nameProblem(body.name, false);
  if (problem) {
    badRequest(res, problem);
    return false;
  }
  if (typeof body.primaryEmail === 'string' && body.primaryEmail.toLowerCase() !== user.primaryEmail) {
    const email = body.primaryEmail.toLowerCase();
    if (!email.endsWith(`@${state.domain}`)) {
      badRequest(res, 'Invalid Input: primary_user_email');
      return false;
    }
    if (state.addressTaken(email, user.id)) {
      sendGoogleError(res, 409, 'duplicate', 'Entity already exists.');
      return false;
    }
    // A renamed user keeps its old address as an alias, as Google does.
    user.aliases = [...(user.aliases ?? []), user.primaryEmail];
    user.primaryEmail = email;
    user.emails = [{ address: email, primary: true }, ...user.aliases.map((a) => ({ address: a }))];
  }
  for (const [field, value] of Object.entries(body)) {
    if (READ_ONLY.has(field) || field === 'primaryEmail' || field === 'password' || field === 'hashFunction') continue;
    if (field === 'name') {
      const name = { ...user.name, ...(value as Record<string, string>) };
      user.name = { givenName: name.givenName, familyName: name.familyName, fullName: `${name.givenName} ${name.familyName}` };
    } else {
      user[field] = value;
    }
  }
  user.etag = newEtag();
  return true;
}

export function usersRouter(state: GoogleDirectoryState): Router {
  const r = express.Router();
  const json = express.json({ limit: '1mb' });

  r.post('/users', requireScope(RouteScopes.userWrite), json, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.primaryEmail !== 'string' || !body.primaryEmail.includes('@')) {
      return badRequest(res, 'Invalid Input: primary_user_email');
    }
    const problem = nameProblem(body.name, true) ?? (body.password === undefined ? 'Invalid Password' : passwordProblem(body.password));
    if (problem) return badRequest(res, problem);
    if (!body.primaryEmail.toLowerCase().endsWith(`@${state.domain}`)) return badRequest(res, 'Domain not found.', 'notFound');
    if (state.addressTaken(body.primaryEmail)) return sendGoogleError(res, 409, 'duplicate', 'Entity already exists.');
    const fields = Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY.has(k)));
    const user = state.addUser(fields as Parameters<GoogleDirectoryState['addUser']>[0]);
    if (state.creationLag > 0) state.pendingCreation.set(user.id, state.creationLag);
    res.json(user);
  });

  r.get('/users', requireScope(RouteScopes.userRead), (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (!q.customer && !q.domain) return badRequest(res, 'Bad Request', 'badRequest');
    if (q.customer && q.customer !== 'my_customer' && q.customer !== state.customerId) {
      return badRequest(res, 'Bad Request', 'badRequest');
    }
    if (q.domain && q.domain.toLowerCase() !== state.domain) return sendGoogleError(res, 403, 'forbidden', 'Not Authorized to access this resource/api');
    const terms = parseUserQuery(q.query ?? '');
    if ('error' in terms) return badRequest(res, terms.error);
    const source = q.showDeleted === 'true' ? state.deletedUsers : state.users;
    const all = [...source.values()].filter((u) => userMatches(u, terms));
    all.sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    const page = paginate(all, q.maxResults, q.pageToken, 500);
    if ('error' in page) return badRequest(res, page.error);
    res.json({
      kind: 'admin#directory#users',
      etag: newEtag(),
      // Google leaves `users` out of an empty answer; clients must cope, so the emulator does the same.
      ...(page.items.length > 0 ? { users: page.items } : {}),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  });

  r.get('/users/:userKey', requireScope(RouteScopes.userRead), (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (user) res.json(user);
  });

  const update: RequestHandler = (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    if (applyUpdate(state, user, (req.body ?? {}) as Record<string, unknown>, res)) res.json(user);
  };
  r.put('/users/:userKey', requireScope(RouteScopes.userWrite), settling(state), json, update);
  r.patch('/users/:userKey', requireScope(RouteScopes.userWrite), settling(state), json, update);

  r.delete('/users/:userKey', requireScope(RouteScopes.userWrite), settling(state), (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    state.deleteUser(user);
    res.status(204).end();
  });

  r.post('/users/:userKey/undelete', requireScope(RouteScopes.userWrite), json, (req, res) => {
    const user = state.deletedUsers.get(String(req.params.userKey));
    if (!user) return notFound(res, 'userKey');
    if (state.addressTaken(user.primaryEmail)) return sendGoogleError(res, 409, 'duplicate', 'Entity already exists.');
    state.deletedUsers.delete(user.id);
    const orgUnitPath = (req.body as Record<string, unknown> | undefined)?.orgUnitPath;
    if (typeof orgUnitPath === 'string') user.orgUnitPath = orgUnitPath;
    state.users.set(user.id, user);
    res.status(204).end();
  });

  return r;
}

