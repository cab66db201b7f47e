// How a person's SCIM userName is made. Apps differ (GitHub EMU wants a handle, Slack an email), so it
// is an option; the default is what most apps accept.
import { type PersonProfile } from '../types';

/**
 * Gives the userName to try. `collision` is true on the second try, after the first name turned out to
 * belong to someone else: the result must then differ from the first one.
 */
export type UserNameFor = (person: PersonProfile, collision: boolean) => string;

/** Lower-case ASCII letters and digits only: "Zoë O'Brien-Smith" → "zoe", "obriensmith". */
function slug(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The default: `given.family`, or `given.family.<employeeId>` on a collision, with `@<domain>` appended
 * when a domain is given (apps that key users by email).
 */
export function defaultUserNameFor(domain?: string): UserNameFor {
  return (person, collision) => {
    const base = [slug(person.givenName), slug(person.familyName)].filter(Boolean).join('.') || slug(person.employeeId);
    const local = collision ? `${base}.${slug(person.employeeId)}` : base;
    return domain ? `${local}@${domain}` : local;
  };
}
