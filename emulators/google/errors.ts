// Google's JSON error envelope, so the real googleapis client parses emulator errors as it parses Google's.
import type { Response } from 'express';
import type { FaultBody } from '../faults';

/** Canonical gRPC-style status Google adds next to the HTTP code. */
const STATUS_BY_CODE: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    errors: { domain: string; reason: string; message: string }[];
    status?: string;
  };
}

export function googleErrorBody(code: number, reason: string, message: string): GoogleErrorBody {
  return {
    error: {
      code,
      message,
      errors: [{ domain: 'global', reason, message }],
      ...(STATUS_BY_CODE[code] ? { status: STATUS_BY_CODE[code] } : {}),
    },
  };
}

export function sendGoogleError(res: Response, code: number, reason: string, message: string): void {
  res.status(code).json(googleErrorBody(code, reason, message));
}

export const notFound = (res: Response, what: string): void =>
  sendGoogleError(res, 404, 'notFound', `Resource Not Found: ${what}`);

export const badRequest = (res: Response, message: string, reason = 'invalid'): void =>
  sendGoogleError(res, 400, reason, message);

/** The reason and message Google sends with each status an injected fault may carry. */
const FAULT_DEFAULTS: Record<number, [reason: string, message: string]> = {
  400: ['invalid', 'Invalid Input'],
  401: ['authError', 'Invalid Credentials'],
  403: ['userRateLimitExceeded', 'User Rate Limit Exceeded'],
  404: ['notFound', 'Resource Not Found: userKey'],
  409: ['duplicate', 'Entity already exists.'],
  412: ['conditionNotMet', 'User creation is not complete.'],
  429: ['rateLimitExceeded', 'Rate Limit Exceeded'],
  500: ['backendError', 'Backend Error'],
  503: ['backendError', 'Service unavailable. Please try again'],
};

/** Default body for injected faults: Google-shaped, or OAuth-shaped on the token endpoint. */
export const googleFaultBody: FaultBody = (rule, req) => {
  const status = rule.status ?? 500;
  if (req.path === '/token') {
    return { error: status >= 500 ? 'internal_failure' : 'invalid_request', error_description: `injected fault ${status}` };
  }
  const [reason, message] = FAULT_DEFAULTS[status] ?? ['backendError', `Injected fault ${status}`];
  return googleErrorBody(status, reason, message);
};
