// Audit export formats. CSV follows RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes
// doubled; structured fields (before, after, entitlements, …) are JSON inside one field. JSONL is one event per line.
import type { AuditEvent } from '../../db';

export const CSV_COLUMNS = [
  'seq', 'id', 'at', 'employeeId', 'caseId', 'workflowId', 'runId', 'type', 'outcome', 'actor', 'approver', 'policyId',
  'policyVersion', 'before', 'after', 'entitlements', 'accounts', 'sessions', 'details', 'idempotencyKey', 'prevHash', 'hash',
] as const satisfies readonly (keyof AuditEvent)[];

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = (): string => `${CSV_COLUMNS.join(',')}\r\n`;
export const csvRow = (e: AuditEvent): string => `${CSV_COLUMNS.map((c) => csvField(e[c])).join(',')}\r\n`;
export const jsonlRow = (e: AuditEvent): string => `${JSON.stringify(e)}\n`;
