// /openapi.json: generated from the same zod schemas the routes validate with. Every route the app serves
// is registered here; test/api/openapi.test.ts checks both directions against the Express router.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { hrEventSchema } from '../domain/hr-event';
import { policyDocumentSchema } from '../domain/policy-document';
import { caseIdParam, problemSchema, employeeIdParam, isoInstant } from './http/schemas';
import { accessQuery, exportQuery, personAuditQuery } from './routes/audit';
import { addAssetBody, assetActionBody, assetParam, listAssetsQuery } from './routes/assets';
import { bulkBody, bulkParam } from './routes/bulk';
import { cancelBody, decisionBody, listCasesQuery, rescheduleBody } from './routes/cases';
import { historyQuery } from './routes/case-history';
import { codecBody } from './routes/codec';
import { entitlementParams, grantBody, revokeBody } from './routes/person-entitlements';
import { listPeopleQuery } from './routes/people';
import { heldLeaverDecisionBody, heldLeaverParam } from './routes/held-leavers';
import { hrVendorParams } from './routes/hr-vendors';
import { importBody } from './routes/import';
import { policyDecisionBody, policyVersionParam, simulateQuery } from './routes/policies';
import { meResponse } from './routes/console';
import { findingsExportQuery, remediationBody, remediationDecisionBody, requestParam, runParam } from './routes/reconciliations';

type Role = 'hr' | 'admin' | 'auditor';
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
const anything = z.record(z.string(), z.unknown());
const page = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const account = z.object({ system: z.string(), externalId: z.string(), status: z.enum(['active', 'disabled', 'deleted']) }).loose();
const entitlement = z.object({
  id: z.string(), system: z.string(), source: z.enum(['birthright', 'manual', 'request']),
  status: z.enum(['active', 'pending_removal', 'removed']), grantedAt: isoInstant, removeAt: isoInstant.optional(),
}).loose();
const asset = z.object({ id: z.string(), kind: z.enum(['device', 'licence', 'seat']), status: z.string() }).loose();
const person = z.object({
  employeeId: z.string(), givenName: z.string(), familyName: z.string(), department: z.string(), location: z.string(),
  jobTitle: z.string(), employmentType: z.enum(['employee', 'contractor']), state: z.string(), accounts: z.array(account),
  entitlements: z.array(entitlement), assets: z.array(asset), cases: z.array(z.string()),
}).loose().meta({ id: 'Person' });
const caseView = z.object({
  caseId: z.string(), type: z.string(), employeeId: z.string(),
  status: z.enum(['scheduled', 'awaiting_approval', 'running', 'completed', 'cancelled', 'rejected', 'superseded', 'failed']),
  outcome: z.string().optional(), effectiveAt: isoInstant.optional(), pendingApprovals: z.array(anything),
  scheduled: z.array(z.object({ action: z.string(), at: z.string() })), steps: z.array(anything), slaBreached: z.boolean(), workflowId: z.string(),
}).loose().meta({ id: 'Case' });
const verifyResult = z.union([
  z.object({ ok: z.literal(true), count: z.number().int().describe('events in the chain'), legacy: z.number().int().describe('of them, unkeyed events written before the chain was keyed (a prefix)') }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['broken_link', 'hash_mismatch', 'unknown_key', 'unkeyed_after_keyed', 'truncated', 'head_mismatch']),
    seq: z.number().int().describe('the first broken event (for truncated: the last seq the chain head records)'),
    id: z.string().nullable().describe('its id; null when the event is gone or the fault is the chain head'),
    keyId: z.string().optional().describe('the key the broken event names'),
    reason: z.string(),
    brokenAt: z.number().int().describe('same as seq (the first version of this response)'),
  }),
]).meta({ id: 'AuditVerifyResult' });
const caseStarted = z.object({ caseId: z.string(), workflowId: z.string(), duplicate: z.boolean().optional() });

interface Route {
  method: RouteConfig['method'];
  path: string;
  summary: string;
  roles?: Role[];
  signature?: boolean;
  request?: RouteConfig['request'];
  ok: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  errors?: number[];
}

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request (fields named)', 401: 'no or bad credentials', 403: 'the role may not do this', 404: 'not found',
  409: 'conflict with the current state', 412: 'the If-Match version is stale', 413: 'body too large', 415: 'body is not JSON',
  422: 'well-formed but refused (reasons listed)', 503: 'not ready',
};

