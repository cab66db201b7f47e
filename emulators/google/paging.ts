// maxResults/pageToken paging for the list routes; the token is an opaque offset, as clients must treat it.
export function paginate<T>(
  items: T[],
  maxResults: string | undefined,
  pageToken: string | undefined,
  limit: number,
): { items: T[]; nextPageToken?: string } | { error: string } {
  const size = maxResults === undefined ? 100 : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > limit) return { error: `Invalid value for maxResults: ${String(maxResults)}` };
  const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return { error: 'Invalid page token' };
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
  return next ? { items: slice, nextPageToken: next } : { items: slice };
}
