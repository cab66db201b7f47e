// Strings the API accepts must be storable and sendable: PostgreSQL text and JSONB refuse NUL, a lone UTF-16
// surrogate cannot be encoded as UTF-8 (a connector's request or a log line breaks), control characters corrupt
// logs, CSV exports and target systems' display names, and an id becomes part of a Temporal workflow id and a URL.
// Refused at the edge with a 400 naming the field, so nothing is started that a retry could never finish.
import { z } from 'zod';

const LINE_BREAKS = new Set(['\t', '\n', '\r']);
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `s` cannot be stored or sent, or null. Control characters are C0, DEL and C1 (Unicode category Cc). */
export function unsafeCharacter(s: string, opts: { lineBreaks?: boolean } = {}): string | null {
  // for…of walks code points: a well-formed pair is one astral character, an unpaired surrogate comes alone.
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return `must be valid Unicode: holds an unpaired surrogate (${hex(cp)})`;
    if ((cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) && !(opts.lineBreaks && LINE_BREAKS.has(ch))) {
      return `must not hold control characters (found ${hex(cp)})`;
    }
  }
  return null;
}

const refuseUnsafe = (lineBreaks: boolean) => (s: string, ctx: z.RefinementCtx) => {
  const why = unsafeCharacter(s, { lineBreaks });
  if (why) ctx.addIssue({ code: 'custom', message: why });
};

/** A name, title or label: surrounding whitespace trimmed, not empty, at most `max`, one line. */
export const safeText = (max: number) => z.string().trim().min(1).max(max).superRefine(refuseUnsafe(false));

/**
 * A reason or comment: kept as sent (may be empty) unless `required` (then trimmed, not empty); line breaks and
 * tabs are allowed, since people write them and every sink (database, audit, CSV export) keeps them intact.
 */
export const safeNote = (max: number, opts: { required?: boolean } = {}) =>
  (opts.required ? z.string().trim().min(1) : z.string()).max(max).superRefine(refuseUnsafe(true));

/** A value to look something up by (a filter, a page cursor, an asset id): as sent, not empty, one line. */
export const safeToken = (max: number) => z.string().min(1).max(max).superRefine(refuseUnsafe(false));

// Ids are ASCII by pattern, so they hold no control character or surrogate; they go into workflow ids and URLs.
const idString = (pattern: RegExp, rule: string) => z.string().regex(pattern, rule);

/** An employee id never holds ':', the case id separator (domain/ids.ts), nor '/', which a URL path would split. */
export const EMPLOYEE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const employeeIdString = idString(EMPLOYEE_ID, "letters, digits, dot, dash or underscore (no ':' or '/'), starting with a letter or digit; at most 64");

/** HR event ids (and the event a cancel names). */
export const eventIdString = idString(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits, dot, dash, colon or underscore, starting with a letter or digit; at most 128');

/** Entitlement ids: the policy document's id rule. */
export const entitlementIdString = idString(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'letters, digits, dot, dash, colon or underscore, starting with a letter or digit; at most 64');

/** Case ids: `case-<employeeId>:<eventId or admin key>`. */
export const caseIdString = idString(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'letters, digits, dot, dash, colon or underscore; at most 200');
