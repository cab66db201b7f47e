// Small zod pieces shared by the routes' schemas: instants, dates, page parameters.
import { z } from 'zod';

// The same date and instant rules as the HR event schema.
export { isoDate, isoInstant } from '../../domain/hr-event';

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
