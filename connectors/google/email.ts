// Primary addresses: given.family@domain, lower-case, accents folded, and numbered when taken (given.family2, …).
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
};

/** One name part as Google accepts it in a local part: a–z, 0–9 and inner hyphens; spaces and apostrophes dropped. */
export function foldNamePart(part: string): string {
  return part
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // combining accents left by NFKD: é → e
    .toLowerCase()
    .replace(/[ßæœøđðþłı]/g, (c) => SPECIAL_LETTERS[c] ?? '')
    .replace(/[\s'’]+/g, '')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

/** The local part for a person, falling back to the employee id when the name folds to nothing (e.g. non-Latin). */
export function emailLocalPart(givenName: string, familyName: string, employeeId: string): string {
  const parts = [foldNamePart(givenName), foldNamePart(familyName)].filter(Boolean);
  const local = parts.join('.');
  return (local || `user.${foldNamePart(employeeId) || 'unknown'}`).slice(0, 60);
}

/** Candidate addresses in order: the plain one, then numbered from 2. */
export function* primaryEmailCandidates(givenName: string, familyName: string, employeeId: string, domain: string, max = 50): Generator<string> {
  const local = emailLocalPart(givenName, familyName, employeeId);
  yield `${local}@${domain.toLowerCase()}`;
  for (let n = 2; n <= max; n += 1) yield `${local}${n}@${domain.toLowerCase()}`;
}
