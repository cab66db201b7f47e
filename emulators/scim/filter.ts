// Filtering with RFC 7643 case rules. SCIMMY's Filter.match compares strings exactly, but most SCIM
// string attributes (userName, displayName, emails.value…) are caseExact=false, and real apps match
// them case-insensitively. Ids and externalId are caseExact; meta holds timestamps: those stay as they are.
import SCIMMY from 'scimmy';

const CASE_EXACT = new Set(['id', 'externalid', 'value', '$ref', 'meta']);

type Json = unknown;

/** A copy with the strings of case-insensitive attributes lower-cased. */
function fold(node: Json, exact = false): Json {
  if (typeof node === 'string') return exact ? node : node.toLowerCase();
  if (Array.isArray(node)) return node.map((n) => fold(n, exact));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fold(v, exact || CASE_EXACT.has(k.toLowerCase()))]));
  }
  return node;
}

/** The items matching the filter, compared with case folded on both sides (the originals are returned). */
export function matchFilter<T extends Record<string, unknown>>(filter: SCIMMY.Types.Filter, items: T[]): T[] {
  // SCIMMY's parsed filter is a list of expression objects, e.g. [{userName: ["eq", "Ada"]}];
  // comparators and "not" are read case-insensitively by SCIMMY, so folding them is harmless.
  const folded = new SCIMMY.Types.Filter(fold(JSON.parse(JSON.stringify(filter))) as object[]);
  const copies = items.map((item) => fold(item) as Record<string, unknown>);
  const hits = new Set(folded.match(copies));
  return items.filter((_item, i) => hits.has(copies[i]));
}
