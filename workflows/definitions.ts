// Messages, search attributes and shapes shared by workflows, activities and the API.
// Clients import this file, never workflow bodies.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { CaseStatus, CaseType, EmployeeAttributes } from '../domain/lifecycle';

export const DEFAULT_TASK_QUEUE = 'gatehouse';

export const searchAttributes = {
  employeeId: defineSearchAttributeKey('EmployeeId', SearchAttributeType.KEYWORD),
  caseType: defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD),
  caseStatus: defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD),
  effectiveAt: defineSearchAttributeKey('EffectiveAt', SearchAttributeType.DATETIME),
  slaBreached: defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL),
};

/** Name=Type pairs for `temporal server start-dev --search-attribute` and test environments. */
export const SEARCH_ATTRIBUTE_REGISTRATIONS: Record<string, 'Keyword' | 'Datetime' | 'Bool'> = {
  EmployeeId: 'Keyword',
  CaseType: 'Keyword',
  CaseStatus: 'Keyword',
  EffectiveAt: 'Datetime',
  SlaBreached: 'Bool',
};

/** One request for a person, as the person workflow receives it (from an HR event, an admin or a bulk run). */
export interface PersonEvent {
  eventId: string;
  caseId: string; // = the case workflow's id
  type: CaseType | 'cancel';
  employee: EmployeeAttributes;
  effectiveDate?: string;
  effectiveAt?: string;
  immediate?: boolean;
  cancelsEventId?: string;
  reason?: string;
  requestedBy: string;
  override?: boolean;
  /** For access cases. */
  access?: { action: 'grant' | 'revoke'; entitlementId: string; expiresAt?: string };
  /**
   * Set by the person workflow on the leaver it starts: the leaver's effective time, which has come (the end of
   * the last day, or when an immediate leaver arrived). The SLA clock runs from it.
   */
  dueAt?: string;
}

export interface CaseStep {
  name: string;
  system?: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  at: string;
  error?: string;
}

export interface PendingApproval {
  id: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
}

export interface ScheduledAction {
  action: string;
  at: string;
}

/** The case state of PRODUCT.md §6, as the query answers and the record stores. */
export interface CaseView {
  caseId: string;
  workflowId: string;
  type: CaseType;
  employeeId: string;
  status: CaseStatus;
  outcome?: string;
  effectiveAt?: string;
  pendingApprovals: PendingApproval[];
  scheduled: ScheduledAction[];
  steps: CaseStep[];
  slaBreached: boolean;
  requestedBy: string;
  decisions: Array<{ by: string; decision: 'approved' | 'rejected'; comment?: string; at: string }>;
}

export interface Decision {
  by: string; // the admin's token subject
  /** The deciding admin's own employeeId, when their token names it (four eyes against the subject). */
  byEmployeeId?: string;
  comment?: string;
}
export interface CancelRequest {
  by: string;
  reason?: string;
}
export interface RescheduleRequest {
  by: string;
  effectiveAt: string;
}

export const caseStateQuery = defineQuery<CaseView>('caseState');
export const approveUpdate = defineUpdate<CaseView, [Decision]>('approve');
export const rejectUpdate = defineUpdate<CaseView, [Decision]>('reject');
export const cancelUpdate = defineUpdate<CaseView, [CancelRequest]>('cancel');
export const rescheduleUpdate = defineUpdate<CaseView, [RescheduleRequest]>('reschedule');
/** From the person workflow: a later case takes over (a leaver over a mover's grace period). */
export const supersedeSignal = defineSignal<[{ byCaseId: string }]>('supersede');
/** From HR: the event this case was started by is withdrawn (offer withdrawn, resignation withdrawn). */
export const withdrawSignal = defineSignal<[{ eventId: string; requestedBy: string; reason?: string }]>('withdraw');
/** From the API: a device of this person was returned or written off. */
export const devicesChangedSignal = defineSignal('devicesChanged');

// Person workflow messages.
export const personEventSignal = defineSignal<[PersonEvent]>('personEvent');
/** From a case: it no longer needs the person to itself (its remaining part is a scheduled tail). */
export const caseReleasedSignal = defineSignal<[{ caseId: string; tail: boolean }]>('caseReleased');
/** From a case: it has closed. */
export const caseClosedSignal = defineSignal<[{ caseId: string }]>('caseClosed');
/** From a case that released the person (a leaver in notice): it needs the person to itself again. */
export const caseAcquireSignal = defineSignal<[{ caseId: string }]>('caseAcquire');
/** To that case: the person is its own again. */
export const personGrantedSignal = defineSignal('personGranted');

/** An admin action on a case the person workflow holds (a leaver in notice, a case queued behind another). */
export interface PersonCaseCancel extends CancelRequest {
  caseId: string;
}
export interface PersonCaseReschedule extends RescheduleRequest {
  caseId: string;
}
export const cancelPersonCaseUpdate = defineUpdate<CaseView, [PersonCaseCancel]>('cancelPersonCase');
export const reschedulePersonCaseUpdate = defineUpdate<CaseView, [PersonCaseReschedule]>('reschedulePersonCase');

/** A leaver whose effective time is still to come: the person workflow holds its timer (the notice period). */
export interface NoticeHeld {
  event: PersonEvent;
  effectiveAt: string;
}


export interface PersonWorkflowState {
  employeeId: string;
  queue: PersonEvent[];
  current?: { caseId: string; type: CaseType };
  tails: Array<{ caseId: string; type: CaseType }>;
  seenEventIds: string[];
  /** Cases waiting to take the person back (see caseAcquireSignal; the first person workflow only). */
  acquiring?: string[];
  /** The leaver in notice whose timer the person workflow holds (the person workflow v2). */
  notice?: NoticeHeld;
}
export const personStateQuery = defineQuery<PersonWorkflowState>('personState');

/** Input every case workflow takes. */
export interface CaseInput {
  event: PersonEvent;
  companyTimeZone: string;
  parentWorkflowId?: string;
}
