// An event's hash over the canonical JSON of its content (which holds the previous event's hash).
// Keyed events: HMAC-SHA256 under the key their keyId names, keyId included in what is signed.
// Legacy events (written before the chain was keyed, keyId null): plain sha256 over the content as it was then,
// without a keyId member, so they verify unchanged.
import { canonicalJson, sha256Hex } from './hash';
import type { AuditKeyring } from './keys';
import type { AuditContent } from './types';

export function legacyEventHash(content: AuditContent): string {
  const { keyId: _keyId, ...before } = content;
  return sha256Hex(canonicalJson(before));
}

/** Throws for a keyId the ring does not hold; callers that verify check `keyring.has` first. */
export function keyedEventHash(keyring: AuditKeyring, content: AuditContent & { keyId: string }): string {
  return keyring.mac(content.keyId, canonicalJson(content));
}

/** What the chain head signs: where the chain ends and how long it is, so removing the newest events shows. */
export interface ChainHeadState {
  lastSeq: number;
  lastHash: string;
  count: number;
}

export function headMac(keyring: AuditKeyring, keyId: string, head: ChainHeadState): string {
  return keyring.mac(keyId, canonicalJson({ kind: 'audit-chain-head', ...head }));
}
