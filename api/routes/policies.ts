// Policies (PRODUCT.md §6): GET/PUT /v1/policies, the version history, and the birthright simulation.
// Every PUT is validated in full (every problem listed), saved as a new version with who and the difference,
// and audited; a change that relaxes control (domain/policy-relaxation.ts) is saved as a proposal that a second
// admin approves. The simulation changes nothing.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { defaultPolicyFor } from '../../domain/default-policy';
import type { PolicyDocument } from '../../domain/policy-document';
import { policyRelaxations } from '../../domain/policy-relaxation';
import { validatePolicy } from '../../domain/policy-validation';
import { safeNote } from '../../domain/safe-text';
import { simulateBirthright, type SimulatedPerson } from '../../domain/simulation';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { badRequest, conflict, forbidden, notFound, Problem, unprocessable } from '../http/problem';
import { parseOr400 } from '../http/validate';
import { policyDiff } from './policy-diff';

export const policyVersionParam = z.strictObject({ version: z.coerce.number().int().min(1) });
export const policyDecisionBody = z.strictObject({ comment: safeNote(2000).optional() });
export const simulateQuery = z.strictObject({
  /** Include people whose birthright would not change. */
  includeUnchanged: z.enum(['true', 'false']).optional(),
});

/** Birthright applies to people who are (or are about to be) at work. */
const SIMULATED_STATES = new Set(['pending', 'active', 'notice', 'suspended']);

export async function currentPolicy(deps: ApiDeps): Promise<{ version: number; document: PolicyDocument }> {
  const stored = await deps.store.getCurrentPolicy();
  // Version 0: nothing saved yet; the workers use (and save) the default policy for their systems on first use.
  return stored
    ? { version: stored.version, document: stored.document as PolicyDocument }
    : { version: 0, document: defaultPolicyFor(deps.systems) };
}

/**
 * The policy, or a 422 listing every problem. An entitlement on a system without a connector is one: a
 * case could never carry it out. The simulation refuses it the same way, since it previews what a PUT would do.
 */
function validOr422(body: unknown, systems: readonly string[]): PolicyDocument {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the policy must be a JSON object');
  const v = validatePolicy(body, { systems });
  if (!v.ok) {
    throw unprocessable(
      `the policy has ${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}`,
      v.problems.map((p) => ({ field: p.path || '(body)', message: p.message })),
    );
  }
  return v.policy;
}

function ifMatchVersion(req: Request): number | undefined {
  const h = req.get('if-match');
  if (!h) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(h.trim());
  if (!m) throw badRequest('If-Match must be the ETag GET /v1/policies returned, e.g. "3"');
  return Number(m[1]);
}

