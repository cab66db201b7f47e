// /admin/directory/v1/groups and their members: insert, get, list (by customer, domain or userKey),
// member insert/get/list/delete and hasMember.
import express, { type Router } from 'express';
import { requireScope } from './auth';
import { badRequest, notFound, sendGoogleError } from './errors';
import { paginate } from './paging';
import { RouteScopes } from './scopes';
import { newEtag, newNumericId, type GoogleDirectoryState, type MemberRecord } from './state';

const ROLES = new Set(['OWNER', 'MANAGER', 'MEMBER']);

export function groupsRouter(state: GoogleDirectoryState): Router {
  const r = express.Router();
  const json = express.json({ limit: '1mb' });

  r.post('/groups', requireScope(RouteScopes.groupWrite), json, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.email !== 'string' || !body.email.includes('@')) return badRequest(res, 'Missing required field: email', 'required');
    if (state.addressTaken(body.email)) return sendGoogleError(res, 409, 'duplicate', 'Entity already exists.');
    const name = typeof body.name === 'string' ? body.name : body.email;
    const description = typeof body.description === 'string' ? body.description : '';
    res.json(state.addGroup(body.email, name, description));
  });

  r.get('/groups', requireScope(RouteScopes.groupRead), (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    let groups = [...state.groups.values()];
    if (q.userKey) {
      const user = state.findUser(q.userKey);
      if (!user) return notFound(res, 'userKey');
      groups = state.groupsOfUser(user.id);
    } else if (!q.customer && !q.domain) {
      return badRequest(res, 'Bad Request', 'badRequest');
    }
    groups.sort((a, b) => a.email.localeCompare(b.email));
    const page = paginate(groups, q.maxResults, q.pageToken, 200);
    if ('error' in page) return badRequest(res, page.error);
    res.json({
      kind: 'admin#directory#groups',
      etag: newEtag(),
      ...(page.items.length > 0 ? { groups: page.items } : {}),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  });

  r.get('/groups/:groupKey', requireScope(RouteScopes.groupRead), (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    res.json(group);
  });

  r.post('/groups/:groupKey/members', requireScope(RouteScopes.memberWrite), json, (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = typeof body.email === 'string' ? body.email : typeof body.id === 'string' ? body.id : undefined;
    if (!key) return badRequest(res, 'Missing required field: memberKey', 'required');
    const role = typeof body.role === 'string' ? body.role.toUpperCase() : 'MEMBER';
    if (!ROLES.has(role)) return badRequest(res, `Invalid Input: role`);
    const user = state.findUser(key);
    const nested = user ? undefined : state.findGroup(key);
    if (!user && !nested && typeof body.email !== 'string') return notFound(res, 'memberKey');
    const id = user?.id ?? nested?.id ?? newNumericId(); // an outside address gets an id of its own
    const members = state.membersOf(group.id);
    const email = (user?.primaryEmail ?? nested?.email ?? key).toLowerCase();
    if (members.has(id) || state.findMember(group.id, email)) {
      return sendGoogleError(res, 409, 'duplicate', 'Member already exists.');
    }
    const member: MemberRecord = {
      kind: 'admin#directory#member',
      id,
      etag: newEtag(),
      email,
      role: role as MemberRecord['role'],
      type: nested ? 'GROUP' : 'USER',
      status: 'ACTIVE',
    };
    members.set(id, member);
    state.refreshCount(group.id);
    res.json(member);
  });

  r.get('/groups/:groupKey/members', requireScope(RouteScopes.memberRead), (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    const q = req.query as Record<string, string | undefined>;
    const page = paginate([...state.membersOf(group.id).values()], q.maxResults, q.pageToken, 200);
    if ('error' in page) return badRequest(res, page.error);
    res.json({
      kind: 'admin#directory#members',
      etag: newEtag(),
      ...(page.items.length > 0 ? { members: page.items } : {}),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  });

  r.get('/groups/:groupKey/members/:memberKey', requireScope(RouteScopes.memberRead), (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    const member = state.findMember(group.id, String(req.params.memberKey));
    if (!member) return notFound(res, 'memberKey');
    res.json(member);
  });

  r.get('/groups/:groupKey/hasMember/:memberKey', requireScope(RouteScopes.memberRead), (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    res.json({ isMember: state.findMember(group.id, String(req.params.memberKey)) !== undefined });
  });

  r.delete('/groups/:groupKey/members/:memberKey', requireScope(RouteScopes.memberWrite), (req, res) => {
    const group = state.findGroup(String(req.params.groupKey));
    if (!group) return notFound(res, 'groupKey');
    const member = state.findMember(group.id, String(req.params.memberKey));
    if (!member) return notFound(res, 'memberKey');
    state.membersOf(group.id).delete(member.id);
    state.refreshCount(group.id);
    res.status(204).end();
  });

  return r;
}