/** Every route the API serves. Paths use OpenAPI's {param} syntax. */
export const ROUTES: Route[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness', ok: { status: 200, description: 'alive', schema: z.object({ status: z.literal('ok') }) } },
  { method: 'get', path: '/readyz', summary: 'Readiness: Temporal and the database reachable', ok: { status: 200, description: 'ready', schema: anything }, errors: [503] },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', ok: { status: 200, description: 'metrics', schema: z.string(), contentType: 'text/plain' } },
  { method: 'get', path: '/openapi.json', summary: 'This document', ok: { status: 200, description: 'OpenAPI 3.1', schema: anything } },

  { method: 'post', path: '/v1/hr/events', summary: 'Accept an HR event (bearer token or Gatehouse-Signature)', roles: ['hr', 'admin'], signature: true,
    request: { body: json(hrEventSchema) }, ok: { status: 202, description: 'case started (200 with duplicate:true for a repeated eventId)', schema: caseStarted }, errors: [400, 401, 403, 409, 413, 415, 422] },

  { method: 'get', path: '/v1/people', summary: 'List people', roles: ['admin', 'auditor'], request: { query: listPeopleQuery }, ok: { status: 200, description: 'a page of people', schema: page(anything) }, errors: [400] },
  { method: 'get', path: '/v1/people/{employeeId}', summary: 'The per-person record', roles: ['admin', 'auditor'], request: { params: employeeIdParam }, ok: { status: 200, description: 'the record', schema: person }, errors: [404] },
  { method: 'post', path: '/v1/people/{employeeId}/entitlements', summary: 'Grant an entitlement by hand (an access case)', roles: ['admin'],
    request: { params: employeeIdParam, body: json(grantBody) }, ok: { status: 202, description: 'access case started', schema: caseStarted }, errors: [400, 403, 404, 409, 422] },
  { method: 'delete', path: '/v1/people/{employeeId}/entitlements/{entitlementId}', summary: 'Revoke a hand-granted entitlement', roles: ['admin'],
    request: { params: entitlementParams, body: { ...json(revokeBody), required: false } }, ok: { status: 202, description: 'revoke case started', schema: caseStarted }, errors: [400, 404, 409] },
  { method: 'get', path: '/v1/people/{employeeId}/audit', summary: "A person's audit trail", roles: ['admin', 'auditor'], request: { params: employeeIdParam, query: personAuditQuery }, ok: { status: 200, description: 'a page of audit events, oldest first', schema: page(anything) }, errors: [400, 404] },
  { method: 'get', path: '/v1/people/{employeeId}/access-snapshots', summary: 'Access snapshots taken at leaving', roles: ['admin', 'auditor'], request: { params: employeeIdParam }, ok: { status: 200, description: 'snapshots', schema: z.object({ items: z.array(anything) }) }, errors: [404] },
  { method: 'post', path: '/v1/people/{employeeId}/assets', summary: 'Add a device, licence or seat to a person', roles: ['admin'], request: { params: employeeIdParam, body: json(addAssetBody) }, ok: { status: 201, description: 'the asset', schema: anything }, errors: [400, 404] },
  { method: 'get', path: '/v1/people/{employeeId}/assets', summary: "A person's assets", roles: ['admin', 'auditor'], request: { params: employeeIdParam, query: listAssetsQuery }, ok: { status: 200, description: 'assets', schema: z.object({ items: z.array(anything) }) }, errors: [400, 404] },
  { method: 'post', path: '/v1/assets/{assetId}/return', summary: 'Mark an asset returned', roles: ['admin'], request: { params: assetParam, body: { ...json(assetActionBody), required: false } }, ok: { status: 200, description: 'the asset', schema: anything }, errors: [400, 404, 409] },
  { method: 'post', path: '/v1/assets/{assetId}/write-off', summary: 'Write an asset off', roles: ['admin'], request: { params: assetParam, body: { ...json(assetActionBody), required: false } }, ok: { status: 200, description: 'the asset', schema: anything }, errors: [400, 404] },

  { method: 'get', path: '/v1/cases', summary: 'List cases', roles: ['admin', 'auditor'], request: { query: listCasesQuery }, ok: { status: 200, description: 'a page of cases, newest first', schema: page(caseView) }, errors: [400] },
  { method: 'get', path: '/v1/cases/{caseId}', summary: 'One case', roles: ['admin', 'auditor'], request: { params: caseIdParam }, ok: { status: 200, description: 'the case', schema: caseView }, errors: [404] },
  { method: 'post', path: '/v1/cases/{caseId}/approve', summary: 'Approve a pending approval', roles: ['admin'], request: { params: caseIdParam, body: json(decisionBody) }, ok: { status: 200, description: 'the new case state', schema: caseView }, errors: [400, 403, 404, 409] },
  { method: 'post', path: '/v1/cases/{caseId}/reject', summary: 'Reject a pending approval', roles: ['admin'], request: { params: caseIdParam, body: json(decisionBody) }, ok: { status: 200, description: 'the new case state', schema: caseView }, errors: [400, 403, 404, 409] },
  { method: 'post', path: '/v1/cases/{caseId}/cancel', summary: 'Cancel a case', roles: ['admin'], request: { params: caseIdParam, body: json(cancelBody) }, ok: { status: 200, description: 'the new case state (202: accepted, the case is still undoing its work and closes as cancelled)', schema: caseView }, errors: [400, 403, 404, 409] },
  { method: 'post', path: '/v1/cases/{caseId}/reschedule', summary: "Move a case's effective time", roles: ['admin'], request: { params: caseIdParam, body: json(rescheduleBody) }, ok: { status: 200, description: 'the new case state', schema: caseView }, errors: [400, 403, 404, 409] },
  { method: 'get', path: '/v1/cases/{caseId}/history', summary: "The case's workflow history: a decoded timeline, or (format=temporal-json) the raw, still encrypted history for replay; streamed", roles: ['admin', 'auditor'], request: { params: caseIdParam, query: historyQuery }, ok: { status: 200, description: 'timeline {caseId, workflowId, entries, nextCursor}, or {events} for temporal-json', schema: anything }, errors: [400, 404] },
  { method: 'post', path: '/codec/decode', summary: 'Codec server for Temporal Web UI and CLI: decrypt payloads (one it cannot decode comes back unchanged)', roles: ['admin', 'auditor'], request: { body: json(codecBody) }, ok: { status: 200, description: 'the payloads, decoded, same count', schema: codecBody }, errors: [400] },
  { method: 'post', path: '/codec/encode', summary: 'Codec server for Temporal Web UI and CLI: encrypt payloads', roles: ['admin', 'auditor'], request: { body: json(codecBody) }, ok: { status: 200, description: 'the payloads, encrypted, same count', schema: codecBody }, errors: [400] },

  { method: 'post', path: '/v1/bulk', summary: 'Start a bulk lifecycle operation', roles: ['admin'], request: { body: json(bulkBody) }, ok: { status: 202, description: 'accepted', schema: z.object({ bulkId: z.string(), total: z.number() }) }, errors: [400] },
  { method: 'get', path: '/v1/bulk/{id}', summary: 'Progress of a bulk operation', roles: ['admin'], request: { params: bulkParam }, ok: { status: 200, description: 'progress', schema: anything }, errors: [400, 404] },

  { method: 'get', path: '/v1/policies', summary: 'The current policy document (ETag: its version)', roles: ['admin'], ok: { status: 200, description: 'the policy', schema: policyDocumentSchema } },
  { method: 'put', path: '/v1/policies', summary: 'Save a new policy version (If-Match optional); a change that relaxes control answers 202 with a pending proposal', roles: ['admin'], request: { body: json(policyDocumentSchema) }, ok: { status: 200, description: 'the saved version and its difference (202: a proposal a second admin must approve, with what it relaxes)', schema: anything }, errors: [400, 412, 422] },
  { method: 'post', path: '/v1/policies/versions/{version}/approve', summary: "A second admin approves a proposal that relaxes control; it becomes the current policy", roles: ['admin'], request: { params: policyVersionParam, body: { ...json(policyDecisionBody), required: false } }, ok: { status: 200, description: 'the version, now active', schema: anything }, errors: [400, 403, 404, 409, 422] },
  { method: 'get', path: '/v1/policies/versions', summary: 'Policy version history', roles: ['admin'], ok: { status: 200, description: 'versions, newest first', schema: z.object({ items: z.array(anything) }) } },
  { method: 'get', path: '/v1/policies/versions/{version}', summary: 'One policy version', roles: ['admin'], request: { params: policyVersionParam }, ok: { status: 200, description: 'the version with its document', schema: anything }, errors: [400, 404] },
  { method: 'post', path: '/v1/policies/birthright/simulate', summary: 'Who would gain or lose what under a proposed policy (changes nothing)', roles: ['admin'],
    request: { query: simulateQuery, body: json(policyDocumentSchema) }, ok: { status: 200, description: 'per person gain/lose', schema: anything }, errors: [400, 422] },

  { method: 'get', path: '/v1/me', summary: "Who the token belongs to (name, role, employeeId) and where Temporal Web UI is, for the console at /console/", roles: ['hr', 'admin', 'auditor'], ok: { status: 200, description: 'the caller', schema: meResponse } },

  { method: 'get', path: '/v1/audit/export', summary: 'The audit trail, streamed as CSV or JSON Lines', roles: ['admin', 'auditor'], request: { query: exportQuery }, ok: { status: 200, description: 'the export', schema: z.string(), contentType: 'text/csv' }, errors: [400] },
  { method: 'get', path: '/v1/audit/verify', summary: 'Walk the audit chain and check every signature (AUDIT_CHAIN_KEY)', roles: ['admin', 'auditor'], ok: { status: 200, description: '{ok:true, count, legacy} or the first broken event and why', schema: verifyResult } },

  // The mass-leaver safeguard (issue 15): leavers held at intake beyond a source's allowance.
  { method: 'get', path: '/v1/hr/held-leavers', summary: 'Leavers held by the mass-leaver safeguard, waiting for an admin', roles: ['admin', 'auditor'], ok: { status: 200, description: 'held leavers, oldest first, with why (position, allowed, activePeople)', schema: z.object({ items: z.array(anything) }) } },
  { method: 'post', path: '/v1/hr/held-leavers/{eventId}/release', summary: 'Start a held leaver as it would have started (not for its own subject)', roles: ['admin'], request: { params: heldLeaverParam, body: { ...json(heldLeaverDecisionBody), required: false } }, ok: { status: 202, description: 'the case started', schema: z.object({ caseId: z.string(), workflowId: z.string(), status: z.literal('released') }) }, errors: [400, 404, 409] },
  { method: 'post', path: '/v1/hr/held-leavers/{eventId}/discard', summary: 'Drop a held leaver: nothing starts (not for its own subject)', roles: ['admin'], request: { params: heldLeaverParam, body: { ...json(heldLeaverDecisionBody), required: false } }, ok: { status: 200, description: 'the held leaver, now discarded', schema: anything }, errors: [400, 404, 409] },
  { method: 'post', path: '/v1/hr/{vendor}/{connectionId}', summary: "An HR system's own webhook (BambooHR, HiBob, Personio, Gusto, Deel), verified by the vendor's scheme (HR_CONNECTIONS); the employee is fetched from the vendor's API", request: { params: hrVendorParams, body: json(anything) }, ok: { status: 202, description: 'accepted durably (200: a duplicate delivery)', schema: z.object({ intakeId: z.string(), duplicate: z.boolean() }) }, errors: [400, 401, 404, 413, 503] },
  { method: 'post', path: '/v1/import', summary: 'Import the spreadsheet of people and devices (CSV): a dry run unless apply is true', roles: ['admin'], request: { body: json(importBody) }, ok: { status: 200, description: 'who would join, move, leave, which devices are registered, the rows refused with why (and with apply, what was started)', schema: anything }, errors: [400] },

  { method: 'get', path: '/v1/access', summary: 'Who held which entitlements and accounts at a time', roles: ['admin', 'auditor'], request: { query: accessQuery }, ok: { status: 200, description: 'holdings', schema: anything }, errors: [400] },

  { method: 'post', path: '/v1/reconciliations', summary: 'Run a reconciliation now (it also runs on its schedule)', roles: ['admin'], ok: { status: 202, description: 'started', schema: z.object({ reconciliationId: z.string(), workflowId: z.string(), status: z.string() }) } },
  { method: 'get', path: '/v1/reconciliations/{id}', summary: 'A reconciliation run: status, correlated accounts, findings, proposals, cost', roles: ['admin', 'auditor'], request: { params: runParam }, ok: { status: 200, description: 'the run and its report', schema: anything }, errors: [400, 404] },
  { method: 'get', path: '/v1/reconciliations/{id}/export', summary: "A run's findings as CSV or JSON Lines", roles: ['admin', 'auditor'], request: { params: runParam, query: findingsExportQuery }, ok: { status: 200, description: 'the findings', schema: z.string(), contentType: 'text/csv' }, errors: [400, 404] },
  { method: 'post', path: '/v1/reconciliations/{id}/remediations', summary: "Request remediation of a complete run's proposed findings (dry run unless dryRun: false)", roles: ['admin'], request: { params: runParam, body: json(remediationBody) }, ok: { status: 201, description: 'the pending request', schema: anything }, errors: [400, 404, 409] },
  { method: 'get', path: '/v1/remediations/{id}', summary: 'A remediation request and its cases', roles: ['admin', 'auditor'], request: { params: requestParam }, ok: { status: 200, description: 'the request', schema: anything }, errors: [400, 404] },
  { method: 'post', path: '/v1/remediations/{id}/approve', summary: 'A second admin approves; each finding runs as a case of its own', roles: ['admin'], request: { params: requestParam, body: { ...json(remediationDecisionBody), required: false } }, ok: { status: 202, description: 'approved, with its cases', schema: anything }, errors: [400, 403, 404, 409] },
  { method: 'post', path: '/v1/remediations/{id}/reject', summary: 'A second admin rejects a remediation request', roles: ['admin'], request: { params: requestParam, body: { ...json(remediationDecisionBody), required: false } }, ok: { status: 200, description: 'rejected', schema: anything }, errors: [400, 403, 404, 409] },
];

