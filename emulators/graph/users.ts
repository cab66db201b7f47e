// /v1.0/users: create, find, update, delete, revoke sessions, licences, memberOf (REFERENCE.md §A).
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { badRequest, notFound, sendGraphError } from './errors';
import { listBody, parseEqFilter, project, userSelect } from './odata';
import { type GraphState, type GraphUser } from './state';

const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName'] as const;
const FILTERABLE = new Set(['userPrincipalName', 'employeeId', 'mail', 'displayName', 'mailNickname']);
/** Properties a PATCH may set; the rest (id, createdDateTime, assignedLicenses…) are read-only or have own APIs. */
const WRITABLE = new Set([
  'accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'givenName', 'surname', 'department',
  'jobTitle', 'usageLocation', 'employeeId', 'employeeType', 'employeeHireDate', 'employeeLeaveDateTime', 'mail',
]);

const userBody = (u: GraphUser) => ({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity', ...u });

function invalidProperty(name: string): string {
  return `Invalid value specified for property '${name}' of resource 'User'.`;
}

/** Checks values a create or update sets; returns the message of the first problem. */
function validate(state: GraphState, body: Record<string, unknown>, selfId?: string): { message: string; conflict?: boolean } | null {
  for (const [key, value] of Object.entries(body)) {
    if (!WRITABLE.has(key) && key !== 'passwordProfile') return { message: `Property '${key}' is read-only and cannot be set.` };
    if (key === 'accountEnabled' && typeof value !== 'boolean') return { message: invalidProperty(key) };
    if (key !== 'accountEnabled' && key !== 'passwordProfile' && value !== null && typeof value !== 'string') return { message: invalidProperty(key) };
  }
  if (typeof body.usageLocation === 'string' && !/^[A-Z]{2}$/.test(body.usageLocation)) return { message: invalidProperty('usageLocation') };
  for (const key of ['employeeHireDate', 'employeeLeaveDateTime'] as const) {
    if (typeof body[key] === 'string' && Number.isNaN(Date.parse(body[key]))) return { message: invalidProperty(key) };
  }
  if (typeof body.userPrincipalName === 'string') {
    const [local, domain] = body.userPrincipalName.split('@');
    if (!local || !domain || body.userPrincipalName.split('@').length !== 2) return { message: invalidProperty('userPrincipalName') };
    if (domain.toLowerCase() !== state.options.domain.toLowerCase()) {
      return {
        message:
          'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      };
    }
    if (state.upnTaken(body.userPrincipalName, selfId)) {
      return { message: 'Another object with the same value for property userPrincipalName already exists.', conflict: true };
    }
  }
  return null;
}

export function usersRouter(state: GraphState): Router {
  const r = express.Router();

  r.post('/users', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const field of REQUIRED) {
      if (body[field] === undefined || body[field] === null || body[field] === '') {
        badRequest(res, `A value is required for property '${field}' of resource 'User'.`);
        return;
      }
    }
    const profile = body.passwordProfile as { password?: unknown } | undefined;
    if (typeof profile !== 'object' || typeof profile.password !== 'string' || profile.password.length < 8) {
      badRequest(res, 'The specified password does not comply with password complexity requirements. Please provide a different password.');
      return;
    }
    const problem = validate(state, body);
    if (problem?.conflict) {
      badRequest(res, problem.message, [{ target: 'userPrincipalName', code: 'ObjectConflict' }]);
      return;
    }
    if (problem) {
      badRequest(res, problem.message);
      return;
    }
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : null);
    const user: GraphUser = {
      id: randomUUID(),
      userPrincipalName: body.userPrincipalName as string,
      displayName: body.displayName as string,
      mailNickname: body.mailNickname as string,
      mail: str('mail'),
      givenName: str('givenName'),
      surname: str('surname'),
      accountEnabled: body.accountEnabled as boolean,
      department: str('department'),
      jobTitle: str('jobTitle'),
      usageLocation: str('usageLocation'),
      employeeId: str('employeeId'),
      employeeType: str('employeeType'),
      employeeHireDate: str('employeeHireDate'),
      employeeLeaveDateTime: str('employeeLeaveDateTime'),
      assignedLicenses: [],
      signInSessionsValidFromDateTime: new Date().toISOString(),
      createdDateTime: new Date().toISOString(),
    };
    state.users.set(user.id, user);
    res.status(201).json(userBody(user));
  });

  r.get('/users', (req, res) => {
    const filter = parseEqFilter(req.query.$filter);
    if (filter === null || (filter && !FILTERABLE.has(filter.property))) {
      sendGraphError(res, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
      return;
    }
    let users = [...state.users.values()];
    if (filter) {
      const wanted = filter.value.toLowerCase(); // Graph compares these string properties case-insensitively
      users = users.filter((u) => String(u[filter.property as keyof GraphUser] ?? '').toLowerCase() === wanted);
    }
    res.json(listBody(req, users as unknown as Record<string, unknown>[], 'users', userSelect(req)));
  });

  r.get('/users/:id', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    res.json(project(userBody(user), userSelect(req)));
  });

  r.patch('/users/:id', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const problem = validate(state, body, user.id);
    if (problem?.conflict) return badRequest(res, problem.message, [{ target: 'userPrincipalName', code: 'ObjectConflict' }]);
    if (problem) return badRequest(res, problem.message);
    const { passwordProfile: _ignored, ...changes } = body;
    Object.assign(user, changes); // omitted properties keep their values
    res.status(204).end();
  });

  r.delete('/users/:id', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    state.deleteUser(user.id);
    res.status(204).end();
  });

  r.post('/users/:id/revokeSignInSessions', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    user.signInSessionsValidFromDateTime = new Date().toISOString();
    state.revocations.set(user.id, (state.revocations.get(user.id) ?? 0) + 1);
    res.json({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true });
  });

  r.post('/users/:id/assignLicense', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    const body = (req.body ?? {}) as { addLicenses?: unknown; removeLicenses?: unknown };
    if (!Array.isArray(body.addLicenses) || !Array.isArray(body.removeLicenses)) {
      return badRequest(res, 'Invalid request: addLicenses and removeLicenses are required (use [] for none).');
    }
    const add = body.addLicenses as { skuId?: unknown; disabledPlans?: unknown }[];
    const remove = body.removeLicenses as unknown[];
    if (add.length > 0 && !user.usageLocation) {
      return badRequest(res, 'License assignment cannot be done for user with invalid usage location.');
    }
    for (const skuId of [...add.map((a) => a.skuId), ...remove]) {
      if (typeof skuId !== 'string' || !state.skus.some((s) => s.skuId === skuId)) {
        return badRequest(res, `License ${String(skuId)} does not correspond to a valid company License.`);
      }
    }
    for (const skuId of remove) {
      if (!user.assignedLicenses.some((l) => l.skuId === skuId)) {
        return badRequest(res, 'User does not have a corresponding license.');
      }
    }
    for (const a of add) {
      const sku = state.skus.find((s) => s.skuId === a.skuId)!;
      const already = user.assignedLicenses.some((l) => l.skuId === sku.skuId);
      if (!already && state.consumedUnits(sku.skuId) >= sku.prepaidUnits) {
        return badRequest(res, `Subscription with SKU ${sku.skuId} does not have any available licenses.`);
      }
    }
    user.assignedLicenses = user.assignedLicenses.filter((l) => !remove.includes(l.skuId));
    for (const a of add) {
      const disabledPlans = Array.isArray(a.disabledPlans) ? (a.disabledPlans as string[]) : [];
      const existing = user.assignedLicenses.find((l) => l.skuId === a.skuId);
      if (existing) existing.disabledPlans = disabledPlans; // re-adding updates the plans, as Graph does
      else user.assignedLicenses.push({ skuId: a.skuId as string, disabledPlans });
    }
    res.json(userBody(user));
  });

  r.get('/users/:id/memberOf', (req, res) => {
    const user = state.findUser(req.params.id);
    if (!user) return notFound(res, req.params.id);
    const groups = state.groupsOf(user.id).map((g) => ({ '@odata.type': '#microsoft.graph.group', ...g }));
    res.json(listBody(req, groups, 'directoryObjects'));
  });

  return r;
}
