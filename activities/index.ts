// createActivities(deps): small, idempotent steps over the connectors and the record store.
// Every write is keyed by the calling workflow and step, so a retried activity never doubles an effect.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { AccountRef, PersonProfile } from '../connectors/types';
import type { EmployeeAttributes, EntitlementSource, PersonState } from '../domain/lifecycle';
import type { PolicyDocument } from '../domain/policy-document';
import type { CaseView } from '../workflows/definitions';
import type { ConnectorRegistry } from './connector-registry';
import { withFinalRefusals } from './refusals';
import { revocationActivities } from './revocation';
import type { AuditEventInput, RecordStore } from '../db';
import { defaultPolicyFor } from '../domain/default-policy';
import { auditableAccount, auditableAsset, auditableAttributes } from '../domain/audit-attributes';
import { startBulkItem, type BulkRequest } from '../orchestration/bulk-item';
import type { PersonCaseTarget } from '../orchestration/person-cases';
import type { HrConnection } from '../config/hr-connections';
import type { LeaverGuardSettings } from '../domain/leaver-guard';

export interface ActivityDeps {
  store: RecordStore;
  connectors: ConnectorRegistry;
  /** Where bulk runs start each person's case (a Temporal client); absent, bulk activities refuse. */
  cases?: PersonCaseTarget;
  /** HR vendor connections the intake workflows fetch employees from (activities/hr-intake.ts). */
  hrConnections?: HrConnection[];
  /** The mass-leaver safeguard for HR events the vendor adapters accept. */
  leaverGuard?: LeaverGuardSettings;
}

export interface StepRef {
  caseId: string;
  step: string; // unique within the case: the idempotency key of the audit event
}

/** What a step says about itself in the audit trail; where, when and which execution the activity adds. */
export type AuditFields = Omit<AuditEventInput, 'idempotencyKey' | 'at' | 'employeeId' | 'caseId' | 'workflowId' | 'runId' | 'actor'> & {
  actor?: string;
};

export interface PersonSnapshot {
  employeeId: string;
  state: PersonState | null;
  locked: boolean;
  profile: EmployeeAttributes | null;
  accounts: Array<{ system: string; externalId: string; login: string; status: string }>;
  entitlements: Array<{ entitlementId: string; system: string; source: string; status: string; removeAt?: string; grantedByCase?: string }>;
}

function execution(): { workflowId: string; runId: string } {
  const info = Context.current().info;
  const wf = info.workflowExecution;
  if (!wf) throw new Error('activity called outside a workflow');
  return { workflowId: wf.workflowId, runId: wf.runId };
}

