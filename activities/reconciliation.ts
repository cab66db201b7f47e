// Reconciliation's activities: read every system through its connector (paged), set the reads against the
// record and the policy (domain/reconciliation.ts), store the report; and apply one approved remediation.
// Each is idempotent: a run's row is written once per id, audit events are keyed by workflow and step.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { RecordStore } from '../db';
import type { RunTrigger } from '../db/reconciliations';
import { defaultPolicyFor } from '../domain/default-policy';
import type { PolicyDocument } from '../domain/policy-document';
import { reconcile, DEFAULT_SAFEGUARDS, type Finding, type SystemRead } from '../domain/reconciliation';
import type { ConnectorRegistry } from './connector-registry';
import { withFinalRefusals } from './refusals';

export interface ReconciliationActivityDeps {
  store: RecordStore;
  connectors: ConnectorRegistry;
}

/** What a run returns to its workflow (the report itself is in the database: it can be large). */
export interface ReconciliationSummary {
  reconciliationId: string;
  complete: boolean;
  findings: number;
  proposals: number;
  monthlyCost: number;
  currency: string;
  problems: Array<{ system: string; reason: string }>;
}

export interface RemediationStep {
  requestId: string;
  reconciliationId: string;
  finding: Finding;
  /** The account's login, for the connector's messages only (never in the audit event). */
  login: string;
  requestedBy: string;
  approvedBy: string;
  dryRun: boolean;
}

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw new Error('activity called outside a workflow');
  return { workflowId: wf.workflowId, runId: wf.runId };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createReconciliationActivities({ store, connectors }: ReconciliationActivityDeps) {
  async function currentPolicy(): Promise<PolicyDocument> {
    const stored = await store.getCurrentPolicy();
    return stored ? (stored.document as PolicyDocument) : defaultPolicyFor(connectors.systems());
  }

  return withFinalRefusals({
    async startReconciliation(input: { reconciliationId: string; trigger: RunTrigger; requestedBy?: string }): Promise<void> {
      await store.startReconciliationRun({ id: input.reconciliationId, trigger: input.trigger, requestedBy: input.requestedBy ?? null });
    },

    /** Reads every system (a read that fails is recorded as such, not retried into success), then reconciles. */
    async reconcileSystems(input: { reconciliationId: string; maxDropShare?: number; pageSize?: number }): Promise<ReconciliationSummary> {
      const reads: SystemRead[] = [];
      for (const system of connectors.systems()) {
        Context.current().heartbeat(system);
        const connector = connectors.get(system);
        if (!connector.readInventory) continue; // a system that cannot be read is not reconciled
        try {
          const inv = await connector.readInventory({ pageSize: input.pageSize });
          reads.push({ system, status: 'complete', accounts: inv.accounts, pages: inv.pages, emptyPages: inv.emptyPages });
        } catch (err) {
          reads.push({ system, status: 'failed', error: message(err) });
        }
      }
      const [people, policy, last] = await Promise.all([store.listRecordPeople(), currentPolicy(), store.lastCompleteReconciliation()]);
      const report = reconcile({
        reads, people, policy, previousCounts: last?.counts ?? undefined,
        safeguards: { maxDropShare: input.maxDropShare ?? DEFAULT_SAFEGUARDS.maxDropShare },
      });
      await store.finishReconciliationRun({ id: input.reconciliationId, status: report.complete ? 'complete' : 'incomplete', report });
      const summary: ReconciliationSummary = {
        reconciliationId: input.reconciliationId, complete: report.complete, findings: report.findings.length,
        proposals: report.proposals.length, monthlyCost: report.cost.monthlyTotal, currency: report.cost.currency,
        problems: report.problems.map((p) => ({ system: p.system, reason: p.reason })),
      };
      const { workflowId, runId } = execution();
      await store.appendAudit({
        idempotencyKey: `${workflowId}:reconciled`, workflowId, runId, type: 'reconciliation.completed',
        outcome: report.complete ? 'succeeded' : 'partial', actor: 'gatehouse', details: { ...summary },
      });
      return summary;
    },

    async failReconciliation(input: { reconciliationId: string; error: string }): Promise<void> {
      await store.finishReconciliationRun({ id: input.reconciliationId, status: 'failed', error: input.error });
    },

    /**
     * One approved finding: disable the orphan, remove the drifted membership or release the seat, through the
     * connector (each call idempotent), and record it. A dry run records what it would do and changes nothing.
     */
    async applyRemediation(step: RemediationStep): Promise<'applied' | 'previewed'> {
      const action = step.finding.action;
      if (!action) throw ApplicationFailure.create({ type: 'NoRemedy', nonRetryable: true, message: `finding ${step.finding.id} has no remedy` });
      const { workflowId, runId } = execution();
      const account = { system: action.system, externalId: action.externalId };
      const auditFor = async (outcome: 'succeeded' | 'skipped') =>
        store.appendAudit({
          idempotencyKey: `${workflowId}:${step.dryRun ? 'previewed' : 'applied'}`, workflowId, runId, caseId: workflowId,
          employeeId: step.finding.ownerId ?? null, type: step.dryRun ? 'remediation.previewed' : 'remediation.applied', outcome,
          actor: step.requestedBy, approver: step.approvedBy, accounts: [account],
          ...('target' in action ? { entitlements: [{ system: action.system, kind: action.target.kind, ref: action.target.ref }] } : {}),
          details: { requestId: step.requestId, reconciliationId: step.reconciliationId, findingId: step.finding.id, action: action.kind, dryRun: step.dryRun },
        });
      if (step.dryRun) {
        await auditFor('skipped');
        return 'previewed';
      }
      const connector = connectors.get(action.system);
      const ref = { ...account, login: step.login };
      if (action.kind === 'disable_account') await connector.disable(ref);
      else await connector.revoke(ref, action.target);
      if (action.kind === 'disable_account' && step.finding.ownerId) {
        const held = await store.getAccountByExternalId(action.system, action.externalId);
        if (held && held.status === 'active') await store.setAccountStatus(held.employeeId, action.system, 'disabled');
      }
      await auditFor('succeeded');
      return 'applied';
    },
  });
}

export type ReconciliationActivities = ReturnType<typeof createReconciliationActivities>;
