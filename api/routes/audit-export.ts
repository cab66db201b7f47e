// Audit export formats. CSV follows RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes
// doubled; structured fields (before, after, entitlements, …) are JSON inside one field. A cell a spreadsheet
// would run as a formula (it starts with = + - @, a tab or a CR) gets a leading ' and is quoted: CSV is for
// reading, not for verifying. JSONL is one event per line in the canonical JSON its hash was computed over
// (plus seq and hash), so it verifies as exported.
import { canonicalJson, type AuditEvent } from '../../db';

export const CSV_COLUMNS = [
  'seq', 'id', 'at', 'employeeId', 'caseId', 'workflowId', 'runId', 'type', 'outcome', 'actor', 'approver', 'policyId',
  'policyVersion', 'before', 'after', 'entitlements', 'accounts', 'sessions', 'details', 'idempotencyKey', 'prevHash', 'hash',
  'keyId',
] as const satisfies readonly (keyof AuditEvent)[];

/** What spreadsheets treat as the start of a formula (OWASP CSV injection), tab and CR included. */
export const FORMULA_START = /^[=+\-@\t\r]/;
/** Also escaped: a value that already starts with ' before one of them, so restoring is unambiguous. */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;

/** The cell text with a leading ' when a spreadsheet would read it as a formula. */
export function neutraliseFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** The original text of a neutralised cell (for consumers that want the value back). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") && NEEDS_GUARD.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const s = neutraliseFormula(raw);
  return s !== raw || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;
export const csvRow = (e: AuditEvent): string => `${CSV_COLUMNS.map((c) => csvField(e[c])).join(',')}\r\n`;
export const jsonlRow = (e: AuditEvent): string => `${canonicalJson(e)}\n`;
