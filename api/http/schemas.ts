// Small zod pieces shared by the routes' schemas: instants, dates, page parameters.
import { z } from 'zod';

export const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time with a zone, e.g. 2026-05-01T17:00:00Z' });

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
};

export const employeeIdParam = z.strictObject({ employeeId: z.string().min(1).max(64) });

/** A problem+json body, for the OpenAPI document. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
