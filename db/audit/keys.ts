// The audit chain's keys (HMAC-SHA256), held outside the database: whoever can write the database but has no
// key cannot recompute a valid chain after editing it. `AUDIT_CHAIN_KEY` is `keyId:base64key[,keyId:base64key…]`;
// the first key signs new events, every listed key verifies, so a key can be rotated by putting the new one first.
import { createHmac, randomBytes } from 'node:crypto';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** HMAC-SHA256 keys shorter than its block output give less than its strength. */
export const MIN_KEY_BYTES = 32;

export class AuditKeyring {
  // Private so that neither util.inspect nor JSON.stringify of a config object can print a secret.
  readonly #secrets: ReadonlyMap<string, Buffer>;
  readonly signingKeyId: string;

  constructor(keys: ReadonlyArray<{ id: string; secret: Buffer }>) {
    const first = keys[0];
    if (!first) throw new RangeError('an audit keyring needs at least one key');
    this.signingKeyId = first.id;
    this.#secrets = new Map(keys.map((k) => [k.id, k.secret]));
  }

  has(keyId: string): boolean {
    return this.#secrets.has(keyId);
  }

  get keyIds(): string[] {
    return [...this.#secrets.keys()];
  }

  /** Hex HMAC of text under the named key; throws for a key this ring does not hold. */
  mac(keyId: string, text: string): string {
    const secret = this.#secrets.get(keyId);
    if (!secret) throw new RangeError(`no audit chain key '${keyId}'`);
    return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
  }

  toJSON(): { signingKeyId: string; keyIds: string[] } {
    return { signingKeyId: this.signingKeyId, keyIds: this.keyIds };
  }
}

/** The entries of an AUDIT_CHAIN_KEY value, split but not yet checked. */
function entriesOf(text: string): Array<{ id: string; key: string }> {
  return text.split(',').map((e) => {
    const entry = e.trim();
    const colon = entry.indexOf(':');
    return colon > 0 ? { id: entry.slice(0, colon), key: entry.slice(colon + 1) } : { id: '', key: '' };
  });
}

/** The problems with an AUDIT_CHAIN_KEY value, never quoting a secret; empty when it parses. */
export function auditChainKeyProblems(text: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entriesOf(text).forEach(({ id, key }, i) => {
    if (!KEY_ID.test(id)) {
      problems.push(`entry ${i + 1}: must be keyId:base64key, keyId of letters, digits, '.', '_' or '-'`);
      return;
    }
    if (seen.has(id)) problems.push(`entry ${i + 1}: key id '${id}' appears twice`);
    seen.add(id);
    if (!BASE64.test(key) || Buffer.from(key, 'base64').length < MIN_KEY_BYTES) {
      problems.push(`key '${id}': must be base64 of at least ${MIN_KEY_BYTES} bytes`);
    }
  });
  return problems;
}

export function parseAuditChainKeys(text: string): AuditKeyring {
  const problems = auditChainKeyProblems(text);
  if (problems.length > 0) throw new RangeError(`AUDIT_CHAIN_KEY: ${problems.join('; ')}`);
  return new AuditKeyring(entriesOf(text).map(({ id, key }) => ({ id, secret: Buffer.from(key, 'base64') })));
}

/** A fresh `keyId:base64key` entry (a dev stack's own key, a test's). */
export function generateAuditChainKeyEntry(keyId: string): string {
  if (!KEY_ID.test(keyId)) throw new RangeError('key id: letters, digits, dot, dash, underscore');
  return `${keyId}:${randomBytes(MIN_KEY_BYTES).toString('base64')}`;
}

let processKeyring: AuditKeyring | undefined;
/**
 * A key that lives and dies with this process, for stores made without one (benchmarks, throwaway tools).
 * Nothing else holds it: another process verifying these events reports `unknown_key`, which is the point.
 */
export function ephemeralAuditKeyring(): AuditKeyring {
  processKeyring ??= parseAuditChainKeys(generateAuditChainKeyEntry('ephemeral'));
  return processKeyring;
}
