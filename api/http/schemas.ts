// Small zod pieces shared by the routes' schemas: instants, dates, page parameters, path ids.
import { z } from 'zod';
import { caseIdString, employeeIdString, safeToken } from '../../domain/safe-text';

// The same date and instant rules as the HR event schema.
export { isoDate, isoInstant } from '../../domain/hr-event';

export const pageParams = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: safeToken(512).optional(),
};

export const employeeIdParam = z.strictObject({ employeeId: employeeIdString });
export const caseIdParam = z.strictObject({ caseId: caseIdString });

/** A problem+json body, for the OpenAPI document. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
