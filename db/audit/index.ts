export { appendAudit, appendAuditBatch } from './append';
export { keyedEventHash, legacyEventHash } from './event-hash';
export { canonicalJson, GENESIS_HASH } from './hash';
export {
  AuditKeyring, auditChainKeyProblems, ephemeralAuditKeyring, generateAuditChainKeyEntry, parseAuditChainKeys,
} from './keys';
export { exportAudit, listAudit, type AuditFilter, type ExportAuditOptions, type ListAuditQuery } from './query';
export { AUDIT_OUTCOMES, contentOf, type AuditContent, type AuditEvent, type AuditEventInput, type AuditOutcome } from './types';
export { verifyAuditChain, verifyEvents, type VerifyFailure, type VerifyFailureCode, type VerifyResult } from './verify';
