// HR_CONNECTIONS: the HR systems that call POST /v1/hr/{vendor}/{connectionId}, each with its own signing
// secret (or, for Personio, its static token), the vendor API it is fetched from, and how its fields map.
import { z } from 'zod';
import { DEFAULT_MAPPINGS, HR_VENDORS, type FieldMapping, type HrVendor } from '../domain/hr-vendors';

const path = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted path such as work.department');
const mappingSchema = z.strictObject({
  employeeId: path, givenName: path, familyName: path, department: path, location: path, jobTitle: path, employmentType: path,
  contractorValues: z.array(z.string()), startDate: path, endDate: path, status: path, inactiveValues: z.array(z.string()),
}).partial();

export const hrConnectionSchema = z.strictObject({
  vendor: z.enum(HR_VENDORS),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes, at most 32'),
  /** BambooHR private key, HiBob secret, Personio token, Gusto verification token, Deel signing key. */
  secret: z.string().min(16, 'at least 16 characters'),
  /** Deel: the key's label (x-deel-hmac-label), when the subscription names one. */
  secretLabel: z.string().optional(),
  /** The vendor's API, where the thin payload's employee is fetched. */
  apiUrl: z.url(),
  /** The API credential: BambooHR API key, HiBob service-user token, Personio/Gusto/Deel bearer token. */
  apiKey: z.string().min(1),
  /** BambooHR: the company subdomain; HiBob: the service user's id. */
  account: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
  mapping: mappingSchema.optional(),
});
export type HrConnectionConfig = z.infer<typeof hrConnectionSchema>;

export interface HrConnection extends Omit<HrConnectionConfig, 'mapping'> {
  vendor: HrVendor;
  mapping: FieldMapping;
}

export const hrConnectionsVariable = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (!s) return [];
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of {vendor, id, secret, apiUrl, apiKey, account?, mapping?}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(hrConnectionSchema))
  .refine((list) => new Set(list.map((c) => `${c.vendor}/${c.id}`)).size === list.length, 'each vendor/id once')
  .refine((list) => list.every((c) => c.vendor !== 'bamboohr' || c.account), 'a bamboohr connection names its company subdomain (account)')
  .refine((list) => list.every((c) => c.vendor !== 'hibob' || c.account), 'a hibob connection names its service user id (account)');

export function hrConnections(list: readonly HrConnectionConfig[]): HrConnection[] {
  return list.map((c) => ({ ...c, mapping: { ...DEFAULT_MAPPINGS[c.vendor], ...c.mapping } }));
}

export function findHrConnection(list: readonly HrConnection[], vendor: string, id: string): HrConnection | undefined {
  return list.find((c) => c.vendor === vendor && c.id === id);
}
