// The HR event accepted by POST /v1/hr/events (PRODUCT.md §6). Strict: unknown fields are refused, and every
// string must be storable and sendable (safe-text.ts).
import { z } from 'zod';
import { employeeIdString, eventIdString, safeNote, safeText } from './safe-text';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

export const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time with a zone, e.g. 2026-05-01T17:00:00Z' });

export const employeeSchema = z.strictObject({
  employeeId: employeeIdString,
  givenName: safeText(100),
  familyName: safeText(100),
  personalEmail: z.email().max(254).optional(),
  department: safeText(100),
  location: safeText(100),
  jobTitle: safeText(200),
  managerId: employeeIdString.optional(),
  employmentType: z.enum(['employee', 'contractor']),
});

export const HR_EVENT_TYPES = ['joiner', 'mover', 'leaver', 'suspend', 'reactivate', 'cancel'] as const;

export const hrEventSchema = z
  .strictObject({
    eventId: eventIdString,
    type: z.enum(HR_EVENT_TYPES),
    employee: employeeSchema,
    effectiveDate: isoDate.optional(),
    effectiveAt: isoInstant.optional(),
    immediate: z.boolean().optional(),
    cancelsEventId: eventIdString.optional(),
    reason: safeNote(1000).optional(),
    /** Admin override to rehire a deactivated identity; only honoured from an admin token. */
    override: z.boolean().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.effectiveDate && e.effectiveAt) {
      ctx.addIssue({ code: 'custom', path: ['effectiveAt'], message: 'give effectiveDate or effectiveAt, not both' });
    }
    if (e.type === 'cancel' && !e.cancelsEventId) {
      ctx.addIssue({ code: 'custom', path: ['cancelsEventId'], message: 'a cancel event must name the event it cancels' });
    }
    if (e.type !== 'cancel' && e.cancelsEventId) {
      ctx.addIssue({ code: 'custom', path: ['cancelsEventId'], message: 'only a cancel event names an event to cancel' });
    }
    if (e.type === 'joiner' && !e.effectiveDate && !e.effectiveAt && !e.immediate) {
      ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: 'a joiner needs a start date (effectiveDate) or immediate: true' });
    }
  });

export type HrEvent = z.infer<typeof hrEventSchema>;
export type Employee = z.infer<typeof employeeSchema>;
