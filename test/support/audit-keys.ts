// Audit chain keys for tests: fresh random keys per test process, never a constant checked into the repository.
import { generateAuditChainKeyEntry, parseAuditChainKeys } from '../../db/audit/keys';

/** `keyId:base64key` entries, for tests that build their own rings (rotation). */
export const KEY_A = generateAuditChainKeyEntry('key-a');
export const KEY_B = generateAuditChainKeyEntry('key-b');

/** The ring test stores sign with unless a test says otherwise. */
export const TEST_AUDIT_KEYS = parseAuditChainKeys(KEY_A);
