// Reads SCIM_APPS: a JSON list of {name, baseUrl, token}. Refuses a bad list with the reason,
// because a silently skipped app would leave people with accounts nobody removes.
import { z } from 'zod';
import { type ScimAppConfig } from './connector';

const scimApps = z
  .array(
    z.strictObject({
      name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'a name such as github or figma'),
      baseUrl: z.url({ protocol: /^https?$/ }),
      token: z.string().min(1),
    }),
  )
  .refine((apps) => new Set(apps.map((a) => a.name)).size === apps.length, 'app names must be unique');

export function parseScimApps(json: string): ScimAppConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`SCIM_APPS is not JSON: ${(e as Error).message}`);
  }
  const result = scimApps.safeParse(value);
  if (!result.success) {
    throw new Error(`SCIM_APPS is invalid: ${result.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
