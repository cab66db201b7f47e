// The person as the lifecycle rules (domain/lifecycle-rules.ts) see them: the recorded state, and the newest
// suspend or reactivate that has not run yet (the record only changes when a case runs, which for a dated
// suspend is days away).
import type { RecordStore } from '../db';
import type { LifecyclePerson } from '../domain/lifecycle-rules';

const OPEN = new Set(['scheduled', 'awaiting_approval', 'running']);

export async function lifecyclePerson(store: RecordStore, employeeId: string): Promise<LifecyclePerson | null> {
  const person = await store.getPerson(employeeId);
  if (!person) return null;
  const [suspend, reactivate] = await Promise.all(
    (['suspend', 'reactivate'] as const).map(async (type) => (await store.listCases({ employeeId, type, limit: 1 })).items[0]),
  );
  const newest = [suspend, reactivate]
    .filter((c) => c !== undefined)
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  const pendingSuspension = newest && OPEN.has(newest.status) ? (newest.type as 'suspend' | 'reactivate') : undefined;
  return { state: person.state, locked: person.locked, pendingSuspension };
}
