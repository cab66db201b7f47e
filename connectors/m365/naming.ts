// Pure naming rules for Microsoft 365 accounts: the UPN policy and the usage location.

/** Lower-case ASCII letters and digits only: accents folded (é → e, ß → ss), everything else dropped. */
export function namePart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // combining marks left by NFKD: the accents
    .replace(/ß/g, 'ss')
    .replace(/æ/gi, 'ae')
    .replace(/ø/gi, 'o')
    .replace(/œ/gi, 'oe')
    .replace(/ł/gi, 'l')
    .replace(/đ/gi, 'd')
    .replace(/þ/gi, 'th')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The n-th candidate user principal name: `given.family@domain`, then `given.family2@domain`, `given.family3@…`.
 * A name that folds to nothing (e.g. written only in a non-Latin script) falls back to `user.<employeeId>`.
 */
export function upnCandidate(givenName: string, familyName: string, domain: string, n: number, employeeId: string): string {
  const given = namePart(givenName);
  const family = namePart(familyName);
  const base = given && family ? `${given}.${family}` : given || family || `user.${namePart(employeeId) || 'x'}`;
  return `${base}${n > 1 ? n : ''}@${domain.toLowerCase()}`;
}

const COUNTRY_CODES: Record<string, string> = {
  'united kingdom': 'GB', uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  'united states': 'US', usa: 'US', 'united states of america': 'US', america: 'US',
  germany: 'DE', deutschland: 'DE', france: 'FR', spain: 'ES', espana: 'ES', italy: 'IT', italia: 'IT',
  netherlands: 'NL', 'the netherlands': 'NL', holland: 'NL', belgium: 'BE', ireland: 'IE', portugal: 'PT',
  switzerland: 'CH', austria: 'AT', sweden: 'SE', norway: 'NO', denmark: 'DK', finland: 'FI', poland: 'PL',
  'czech republic': 'CZ', czechia: 'CZ', canada: 'CA', mexico: 'MX', brazil: 'BR', argentina: 'AR',
  australia: 'AU', 'new zealand': 'NZ', india: 'IN', japan: 'JP', china: 'CN', singapore: 'SG',
  'south africa': 'ZA', israel: 'IL', 'united arab emirates': 'AE', uae: 'AE', estonia: 'EE', greece: 'GR',
  // Cities people commonly type into an HR "location" field.
  london: 'GB', berlin: 'DE', munich: 'DE', paris: 'FR', madrid: 'ES', barcelona: 'ES', amsterdam: 'NL',
  dublin: 'IE', lisbon: 'PT', zurich: 'CH', vienna: 'AT', stockholm: 'SE', oslo: 'NO', copenhagen: 'DK',
  helsinki: 'FI', warsaw: 'PL', prague: 'CZ', 'new york': 'US', 'san francisco': 'US', toronto: 'CA',
  sydney: 'AU', tokyo: 'JP', bangalore: 'IN', tallinn: 'EE',
};

/**
 * Graph's usageLocation must be an ISO 3166 alpha-2 code (licences need it). A 2-letter location is taken as
 * a code; a known country or city name is mapped; anything else gets `fallback` (a configured default).
 */
export function usageLocationFor(location: string, fallback: string): string {
  const trimmed = location.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  const key = trimmed
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  const mapped = COUNTRY_CODES[key] ?? COUNTRY_CODES[key.split(',').pop()?.trim() ?? ''] ?? COUNTRY_CODES[key.split(',')[0]?.trim() ?? ''];
  return mapped ?? fallback.toUpperCase();
}

/** OData string literal: a single quote is written twice. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
