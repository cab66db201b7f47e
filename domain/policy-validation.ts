// Validation of a policy document (PUT /v1/policies): the zod shape, then the rules a shape cannot express.
// Every problem is reported, not just the first. Cross-reference checks also run when the shape is wrong,
// on whatever parts are readable, so one round trip shows the admin everything to fix.
import { type z } from 'zod';
import { durationProblem } from './durations';
import { policyDocumentSchema, type PolicyDocument } from './policy-document';
import { unservedMessage, unservedSystems } from './served-systems';

export interface PolicyProblem {
  /** Where, e.g. `birthright[1].grant[0]`; '' for the document itself. */
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: PolicyDocument } | { ok: false; problems: PolicyProblem[] };

/**
 * Which kinds each system can hold. Only Microsoft 365 licences are assigned by a connector (Google
 * Workspace licences are out of scope, PRODUCT.md §4), and a seat is what a SCIM app account occupies.
 * A licence on google or a SCIM app, or a seat on m365/google, could never be provisioned, so it is refused.
 */
function kindProblem(system: string, kind: string): string | null {
  if (kind === 'licence' && system !== 'm365') return `a licence can only be on system 'm365' (got '${system}')`;
  if (kind === 'seat' && !system.startsWith('scim:')) return `a seat can only be on a SCIM app, 'scim:<app>' (got '${system}')`;
  return null;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc === '' ? String(key) : `${acc}.${String(key)}`;
  }, '');
}

export interface ValidationContext {
  /** The systems this deployment has connectors for; when given, an entitlement on another is refused. */
  systems?: readonly string[];
}

export function validatePolicy(input: unknown, context: ValidationContext = {}): PolicyValidation {
  const parsed = policyDocumentSchema.safeParse(input);
  const problems = [...(parsed.success ? [] : shapeProblems(parsed.error)), ...referenceProblems(input, context)];
  const unique = dedupe(problems);
  if (parsed.success && unique.length === 0) return { ok: true, policy: parsed.data };
  return { ok: false, problems: unique };
}

function shapeProblems(error: z.ZodError): PolicyProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

// --- checks on the raw input, tolerant of a wrong shape ---

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayAt = (v: unknown, key: string): unknown[] => (isRec(v) && Array.isArray(v[key]) ? (v[key] as unknown[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function referenceProblems(input: unknown, { systems }: ValidationContext): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const known = new Set<string>();
  const seenObjects = new Map<string, string>();

  arrayAt(input, 'entitlements').forEach((e, i) => {
    if (!isRec(e)) return;
    const id = str(e.id);
    if (id !== undefined) {
      if (known.has(id)) problems.push({ path: `entitlements[${i}].id`, message: `duplicate entitlement id '${id}'` });
      known.add(id);
    }
    const system = str(e.system);
    const kind = str(e.kind);
    const ref = str(e.ref);
    if (systems !== undefined && id !== undefined && system !== undefined) {
      for (const u of unservedSystems({ entitlements: [{ id, system }] }, systems)) {
        problems.push({ path: `entitlements[${i}].system`, message: unservedMessage(u, systems) });
      }
    }
    if (system !== undefined && kind !== undefined) {
      const problem = kindProblem(system, kind);
      if (problem !== null) problems.push({ path: `entitlements[${i}].kind`, message: problem });
    }
    // Two ids for the same object would let removing one take away the other's access.
    if (system !== undefined && kind !== undefined && ref !== undefined && id !== undefined) {
      const key = `${system}\u0000${kind}\u0000${ref}`;
      const other = seenObjects.get(key);
      if (other !== undefined && other !== id) {
        problems.push({ path: `entitlements[${i}].ref`, message: `'${id}' names the same ${kind} as '${other}' (${system} ${ref})` });
      } else {
        seenObjects.set(key, id);
      }
    }
  });

  const checkRefs = (ids: unknown[], path: string, where: string): void => {
    ids.forEach((ref, j) => {
      if (typeof ref === 'string' && !known.has(ref)) {
        problems.push({ path: `${path}[${j}]`, message: `${where} names unknown entitlement '${ref}'` });
      }
    });
  };

  const ruleIds = (section: 'birthright' | 'sod'): void => {
    const seen = new Set<string>();
    arrayAt(input, section).forEach((rule, i) => {
      const id = isRec(rule) ? str(rule.id) : undefined;
      if (id === undefined) return;
      if (seen.has(id)) problems.push({ path: `${section}[${i}].id`, message: `duplicate ${section} rule id '${id}'` });
      seen.add(id);
    });
  };
  ruleIds('birthright');
  ruleIds('sod');

  arrayAt(input, 'birthright').forEach((rule, i) => {
    const grant = arrayAt(rule, 'grant');
    checkRefs(grant, `birthright[${i}].grant`, 'birthright rule');
    duplicatesIn(grant).forEach((j) => problems.push({ path: `birthright[${i}].grant[${j}]`, message: 'entitlement listed twice' }));
  });
  arrayAt(input, 'sod').forEach((rule, i) => {
    const ids = arrayAt(rule, 'entitlements');
    checkRefs(ids, `sod[${i}].entitlements`, 'SoD rule');
    // A rule like [a, a] would fire on holding one entitlement: surely a mistake.
    duplicatesIn(ids).forEach((j) => problems.push({ path: `sod[${i}].entitlements[${j}]`, message: 'entitlement listed twice' }));
  });
  if (isRec(input)) checkRefs(arrayAt(input.approvals, 'entitlements'), 'approvals.entitlements', 'approval rule');

  if (isRec(input) && isRec(input.durations)) {
    for (const [key, value] of Object.entries(input.durations)) {
      if (typeof value !== 'string') continue; // the shape check reports non-strings
      const problem = durationProblem(value);
      if (problem !== null) problems.push({ path: `durations.${key}`, message: problem });
    }
  }
  // A cost without its currency cannot be read; say so rather than guess.
  if (isRec(input) && isRec(input.prices) && Object.keys(input.prices).length > 0 && input.currency === undefined) {
    problems.push({ path: 'currency', message: 'prices need a currency (an ISO 4217 code such as EUR)' });
  }
  return problems;
}

/** Indexes of the second and later occurrences of each string. */
function duplicatesIn(values: unknown[]): number[] {
  const seen = new Set<string>();
  const dupes: number[] = [];
  values.forEach((v, j) => {
    if (typeof v !== 'string') return;
    if (seen.has(v)) dupes.push(j);
    seen.add(v);
  });
  return dupes;
}

function dedupe(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
