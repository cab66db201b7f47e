// The mass-leaver safeguard's ledger (domain/leaver-guard.ts): each leaver counted per source and time, the
// ones beyond the allowance held with their event until an admin releases or discards them.
import { allowedLeavers, leaverGuardDecision, type LeaverGuardSettings } from '../domain/leaver-guard';
import { iso, isoOrNull, withTransaction, type Instant, type Queryable } from './sql';
import type pg from 'pg';

export type LeaverDisposition = 'started' | 'held' | 'releasing' | 'released' | 'discarded';

export interface LeaverIntake {
  eventId: string;
  source: string;
  employeeId: string;
  caseId: string;
  disposition: LeaverDisposition;
  /** The person event as received: what a release starts. */
  event: Record<string, unknown>;
  receivedAt: string;
  activePeople: number;
  position: number;
  allowed: number;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

interface Row {
  event_id: string;
  source: string;
  employee_id: string;
  case_id: string;
  disposition: LeaverDisposition;
  event: Record<string, unknown>;
  received_at: Date;
  active_people: number;
  position: number;
  allowed: number;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}

const toIntake = (r: Row): LeaverIntake => ({
  eventId: r.event_id, source: r.source, employeeId: r.employee_id, caseId: r.case_id, disposition: r.disposition, event: r.event,
  receivedAt: iso(r.received_at), activePeople: r.active_people, position: r.position, allowed: r.allowed,
  decidedBy: r.decided_by, decidedAt: isoOrNull(r.decided_at), decisionComment: r.decision_comment,
});

export interface AdmitLeaverInput {
  eventId: string;
  source: string;
  employeeId: string;
  caseId: string;
  event: Record<string, unknown>;
  at: Instant;
}

/**
 * Counts this leaver against its source's allowance and records whether it starts or is held. One source at
 * a time (an advisory lock), so two leavers arriving together cannot both take the last place. A retried
 * delivery finds its first decision (`fresh: false`).
 */
export async function admitLeaver(pool: pg.Pool, settings: LeaverGuardSettings, input: AdmitLeaverInput): Promise<{ intake: LeaverIntake; fresh: boolean }> {
  return withTransaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leaver-intake:${input.source}`]);
    const seen = await getLeaverIntake(c, input.eventId);
    if (seen) return { intake: seen, fresh: false };
    const at = new Date(iso(input.at));
    const active = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM people WHERE state IN ('active', 'notice', 'suspended')`);
    const earlier = await c.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM leaver_intake WHERE source = $1 AND received_at > $2',
      [input.source, new Date(at.getTime() - settings.windowSeconds * 1000)],
    );
    const activePeople = active.rows[0]!.n;
    const decision = leaverGuardDecision(settings, { activePeople, earlierInWindow: earlier.rows[0]!.n });
    const res = await c.query<Row>(
      `INSERT INTO leaver_intake (event_id, source, employee_id, case_id, disposition, event, received_at, active_people, position, allowed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [input.eventId, input.source, input.employeeId, input.caseId, decision.hold ? 'held' : 'started', JSON.stringify(input.event), at, activePeople, decision.position, allowedLeavers(settings, activePeople)],
    );
    return { intake: toIntake(res.rows[0]!), fresh: true };
  });
}

export async function getLeaverIntake(db: Queryable, eventId: string): Promise<LeaverIntake | null> {
  const res = await db.query<Row>('SELECT * FROM leaver_intake WHERE event_id = $1', [eventId]);
  return res.rows[0] ? toIntake(res.rows[0]) : null;
}

/** The leavers waiting for an admin (held, or a release that has not finished), oldest first. */
export async function listHeldLeavers(db: Queryable): Promise<LeaverIntake[]> {
  const res = await db.query<Row>(`SELECT * FROM leaver_intake WHERE disposition IN ('held', 'releasing') ORDER BY received_at, event_id`);
  return res.rows.map(toIntake);
}

/**
 * Moves a held leaver to `to`, only from one of `from`: null when it is not (any longer) in one of those.
 * Release goes held → releasing (claimed) → released, so a discard can no longer race a release that began.
 */
export async function decideHeldLeaver(
  db: Queryable, eventId: string, from: readonly LeaverDisposition[], to: LeaverDisposition, by: { decidedBy: string; comment?: string | null; at: Instant },
): Promise<LeaverIntake | null> {
  const res = await db.query<Row>(
    `UPDATE leaver_intake SET disposition = $3, decided_by = $4, decided_at = $5, decision_comment = COALESCE($6, decision_comment)
     WHERE event_id = $1 AND disposition = ANY($2::text[]) RETURNING *`,
    [eventId, from, to, by.decidedBy, new Date(iso(by.at)), by.comment ?? null],
  );
  return res.rows[0] ? toIntake(res.rows[0]) : null;
}