export function policiesRouter(deps: ApiDeps): Router {
  const r = Router();
  const admins = requireRole({ tokens: deps.tokens }, ['admin']);

  r.get('/v1/policies', admins, async (_req, res) => {
    const { version, document } = await currentPolicy(deps);
    res.set('ETag', `"${version}"`).set('Gatehouse-Policy-Version', String(version)).json(document);
  });

  r.put('/v1/policies', admins, async (req, res) => {
    const expected = ifMatchVersion(req);
    const policy = validOr422(req.body, deps.systems);
    const before = await currentPolicy(deps);
    if (expected !== undefined && expected !== before.version) {
      throw new Problem(412, 'Precondition Failed', `the policy is at version ${before.version}, not ${expected}: fetch it again`);
    }
    const diff = policyDiff(before.document, policy);
    const by = req.caller!.name;
    const relaxes = policyRelaxations(before.document, policy);
    if (relaxes.length > 0) {
      // Four eyes: a change that loosens control waits for a second admin.
      const proposal = await deps.store.savePolicyVersion(policy, { createdBy: by, diff, proposal: { baseVersion: before.version, relaxes } });
      await deps.store.appendAudit({
        idempotencyKey: `policy:v${proposal.version}:proposed`, type: 'policy.proposed', outcome: 'pending', actor: by,
        policyId: 'policy', policyVersion: proposal.version, before: { version: before.version }, after: { version: proposal.version },
        details: { diff, relaxes },
      });
      res.status(202).set('ETag', `"${before.version}"`).set('Gatehouse-Policy-Version', String(before.version)).json({
        version: proposal.version, status: 'pending', relaxes, createdBy: by, createdAt: proposal.createdAt, diff, previousVersion: before.version,
        approve: `/v1/policies/versions/${proposal.version}/approve`,
      });
      return;
    }
    const saved = await deps.store.savePolicyVersion(policy, { createdBy: by, diff });
    await deps.store.appendAudit({
      idempotencyKey: `policy:v${saved.version}`, type: 'policy.changed', outcome: 'succeeded', actor: by,
      policyId: 'policy', policyVersion: saved.version, before: { version: before.version }, after: { version: saved.version },
      details: { diff },
    });
    res.set('ETag', `"${saved.version}"`).set('Gatehouse-Policy-Version', String(saved.version)).json({
      version: saved.version, createdBy: saved.createdBy, createdAt: saved.createdAt, diff, previousVersion: before.version,
    });
  });

  r.get('/v1/policies/versions', admins, async (_req, res) => {
    res.json({ items: await deps.store.listPolicyVersions() });
  });

  r.get('/v1/policies/versions/:version', admins, async (req, res) => {
    const { version } = parseOr400(policyVersionParam, req.params, 'path');
    const v = await deps.store.getPolicyVersion(version);
    if (!v) throw notFound(`no policy version ${version}`);
    res.json(v);
  });

  r.post('/v1/policies/versions/:version/approve', admins, async (req, res) => {
    const { version } = parseOr400(policyVersionParam, req.params, 'path');
    const { comment } = parseOr400(policyDecisionBody, req.body ?? {}, 'approval');
    const proposal = await deps.store.getPolicyVersion(version);
    if (!proposal) throw notFound(`no policy version ${version}`);
    if (proposal.status !== 'pending') throw conflict(`policy version ${version} is ${proposal.status}: there is nothing to approve`);
    const caller = req.caller!;
    const proposer = deps.tokens.find((t) => t.name === proposal.createdBy);
    const sameHolder = caller.employeeId !== undefined && proposer?.employeeId !== undefined && caller.employeeId.toLowerCase() === proposer.employeeId.toLowerCase();
    if (caller.name === proposal.createdBy || sameHolder) {
      throw forbidden(`${caller.name} proposed policy version ${version} and may not approve it: a second admin must`);
    }
    validOr422(proposal.document, deps.systems);
    const active = await deps.store.activatePolicyProposal(version, caller.name);
    if (!active) {
      const current = await currentPolicy(deps);
      throw conflict(`policy version ${version} was proposed against version ${proposal.baseVersion ?? 0}, and the policy is now at ${current.version}: propose the change again`);
    }
    await deps.store.appendAudit({
      idempotencyKey: `policy:v${version}`, type: 'policy.changed', outcome: 'succeeded', actor: proposal.createdBy, approver: caller.name,
      policyId: 'policy', policyVersion: version, before: { version: proposal.baseVersion ?? 0 }, after: { version },
      details: { diff: proposal.diff, relaxes: proposal.relaxes, comment },
    });
    res.set('ETag', `"${version}"`).set('Gatehouse-Policy-Version', String(version)).json({
      version, status: 'active', createdBy: proposal.createdBy, approvedBy: caller.name, approvedAt: active.approvedAt,
      relaxes: proposal.relaxes, previousVersion: proposal.baseVersion ?? 0,
    });
  });

  r.post('/v1/policies/birthright/simulate', admins, async (req, res) => {
    const q = parseOr400(simulateQuery, req.query, 'query');
    const proposed = validOr422(req.body, deps.systems);
    const current = await currentPolicy(deps);
    const people: SimulatedPerson[] = [];
    let cursor: string | null = null;
    do {
      const page = await deps.store.listPeople({ limit: 500, cursor });
      for (const p of page.items) {
        if (!SIMULATED_STATES.has(p.state)) continue;
        const held = await deps.store.listEntitlements(p.employeeId, { includeRemoved: false });
        people.push({
          attrs: { employeeId: p.employeeId, department: p.department, location: p.location, jobTitle: p.jobTitle, employmentType: p.employmentType },
          assignments: held.map((a) => ({ entitlementId: a.entitlementId, source: a.source, status: a.status, removeAt: a.removeAt ?? undefined })),
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    const results = simulateBirthright(current.document, proposed, people);
    const changed = results.filter((x) => x.gain.length || x.lose.length || x.cancelRemoval.length);
    res.json({
      currentVersion: current.version,
      summary: {
        people: results.length, changed: changed.length,
        gaining: results.filter((x) => x.gain.length).length, losing: results.filter((x) => x.lose.length).length,
      },
      people: q.includeUnchanged === 'true' ? results : changed,
    });
  });
  return r;
}
