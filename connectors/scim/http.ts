// A thin SCIM 2.0 HTTP client on Node's fetch, with the project's error classification.
// No retries here: Temporal's retry policy owns them, so one call is one request.
import { isRetryableStatus, parseRetryAfter, permanentFailure, retryableFailure } from '../errors';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimListResponse<T> {
  totalResults: number;
  Resources?: T[]; // optional: some apps omit it when totalResults is 0
}

/** RFC 7644 §3.12 error body (status is a string there; some apps send a number). */
export interface ScimErrorBody {
  status?: string | number;
  scimType?: string;
  detail?: string;
}

export interface ScimResponse<T> {
  status: number;
  body: T | undefined;
}

export interface ScimHttpOptions {
  system: string;
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch; // for tests
}

export class ScimHttp {
  private readonly baseUrl: string;

  constructor(private readonly options: ScimHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * Sends one request. 2xx, and any status in `expected` (which the caller gives a meaning, such as
   * 404 on DELETE or 409 on create), are returned; everything else is thrown, classified.
   */
  async send<T>(method: string, path: string, body?: unknown, expected: number[] = []): Promise<ScimResponse<T>> {
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/scim+json, application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      // Refused connection, DNS, reset, timeout: the request may or may not have landed; retrying is safe
      // because every connector operation is idempotent.
      throw retryableFailure(this.options.system, `${method} ${path} failed: ${describeTransportError(e)}`);
    }
    const text = await res.text().catch(() => '');
    const parsed = parseJson(text);
    if (res.ok || expected.includes(res.status)) return { status: res.status, body: parsed as T | undefined };

    const err = (parsed ?? {}) as ScimErrorBody;
    const what = `${method} ${path} → ${res.status}${err.scimType ? ` ${err.scimType}` : ''}: ${err.detail ?? (text.slice(0, 200) || res.statusText)}`;
    const details = { status: res.status, scimType: err.scimType, detail: err.detail };
    if (isRetryableStatus(res.status)) {
      throw retryableFailure(this.options.system, what, parseRetryAfter(res.headers.get('retry-after')), details);
    }
    throw permanentFailure(this.options.system, what, details);
  }

  /** GET with a filter, e.g. `externalId eq "E1"`; returns the matching resources. */
  async list<T>(endpoint: '/Users' | '/Groups', filter: string): Promise<T[]> {
    const res = await this.send<ScimListResponse<T>>('GET', `${endpoint}?filter=${encodeURIComponent(filter)}`);
    return res.body?.Resources ?? [];
  }

  patch(path: string, operations: unknown[], expected: number[] = []): Promise<ScimResponse<unknown>> {
    return this.send('PATCH', path, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations }, expected);
  }
}

/** A filter value in a SCIM filter string: quoted, with `"` and `\` escaped (RFC 7644 §3.4.2.2, JSON string rules). */
export function scimString(value: string): string {
  return JSON.stringify(value);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeTransportError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  const code = cause instanceof Error ? ((cause as Error & { code?: string }).code ?? cause.message) : undefined;
  return code ? `${e.message} (${code})` : e.message;
}