let cached: unknown;

/**
 * Path and query parameters from a zod object, one per key. (The library's own `request.params` needs
 * zod extended before any schema is made, which the domain's schemas are not; JSON Schema from zod is the same.)
 */
function parameters(where: 'path' | 'query', schema: unknown): object[] {
  if (!schema) return [];
  const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, s]) => ({
    name, in: where, required: where === 'path' || !s.safeParse(undefined).success,
    schema: (({ $schema: _drop, ...rest }) => rest)(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>),
  }));
}

export function openApiDocument(): unknown {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'a token of role hr, admin or auditor (GATEHOUSE_TOKENS)' });
  const signature = registry.registerComponent('securitySchemes', 'signature', {
    type: 'apiKey', in: 'header', name: 'Gatehouse-Signature', description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">; 5 minutes tolerance',
  });
  for (const r of ROUTES) {
    const errors = r.roles ? [...new Set([...(r.errors ?? []), 401, 403])].sort() : r.errors ?? [];
    registry.registerPath({
      method: r.method, path: r.path, summary: r.summary,
      request: r.request?.body ? { body: r.request.body } : undefined,
      parameters: [...parameters('path', r.request?.params), ...parameters('query', r.request?.query)] as RouteConfig['parameters'],
      description: r.roles ? `Roles: ${r.roles.join(', ')}${r.signature ? ' (or a signed HR webhook)' : ''}.` : 'No authentication.',
      security: r.roles ? [{ [bearer.name]: [] }, ...(r.signature ? [{ [signature.name]: [] }] : [])] : [],
      responses: {
        [r.ok.status]: { description: r.ok.description, ...(r.ok.schema ? { content: { [r.ok.contentType ?? 'application/json']: { schema: r.ok.schema } } } : {}) },
        ...Object.fromEntries(errors.map((s) => [s, problem(ERROR_TEXT[s] ?? 'error')])),
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Gatehouse', version: '1', description: 'Joiner-mover-leaver orchestration. Errors are application/problem+json (RFC 9457).' },
  });
  return cached;
}
