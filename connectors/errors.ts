// Error classification shared by all connectors: Temporal's retry policy is the one in charge of retries.
import { ApplicationFailure } from '@temporalio/common';

export const ConnectorErrorType = {
  /** Throttled or the system is down for now: retry, honouring Retry-After. */
  Retryable: 'ConnectorRetryable',
  /** The request was refused (validation, permission, not found): a person must act. */
  Permanent: 'ConnectorPermanent',
} as const;

/** Throttling, 5xx or transport trouble: Temporal retries, after `retryAfterMs` when the system said so. */
export function retryableFailure(system: string, message: string, retryAfterMs?: number, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type: ConnectorErrorType.Retryable,
    message: `${system}: ${message}`,
    nonRetryable: false,
    nextRetryDelay: retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : undefined,
    details: details === undefined ? [] : [details],
  });
}

/** A refused request: fails the step without retries, with a message a person can act on. */
export function permanentFailure(system: string, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type: ConnectorErrorType.Permanent,
    message: `${system}: ${message}`,
    nonRetryable: true,
    details: details === undefined ? [] : [details],
  });
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Classifies an HTTP status: 429 and 5xx are retryable, the rest permanent. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}
