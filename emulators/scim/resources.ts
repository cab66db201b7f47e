// Declares SCIMMY's User and Group resources over ScimState.
// SCIMMY keeps handlers in static (process-wide) slots, so they are declared once and find the
// emulator's store in the per-request context: several emulators can then share one process.
import SCIMMY from 'scimmy';
import { matchFilter } from './filter';
import { ScimState, ScimStateError, type StoredGroup, type StoredUser, type UserInput, type GroupInput } from './state';

/** What the router's context callback hands to every handler. */
export interface ScimContext {
  state: ScimState;
}

type Plain = Record<string, unknown>;

// Attributes the client may not set: the server owns them (RFC 7643 §3.1, User.groups is readOnly).
const SERVER_OWNED = ['id', 'meta', 'schemas', 'groups', 'userName', 'externalId', 'active'];

/** A SCIM error; SCIMMY's typings demand a scimType string though RFC 7644 makes it optional. */
function scimError(status: number, scimType: string | null, detail: string): Error {
  return new SCIMMY.Types.Error(status, scimType as string, detail);
}

function stateOf(ctx: unknown): ScimState {
  const state = (ctx as Partial<ScimContext> | undefined)?.state;
  if (!(state instanceof ScimState)) throw scimError(500, null, 'SCIM emulator context missing');
  return state;
}

/** Runs a store operation, turning its errors into SCIM errors so SCIMMY answers with the right status. */
function scim<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof ScimStateError) throw scimError(e.status, e.scimType, e.message);
    throw e;
  }
}

/** A SCIMMY schema instance as plain JSON: handlers store data, not SCIMMY objects. */
function plain(instance: unknown): Plain {
  return JSON.parse(JSON.stringify(instance ?? {})) as Plain;
}

function userInput(instance: unknown): UserInput {
  const data = plain(instance);
  const attributes = Object.fromEntries(Object.entries(data).filter(([k]) => !SERVER_OWNED.includes(k)));
  return {
    userName: String(data.userName),
    externalId: typeof data.externalId === 'string' ? data.externalId : undefined,
    active: typeof data.active === 'boolean' ? data.active : undefined,
    attributes,
  };
}

function groupInput(instance: unknown): GroupInput {
  const data = plain(instance);
  const members = Array.isArray(data.members) ? (data.members as Plain[]) : []; // SCIMMY unsets an emptied list
  return {
    displayName: String(data.displayName),
    externalId: typeof data.externalId === 'string' ? data.externalId : undefined,
    memberIds: members.map((m) => String(m.value)),
  };
}

export function userOut(state: ScimState, u: StoredUser): Plain {
  return {
    ...u.attributes,
    id: u.id,
    userName: u.userName,
    ...(u.externalId !== undefined ? { externalId: u.externalId } : {}),
    active: u.active,
    groups: state.groupsOf(u.id).map((g) => ({ value: g.id, display: g.displayName, type: 'direct' })),
    meta: { resourceType: 'User', ...u.meta },
  };
}

export function groupOut(state: ScimState, g: StoredGroup): Plain {
  return {
    id: g.id,
    displayName: g.displayName,
    ...(g.externalId !== undefined ? { externalId: g.externalId } : {}),
    members: g.memberIds.map((id) => ({ value: id, display: state.users.get(id)?.userName, type: 'User' })),
    meta: { resourceType: 'Group', ...g.meta },
  };
}

/** One item by id, or the list narrowed by the request's filter (SCIMMY parses it; matching is ours, see filter.ts). */
function select(resource: SCIMMY.Types.Resource, items: Plain[]): Plain | Plain[] {
  if (resource.id) {
    const found = items.find((i) => i.id === resource.id);
    if (!found) throw scimError(404, null, `Resource ${resource.id} not found`);
    return found;
  }
  return resource.filter ? matchFilter(resource.filter, items) : items;
}

let declared = false;

/** Idempotent: declares the resources and their handlers the first time it is called. */
export function declareScimResources(): void {
  if (declared) return;
  declared = true;

  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance, ctx) => {
      const state = stateOf(ctx);
      const input = userInput(instance);
      const user = scim(() => (resource.id ? state.replaceUser(resource.id, input) : state.createUser(input)));
      return userOut(state, user) as never;
    })
    .egress((resource, ctx) => {
      const state = stateOf(ctx);
      return select(resource, [...state.users.values()].map((u) => userOut(state, u))) as never;
    })
    .degress((resource, ctx) => {
      const state = stateOf(ctx);
      scim(() => state.deleteUser(String(resource.id)));
    });

  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance, ctx) => {
      const state = stateOf(ctx);
      const input = groupInput(instance);
      const group = scim(() => (resource.id ? state.replaceGroup(resource.id, input) : state.createGroup(input)));
      return groupOut(state, group) as never;
    })
    .egress((resource, ctx) => {
      const state = stateOf(ctx);
      return select(resource, [...state.groups.values()].map((g) => groupOut(state, g))) as never;
    })
    .degress((resource, ctx) => {
      const state = stateOf(ctx);
      scim(() => state.deleteGroup(String(resource.id)));
    });
}
