// Parsing at the edge: zod schemas turn bad input into a 400 naming every failing field.
import type { z } from 'zod';
import { badRequest, zodFields } from './problem';

export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(`invalid ${what}`, zodFields(r.error));
  return r.data;
}
