// Turns whatever googleapis/gaxios threw into a Temporal failure: retryable (throttling, outages, Google still
// settling a new user, transport trouble) with Retry-After honoured, or permanent with a message a person can act on.
import { ApplicationFailure } from '@temporalio/common';
import { isRetryableStatus, parseRetryAfter, permanentFailure, retryableFailure } from '../errors';

const SYSTEM = 'google';

/** 403 reasons that mean "slow down", not "forbidden". */
const THROTTLE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded', 'backendError']);

interface GoogleApiError {
  code?: number;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

/** What we read off a GaxiosError (duck-typed: googleapis and google-auth-library ship different gaxios copies). */
export interface HttpErrorFacts {
  status?: number;
  reason?: string;
  message: string;
  retryAfter?: string;
  oauthError?: string; // set when the token endpoint refused
  transportCode?: string;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, unknown>;
  const value = record[name] ?? record[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export function readHttpError(err: unknown): HttpErrorFacts {
  const e = (err ?? {}) as { message?: unknown; code?: unknown; status?: unknown; response?: { status?: number; data?: unknown; headers?: unknown }; cause?: { code?: unknown } };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const response = e.response;
  if (!response) {
    const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
    return { message, transportCode: code };
  }
  const data = (response.data ?? {}) as { error?: unknown; error_description?: unknown };
  const facts: HttpErrorFacts = { status: response.status, message, retryAfter: header(response.headers, 'retry-after') };
  if (typeof data.error === 'string') {
    // OAuth token endpoint: {error, error_description}
    facts.oauthError = data.error;
    facts.message = typeof data.error_description === 'string' ? `${data.error}: ${data.error_description}` : data.error;
  } else if (data.error && typeof data.error === 'object') {
    const apiError = data.error as GoogleApiError;
    facts.reason = apiError.errors?.[0]?.reason;
    facts.message = apiError.message ?? apiError.errors?.[0]?.message ?? message;
  }
  return facts;
}

/** Whether the error is HTTP `status` (e.g. 404 or 409), for the calls where that outcome counts as done. */
export function hasStatus(err: unknown, status: number): boolean {
  return readHttpError(err).status === status;
}

function hint(facts: HttpErrorFacts): string {
  if (facts.oauthError) {
    return 'the token request was refused: check GOOGLE_CREDENTIALS (service-account key), GOOGLE_ADMIN_SUBJECT (a super-admin) and that domain-wide delegation authorises the scopes';
  }
  switch (facts.status) {
    case 400:
      return 'Google rejected the request as invalid: check the person data sent';
    case 401:
      return 'Google refused the credentials: check the service-account key and domain-wide delegation';
    case 403:
      return 'not allowed: the admin subject lacks the privilege, or a scope is not authorised for domain-wide delegation';
    case 404:
      return 'not found in the directory: check that the account or group exists';
    case 409:
      return 'conflicts with an existing user or group';
    case 412:
      return 'a precondition failed';
    default:
      return 'Google refused the request';
  }
}

/** Classifies any error from a Directory call; `action` names the step, e.g. "suspend user 123". */
export function classifyGoogleError(err: unknown, action: string): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const facts = readHttpError(err);
  const details = { status: facts.status, reason: facts.reason, oauthError: facts.oauthError };
  if (facts.status === undefined) {
    // No answer at all (refused connection, reset, timeout): the request may or may not have landed, and every
    // connector call is idempotent, so trying again is safe.
    return retryableFailure(SYSTEM, `${action}: no response from Google (${facts.transportCode ?? facts.message})`, undefined, details);
  }
  const retryAfterMs = parseRetryAfter(facts.retryAfter);
  const label = `${action}: HTTP ${facts.status}${facts.reason ? ` ${facts.reason}` : ''}: ${facts.message}`;
  const throttled = facts.status === 403 && facts.reason !== undefined && THROTTLE_REASONS.has(facts.reason);
  // Right after an insert Google may answer 412 "User creation is not complete."; it settles within seconds.
  const settling = /user creation is not complete/i.test(facts.message);
  if (throttled || settling || isRetryableStatus(facts.status)) return retryableFailure(SYSTEM, label, retryAfterMs, details);
  return permanentFailure(SYSTEM, `${label} (${hint(facts)})`, details);
}
