// Approval rules: which cases and which grants wait for an approver, and who may approve.
import { matches, type MatchableAttributes } from './birthright';
import { type PolicyDocument } from './policy-document';
import { sortedUnique } from './id-sets';

export interface CaseApprovalRequirement {
  caseType: 'joiner' | 'mover';
  /** For the case and the audit trail. */
  reason: string;
}

/**
 * Whether a joiner or mover with these (new) attributes needs approval: yes when `approvals.joiner` /
 * `approvals.mover` is present and matches them. Absent means never; `{}` means always.
 */
export function caseApprovalRequirement(
  policy: Pick<PolicyDocument, 'approvals'>,
  caseType: 'joiner' | 'mover',
  attrs: MatchableAttributes,
): CaseApprovalRequirement | null {
  const condition = policy.approvals[caseType];
  if (condition === undefined || !matches(condition, attrs)) return null;
  const listed = Object.entries(condition)
    .filter(([, values]) => values !== undefined)
    .map(([key, values]) => `${key} in [${(values as string[]).join(', ')}]`);
  const why = listed.length === 0 ? 'every case of this type' : listed.join(' and ');
  return { caseType, reason: `policy approvals.${caseType} requires approval (${why})` };
}

/** The ids among `granted` that policy says need an approver before they are granted, sorted. */
export function entitlementsNeedingApproval(policy: Pick<PolicyDocument, 'approvals'>, granted: Iterable<string>): string[] {
  const needing = new Set(policy.approvals.entitlements ?? []);
  return sortedUnique([...granted].filter((id) => needing.has(id)));
}

export interface ApproverCheck {
  /** Who is deciding (the admin token's subject). */
  approver: string;
  /** The approver's own employeeId, when their token names it. */
  approverEmployeeId?: string;
  /** Who asked for the change, when a person did (an admin granting by hand); absent for HR events. */
  requester?: string | null;
  /** The person the case is about: their employeeId, plus any other names they go by (token subject, e-mail). */
  subject: string | readonly string[];
}

/** Identities compare trimmed and case-insensitively, so "Alice" cannot approve a case about "alice". */
const sameIdentity = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Why `approver` may not decide this approval, or null when they may. */
export function checkApprover({ approver, approverEmployeeId, requester, subject }: ApproverCheck): string | null {
  if (approver.trim() === '') return 'an approval needs a named approver';
  if (requester !== undefined && requester !== null && requester.trim() !== '' && sameIdentity(approver, requester)) {
    return `the approver (${approver}) requested this change and may not approve it`;
  }
  const subjects = typeof subject === 'string' ? [subject] : subject;
  if (subjects.some((s) => sameIdentity(approver, s) || (approverEmployeeId !== undefined && sameIdentity(approverEmployeeId, s)))) {
    return `the approver (${approver}) is the subject of this case and may not approve it`;
  }
  return null;
}
