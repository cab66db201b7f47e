// The audit event (PRODUCT §5, SEC-05.01 §8): case, person, type, before/after, actor, authority
// (approver, policy), affected entitlements, accounts and sessions, a deterministic outcome, a timestamp.
import { iso, type Instant } from '../sql';

export const AUDIT_OUTCOMES = [
  'succeeded', 'failed', 'refused', 'cancelled', 'skipped', 'scheduled', 'pending', 'partial',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEventInput {
  /** Workflow id + step: a retried activity appends nothing new. */
  idempotencyKey: string;
  /** When it happened; now when absent. Stored to the millisecond. */
  at?: Instant;
  employeeId?: string | null;
  caseId?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  type: string;
  outcome: AuditOutcome;
  actor: string;
  approver?: string | null;
  policyId?: string | null;
  policyVersion?: number | null;
  before?: unknown;
  after?: unknown;
  entitlements?: unknown[];
  accounts?: unknown[];
  sessions?: unknown[];
  details?: Record<string, unknown>;
}

/** The hashed part of a stored event: everything but seq and hash (keyId only for keyed events). */
export interface AuditContent {
  id: string;
  idempotencyKey: string;
  at: string;
  employeeId: string | null;
  caseId: string | null;
  workflowId: string | null;
  runId: string | null;
  type: string;
  outcome: AuditOutcome;
  actor: string;
  approver: string | null;
  policyId: string | null;
  policyVersion: number | null;
  before: unknown;
  after: unknown;
  entitlements: unknown[];
  accounts: unknown[];
  sessions: unknown[];
  details: Record<string, unknown>;
  prevHash: string;
  /** The key that signed the event's hash; null for a legacy (unkeyed) event written before keys existed. */
  keyId: string | null;
}

export interface AuditEvent extends AuditContent {
  seq: number;
  hash: string;
}

export interface AuditRow {
  seq: string;
  id: string;
  idempotency_key: string;
  at: Date;
  employee_id: string | null;
  case_id: string | null;
  workflow_id: string | null;
  run_id: string | null;
  type: string;
  outcome: AuditOutcome;
  actor: string;
  approver: string | null;
  policy_id: string | null;
  policy_version: number | null;
  before: unknown;
  after: unknown;
  entitlements: unknown[];
  accounts: unknown[];
  sessions: unknown[];
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

export function toAuditEvent(r: AuditRow): AuditEvent {
  return {
    seq: Number(r.seq),
    id: r.id,
    idempotencyKey: r.idempotency_key,
    at: iso(r.at),
    employeeId: r.employee_id,
    caseId: r.case_id,
    workflowId: r.workflow_id,
    runId: r.run_id,
    type: r.type,
    outcome: r.outcome,
    actor: r.actor,
    approver: r.approver,
    policyId: r.policy_id,
    policyVersion: r.policy_version,
    before: r.before,
    after: r.after,
    entitlements: r.entitlements,
    accounts: r.accounts,
    sessions: r.sessions,
    details: r.details,
    prevHash: r.prev_hash,
    keyId: r.key_id,
    hash: r.hash,
  };
}

/** The content of a stored event, as hashed. */
export function contentOf(e: AuditEvent): AuditContent {
  const { seq: _seq, hash: _hash, ...content } = e;
  return content;
}
