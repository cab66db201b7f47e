// Gatehouse console: a small client of the /v1 HTTP API, in plain ES modules (no build, no framework).
// The token lives in sessionStorage only (never in a URL); every value from the API is put on the page as
// text (textContent), never as HTML; the role from GET /v1/me decides which pages and buttons appear, and
// the API enforces it again on every call.
const TOKEN_KEY = 'gatehouse.token';
const main = document.getElementById('main');
let me = null;

// ---- the API ----
class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(method, path, body, headers = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const init = { method, headers: { Accept: 'application/json', ...headers }, cache: 'no-store' };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (res.status === 401 && me) { signOut('Your session is no longer valid: sign in again.'); }
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, data, headers: res.headers };
}
const get = async (path) => (await api('GET', path)).data;
const qs = (o) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};
const enc = encodeURIComponent;

/** Every page of a list endpoint. */
async function all(path, query = {}) {
  const out = [];
  let cursor;
  do {
    const page = await get(path + qs({ ...query, limit: 200, cursor }));
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

// ---- DOM ----
/** h('tag', {attr, onclick}, ...children): children are nodes or text; nothing is parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const when = (t) => (t ? new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '');
const badge = (text, tone) => h('span', { class: `badge ${tone || toneOf(text)}` }, text);
function toneOf(s) {
  if (['active', 'completed', 'succeeded', 'approved', 'assigned', 'returned'].includes(s)) return 'ok';
  if (['failed', 'rejected', 'refused', 'deactivated', 'disabled', 'removed', 'written_off', 'true'].includes(s)) return 'bad';
  if (['awaiting_approval', 'scheduled', 'notice', 'pending', 'pending_removal', 'running', 'suspended'].includes(s)) return 'warn';
  return '';
}
let fieldSeq = 0;
/** A labelled control: field('Comment', h('textarea')) */
function field(label, control, hint) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  return h('div', {}, h('label', { for: id }, label), control, hint ? h('div', { class: 'muted' }, hint) : null);
}
function table(headers, rows, caption) {
  if (rows.length === 0) return h('p', { class: 'muted' }, `No ${caption || 'rows'}.`);
  return h('table', {}, caption ? h('caption', { class: 'skip' }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}
function dl(pairs) {
  return h('dl', {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
/** A problem from the API, said plainly: its detail and every field it names. */
function problemBox(err) {
  const p = err instanceof ApiError ? err.problem : { detail: err.message };
  const errors = Array.isArray(p.errors) ? p.errors : [];
  return h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, err instanceof ApiError ? `${err.status} ${p.title || ''}: ` : 'Error: '), p.detail || err.message,
    errors.length ? h('ul', {}, errors.map((e) => h('li', {}, h('code', {}, e.field), ' — ', e.message))) : null);
}
const ok = (...text) => h('div', { class: 'notice', role: 'status' }, ...text);
const personLink = (id) => h('a', { href: `#/people/${enc(id)}` }, id);
const caseLink = (id) => h('a', { href: `#/cases/${enc(id)}` }, id);

/** Runs an action from a button: disables it meanwhile, shows the answer or the problem in `out`. */
function act(button, out, fn) {
  button.addEventListener('click', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    out.replaceChildren();
    try {
      const shown = await fn();
      if (shown) out.replaceChildren(shown);
    } catch (err) {
      out.replaceChildren(problemBox(err));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// ---- sign-in ----
function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  renderChrome();
  renderSignIn(message);
}

function renderSignIn(message) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, size: 48 });
  const out = h('div', { 'aria-live': 'polite' }, message ? problemBox(new Error(message)) : null);
  const form = h('form', { class: 'card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('p', {}, 'Paste your Gatehouse API token. It is kept in this browser tab only (session storage) and sent as a bearer token to the API.'),
    field('API token', input),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    try {
      me = (await api('GET', '/v1/me')).data;
      renderChrome();
      if (!location.hash || location.hash === '#/') location.hash = '#/people';
      else await route();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      out.replaceChildren(problemBox(err.status === 401 ? new Error('That token is not known to this Gatehouse.') : err));
    }
  });
  document.title = 'Sign in · Gatehouse';
  main.replaceChildren(form);
  input.focus();
}

const PAGES = [
  { path: 'people', label: 'People', roles: ['admin', 'auditor'] },
  { path: 'approvals', label: 'Approvals', roles: ['admin'] },
  { path: 'scheduled', label: 'Scheduled', roles: ['admin'] },
  { path: 'cases', label: 'Cases', roles: ['admin', 'auditor'] },
  { path: 'policies', label: 'Policies', roles: ['admin'] },
  { path: 'bulk', label: 'Bulk', roles: ['admin'] },
  { path: 'assets', label: 'Assets', roles: ['admin'] },
];

function renderChrome() {
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!me) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const current = (location.hash.split('/')[1] || '').split('?')[0];
  nav.replaceChildren(...PAGES.filter((p) => p.roles.includes(me.role))
    .map((p) => h('a', { href: `#/${p.path}`, 'aria-current': p.path === current ? 'page' : undefined }, p.label)));
  who.replaceChildren(h('span', {}, `${me.name} (${me.role})`), h('button', { type: 'button', onclick: () => signOut() }, 'Sign out'));
}

// ---- pages ----
async function pagePeople(_args, query) {
  const state = h('select', { name: 'state' }, ['', 'pending', 'active', 'notice', 'suspended', 'deactivated', 'archived', 'erased']
    .map((s) => h('option', { value: s, selected: query.get('state') === s }, s || 'any')));
  const department = h('input', { name: 'department', value: query.get('department') || '', size: 16 });
  const search = h('input', { type: 'search', name: 'q', value: query.get('q') || '', size: 24 });
  const form = h('form', { class: 'card row', role: 'search' },
    field('Search name or id', search), field('State', state), field('Department', department),
    h('div', {}, h('button', { type: 'submit' }, 'Find')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/people${qs({ q: search.value.trim(), state: state.value, department: department.value.trim() })}`;
  });
  const people = await all('/v1/people', { state: query.get('state'), department: query.get('department') });
  const q = (query.get('q') || '').toLowerCase();
  const shown = people.filter((p) => !q || `${p.employeeId} ${p.givenName} ${p.familyName}`.toLowerCase().includes(q));
  return [h('h1', {}, 'People'), form,
    h('p', { class: 'muted' }, `${shown.length} of ${people.length} people`),
    table(['Employee', 'Name', 'Department', 'Job title', 'Type', 'State'],
      shown.map((p) => [personLink(p.employeeId), `${p.givenName} ${p.familyName}`, p.department, p.jobTitle, p.employmentType, badge(p.state)]), 'people')];
}

/** One audit event as a sentence or two: who asked, who approved, which policy, what changed where. */
function timelineItem(e) {
  const what = [];
  for (const x of e.entitlements || []) what.push(typeof x === 'string' ? x : [x.entitlementId || x.id, x.system].filter(Boolean).join(' on '));
  for (const a of e.accounts || []) what.push(typeof a === 'string' ? a : `account ${a.system}:${a.externalId}`);
  for (const s of e.sessions || []) what.push(typeof s === 'string' ? s : `sessions on ${s.system || JSON.stringify(s)}`);
  const d = e.details || {};
  const change = e.before !== null && e.before !== undefined && e.after !== null && e.after !== undefined
    ? `${short(e.before)} → ${short(e.after)}` : e.after !== null && e.after !== undefined ? short(e.after) : '';
  return h('li', {},
    h('div', { class: 'when' }, when(e.at), e.caseId ? [' · case ', caseLink(e.caseId)] : null),
    h('div', {}, h('span', { class: 'what' }, e.type), ' ', badge(e.outcome)),
    h('div', {}, 'by ', h('strong', {}, e.actor),
      e.approver ? [', approved by ', h('strong', {}, e.approver)] : null,
      e.policyId ? `, policy ${e.policyId}${e.policyVersion ? ` v${e.policyVersion}` : ''}` : null),
    what.length ? h('div', {}, 'affected: ', what.join(', ')) : null,
    change ? h('div', { class: 'muted' }, change) : null,
    d.comment || d.reason ? h('div', {}, '“', d.comment || d.reason, '”') : null,
    d.error ? h('div', { class: 'lose' }, String(d.error)) : null);
}
function short(v) {
  if (typeof v !== 'object') return String(v);
  return Object.entries(v).filter(([, x]) => x !== null && typeof x !== 'object').map(([k, x]) => `${k}: ${x}`).join(', ') || JSON.stringify(v);
}

async function pagePerson([id]) {
  const [p, audit, snapshots, cases] = await Promise.all([
    get(`/v1/people/${enc(id)}`), all(`/v1/people/${enc(id)}/audit`),
    get(`/v1/people/${enc(id)}/access-snapshots`), all('/v1/cases', { employeeId: id }),
  ]);
  const out = [h('h1', {}, `${p.givenName} ${p.familyName} `, h('span', { class: 'muted' }, `(${p.employeeId})`), ' ', badge(p.state))];
  out.push(h('section', { class: 'card', 'aria-labelledby': 'profile' }, h('h2', { id: 'profile' }, 'Profile'), dl([
    ['Department', p.department], ['Location', p.location], ['Job title', p.jobTitle], ['Employment', p.employmentType],
    ['Manager', p.managerId ? personLink(p.managerId) : undefined], ['Start date', p.startDate], ['Last day', p.lastDay],
    ['Identity', p.locked ? 'locked' : 'unlocked'],
  ])));
  out.push(h('h2', {}, 'Accounts'), table(['System', 'External id', 'Login', 'Status', 'Created', 'Disabled'],
    p.accounts.map((a) => [a.system, a.externalId, a.login || '', badge(a.status), when(a.createdAt), when(a.disabledAt)]), 'accounts'));
  out.push(h('h2', {}, 'Entitlements'), table(['Entitlement', 'System', 'Source', 'Status', 'Granted', 'By case', 'Removal', 'Reason'],
    p.entitlements.map((e) => [e.id, e.system, e.source, badge(e.status), when(e.grantedAt), e.grantedByCase ? caseLink(e.grantedByCase) : '',
      e.removeAt ? `scheduled ${when(e.removeAt)}` : e.expiresAt ? `expires ${when(e.expiresAt)}` : e.removedAt ? `removed ${when(e.removedAt)}` : '', e.reason || '']), 'entitlements'));
  out.push(h('h2', {}, 'Assets'), table(['Asset', 'Kind', 'Name', 'Status', 'Assigned', 'Returned / written off'],
    p.assets.map((a) => [a.id, a.kind, a.name, badge(a.status), when(a.assignedAt), when(a.returnedAt || a.writtenOffAt)]), 'assets'));
  out.push(h('h2', {}, 'Cases'), table(['Case', 'Type', 'Status', 'Effective', 'SLA'],
    cases.map((c) => [caseLink(c.caseId), c.type, badge(c.status), when(c.effectiveAt), c.slaBreached ? badge('breached', 'bad') : '']), 'cases'));
  if (snapshots.items.length) {
    out.push(h('h2', {}, 'Access snapshot at leaving'), ...snapshots.items.map((s) => h('section', { class: 'card' },
      h('div', {}, `Taken ${when(s.takenAt)} by case `, caseLink(s.caseId)), snapshotView(s.snapshot))));
  }
  out.push(h('h2', { id: 'trail' }, 'Audit trail'), audit.length
    ? h('ol', { class: 'timeline', 'aria-labelledby': 'trail' }, audit.slice().reverse().map(timelineItem))
    : h('p', { class: 'muted' }, 'No events.'));
  return out;
}
function snapshotView(s) {
  const accounts = Array.isArray(s && s.accounts) ? s.accounts : [];
  const ents = Array.isArray(s && s.entitlements) ? s.entitlements : [];
  const assets = Array.isArray(s && s.assets) ? s.assets : [];
  if (!accounts.length && !ents.length && !assets.length) return h('pre', { class: 'snapshot' }, JSON.stringify(s, null, 2));
  return h('div', { class: 'grid3' },
    h('div', {}, h('strong', {}, 'Accounts held'), h('ul', {}, accounts.map((a) => h('li', {}, `${a.system}: ${a.externalId}${a.status ? ` (${a.status})` : ''}`)))),
    h('div', {}, h('strong', {}, 'Entitlements held'), h('ul', {}, ents.map((e) => h('li', {}, `${e.entitlementId || e.id} on ${e.system}${e.source ? ` (${e.source})` : ''}`)))),
    h('div', {}, h('strong', {}, 'Assets held'), assets.length ? h('ul', {}, assets.map((a) => h('li', {}, `${a.kind} ${a.name}${a.status ? ` (${a.status})` : ''}`))) : h('p', { class: 'muted' }, 'none')));
}

/** The birthright grants the policy gives these attributes (what a joiner would receive). */
function birthrightFor(policy, attrs) {
  const out = new Set();
  for (const rule of policy.birthright || []) {
    const match = Object.entries(rule.when || {}).every(([k, values]) => Array.isArray(values) && values.includes(attrs[k]));
    if (match) for (const g of rule.grant || []) out.add(g);
  }
  return [...out];
}

async function pageApprovals() {
  const waiting = await all('/v1/cases', { status: 'awaiting_approval' });
  let policy = null;
  try { policy = await get('/v1/policies'); } catch { policy = null; }
  const cards = [];
  for (const stored of waiting) {
    const c = await get(`/v1/cases/${enc(stored.caseId)}`);
    let person = null;
    try { person = await get(`/v1/people/${enc(c.employeeId)}`); } catch { person = null; }
    const grants = person && policy && c.type === 'joiner' ? birthrightFor(policy, person) : [];
    const sod = policy ? (policy.sod || []).filter((r) => r.entitlements.every((e) => grants.includes(e))) : [];
    const comment = h('textarea', { rows: 2, maxlength: 2000 });
    const out = h('div', { 'aria-live': 'polite' });
    const decide = (verb) => async () => {
      const r = await api('POST', `/v1/cases/${enc(c.caseId)}/${verb}`, { comment: comment.value.trim() || undefined });
      return ok(`${verb === 'approve' ? 'Approved' : 'Rejected'}: the case is now ${r.data.status}. `, personLink(c.employeeId), ' · ', caseLink(c.caseId));
    };
    cards.push(h('article', { class: 'card', 'aria-labelledby': `a-${c.caseId}` },
      h('h2', { id: `a-${c.caseId}` }, `${c.type} for ${person ? `${person.givenName} ${person.familyName}` : c.employeeId}`),
      dl([
        ['Case', caseLink(c.caseId)], ['Person', personLink(c.employeeId)],
        ['Attributes', person ? `${person.department} · ${person.location} · ${person.jobTitle} · ${person.employmentType}` : undefined],
        ['Requested by', c.requestedBy], ['Effective', when(c.effectiveAt)],
        ['Why approval', c.pendingApprovals.map((a) => a.reason).join('; ') || 'approval rule'],
        ['Would be granted', grants.length ? grants.join(', ') : undefined],
        ['SoD rules touched', sod.length ? sod.map((r) => `${r.id} (${r.severity})`).join(', ') : undefined],
      ]),
      field('Comment', comment),
      h('div', { class: 'actions' },
        act(h('button', { type: 'button' }, 'Approve'), out, decide('approve')),
        act(h('button', { type: 'button', class: 'danger' }, 'Reject'), out, decide('reject'))),
      out));
  }
  return [h('h1', {}, 'Approvals waiting'), cards.length ? cards : h('p', { class: 'muted' }, 'Nothing is waiting for approval.')];
}

/** datetime-local value (local time) ↔ ISO instant. */
const toLocalInput = (iso) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

async function pageScheduled() {
  const open = [];
  for (const status of ['scheduled', 'awaiting_approval', 'running']) open.push(...await all('/v1/cases', { status }));
  const rows = [];
  for (const stored of open) {
    const c = await get(`/v1/cases/${enc(stored.caseId)}`);
    if (!c.scheduled.length) continue;
    const at = h('input', { type: 'datetime-local', value: toLocalInput(c.effectiveAt || c.scheduled[0].at), 'aria-label': `New time for ${c.caseId}` });
    const reason = h('input', { type: 'text', placeholder: 'reason', 'aria-label': `Reason to cancel ${c.caseId}`, size: 14 });
    const out = h('div', { 'aria-live': 'polite' });
    rows.push([caseLink(c.caseId), personLink(c.employeeId), c.type, badge(c.status),
      h('ul', {}, c.scheduled.map((s) => h('li', {}, `${s.action}: ${when(s.at)}`))),
      h('div', {},
        h('div', { class: 'row' }, at, act(h('button', { type: 'button' }, 'Reschedule'), out, async () => {
          const r = await api('POST', `/v1/cases/${enc(c.caseId)}/reschedule`, { effectiveAt: new Date(at.value).toISOString() });
          return ok(`Rescheduled: effective ${when(r.data.effectiveAt)}.`);
        })),
        h('div', { class: 'row' }, reason, act(h('button', { type: 'button', class: 'danger' }, 'Cancel'), out, async () => {
          const r = await api('POST', `/v1/cases/${enc(c.caseId)}/cancel`, { reason: reason.value.trim() || undefined });
          return ok(`Cancelled: the case is ${r.data.status}.`);
        })),
        out)]);
  }
  return [h('h1', {}, 'Scheduled actions'),
    h('p', { class: 'muted' }, 'Notice periods, grace-period removals, temporary access and device returns that are still to come. Times are in your browser’s time zone.'),
    table(['Case', 'Person', 'Type', 'Status', 'Scheduled', 'Change'], rows, 'scheduled actions')];
}

async function pageCases(_args, query) {
  const type = h('select', {}, ['', 'joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'access'].map((s) => h('option', { value: s, selected: query.get('type') === s }, s || 'any')));
  const status = h('select', {}, ['', 'scheduled', 'awaiting_approval', 'running', 'completed', 'cancelled', 'rejected', 'superseded', 'failed']
    .map((s) => h('option', { value: s, selected: query.get('status') === s }, s || 'any')));
  const person = h('input', { value: query.get('employeeId') || '', size: 12 });
  const form = h('form', { class: 'card row', role: 'search' }, field('Type', type), field('Status', status), field('Employee id', person),
    h('div', {}, h('button', { type: 'submit' }, 'Filter')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/cases${qs({ type: type.value, status: status.value, employeeId: person.value.trim() })}`;
  });
  const cases = await all('/v1/cases', { type: query.get('type'), status: query.get('status'), employeeId: query.get('employeeId') });
  return [h('h1', {}, 'Cases'), form, table(['Case', 'Person', 'Type', 'Status', 'Outcome', 'Effective', 'SLA'],
    cases.map((c) => [caseLink(c.caseId), personLink(c.employeeId), c.type, badge(c.status), c.outcome || '', when(c.effectiveAt), c.slaBreached ? badge('breached', 'bad') : 'ok']), 'cases')];
}

async function pageCase([id]) {
  const c = await get(`/v1/cases/${enc(id)}`);
  const ui = me.temporalWebUi;
  const link = `${ui.url.replace(/\/$/, '')}/namespaces/${enc(ui.namespace)}/workflows/${enc(c.workflowId)}`;
  const failures = c.steps.filter((s) => s.error || s.status === 'failed');
  return [h('h1', {}, `${c.type} case `, h('span', { class: 'muted' }, c.caseId), ' ', badge(c.status)),
    h('section', { class: 'card' }, dl([
      ['Person', personLink(c.employeeId)], ['Outcome', c.outcome], ['Effective', when(c.effectiveAt)], ['Requested by', c.requestedBy],
      ['SLA', c.slaBreached ? badge('slaBreached: true', 'bad') : 'slaBreached: false'],
      ['Workflow', h('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, `${c.workflowId} in Temporal Web UI`)],
    ])),
    failures.length ? h('div', { class: 'alert' }, h('strong', {}, `${failures.length} failed step${failures.length > 1 ? 's' : ''}`),
      h('ul', {}, failures.map((s) => h('li', {}, `${s.name}${s.system ? ` on ${s.system}` : ''}: ${s.error || s.status}`)))) : null,
    h('h2', {}, 'Steps'), table(['Step', 'System', 'Status', 'At', 'Error'], c.steps.map((s) => [s.name, s.system || '', badge(s.status), when(s.at), s.error || '']), 'steps'),
    h('h2', {}, 'Pending approvals'), table(['Why', 'Requested by', 'Since'], c.pendingApprovals.map((a) => [a.reason, a.requestedBy, when(a.requestedAt)]), 'pending approvals'),
    h('h2', {}, 'Decisions'), table(['By', 'Decision', 'Comment', 'At'], (c.decisions || []).map((d) => [d.by, badge(d.decision), d.comment || '', when(d.at)]), 'decisions'),
    h('h2', {}, 'Scheduled'), table(['Action', 'At'], c.scheduled.map((s) => [s.action, when(s.at)]), 'scheduled actions')];
}

function diffView(diff) {
  if (!diff || typeof diff !== 'object' || Object.keys(diff).length === 0) return h('span', { class: 'muted' }, 'no change');
  return h('ul', {}, Object.entries(diff).map(([section, d]) => h('li', {}, h('strong', {}, section), ': ',
    'added' in d ? [d.added.length ? h('span', { class: 'gain' }, `+${d.added.join(', +')} `) : null,
      d.removed.length ? h('span', { class: 'lose' }, `−${d.removed.join(', −')} `) : null,
      d.changed.length ? `changed ${d.changed.join(', ')}` : null]
      : `${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`)));
}

async function pagePolicies() {
  const res = await api('GET', '/v1/policies');
  const etag = res.headers.get('ETag');
  const text = h('textarea', { class: 'code', spellcheck: 'false', value: JSON.stringify(res.data, null, 2) });
  const out = h('div', { 'aria-live': 'polite' });
  const parsed = () => {
    try { return JSON.parse(text.value); } catch (err) { throw new Error(`the document is not valid JSON: ${err.message}`); }
  };
  const simulate = act(h('button', { type: 'button', class: 'secondary' }, 'Simulate'), out, async () => {
    const r = (await api('POST', '/v1/policies/birthright/simulate', parsed())).data;
    const s = r.summary;
    return h('section', { class: 'card', 'aria-labelledby': 'sim' }, h('h2', { id: 'sim' }, 'Simulation: who gains and who loses what'),
      h('p', {}, `Against version ${r.currentVersion}: ${s.changed} of ${s.people} people change (${s.gaining} gain, ${s.losing} lose). Nothing is saved.`),
      table(['Person', 'Gains', 'Loses (after the grace period)', 'Pending removal cancelled'], r.people.map((p) => [personLink(p.employeeId),
        h('span', { class: 'gain' }, p.gain.join(', ')), h('span', { class: 'lose' }, p.lose.join(', ')), p.cancelRemoval.join(', ')]), 'changes'));
  });
  const save = act(h('button', { type: 'button' }, 'Save'), out, async () => {
    const r = await api('PUT', '/v1/policies', parsed(), etag ? { 'If-Match': etag } : {});
    if (r.status === 202) return ok(`Proposed as version ${r.data.version}: it relaxes control, so another admin must approve it (${r.data.relaxes.join('; ')}).`);
    setTimeout(() => void route(), 1500);
    return ok(`Saved as version ${r.data.version}.`);
  });
  const versions = (await get('/v1/policies/versions')).items;
  const history = table(['Version', 'Status', 'By', 'When', 'Approved by', 'Difference', ''], versions.slice().sort((a, b) => b.version - a.version).map((v) => {
    const vout = h('div', { 'aria-live': 'polite' });
    const approve = v.status === 'pending' ? act(h('button', { type: 'button' }, `Approve v${v.version}`), vout, async () => {
      await api('POST', `/v1/policies/versions/${v.version}/approve`, {});
      setTimeout(() => void route(), 1500);
      return ok(`Version ${v.version} is now active.`);
    }) : null;
    return [`v${v.version}`, badge(v.status), v.createdBy, when(v.createdAt), v.approvedBy || '', h('div', {}, diffView(v.diff), v.relaxes ? h('div', { class: 'muted' }, v.relaxes.join('; ')) : null), h('div', {}, approve, vout)];
  }), 'policy versions');
  return [h('h1', {}, `Policies `, h('span', { class: 'muted' }, `(version ${res.headers.get('Gatehouse-Policy-Version')})`)),
    h('section', { class: 'card' }, field('Policy document (JSON)', text, 'Entitlements, birthright rules, SoD rules, approval rules and durations (ISO 8601). Simulate first: it validates and shows what would change, saving nothing.'),
      h('div', { class: 'actions' }, simulate, save), out),
    h('h2', {}, 'Version history'), history];
}

async function pageBulk([id]) {
  if (id) return bulkProgress(id);
  const operation = h('select', {}, ['leaver', 'suspend', 'reactivate'].map((o) => h('option', { value: o }, o)));
  const ids = h('textarea', { rows: 6, placeholder: 'E1001\nE1002' });
  const reason = h('input', { size: 40, required: true });
  const date = h('input', { type: 'date' });
  const immediate = h('input', { type: 'checkbox' });
  const out = h('div', { 'aria-live': 'polite' });
  const start = act(h('button', { type: 'submit' }, 'Start'), out, async () => {
    const employeeIds = ids.value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
    const body = { operation: operation.value, employeeIds, reason: reason.value.trim(), ...(immediate.checked ? { immediate: true } : { effectiveDate: date.value || undefined }) };
    const r = await api('POST', '/v1/bulk', body);
    location.hash = `#/bulk/${r.data.bulkId}`;
    return null;
  });
  return [h('h1', {}, 'Bulk operation'), h('form', { class: 'card' },
    h('p', {}, 'One case per person, started a few at a time; each person still gets their own case and trail.'),
    field('Operation', operation), field('Employee ids (one per line, or separated by commas)', ids), field('Reason', reason),
    h('div', { class: 'row' }, field('Effective date', date), h('div', {}, h('label', {}, immediate, ' Immediately'))),
    h('div', { class: 'actions' }, start), out)];
}

async function bulkProgress(id) {
  const b = await get(`/v1/bulk/${enc(id)}`);
  const done = b.counts.completed + b.counts.failed + b.counts.skipped;
  if (b.status === 'running') setTimeout(() => { if (location.hash === `#/bulk/${id}`) void route(); }, 1000);
  return [h('h1', {}, `Bulk ${b.operation} `, badge(b.status)),
    h('section', { class: 'card' },
      h('label', { for: 'bulk-progress' }, `${done} of ${b.counts.total} done (${b.counts.completed} completed, ${b.counts.failed} failed, ${b.counts.started} running, ${b.counts.pending} waiting)`),
      h('progress', { id: 'bulk-progress', max: b.counts.total, value: done }),
      dl([['Requested by', b.requestedBy], ['Started', when(b.createdAt)], ['Finished', when(b.completedAt)]])),
    table(['Person', 'Item', 'Case', 'Case status', 'Error'], b.items.map((i) => [personLink(i.employeeId), badge(i.status), i.caseId ? caseLink(i.caseId) : '', i.caseStatus || '', i.error || '']), 'items')];
}

async function pageAssets(_args, query) {
  const who = query.get('employeeId') || '';
  const person = h('input', { value: who, size: 12, required: true });
  const pick = h('form', { class: 'card row' }, field('Employee id', person), h('div', {}, h('button', { type: 'submit' }, 'Show assets')));
  pick.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/assets${qs({ employeeId: person.value.trim() })}`;
  });
  const out = [h('h1', {}, 'Assets'), pick];
  if (!who) return out;
  const items = (await get(`/v1/people/${enc(who)}/assets`)).items;
  out.push(h('h2', {}, 'Held by ', personLink(who)), table(['Asset', 'Kind', 'Name', 'Serial / SKU', 'Status', 'Assigned', ''], items.map((a) => {
    const aout = h('div', { 'aria-live': 'polite' });
    const open = a.status === 'assigned';
    return [a.id, a.kind, a.name, a.serial || a.sku || '', badge(a.status), when(a.assignedAt), h('div', {},
      open ? act(h('button', { type: 'button', class: 'secondary' }, 'Mark returned'), aout, async () => { await api('POST', `/v1/assets/${enc(a.id)}/return`, {}); await route(); }) : null, ' ',
      a.status !== 'written_off' ? act(h('button', { type: 'button', class: 'danger' }, 'Write off'), aout, async () => { await api('POST', `/v1/assets/${enc(a.id)}/write-off`, {}); await route(); }) : null,
      aout)];
  }), 'assets'));
  const kind = h('select', {}, ['device', 'licence', 'seat'].map((k) => h('option', { value: k }, k)));
  const name = h('input', { size: 24, required: true });
  const serial = h('input', { size: 16 });
  const sku = h('input', { size: 16 });
  const rout = h('div', { 'aria-live': 'polite' });
  const register = act(h('button', { type: 'submit' }, 'Register'), rout, async () => {
    await api('POST', `/v1/people/${enc(who)}/assets`, { kind: kind.value, name: name.value.trim(), serial: serial.value.trim() || undefined, sku: sku.value.trim() || undefined });
    await route();
  });
  out.push(h('form', { class: 'card', 'aria-labelledby': 'reg' }, h('h2', { id: 'reg' }, 'Register a device or seat'),
    h('div', { class: 'row' }, field('Kind', kind), field('Name', name), field('Serial (devices)', serial), field('SKU (licences, seats)', sku)),
    h('div', { class: 'actions' }, register), rout));
  return out;
}

const ROUTES = [
  [/^people$/, pagePeople, 'People'], [/^people\/([^/]+)$/, pagePerson, 'Person'],
  [/^approvals$/, pageApprovals, 'Approvals'], [/^scheduled$/, pageScheduled, 'Scheduled actions'],
  [/^cases$/, pageCases, 'Cases'], [/^cases\/([^/]+)$/, pageCase, 'Case'],
  [/^policies$/, pagePolicies, 'Policies'], [/^bulk(?:\/([^/]+))?$/, pageBulk, 'Bulk'], [/^assets$/, pageAssets, 'Assets'],
];

let rendering = 0;
async function route() {
  if (!me) return renderSignIn();
  renderChrome();
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(search || '');
  const found = ROUTES.map(([re, fn, title]) => [re.exec(path || 'people'), fn, title]).find(([m]) => m);
  const n = ++rendering;
  if (!found) {
    main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/people' }, 'People')));
    return;
  }
  const [m, fn, title] = found;
  const page = PAGES.find((x) => path.startsWith(x.path));
  if (page && !page.roles.includes(me.role)) {
    // The API refuses these calls for this role anyway; the console does not offer what would be refused.
    main.replaceChildren(h('h1', {}, title), problemBox(new Error(`${page.label} is for ${page.roles.join(' and ')} tokens; you are signed in as ${me.role}.`)));
    document.title = `${title} · Gatehouse`;
    main.dataset.page = title;
    return;
  }
  main.setAttribute('aria-busy', 'true');
  try {
    const content = await fn(m.slice(1).map((x) => (x === undefined ? undefined : decodeURIComponent(x))), query);
    if (n !== rendering) return;
    main.replaceChildren(...[content].flat(Infinity).filter((x) => x !== null && x !== undefined && x !== false));
  } catch (err) {
    if (n !== rendering) return;
    main.replaceChildren(h('h1', {}, title), problemBox(err));
  } finally {
    main.removeAttribute('aria-busy');
  }
  document.title = `${title} · Gatehouse`;
  main.dataset.page = title;
}

window.addEventListener('hashchange', () => {
  void route().then(() => main.focus());
});

async function start() {
  if (sessionStorage.getItem(TOKEN_KEY)) {
    try { me = (await api('GET', '/v1/me')).data; } catch { sessionStorage.removeItem(TOKEN_KEY); me = null; }
  }
  await route();
}
void start();
