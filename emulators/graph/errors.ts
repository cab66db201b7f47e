// Graph's error body, one place: {"error":{"code","message","innerError":{"request-id","date"}}} (REFERENCE.md §A).
import { randomUUID } from 'node:crypto';
import { type Response } from 'express';

export interface GraphErrorDetail {
  target?: string;
  code: string;
}

export function graphErrorBody(code: string, message: string, details?: GraphErrorDetail[]): unknown {
  const requestId = randomUUID();
  return {
    error: {
      code,
      message,
      innerError: { 'request-id': requestId, date: new Date().toISOString().replace(/\.\d{3}Z$/, ''), 'client-request-id': requestId },
      ...(details ? { details } : {}),
    },
  };
}

export function sendGraphError(res: Response, status: number, code: string, message: string, details?: GraphErrorDetail[]): void {
  res.status(status).json(graphErrorBody(code, message, details));
}

export function notFound(res: Response, id: string): void {
  sendGraphError(
    res,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(res: Response, message: string, details?: GraphErrorDetail[]): void {
  sendGraphError(res, 400, 'Request_BadRequest', message, details);
}

/** Default body for injected faults: the code Graph uses for that status. */
export function faultCode(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'serviceNotAvailable';
  if (status === 504) return 'UnknownError';
  if (status === 403) return 'Authorization_RequestDenied';
  if (status === 401) return 'InvalidAuthenticationToken';
  if (status === 404) return 'Request_ResourceNotFound';
  if (status >= 500) return 'generalException';
  return 'Request_BadRequest';
}

export function faultMessage(status: number): string {
  if (status === 429) return 'Too many requests. Please retry after the time in the Retry-After header.';
  if (status === 403) return 'Insufficient privileges to complete the operation.';
  if (status >= 500) return 'The service is temporarily unavailable.';
  return 'Injected fault.';
}
