// Ordering for id lists. Code-unit order, not localeCompare: the same on every machine and ICU version,
// which matters because workflow code must replay identically.

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ids once each, in code-unit order. */
export function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}
