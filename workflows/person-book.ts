// What the person workflow writes to the record while it holds a case itself: a leaver's notice period (started,
// moved, withdrawn) and cases closed before they started (cancelled, superseded). A write the record refuses is
// logged and skipped: the person workflow must keep going whatever one write does.
import { log } from '@temporalio/workflow';
import type { CaseStatus } from '../domain/lifecycle';
import { localDateOf } from '../domain/calendar';
import type { CaseView, NoticeHeld, PersonEvent } from './definitions';
import { record } from './activity-options';
import { endOfLocalDay } from './policy-rules';

export type Closure =
  | { kind: 'cancelled' | 'withdrawn'; by: string; reason?: string }
  | { kind: 'superseded'; byCaseId: string };

const REVOKE_ACTION = 'revoke all access';

/** When a leaver takes effect: at once (immediate, or no date), at the given time, or at the end of the last day. */
export function leaverEffectiveAt(ev: PersonEvent, tz: string, now: string): string {
  if (ev.immediate || (!ev.effectiveAt && !ev.effectiveDate)) return now;
  return new Date(ev.effectiveAt ?? endOfLocalDay(ev.effectiveDate as string, tz)).toISOString();
}

/** The last working day that ends at `effectiveAt` (the end of a day is the start of the next, so step back 1 ms). */
export function lastDayOf(effectiveAt: string, tz: string): string {
  return localDateOf(new Date(Date.parse(effectiveAt) - 1).toISOString(), tz);
}

export interface PersonBook {
  noticeStarted(n: NoticeHeld): Promise<CaseView>;
  noticeRescheduled(n: NoticeHeld, from: string, by: string): Promise<CaseView>;
  noticeWithdrawn(n: NoticeHeld, c: Closure & { kind: 'cancelled' | 'withdrawn' }): Promise<CaseView>;
  closeQueued(ev: PersonEvent, status: CaseStatus, outcome: string, c: Closure): Promise<CaseView>;
}

export function noticeRecord(employeeId: string, tz: string): PersonBook {
  const view = (ev: PersonEvent, status: CaseStatus, extra: Partial<CaseView> = {}): CaseView => ({
    caseId: ev.caseId, workflowId: ev.caseId, type: ev.type as CaseView['type'], employeeId, status,
    pendingApprovals: [], scheduled: [], steps: [], slaBreached: false, requestedBy: ev.requestedBy, decisions: [], ...extra,
  });
  const ref = (ev: PersonEvent, step: string) => ({ caseId: ev.caseId, step });

  async function write(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      log.error('the record refused a write of the person workflow; going on', { employeeId, what, error: String(err) });
    }
  }

  return {
    async noticeStarted(n) {
      const v = view(n.event, 'scheduled', { effectiveAt: n.effectiveAt, scheduled: [{ action: REVOKE_ACTION, at: n.effectiveAt }] });
      await write('last day', () => record.recordPerson({ employee: n.event.employee, lastDay: lastDayOf(n.effectiveAt, tz), ...ref(n.event, 'person.last-day') }));
      // A person on leave stays suspended during notice; only an active person goes into notice.
      await write('state', () => record.setPersonState({
        employeeId, state: 'notice', fromStates: ['active'], actor: n.event.requestedBy, ...ref(n.event, 'state:notice'),
      }));
      await write('case', () => record.recordCase(v)); // last: a scheduled case means its notice is on the record
      return v;
    },

    async noticeRescheduled(n, from, by) {
      const v = view(n.event, 'scheduled', { effectiveAt: n.effectiveAt, scheduled: [{ action: REVOKE_ACTION, at: n.effectiveAt }] });
      await write('case', () => record.recordCase(v));
      await write('last day', () => record.recordPerson({ employee: n.event.employee, lastDay: lastDayOf(n.effectiveAt, tz), ...ref(n.event, `person.last-day:${n.effectiveAt}`) }));
      await write('audit', () => record.recordAudit({
        employeeId, ...ref(n.event, `rescheduled:${n.effectiveAt}`), type: 'case.rescheduled', outcome: 'succeeded', actor: by,
        details: { from, to: n.effectiveAt },
      }));
      return v;
    },

    async noticeWithdrawn(n, c) {
      const v = view(n.event, 'cancelled', { effectiveAt: n.effectiveAt, outcome: c.kind === 'withdrawn' ? 'withdrawn' : 'cancelled' });
      await write('audit', () => record.recordAudit({
        employeeId, ...ref(n.event, c.kind), type: `case.${c.kind}`, outcome: 'cancelled', actor: c.by,
        details: { reason: c.reason ?? null, note: 'nothing was revoked' },
      }));
      await write('state', () => record.setPersonState({
        employeeId, state: 'active', fromStates: ['notice'], actor: c.by, ...ref(n.event, 'state:notice-withdrawn'),
      }));
      await write('case', () => record.recordCase(v));
      return v;
    },

    async closeQueued(ev, status, outcome, c) {
      const v = view(ev, status, { outcome });
      await write('audit', () => record.recordAudit({
        employeeId, ...ref(ev, c.kind), type: `case.${c.kind}`, outcome: 'cancelled',
        actor: c.kind === 'superseded' ? 'gatehouse' : c.by,
        details: c.kind === 'superseded' ? { byCaseId: c.byCaseId, note: 'never started' } : { reason: c.reason ?? null, note: 'never started' },
      }));
      await write('case', () => record.recordCase(v));
      return v;
    },
  };
}
