// The idempotency ledger of HR webhooks: the first delivery of an eventId wins, later ones find it here.
import { iso, type Queryable } from './sql';

export interface HrEventRecord {
  eventId: string;
  bodySha256: string;
  employeeId: string;
  type: string;
  caseId: string | null;
  workflowId: string | null;
  receivedAt: string;
}

export type RecordHrEventInput = Omit<HrEventRecord, 'receivedAt'>;

/** inserted: false carries the stored event, whose bodySha256 tells a duplicate from a conflicting reuse of the id. */
export type RecordHrEventResult = { inserted: true; event: HrEventRecord } | { inserted: false; existing: HrEventRecord };

interface HrEventRow {
  event_id: string;
  body_sha256: string;
  employee_id: string;
  type: string;
  case_id: string | null;
  workflow_id: string | null;
  received_at: Date;
}

function toHrEvent(r: HrEventRow): HrEventRecord {
  return {
    eventId: r.event_id,
    bodySha256: r.body_sha256,
    employeeId: r.employee_id,
    type: r.type,
    caseId: r.case_id,
    workflowId: r.workflow_id,
    receivedAt: iso(r.received_at),
  };
}

export async function recordHrEvent(db: Queryable, input: RecordHrEventInput): Promise<RecordHrEventResult> {
  const res = await db.query<HrEventRow>(
    `INSERT INTO hr_events (event_id, body_sha256, employee_id, type, case_id, workflow_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING *`,
    [input.eventId, input.bodySha256, input.employeeId, input.type, input.caseId, input.workflowId],
  );
  if (res.rows[0]) return { inserted: true, event: toHrEvent(res.rows[0]) };
  const existing = await getHrEvent(db, input.eventId);
  if (!existing) throw new Error('recordHrEvent: event vanished between insert and read');
  return { inserted: false, existing };
}

export async function getHrEvent(db: Queryable, eventId: string): Promise<HrEventRecord | null> {
  const res = await db.query<HrEventRow>('SELECT * FROM hr_events WHERE event_id = $1', [eventId]);
  return res.rows[0] ? toHrEvent(res.rows[0]) : null;
}
