// The record store: one object over one pool, used by Temporal activities and the HTTP API.
// Each method delegates to the module that owns its table; writes an activity may retry are idempotent.
import type pg from 'pg';
import type { AccountStatus, EntitlementSource, PersonState } from '../domain/lifecycle';
import { accessAt } from './access';
import { getAccountByExternalId, listAccounts, setAccountStatus, upsertAccount, type UpsertAccountInput } from './accounts';
import { addAsset, assignAsset, getAsset, listAssets, listOpenDevices, setAssetStatus, type AddAssetInput, type AssetStatus } from './assets';
import {
  appendAudit, appendAuditBatch, ephemeralAuditKeyring, exportAudit, listAudit, verifyAuditChain, type AuditEventInput,
  type AuditKeyring, type ExportAuditOptions, type ListAuditQuery,
} from './audit';
import { createBulk, getBulk, updateBulkItem, type CreateBulkInput, type UpdateBulkItemInput } from './bulk';
import { getCase, listCases, recordCase, updateCaseState, type ListCasesQuery, type RecordCaseInput, type UpdateCaseStateInput } from './cases';
import {
  cancelRemoval, grantEntitlement, listDueRemovals, listEntitlements, removeEntitlement, scheduleRemoval,
  type GrantEntitlementInput,
} from './entitlements';
import { getHrEvent, recordHrEvent, type RecordHrEventInput } from './hr-events';
import { getPerson, getPersonHistory, listPeople, setPersonState, upsertPerson, type ListPeopleQuery, type PersonProfile } from './people';
import { getPersonRecord } from './person-record';
import { activatePolicyProposal, getCurrentPolicy, getPolicyVersion, listPolicyVersions, savePolicyVersion, type SavePolicyOptions } from './policies';
import { listAccessSnapshots, saveAccessSnapshot } from './snapshots';
import type { Instant } from './sql';
import { admitLeaver, decideHeldLeaver, getLeaverIntake, listHeldLeavers, type AdmitLeaverInput, type LeaverDisposition } from './leaver-intake';
import type { LeaverGuardSettings } from '../domain/leaver-guard';
import {
  createRemediationRequest, decideRemediationRequest, finishReconciliationRun, getReconciliationRun, getRemediationRequest,
  lastCompleteReconciliation, lastFinishedReconciliation, listRecordPeople, startReconciliationRun,
} from './reconciliations';

export interface RecordStoreOptions {
  /** Signs new audit events and verifies the chain. Without it, a key that dies with the process (tools only). */
  auditKeys?: AuditKeyring;
}

