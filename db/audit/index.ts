export { appendAudit, appendAuditBatch, hashContent } from './append';
export { canonicalJson, GENESIS_HASH } from './hash';
export { exportAudit, listAudit, type AuditFilter, type ExportAuditOptions, type ListAuditQuery } from './query';
export { AUDIT_OUTCOMES, type AuditContent, type AuditEvent, type AuditEventInput, type AuditOutcome } from './types';
export { verifyAuditChain, type VerifyResult } from './verify';
