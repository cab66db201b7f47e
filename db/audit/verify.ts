// Verifies the audit chain end to end. An edited event no longer matches its hash, which nobody without the
// key can recompute; a deleted event leaves the next one pointing at a hash that is not its predecessor's;
// deleting the newest events leaves the signed chain head pointing past the end. Unkeyed events written
// before the chain was keyed verify with their old hash, as a prefix only: once an event is keyed, an unkeyed
// one after it is a forgery. (Gaps in seq alone prove nothing: a rolled-back insert consumes a sequence value.)
import { type Queryable } from '../sql';
import { headMac, keyedEventHash, legacyEventHash } from './event-hash';
import { GENESIS_HASH } from './hash';
import type { AuditKeyring } from './keys';
import { exportAudit } from './query';
import { contentOf, type AuditEvent } from './types';

export type VerifyFailureCode =
  | 'broken_link' | 'hash_mismatch' | 'unknown_key' | 'unkeyed_after_keyed' | 'truncated' | 'head_mismatch';

export interface VerifyFailure {
  ok: false;
  code: VerifyFailureCode;
  /** The first broken event's seq (for a chain that ends early, the seq the head records). */
  seq: number;
  /** Its id; null when the event is gone (truncated) or the fault is the head's. */
  id: string | null;
  keyId?: string;
  reason: string;
  /** Same as seq: the name the first version of this endpoint used. */
  brokenAt: number;
}

export type VerifyResult = { ok: true; count: number; legacy: number } | VerifyFailure;

/** Walks events in chain order, one `next` per event; stops being useful at the first failure it returns. */
class ChainWalk {
  private prev = GENESIS_HASH;
  private keyed = false;
  count = 0;
  legacy = 0;
  last: AuditEvent | null = null;

  constructor(private readonly keyring: AuditKeyring) {}

  /** The failure at this event, or null when it continues the chain. */
  next(event: AuditEvent): VerifyFailure | null {
    const content = contentOf(event);
    const fail = (code: VerifyFailureCode, reason: string): VerifyFailure => failure(code, event.seq, event.id, reason, event.keyId);
    if (event.prevHash !== this.prev) {
      return fail('broken_link', 'prev_hash does not match the previous event: an event before it was removed or altered');
    }
    if (event.keyId === null) {
      if (this.keyed) return fail('unkeyed_after_keyed', 'an unkeyed event after a keyed one: it was rewritten without the key');
      if (legacyEventHash(content) !== event.hash) return fail('hash_mismatch', 'hash mismatch: the legacy event was altered after it was written');
      this.legacy += 1;
    } else {
      if (!this.keyring.has(event.keyId)) {
        return fail('unknown_key', `signed with key '${event.keyId}', which AUDIT_CHAIN_KEY does not hold`);
      }
      if (keyedEventHash(this.keyring, { ...content, keyId: event.keyId }) !== event.hash) {
        return fail('hash_mismatch', 'hash mismatch: the event was altered after it was written');
      }
      this.keyed = true;
    }
    this.prev = event.hash;
    this.last = event;
    this.count += 1;
    return null;
  }

  get lastHash(): string {
    return this.prev;
  }

  get sawKeyed(): boolean {
    return this.keyed;
  }
}

function failure(code: VerifyFailureCode, seq: number, id: string | null, reason: string, keyId?: string | null): VerifyFailure {
  return { ok: false, code, seq, id, ...(keyId ? { keyId } : {}), reason, brokenAt: seq };
}

/** Verifies events as exported (JSON Lines parsed back): the chain itself, without the head. */
export function verifyEvents(events: Iterable<AuditEvent>, keyring: AuditKeyring): VerifyResult {
  const walk = new ChainWalk(keyring);
  for (const e of events) {
    const broken = walk.next(e);
    if (broken) return broken;
  }
  return { ok: true, count: walk.count, legacy: walk.legacy };
}

interface HeadRow {
  last_seq: string;
  last_hash: string;
  count: string;
  key_id: string | null;
  mac: string | null;
}

export async function verifyAuditChain(db: Queryable, keyring: AuditKeyring, opts: { pageSize?: number } = {}): Promise<VerifyResult> {
  const walk = new ChainWalk(keyring);
  for await (const event of exportAudit(db, { pageSize: opts.pageSize ?? 2000 })) {
    const broken = walk.next(event);
    if (broken) return broken;
  }
  const head = (await db.query<HeadRow>('SELECT last_seq, last_hash, count, key_id, mac FROM audit_chain_head')).rows[0];
  const lastSeq = walk.last?.seq ?? 0;
  const lastId = walk.last?.id ?? null;
  if (!head) {
    return walk.count === 0 ? { ok: true, count: 0, legacy: 0 } : failure('head_mismatch', lastSeq, lastId, 'the chain head is missing');
  }
  if (head.mac === null || head.key_id === null) {
    // Only a chain written before keys existed has an unsigned head; the first keyed append signs it.
    if (walk.sawKeyed) return failure('head_mismatch', Number(head.last_seq), null, 'the chain head is not signed though keyed events exist: it was rewritten');
  } else {
    if (!keyring.has(head.key_id)) {
      return failure('unknown_key', Number(head.last_seq), null, `the chain head is signed with key '${head.key_id}', which AUDIT_CHAIN_KEY does not hold`, head.key_id);
    }
    const expected = headMac(keyring, head.key_id, { lastSeq: Number(head.last_seq), lastHash: head.last_hash, count: Number(head.count) });
    if (expected !== head.mac) {
      return failure('head_mismatch', Number(head.last_seq), null, 'the chain head does not match its signature: it was rewritten', head.key_id);
    }
  }
  if (head.last_hash !== walk.lastHash || Number(head.count) !== walk.count) {
    return failure(
      'truncated', Number(head.last_seq), null,
      `the chain ends at seq ${lastSeq} with ${walk.count} events, the head records seq ${head.last_seq} with ${head.count}: events were removed`,
    );
  }
  return { ok: true, count: walk.count, legacy: walk.legacy };
}