export function createRecordStore(pool: pg.Pool, options: RecordStoreOptions = {}) {
  const auditKeys = options.auditKeys ?? ephemeralAuditKeyring();
  return {
    // people
    upsertPerson: (profile: PersonProfile, opts: { caseId: string | null; state?: PersonState }) =>
      upsertPerson(pool, profile, opts),
    getPerson: (employeeId: string) => getPerson(pool, employeeId),
    getPersonRecord: (employeeId: string, opts?: { includeRemoved?: boolean }) => getPersonRecord(pool, employeeId, opts),
    getPersonHistory: (employeeId: string) => getPersonHistory(pool, employeeId),
    listPeople: (q?: ListPeopleQuery) => listPeople(pool, q),
    setPersonState: (
      employeeId: string, state: PersonState, opts: { caseId: string | null; locked?: boolean; lastDay?: string | null },
    ) => setPersonState(pool, employeeId, state, opts),

    // accounts
    upsertAccount: (input: UpsertAccountInput) => upsertAccount(pool, input),
    setAccountStatus: (employeeId: string, system: string, status: AccountStatus, at?: Instant) =>
      setAccountStatus(pool, employeeId, system, status, at),
    listAccounts: (employeeId: string) => listAccounts(pool, employeeId),
    getAccountByExternalId: (system: string, externalId: string) => getAccountByExternalId(pool, system, externalId),

    // entitlements and who-had-what-when
    grantEntitlement: (input: GrantEntitlementInput) => grantEntitlement(pool, input),
    scheduleRemoval: (input: { employeeId: string; entitlementId: string; removeAt: Instant; caseId: string | null; source?: EntitlementSource }) =>
      scheduleRemoval(pool, input),
    cancelRemoval: (input: { employeeId: string; entitlementId: string; caseId: string | null; source?: EntitlementSource }) => cancelRemoval(pool, input),
    removeEntitlement: (input: { employeeId: string; entitlementId: string; caseId: string | null; at: Instant; source?: EntitlementSource }) =>
      removeEntitlement(pool, input),
    listEntitlements: (employeeId: string, opts?: { includeRemoved?: boolean }) => listEntitlements(pool, employeeId, opts),
    listDueRemovals: (at: Instant) => listDueRemovals(pool, at),
    accessAt: (instant: Instant, opts?: { employeeId?: string }) => accessAt(pool, instant, opts),

    // cases
    recordCase: (input: RecordCaseInput) => recordCase(pool, input),
    updateCaseState: (caseId: string, input: UpdateCaseStateInput) => updateCaseState(pool, caseId, input),
    getCase: (caseId: string) => getCase(pool, caseId),
    listCases: (q?: ListCasesQuery) => listCases(pool, q),

    // HR event ledger
    recordHrEvent: (input: RecordHrEventInput) => recordHrEvent(pool, input),
    getHrEvent: (eventId: string) => getHrEvent(pool, eventId),

    // audit
    appendAudit: (event: AuditEventInput) => appendAudit(pool, auditKeys, event),
    appendAuditBatch: (events: readonly AuditEventInput[]) => appendAuditBatch(pool, auditKeys, events),
    listAudit: (q?: ListAuditQuery) => listAudit(pool, q),
    exportAudit: (opts?: ExportAuditOptions) => exportAudit(pool, opts),
    verifyAuditChain: (opts?: { pageSize?: number }) => verifyAuditChain(pool, auditKeys, opts),

    // access snapshots
    saveAccessSnapshot: (input: { employeeId: string; caseId: string; snapshot: unknown }) => saveAccessSnapshot(pool, input),
    listAccessSnapshots: (employeeId: string) => listAccessSnapshots(pool, employeeId),

    // policies
    savePolicyVersion: (document: unknown, opts: SavePolicyOptions) => savePolicyVersion(pool, document, opts),
    activatePolicyProposal: (version: number, approvedBy: string) => activatePolicyProposal(pool, version, approvedBy),
    getCurrentPolicy: () => getCurrentPolicy(pool),
    getPolicyVersion: (version: number) => getPolicyVersion(pool, version),
    listPolicyVersions: () => listPolicyVersions(pool),

    // assets
    addAsset: (input: AddAssetInput) => addAsset(pool, input),
    assignAsset: (id: string, input: { employeeId: string; caseId: string | null; at?: Instant }) => assignAsset(pool, id, input),
    setAssetStatus: (id: string, status: AssetStatus, at?: Instant) => setAssetStatus(pool, id, status, at),
    getAsset: (id: string) => getAsset(pool, id),
    listAssets: (employeeId: string) => listAssets(pool, employeeId),
    listOpenDevices: (employeeId: string) => listOpenDevices(pool, employeeId),

    // bulk operations
    createBulk: (input: CreateBulkInput) => createBulk(pool, input),
    updateBulkItem: (input: UpdateBulkItemInput) => updateBulkItem(pool, input),
    getBulk: (id: string) => getBulk(pool, id),

    // the mass-leaver safeguard (db/leaver-intake.ts)
    admitLeaver: (settings: LeaverGuardSettings, input: AdmitLeaverInput) => admitLeaver(pool, settings, input),
    getLeaverIntake: (eventId: string) => getLeaverIntake(pool, eventId),
    listHeldLeavers: () => listHeldLeavers(pool),
    decideHeldLeaver: (eventId: string, from: readonly LeaverDisposition[], to: LeaverDisposition, by: { decidedBy: string; comment?: string | null; at: Instant }) =>
      decideHeldLeaver(pool, eventId, from, to, by),
    // reconciliation runs and remediation requests
    startReconciliationRun: (input: Parameters<typeof startReconciliationRun>[1]) => startReconciliationRun(pool, input),
    finishReconciliationRun: (input: Parameters<typeof finishReconciliationRun>[1]) => finishReconciliationRun(pool, input),
    getReconciliationRun: (id: string) => getReconciliationRun(pool, id),
    lastCompleteReconciliation: () => lastCompleteReconciliation(pool),
    lastFinishedReconciliation: () => lastFinishedReconciliation(pool),
    listRecordPeople: () => listRecordPeople(pool),
    createRemediationRequest: (input: Parameters<typeof createRemediationRequest>[1]) => createRemediationRequest(pool, input),
    getRemediationRequest: (id: string) => getRemediationRequest(pool, id),
    decideRemediationRequest: (id: string, decision: 'approved' | 'rejected', by: string) => decideRemediationRequest(pool, id, decision, by),
  };
}

export type RecordStore = ReturnType<typeof createRecordStore>;
