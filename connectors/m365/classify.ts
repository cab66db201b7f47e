// Turns what the Graph client throws into Temporal failures via connectors/errors.ts: throttling, 5xx and
// transport trouble are retryable (after Retry-After when given); a refused request is permanent, with a
// message that says what a person should check.
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { type ApplicationFailure } from '@temporalio/common';
import { isRetryableStatus, parseRetryAfter, permanentFailure, retryableFailure } from '../errors';
import { CREDENTIAL_REJECTED } from './graph-client';

export const SYSTEM = 'm365';

/** The Graph error code and status, when the error came from a Graph response. */
export function graphStatus(err: unknown): { status: number; code: string | null; message: string } | null {
  if (!(err instanceof GraphError)) return null;
  return { status: err.statusCode, code: err.code, message: err.message };
}

function hint(status: number): string {
  switch (status) {
    case 401:
      return 'Graph did not accept the access token; check M365_TENANT_ID, M365_CLIENT_ID and M365_CLIENT_SECRET.';
    case 403:
      return 'The app registration lacks a Graph application permission (User.ReadWrite.All, GroupMember.ReadWrite.All, User.RevokeSessions.All, LicenseAssignment.ReadWrite.All) or admin consent.';
    case 404:
      return 'The object does not exist in the tenant (deleted by hand, or a wrong id).';
    default:
      return 'Fix the data or the policy named in the message, then retry the step.';
  }
}

/** `action` says what was attempted, in words a person reading the case would use. */
export function classifyGraphError(err: unknown, action: string): ApplicationFailure {
  if (err instanceof GraphError) {
    if (err.code === CREDENTIAL_REJECTED) {
      return permanentFailure(SYSTEM, `${action}: the identity platform refused the app credentials (${err.message}). Check M365_TENANT_ID, M365_CLIENT_ID and M365_CLIENT_SECRET.`);
    }
    const status = err.statusCode;
    if (status === -1 || isRetryableStatus(status)) {
      // -1: no HTTP answer at all (connection refused, TLS, timeout, token endpoint unreachable).
      const retryAfter = parseRetryAfter(err.headers?.get('retry-after'));
      const what = status === -1 ? `no answer from Microsoft Graph (${err.message})` : `Microsoft Graph answered ${status} ${err.code ?? ''}: ${err.message}`;
      return retryableFailure(SYSTEM, `${action}: ${what}`, retryAfter, { status, code: err.code });
    }
    return permanentFailure(SYSTEM, `${action} was refused by Microsoft Graph (${status} ${err.code ?? ''}): ${err.message} ${hint(status)}`, {
      status,
      code: err.code,
    });
  }
  if (err instanceof GraphClientError) {
    // Raised by the client before sending: a programming or configuration problem, retrying cannot help.
    return permanentFailure(SYSTEM, `${action}: ${err.message}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return retryableFailure(SYSTEM, `${action}: ${message}`);
}
