// Appending to the audit chain. Appends are serialised by a transaction advisory lock, so each event's
// prev_hash is the hash of the event committed just before it and the chain stays linear. Each event is
// signed with the keyring's signing key, and so is the chain head (where the chain ends, how many events).
import { randomUUID } from 'node:crypto';
import { toInstant, withTransaction } from '../sql';
import { headMac, keyedEventHash } from './event-hash';
import { GENESIS_HASH, jsonRoundTrip } from './hash';
import type { AuditKeyring } from './keys';
import { AUDIT_OUTCOMES, toAuditEvent, type AuditContent, type AuditEvent, type AuditEventInput, type AuditRow } from './types';
import type pg from 'pg';

/** Arbitrary constant: the advisory lock key of audit appends. */
const AUDIT_LOCK = 7_146_930_002;

function contentFor(input: AuditEventInput, prevHash: string, keyId: string): AuditContent & { keyId: string } {
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw new RangeError(`unknown audit outcome: ${String(input.outcome)}`);
  }
  if (input.policyVersion != null && !Number.isSafeInteger(input.policyVersion)) {
    throw new RangeError('policyVersion must be an integer');
  }
  // Round-trip the JSON parts now, so the hash is over exactly what jsonb will give back.
  return {
    id: randomUUID(),
    idempotencyKey: input.idempotencyKey,
    at: toInstant(input.at ?? new Date()),
    employeeId: input.employeeId ?? null,
    caseId: input.caseId ?? null,
    workflowId: input.workflowId ?? null,
    runId: input.runId ?? null,
    type: input.type,
    outcome: input.outcome,
    actor: input.actor,
    approver: input.approver ?? null,
    policyId: input.policyId ?? null,
    policyVersion: input.policyVersion ?? null,
    before: jsonRoundTrip(input.before ?? null),
    after: jsonRoundTrip(input.after ?? null),
    entitlements: jsonRoundTrip(input.entitlements ?? []),
    accounts: jsonRoundTrip(input.accounts ?? []),
    sessions: jsonRoundTrip(input.sessions ?? []),
    details: jsonRoundTrip(input.details ?? {}),
    prevHash,
    keyId,
  };
}

/**
 * Appends events in order, in one transaction. An event whose idempotency key is already stored (or repeated
 * in the batch) writes nothing: the stored event is returned in its place. Returns one event per input.
 */
export async function appendAuditBatch(pool: pg.Pool, keyring: AuditKeyring, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const keys = [...new Set(inputs.map((i) => i.idempotencyKey))];
    const stored = await client.query<AuditRow>('SELECT * FROM audit_events WHERE idempotency_key = ANY($1::text[])', [keys]);
    const byKey = new Map<string, AuditEvent | AuditContent>(stored.rows.map((r) => [r.idempotency_key, toAuditEvent(r)]));
    const head = await client.query<{ last_hash: string; count: string }>('SELECT last_hash, count FROM audit_chain_head');
    let prev = head.rows[0]?.last_hash ?? GENESIS_HASH;
    const countBefore = Number(head.rows[0]?.count ?? 0);
    const keyId = keyring.signingKeyId;
    const fresh: (AuditContent & { hash: string })[] = [];
    for (const input of inputs) {
      if (byKey.has(input.idempotencyKey)) continue;
      const content = contentFor(input, prev, keyId);
      const hash = keyedEventHash(keyring, content);
      fresh.push({ ...content, hash });
      byKey.set(input.idempotencyKey, content);
      prev = hash;
    }
    if (fresh.length > 0) {
      const inserted = await insertEvents(client, fresh);
      for (const e of inserted) byKey.set(e.idempotencyKey, e);
      const last = inserted[inserted.length - 1]!;
      const state = { lastSeq: last.seq, lastHash: last.hash, count: countBefore + inserted.length };
      await client.query(
        `INSERT INTO audit_chain_head (singleton, last_seq, last_hash, count, key_id, mac) VALUES (true, $1, $2, $3, $4, $5)
         ON CONFLICT (singleton) DO UPDATE SET last_seq = $1, last_hash = $2, count = $3, key_id = $4, mac = $5`,
        [state.lastSeq, state.lastHash, state.count, keyId, headMac(keyring, keyId, state)],
      );
    }
    return inputs.map((i) => byKey.get(i.idempotencyKey) as AuditEvent);
  });
}

export async function appendAudit(pool: pg.Pool, keyring: AuditKeyring, input: AuditEventInput): Promise<AuditEvent> {
  const [event] = await appendAuditBatch(pool, keyring, [input]);
  return event!;
}

/** One INSERT for the whole batch; WITH ORDINALITY + ORDER BY keeps seq in chain order. */
async function insertEvents(client: pg.PoolClient, events: (AuditContent & { hash: string })[]): Promise<AuditEvent[]> {
  const res = await client.query<AuditRow>(
    `INSERT INTO audit_events (id, idempotency_key, at, employee_id, case_id, workflow_id, run_id, type, outcome, actor,
       approver, policy_id, policy_version, before, after, entitlements, accounts, sessions, details, prev_hash, hash, key_id)
     SELECT (e->>'id')::uuid, e->>'idempotencyKey', (e->>'at')::timestamptz, e->>'employeeId', e->>'caseId',
       e->>'workflowId', e->>'runId', e->>'type', e->>'outcome', e->>'actor', e->>'approver', e->>'policyId',
       (e->>'policyVersion')::integer, NULLIF(e->'before', 'null'::jsonb), NULLIF(e->'after', 'null'::jsonb),
       e->'entitlements', e->'accounts', e->'sessions', e->'details', e->>'prevHash', e->>'hash', e->>'keyId'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)
     ORDER BY n
     RETURNING *`,
    [JSON.stringify(events)],
  );
  return res.rows.map(toAuditEvent).sort((a, b) => a.seq - b.seq);
}
