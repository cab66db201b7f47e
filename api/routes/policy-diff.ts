// The difference between two policy documents, recorded with each version: per list, which ids were
// added, removed or changed; for the singleton sections, before and after.
import { canonicalJson } from './hr-events';

type Rec = Record<string, unknown>;
export interface ListDiff {
  added: string[];
  removed: string[];
  changed: string[];
}
export interface PolicyDiff {
  entitlements?: ListDiff;
  birthright?: ListDiff;
  sod?: ListDiff;
  approvals?: { before: unknown; after: unknown };
  durations?: { before: unknown; after: unknown };
}

function byId(list: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (Array.isArray(list)) for (const item of list) if (item && typeof (item as Rec).id === 'string') m.set((item as Rec).id as string, canonicalJson(item));
  return m;
}

function listDiff(before: unknown, after: unknown): ListDiff | undefined {
  const b = byId(before);
  const a = byId(after);
  const d: ListDiff = {
    added: [...a.keys()].filter((k) => !b.has(k)).sort(),
    removed: [...b.keys()].filter((k) => !a.has(k)).sort(),
    changed: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)).sort(),
  };
  return d.added.length || d.removed.length || d.changed.length ? d : undefined;
}

export function policyDiff(before: unknown, after: unknown): PolicyDiff {
  const b = (before ?? {}) as Rec;
  const a = (after ?? {}) as Rec;
  const out: PolicyDiff = {};
  for (const key of ['entitlements', 'birthright', 'sod'] as const) {
    const d = listDiff(b[key], a[key]);
    if (d) out[key] = d;
  }
  for (const key of ['approvals', 'durations'] as const) {
    if (canonicalJson(b[key] ?? null) !== canonicalJson(a[key] ?? null)) out[key] = { before: b[key] ?? null, after: a[key] ?? null };
  }
  return out;
}
