// Verifies the audit hash chain end to end: an edited event no longer matches its hash, a deleted event
// leaves the next one pointing at a hash that is not its predecessor's, and deleting the newest events
// leaves the chain head pointing past the end. (Gaps in seq alone prove nothing: a rolled-back insert
// consumes a sequence value.)
import { type Queryable } from '../sql';
import { hashContent } from './append';
import { GENESIS_HASH } from './hash';
import { exportAudit } from './query';
import { contentOf } from './types';

export type VerifyResult = { ok: true; count: number } | { ok: false; brokenAt: number; reason: string };

export async function verifyAuditChain(db: Queryable, opts: { pageSize?: number } = {}): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for await (const event of exportAudit(db, { pageSize: opts.pageSize ?? 2000 })) {
    if (event.prevHash !== prev) {
      return { ok: false, brokenAt: event.seq, reason: 'prev_hash does not match the previous event: an event before it was removed or altered' };
    }
    if (hashContent(contentOf(event)) !== event.hash) {
      return { ok: false, brokenAt: event.seq, reason: 'hash mismatch: the event was altered after it was written' };
    }
    prev = event.hash;
    lastSeq = event.seq;
    count += 1;
  }
  const head = await db.query<{ last_seq: string; last_hash: string; count: string }>(
    'SELECT last_seq, last_hash, count FROM audit_chain_head',
  );
  const h = head.rows[0];
  if (!h) {
    return count === 0 ? { ok: true, count } : { ok: false, brokenAt: lastSeq, reason: 'the chain head is missing' };
  }
  if (h.last_hash !== prev || Number(h.count) !== count) {
    return {
      ok: false,
      brokenAt: Number(h.last_seq),
      reason: `the chain ends at seq ${lastSeq} with ${count} events, the head records seq ${h.last_seq} with ${h.count}: events were removed`,
    };
  }
  return { ok: true, count };
}
