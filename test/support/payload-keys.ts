// Payload encryption keys for tests: a fresh random key per test process, never a constant in the repository.
// Every test environment's client, worker and replayer use it (temporal.ts, stack.ts), so the suite runs encrypted.
import { generatePayloadKeyEntry, parsePayloadKeys } from '../../config/payload-keyring';
import { gatehouseDataConverter } from '../../workers/data-converter';

export const PAYLOAD_KEY_ENTRY = generatePayloadKeyEntry('test-p1');
export const TEST_PAYLOAD_KEYS = parsePayloadKeys(PAYLOAD_KEY_ENTRY);
export const TEST_DATA_CONVERTER = gatehouseDataConverter(TEST_PAYLOAD_KEYS);

/** For recordSecrets: the key itself, as the log scan looks for it. */
export const payloadKeySecrets = (entry = PAYLOAD_KEY_ENTRY): Record<string, string> => ({ [`payload key ${entry.slice(0, entry.indexOf(':'))}`]: entry.slice(entry.indexOf(':') + 1) });
