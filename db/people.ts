// People: the profile HR owns, the lifecycle state, and the history of every change to either.
import type { EmployeeAttributes, PersonState } from '../domain/lifecycle';
import { RecordNotFoundError } from './errors';
import {
  conditions, decodeCursor, InvalidCursorError, iso, pageLimit, toPage, withTransaction, type Page, type Queryable,
} from './sql';
import type pg from 'pg';

/** HR attributes plus dates. Absent optional HR attributes are cleared; absent dates are kept (undefined), null clears. */
export interface PersonProfile extends EmployeeAttributes {
  startDate?: string | null;
  lastDay?: string | null;
}

export interface Person {
  employeeId: string;
  givenName: string;
  familyName: string;
  personalEmail: string | null;
  department: string;
  location: string;
  jobTitle: string;
  managerId: string | null;
  employmentType: 'employee' | 'contractor';
  state: PersonState;
  startDate: string | null;
  lastDay: string | null;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PersonHistoryEntry {
  id: number;
  employeeId: string;
  caseId: string | null;
  changedAt: string;
  /** The changed fields as they were (null when the person was created). */
  before: Record<string, unknown> | null;
  /** The changed fields as they became. */
  after: Record<string, unknown>;
}

interface PersonRow {
  employee_id: string;
  given_name: string;
  family_name: string;
  personal_email: string | null;
  department: string;
  location: string;
  job_title: string;
  manager_id: string | null;
  employment_type: 'employee' | 'contractor';
  state: PersonState;
  start_date: string | null;
  last_day: string | null;
  locked: boolean;
  created_at: Date;
  updated_at: Date;
}

// Dates as text: pg would otherwise turn a `date` into a Date at local midnight.
const COLUMNS = `employee_id, given_name, family_name, personal_email, department, location, job_title, manager_id,
  employment_type, state, start_date::text AS start_date, last_day::text AS last_day, locked, created_at, updated_at`;

/** The fields whose changes are recorded, with their columns. */
const TRACKED = [
  ['givenName', 'given_name'],
  ['familyName', 'family_name'],
  ['personalEmail', 'personal_email'],
  ['department', 'department'],
  ['location', 'location'],
  ['jobTitle', 'job_title'],
  ['managerId', 'manager_id'],
  ['employmentType', 'employment_type'],
  ['state', 'state'],
  ['startDate', 'start_date'],
  ['lastDay', 'last_day'],
  ['locked', 'locked'],
] as const;
type TrackedField = (typeof TRACKED)[number][0];
type TrackedValues = Pick<Person, TrackedField>;

function toPerson(r: PersonRow): Person {
  return {
    employeeId: r.employee_id,
    givenName: r.given_name,
    familyName: r.family_name,
    personalEmail: r.personal_email,
    department: r.department,
    location: r.location,
    jobTitle: r.job_title,
    managerId: r.manager_id,
    employmentType: r.employment_type,
    state: r.state,
    startDate: r.start_date,
    lastDay: r.last_day,
    locked: r.locked,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

function tracked(p: Person): TrackedValues {
  const out: Record<string, unknown> = {};
  for (const [field] of TRACKED) out[field] = p[field];
  return out as TrackedValues;
}

async function insertHistory(
  db: Queryable, employeeId: string, caseId: string | null, before: object | null, after: object,
): Promise<void> {
  await db.query('INSERT INTO person_history (employee_id, case_id, before, after) VALUES ($1, $2, $3, $4)', [
    employeeId, caseId, before === null ? null : JSON.stringify(before), JSON.stringify(after),
  ]);
}

/** Writes the target values over the current row; records the changed fields, if any, in person_history. */
async function applyChanges(
  client: pg.PoolClient, current: Person, target: TrackedValues, caseId: string | null,
): Promise<{ person: Person; changes: TrackedField[] }> {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const sets: string[] = [];
  const params: unknown[] = [current.employeeId];
  for (const [field, column] of TRACKED) {
    if (current[field] === target[field]) continue;
    before[field] = current[field];
    after[field] = target[field];
    params.push(target[field]);
    sets.push(`${column} = $${params.length}`);
  }
  const changes = Object.keys(after) as TrackedField[];
  if (changes.length === 0) return { person: current, changes };
  const res = await client.query<PersonRow>(
    `UPDATE people SET ${sets.join(', ')}, updated_at = now() WHERE employee_id = $1 RETURNING ${COLUMNS}`,
    params,
  );
  await insertHistory(client, current.employeeId, caseId, before, after);
  return { person: toPerson(res.rows[0]!), changes };
}

async function lockPerson(client: pg.PoolClient, employeeId: string): Promise<Person | null> {
  const res = await client.query<PersonRow>(`SELECT ${COLUMNS} FROM people WHERE employee_id = $1 FOR UPDATE`, [
    employeeId,
  ]);
  const row = res.rows[0];
  return row ? toPerson(row) : null;
}

export interface UpsertPersonResult {
  person: Person;
  created: boolean;
  /** The fields that changed (all of them on creation); empty when the call changed nothing. */
  changes: string[];
}

/** Idempotent: the same profile again changes nothing and records no history. */
export async function upsertPerson(
  pool: pg.Pool, profile: PersonProfile, opts: { caseId: string | null; state?: PersonState },
): Promise<UpsertPersonResult> {
  return withTransaction(pool, async (client) => {
    const inserted = await client.query<PersonRow>(
      `INSERT INTO people (employee_id, given_name, family_name, personal_email, department, location, job_title,
         manager_id, employment_type, state, start_date, last_day)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (employee_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        profile.employeeId, profile.givenName, profile.familyName, profile.personalEmail ?? null, profile.department,
        profile.location, profile.jobTitle, profile.managerId ?? null, profile.employmentType, opts.state ?? 'pending',
        profile.startDate ?? null, profile.lastDay ?? null,
      ],
    );
    const row = inserted.rows[0];
    if (row) {
      const person = toPerson(row);
      const after = tracked(person);
      await insertHistory(client, person.employeeId, opts.caseId, null, after);
      return { person, created: true, changes: Object.keys(after) };
    }
    const current = await lockPerson(client, profile.employeeId);
    if (!current) throw new RecordNotFoundError('person', profile.employeeId);
    const target: TrackedValues = {
      ...tracked(current),
      givenName: profile.givenName,
      familyName: profile.familyName,
      personalEmail: profile.personalEmail ?? null,
      department: profile.department,
      location: profile.location,
      jobTitle: profile.jobTitle,
      managerId: profile.managerId ?? null,
      employmentType: profile.employmentType,
      state: opts.state ?? current.state,
      startDate: profile.startDate === undefined ? current.startDate : profile.startDate,
      lastDay: profile.lastDay === undefined ? current.lastDay : profile.lastDay,
    };
    const { person, changes } = await applyChanges(client, current, target, opts.caseId);
    return { person, created: false, changes };
  });
}

/** Moves a person to a lifecycle state (and locks or unlocks the identity); idempotent. */
export async function setPersonState(
  pool: pg.Pool, employeeId: string, state: PersonState,
  opts: { caseId: string | null; locked?: boolean; lastDay?: string | null },
): Promise<Person> {
  return withTransaction(pool, async (client) => {
    const current = await lockPerson(client, employeeId);
    if (!current) throw new RecordNotFoundError('person', employeeId);
    const target: TrackedValues = {
      ...tracked(current),
      state,
      locked: opts.locked ?? current.locked,
      lastDay: opts.lastDay === undefined ? current.lastDay : opts.lastDay,
    };
    return (await applyChanges(client, current, target, opts.caseId)).person;
  });
}

export async function getPerson(db: Queryable, employeeId: string): Promise<Person | null> {
  const res = await db.query<PersonRow>(`SELECT ${COLUMNS} FROM people WHERE employee_id = $1`, [employeeId]);
  const row = res.rows[0];
  return row ? toPerson(row) : null;
}

export async function getPersonHistory(db: Queryable, employeeId: string): Promise<PersonHistoryEntry[]> {
  const res = await db.query<{
    id: string; employee_id: string; case_id: string | null; changed_at: Date;
    before: Record<string, unknown> | null; after: Record<string, unknown>;
  }>('SELECT * FROM person_history WHERE employee_id = $1 ORDER BY id', [employeeId]);
  return res.rows.map((r) => ({
    id: Number(r.id), employeeId: r.employee_id, caseId: r.case_id, changedAt: iso(r.changed_at),
    before: r.before, after: r.after,
  }));
}

export interface ListPeopleQuery {
  state?: PersonState;
  department?: string;
  limit?: number;
  cursor?: string | null;
}

/** Keyset pagination in employee id order: stable under inserts, no OFFSET scans. */
export async function listPeople(db: Queryable, q: ListPeopleQuery = {}): Promise<Page<Person>> {
  const limit = pageLimit(q.limit);
  const c = conditions();
  if (q.state) c.add('state = ?', q.state);
  if (q.department) c.add('department = ?', q.department);
  const key = decodeCursor(q.cursor);
  if (key) {
    const [after] = key;
    if (typeof after !== 'string') throw new InvalidCursorError();
    c.add('employee_id > ?', after);
  }
  const res = await db.query<PersonRow>(`SELECT ${COLUMNS} FROM people ${c.where()} ORDER BY employee_id LIMIT ${c.param(limit + 1)}`, c.params);
  return toPage(res.rows, limit, toPerson, (r) => [r.employee_id]);
}
