// The HR vendors' employee APIs, for the thin webhooks: each vendor's documented read of one employee, with
// its own authentication. Throttling, server errors and timeouts are transient (the caller retries, after
// Retry-After when given); a 4xx other than 429 is final: retrying cannot fix it.
import type { HrConnection } from '../../config/hr-connections';

export class HrVendorUnavailable extends Error {
  constructor(message: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

export type FetchedEmployee = { ok: true; raw: unknown } | { ok: false; status: number; reason: string };

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const BAMBOO_FIELDS = 'firstName,lastName,department,location,jobTitle,status,hireDate,terminationDate,employmentHistoryStatus';

function request(c: HrConnection, employeeId: string): { url: string; headers: Record<string, string>; unwrap: (body: unknown) => unknown } {
  const base = c.apiUrl.replace(/\/$/, '');
  const id = encodeURIComponent(employeeId);
  const bearer = { Authorization: `Bearer ${c.apiKey}`, Accept: 'application/json' };
  switch (c.vendor) {
    case 'bamboohr':
      return {
        url: `${base}/api/gateway.php/${encodeURIComponent(c.account ?? '')}/v1/employees/${id}?fields=${BAMBOO_FIELDS}`,
        headers: { Authorization: basic(c.apiKey, 'x'), Accept: 'application/json' }, unwrap: (b) => b,
      };
    case 'hibob':
      return { url: `${base}/v1/people/${id}`, headers: { Authorization: basic(c.account ?? '', c.apiKey), Accept: 'application/json' }, unwrap: (b) => b };
    case 'personio':
      return { url: `${base}/v1/company/employees/${id}`, headers: bearer, unwrap: (b) => (b as { data?: unknown }).data };
    case 'gusto':
      return { url: `${base}/v1/employees/${id}`, headers: bearer, unwrap: (b) => b };
    case 'deel':
      return { url: `${base}/rest/v2/people/${id}`, headers: bearer, unwrap: (b) => (b as { data?: unknown }).data };
  }
}

export async function fetchVendorEmployee(c: HrConnection, employeeId: string, timeoutMs = 10_000): Promise<FetchedEmployee> {
  const r = request(c, employeeId);
  let res: Response;
  try {
    res = await fetch(r.url, { headers: r.headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new HrVendorUnavailable(`${c.vendor} API unreachable: ${(e as Error).name}`);
  }
  if (res.status === 429 || res.status >= 500) {
    const after = Number(res.headers.get('retry-after'));
    throw new HrVendorUnavailable(`${c.vendor} API answered ${res.status}`, Number.isFinite(after) && after > 0 ? after : undefined);
  }
  if (!res.ok) {
    // The vendors' own error texts name the problem, never the person (BambooHR sends it as a header).
    const reason = res.headers.get('x-bamboohr-error-message') ?? `${c.vendor} API answered ${res.status}`;
    return { ok: false, status: res.status, reason: reason.slice(0, 200) };
  }
  const body = (await res.json()) as unknown;
  const raw = r.unwrap(body);
  if (raw === undefined || raw === null || typeof raw !== 'object') return { ok: false, status: res.status, reason: `${c.vendor} API answered without an employee` };
  return { ok: true, raw };
}