export function createActivities({ store, connectors, cases }: ActivityDeps) {
  async function audit(employeeId: string, ref: StepRef, fields: AuditFields): Promise<void> {
    const { workflowId, runId } = execution();
    await store.appendAudit({
      idempotencyKey: `${workflowId}:${ref.step}`,
      employeeId,
      caseId: ref.caseId,
      workflowId,
      runId,
      at: new Date().toISOString(),
      ...fields,
      actor: fields.actor ?? 'gatehouse',
    });
  }

  async function policy(): Promise<{ version: number; document: PolicyDocument }> {
    const current = await store.getCurrentPolicy();
    if (current) return { version: current.version, document: current.document as PolicyDocument };
    // The default names only the systems this deployment has connectors for.
    const document = defaultPolicyFor(connectors.systems());
    const saved = await store.savePolicyVersion(document, { createdBy: 'gatehouse (default policy)', diff: null });
    return { version: saved.version, document };
  }

  async function accountFor(employeeId: string, system: string): Promise<AccountRef> {
    const accounts = await store.listAccounts(employeeId);
    const a = accounts.find((x) => x.system === system && x.status !== 'deleted');
    if (a) return { system, externalId: a.externalId, login: a.login ?? '' };
    const found = await connectors.get(system).findAccount(employeeId);
    if (!found) {
      throw ApplicationFailure.create({ type: 'AccountMissing', message: `${system}: no account for ${employeeId}`, nonRetryable: true });
    }
    return found;
  }

  function definition(doc: PolicyDocument, entitlementId: string) {
    const def = doc.entitlements.find((e) => e.id === entitlementId);
    if (!def) {
      throw ApplicationFailure.create({ type: 'EntitlementUnknown', message: `entitlement '${entitlementId}' is not in the policy`, nonRetryable: true });
    }
    return def;
  }

  /**
   * The leaver's fence: it locks the identity before it reads what to revoke. A grant (an account, an
   * entitlement, sign-in restored) writes the record first and then looks at the fence; if a leaver has fenced
   * meanwhile, the grant takes itself back. Either the leaver's read sees the grant or the grant sees the fence.
   * A rehire or an override reactivation passes `override`: it is what unlocks the identity.
   */
  async function leaverFenced(employeeId: string, override?: boolean): Promise<boolean> {
    if (override) return false;
    return (await store.getPerson(employeeId))?.locked ?? false;
  }
  const fencedFailure = (employeeId: string) =>
    ApplicationFailure.create({ type: 'PersonLeaving', nonRetryable: true, message: `${employeeId} is locked by a leaver: nothing is granted (taken back)` });

  const toProfile = (e: EmployeeAttributes, extra: Partial<PersonProfile> = {}): PersonProfile => ({ ...e, ...extra });

  const steps = withFinalRefusals({
    async loadPolicy(): Promise<{ version: number; document: PolicyDocument }> {
      return policy();
    },

    async listSystems(): Promise<string[]> {
      return connectors.systems();
    },

    async getPersonSnapshot(employeeId: string): Promise<PersonSnapshot> {
      const rec = await store.getPersonRecord(employeeId);
      if (!rec) return { employeeId, state: null, locked: false, profile: null, accounts: [], entitlements: [] };
      const profile: EmployeeAttributes = {
        employeeId: rec.employeeId, givenName: rec.givenName, familyName: rec.familyName, department: rec.department,
        location: rec.location, jobTitle: rec.jobTitle, employmentType: rec.employmentType,
        ...(rec.personalEmail ? { personalEmail: rec.personalEmail } : {}),
        ...(rec.managerId ? { managerId: rec.managerId } : {}),
      };
      return {
        employeeId,
        state: rec.state,
        locked: rec.locked,
        profile,
        accounts: rec.accounts.map((a) => ({ system: a.system, externalId: a.externalId, login: a.login ?? '', status: a.status })),
        entitlements: rec.entitlements
          .filter((x) => x.status !== 'removed')
          .map((x) => ({
            entitlementId: x.entitlementId, system: x.system, source: x.source, status: x.status,
            removeAt: x.removeAt ?? undefined, grantedByCase: x.grantedByCase ?? undefined,
          })),
      };
    },

    /** `override`: a rehire may set the state of a locked identity; no other write changes it (see leaverFenced). */
    async recordPerson(input: { employee: EmployeeAttributes; state?: PersonState; startDate?: string; lastDay?: string; override?: boolean } & StepRef): Promise<void> {
      const locked = input.state !== undefined && !input.override && (await store.getPerson(input.employee.employeeId))?.locked;
      await store.upsertPerson({ ...input.employee, startDate: input.startDate, lastDay: input.lastDay }, { caseId: input.caseId, state: locked ? undefined : input.state });
    },

    /** `fromStates`: change only a person in one of these states (a notice never overrides a suspension). */
    async setPersonState(input: { employeeId: string; state: PersonState; locked?: boolean; fromStates?: PersonState[]; actor: string; approver?: string } & StepRef): Promise<void> {
      const before = await store.getPerson(input.employeeId);
      if (input.fromStates && (!before || !input.fromStates.includes(before.state))) return;
      // A locked identity (a leaver has fenced it, or it has left) moves only to deactivated, or is unlocked on purpose.
      if (before?.locked && input.state !== 'deactivated' && input.locked !== false) {
        throw ApplicationFailure.create({ type: 'PersonLeaving', nonRetryable: true, message: `${input.employeeId} is locked: cannot become ${input.state}` });
      }
      await store.setPersonState(input.employeeId, input.state, { caseId: input.caseId, locked: input.locked });
      await audit(input.employeeId, input, {
        type: 'lifecycle.transition',
        outcome: 'succeeded',
        actor: input.actor,
        approver: input.approver,
        before: { state: before?.state ?? null, locked: before?.locked ?? false },
        after: { state: input.state, locked: input.locked ?? before?.locked ?? false },
      });
    },

    async provisionAccount(input: { employee: EmployeeAttributes; system: string; startDate?: string; actor: string; override?: boolean } & StepRef): Promise<AccountRef> {
      const employeeId = input.employee.employeeId;
      if (await leaverFenced(employeeId, input.override)) throw fencedFailure(employeeId);
      const c = connectors.get(input.system);
      const account = await c.ensureAccount(toProfile(input.employee, { startDate: input.startDate }));
      await store.upsertAccount({ employeeId, system: input.system, externalId: account.externalId, login: account.login, status: 'active' });
      if (await leaverFenced(employeeId, input.override)) {
        await c.disable(account);
        await store.setAccountStatus(employeeId, input.system, 'disabled', new Date().toISOString());
        throw fencedFailure(employeeId);
      }
      await audit(input.employee.employeeId, input, {
        type: 'account.provisioned', outcome: 'succeeded', actor: input.actor,
        accounts: [auditableAccount(account)],
      });
      return account;
    },

    async updateAccountProfile(input: { employee: EmployeeAttributes; system: string; actor: string } & StepRef): Promise<void> {
      const account = await accountFor(input.employee.employeeId, input.system);
      await connectors.get(input.system).updateProfile(account, toProfile(input.employee));
      await audit(input.employee.employeeId, input, {
        type: 'account.updated', outcome: 'succeeded', actor: input.actor,
        accounts: [{ system: input.system, externalId: account.externalId }], after: { ...auditableAttributes(input.employee) },
      });
    },

    async grantEntitlement(input: {
      employeeId: string; entitlementId: string; source: 'birthright' | 'manual' | 'request'; actor: string;
      approver?: string; policyId?: string; reason?: string; expiresAt?: string; override?: boolean;
    } & StepRef): Promise<void> {
      const { version, document } = await policy();
      const def = definition(document, input.entitlementId);
      if (await leaverFenced(input.employeeId, input.override)) throw fencedFailure(input.employeeId);
      const account = await accountFor(input.employeeId, def.system);
      const c = connectors.get(def.system);
      await c.grant(account, { kind: def.kind, ref: def.ref });
      await store.grantEntitlement({
        employeeId: input.employeeId, entitlementId: def.id, system: def.system, source: input.source,
        caseId: input.caseId, reason: input.reason, expiresAt: input.expiresAt, at: new Date().toISOString(),
      });
      if (await leaverFenced(input.employeeId, input.override)) {
        await c.revoke(account, { kind: def.kind, ref: def.ref });
        await store.removeEntitlement({ employeeId: input.employeeId, entitlementId: def.id, caseId: input.caseId, at: new Date().toISOString(), source: input.source });
        throw fencedFailure(input.employeeId);
      }
      await audit(input.employeeId, input, {
        type: 'entitlement.granted', outcome: 'succeeded', actor: input.actor, approver: input.approver,
        policyId: input.policyId, policyVersion: version,
        entitlements: [{ id: def.id, system: def.system, kind: def.kind, ref: def.ref, source: input.source }],
        accounts: [{ system: def.system, externalId: account.externalId }],
        details: input.reason || input.expiresAt ? { reason: input.reason, expiresAt: input.expiresAt } : undefined,
      });
    },

    /**
     * Ends the assignment from `source` (every source when absent: a leaver). The access itself is taken away
     * in the target system only when no assignment from another source still grants it.
     */
    async revokeEntitlement(input: { employeeId: string; entitlementId: string; actor: string; reason?: string; source?: EntitlementSource } & StepRef): Promise<void> {
      const { version, document } = await policy();
      const def = definition(document, input.entitlementId);
      const open = (await store.listEntitlements(input.employeeId)).filter((e) => e.entitlementId === def.id);
      const keptBy = input.source ? open.filter((e) => e.source !== input.source).map((e) => e.source) : [];
      const accounts = await store.listAccounts(input.employeeId);
      const a = accounts.find((x) => x.system === def.system && x.status !== 'deleted');
      if (a && keptBy.length === 0) {
        await connectors.get(def.system).revoke({ system: def.system, externalId: a.externalId, login: a.login ?? '' }, { kind: def.kind, ref: def.ref });
      }
      await store.removeEntitlement({ employeeId: input.employeeId, entitlementId: def.id, caseId: input.caseId, at: new Date().toISOString(), source: input.source });
      await audit(input.employeeId, input, {
        type: 'entitlement.revoked', outcome: 'succeeded', actor: input.actor, policyVersion: version,
        entitlements: [{ id: def.id, system: def.system, kind: def.kind, ref: def.ref, source: input.source ?? 'all' }],
        accounts: a ? [{ system: def.system, externalId: a.externalId }] : [],
        details: {
          ...(input.reason ? { reason: input.reason } : {}),
          ...(keptBy.length ? { accessKept: `still granted as ${keptBy.join(', ')}` } : {}),
        },
      });
    },

    async scheduleRemovals(input: { employeeId: string; entitlementIds: string[]; removeAt: string; actor: string; policyId?: string; source?: EntitlementSource } & StepRef): Promise<void> {
      for (const entitlementId of input.entitlementIds) {
        await store.scheduleRemoval({ employeeId: input.employeeId, entitlementId, removeAt: input.removeAt, caseId: input.caseId, source: input.source });
      }
      await audit(input.employeeId, input, {
        type: 'entitlement.removal_scheduled', outcome: 'succeeded', actor: input.actor, policyId: input.policyId,
        entitlements: input.entitlementIds.map((id) => ({ id, removeAt: input.removeAt })),
      });
    },

    async cancelRemovals(input: { employeeId: string; entitlementIds: string[]; actor: string; source?: EntitlementSource } & StepRef): Promise<void> {
      for (const entitlementId of input.entitlementIds) {
        await store.cancelRemoval({ employeeId: input.employeeId, entitlementId, caseId: input.caseId, source: input.source });
      }
      await audit(input.employeeId, input, {
        type: 'entitlement.removal_cancelled', outcome: 'succeeded', actor: input.actor,
        entitlements: input.entitlementIds.map((id) => ({ id })),
      });
    },

    async setSignIn(input: { employeeId: string; system: string; enabled: boolean; actor: string; override?: boolean } & StepRef): Promise<void> {
      const restoring = input.enabled;
      if (restoring && (await leaverFenced(input.employeeId, input.override))) throw fencedFailure(input.employeeId);
      const account = await accountFor(input.employeeId, input.system);
      const c = connectors.get(input.system);
      if (restoring) await c.enable(account);
      else await c.disable(account);
      await store.setAccountStatus(input.employeeId, input.system, restoring ? 'active' : 'disabled', new Date().toISOString());
      if (restoring && (await leaverFenced(input.employeeId, input.override))) {
        await c.disable(account);
        await store.setAccountStatus(input.employeeId, input.system, 'disabled', new Date().toISOString());
        throw fencedFailure(input.employeeId);
      }
      await audit(input.employeeId, input, {
        type: input.enabled ? 'account.enabled' : 'account.disabled', outcome: 'succeeded', actor: input.actor,
        accounts: [{ system: input.system, externalId: account.externalId }],
      });
    },

    async revokeSessions(input: { employeeId: string; system: string; actor: string } & StepRef): Promise<void> {
      const account = await accountFor(input.employeeId, input.system);
      await connectors.get(input.system).revokeSessions(account);
      await audit(input.employeeId, input, {
        type: 'sessions.revoked', outcome: 'succeeded', actor: input.actor,
        accounts: [{ system: input.system, externalId: account.externalId }],
        sessions: [{ system: input.system, scope: 'all sign-in sessions and tokens' }],
      });
    },

    async deleteAccount(input: { employeeId: string; system: string; actor: string } & StepRef): Promise<void> {
      const accounts = await store.listAccounts(input.employeeId);
      const a = accounts.find((x) => x.system === input.system);
      if (a && a.status !== 'deleted') {
        await connectors.get(input.system).deleteAccount({ system: input.system, externalId: a.externalId, login: a.login ?? '' });
        await store.setAccountStatus(input.employeeId, input.system, 'deleted', new Date().toISOString());
      }
      await audit(input.employeeId, input, {
        type: 'account.deleted', outcome: a ? 'succeeded' : 'skipped', actor: input.actor,
        accounts: a ? [{ system: input.system, externalId: a.externalId }] : [],
      });
    },

    async takeAccessSnapshot(input: { employeeId: string } & StepRef): Promise<unknown> {
      const rec = await store.getPersonRecord(input.employeeId);
      const snapshot = { takenAt: new Date().toISOString(), accounts: rec?.accounts ?? [], entitlements: (rec?.entitlements ?? []).filter((e) => e.status !== 'removed'), assets: rec?.assets ?? [] };
      await store.saveAccessSnapshot({ employeeId: input.employeeId, caseId: input.caseId, snapshot });
      // The snapshot itself (access_snapshots, erasable) keeps logins and device details; the trail only refers to them.
      await audit(input.employeeId, input, {
        type: 'access.snapshot', outcome: 'succeeded', actor: 'gatehouse',
        before: {
          takenAt: snapshot.takenAt,
          accounts: snapshot.accounts.map(auditableAccount),
          entitlements: snapshot.entitlements.map((e) => ({ id: e.entitlementId, system: e.system, source: e.source, status: e.status })),
          assets: snapshot.assets.map(auditableAsset),
        },
      });
      return snapshot;
    },

    async releaseLicencesAndSeats(input: { employeeId: string } & StepRef): Promise<number> {
      const assets = await store.listAssets(input.employeeId);
      const held = assets.filter((a) => a.kind !== 'device' && a.status === 'assigned');
      for (const a of held) await store.setAssetStatus(a.id, 'returned', new Date().toISOString());
      await audit(input.employeeId, input, {
        type: 'assets.released', outcome: 'succeeded', actor: 'gatehouse', details: { released: held.map((a) => ({ id: a.id, kind: a.kind })) },
      });
      return held.length;
    },

    /** By asset id only: the leaver's reminders go into the trail, and a device's name can identify its holder. */
    async listOpenDevices(employeeId: string): Promise<Array<{ id: string }>> {
      const devices = await store.listOpenDevices(employeeId);
      return devices.map((d) => ({ id: d.id }));
    },

    async recordCase(view: CaseView): Promise<void> {
      await store.recordCase({
        caseId: view.caseId, workflowId: view.workflowId, employeeId: view.employeeId, type: view.type,
        status: view.status, effectiveAt: view.effectiveAt ?? null, requestedBy: view.requestedBy, state: view,
      });
      await store.updateCaseState(view.caseId, {
        status: view.status, outcome: view.outcome ?? null, slaBreached: view.slaBreached, effectiveAt: view.effectiveAt ?? null, state: view,
      });
    },

    /** The leaver's first write: the identity is locked before anything is read for revocation (see leaverFenced). */
    async fencePerson(input: { employeeId: string; employee?: EmployeeAttributes; actor: string } & StepRef): Promise<void> {
      let before = await store.getPerson(input.employeeId);
      // A joiner superseded before it wrote the record: the leaver records the person, so it has one to close.
      if (!before && input.employee) before = (await store.upsertPerson(input.employee, { caseId: input.caseId, state: 'pending' })).person;
      if (!before || before.locked) return;
      await store.setPersonState(input.employeeId, before.state, { caseId: input.caseId, locked: true });
      await audit(input.employeeId, input, {
        type: 'identity.locked', outcome: 'succeeded', actor: input.actor,
        before: { state: before.state, locked: false }, after: { state: before.state, locked: true },
      });
    },

    /**
     * A due leaver's first step, in one call: the case recorded as running, the identity locked, the access
     * snapshot taken, and what to revoke read after the lock (the order fencePerson explains).
     */
    async beginRevocation(input: { view: CaseView; employeeId: string; employee?: EmployeeAttributes; actor: string; caseId: string }): Promise<PersonSnapshot> {
      const { view, employeeId, employee, actor, caseId } = input;
      await steps.recordCase(view);
      await steps.fencePerson({ employeeId, employee, actor, caseId, step: 'fence' });
      await steps.takeAccessSnapshot({ employeeId, caseId, step: 'snapshot' });
      return steps.getPersonSnapshot(employeeId);
    },

    /**
     * The case's lifecycle event (SEC-05.01 §8), written when it completes: `lifecycle.<type>` with the state
     * before and after, who asked and who approved, and what the case changed, gathered from its own trail.
     */
    async recordLifecycle(input: { employeeId: string; type: string; actor: string; approver?: string; outcome: string } & StepRef): Promise<void> {
      const trail = (await store.listAudit({ employeeId: input.employeeId, caseId: input.caseId, limit: 1000 })).items;
      const person = await store.getPerson(input.employeeId);
      const transitions = trail.filter((e) => e.type === 'lifecycle.transition');
      const stateOf = (v: unknown) => (v as { state?: string } | null)?.state ?? null;
      const after = person?.state ?? null;
      await audit(input.employeeId, input, {
        type: `lifecycle.${input.type}`,
        outcome: 'succeeded',
        actor: input.actor,
        approver: input.approver,
        before: { state: transitions.length ? stateOf(transitions[0]?.before) : after },
        after: { state: after, locked: person?.locked ?? false },
        entitlements: trail.filter((e) => e.type.startsWith('entitlement.')).flatMap((e) => e.entitlements.map((x) => ({ ...(x as object), change: e.type.slice('entitlement.'.length) }))),
        accounts: trail.filter((e) => e.type.startsWith('account.')).flatMap((e) => e.accounts.map((x) => ({ ...(x as object), change: e.type.slice('account.'.length) }))),
        sessions: trail.filter((e) => e.type === 'sessions.revoked').flatMap((e) => e.sessions),
        details: { outcome: input.outcome },
      });
    },

    async recordAudit(input: { employeeId: string } & StepRef & AuditFields): Promise<void> {
      const { employeeId, caseId, step, ...fields } = input;
      await audit(employeeId, { caseId, step }, fields);
    },

    async startBulkItem(item: { bulkId: string; request: BulkRequest; requestedBy: string; employeeId: string }): Promise<'started' | 'skipped'> {
      if (!cases) throw ApplicationFailure.create({ type: 'NotConfigured', message: 'this worker has no Temporal client for bulk runs', nonRetryable: true });
      return startBulkItem(cases, store, item);
    },

    async failBulkItem(item: { bulkId: string; employeeId: string; error: string }): Promise<void> {
      await store.updateBulkItem({ bulkId: item.bulkId, employeeId: item.employeeId, status: 'failed', error: item.error });
    },
  });
  return { ...steps, ...withFinalRefusals(revocationActivities(steps)) };
}

export type Activities = ReturnType<typeof createActivities>;
