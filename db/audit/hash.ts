// The audit hash chain: sha256 over a canonical JSON of an event's content, which includes the previous
// event's hash. Editing any stored field, or removing an event, breaks the chain at that point.
import { createHash } from 'node:crypto';

/** prev_hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted and undefined members dropped, so the same content always gives the same bytes,
 * whatever key order jsonb hands back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const members = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What jsonb will give back: Dates become strings, undefined members vanish. Hash this, not the raw input. */
export function jsonRoundTrip<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
