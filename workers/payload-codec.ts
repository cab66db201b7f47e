// Encrypts every Temporal payload that crosses this process (workflow and activity inputs and results,
// signals, queries, updates, memos, failure details) with AES-256-GCM, so the Temporal server and anyone
// who reads its database or its history see ciphertext. The whole payload (metadata and data) is sealed;
// in clear stay only `encoding: binary/encrypted` and the key id, so a key can rotate. The key id is also
// the additional authenticated data: a payload relabelled with another key id does not decrypt.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { open, seal } from '../config/aes-gcm';
import type { PayloadKeyring } from '../config/payload-keyring';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

/** A payload this process cannot decrypt: its key is not in the ring (or was destroyed), or it was altered. */
export class PayloadDecryptionError extends Error {
  constructor(readonly keyId: string, reason: string) {
    super(`cannot decrypt a payload encrypted with key '${keyId}': ${reason}`);
    this.name = 'PayloadDecryptionError';
  }
}

const text = (b: Uint8Array | null | undefined): string | undefined => (b ? Buffer.from(b).toString('utf8') : undefined);

export function isEncryptedPayload(p: Payload): boolean {
  return text(p.metadata?.encoding) === ENCRYPTED_ENCODING;
}

export function encryptedKeyId(p: Payload): string | undefined {
  return isEncryptedPayload(p) ? text(p.metadata?.[KEY_ID_METADATA]) : undefined;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encryptOne(p));
  }

  /** Payloads without the encrypted encoding (histories recorded before encryption) pass through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncryptedPayload(p) ? this.decryptOne(p) : p));
  }

  private encryptOne(p: Payload): Payload {
    const keyId = this.keys.encryptingKeyId;
    return {
      metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keyId) },
      data: seal(this.keys.key(keyId) as Buffer, keyId, temporal.api.common.v1.Payload.encode(p).finish()),
    };
  }

  private decryptOne(p: Payload): Payload {
    const keyId = encryptedKeyId(p) ?? '';
    const key = this.keys.key(keyId);
    if (!key) throw new PayloadDecryptionError(keyId, 'the key is not configured');
    const clear = open(key, keyId, p.data ?? new Uint8Array());
    if (!clear) throw new PayloadDecryptionError(keyId, 'authentication failed (altered, or another key under the same id)');
    return temporal.api.common.v1.Payload.decode(clear);
  }
}
