// RFC 9457 problem details: every error the API answers is application/problem+json, naming what is wrong.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { RecordNotFoundError } from '../../db/errors';
import { InvalidCursorError } from '../../db/sql';

export interface ProblemField {
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { errors?: ProblemField[]; [k: string]: unknown } = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors?: ProblemField[]) => new Problem(400, 'Bad Request', detail, { errors });
export const unauthorized = (detail: string) => new Problem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new Problem(403, 'Forbidden', detail);
export const notFound = (detail: string) => new Problem(404, 'Not Found', detail);
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new Problem(409, 'Conflict', detail, extra);
export const unprocessable = (detail: string, errors?: ProblemField[]) => new Problem(422, 'Unprocessable Content', detail, { errors });
export const unavailable = (detail: string) => new Problem(503, 'Service Unavailable', detail);

export function zodFields(error: z.ZodError): ProblemField[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function sendProblem(res: Response, p: Problem, instance?: string): void {
  res
    .status(p.status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: p.title, status: p.status, detail: p.detail, instance, ...p.extra });
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(notFound(`no route for ${req.method} ${req.path}`));
};

const REASONS: Record<number, string> = {
  400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large',
  415: 'unsupported_media_type', 422: 'unprocessable', 500: 'internal', 503: 'unavailable',
};

/** Maps anything thrown in a handler to a problem; unknown errors are 500 without internals. */
export function problemHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { status?: number; type?: string; expose?: boolean; message?: string };
    let p: Problem;
    if (err instanceof Problem) p = err;
    else if (err instanceof InvalidCursorError) p = badRequest('invalid page cursor', [{ field: 'cursor', message: 'not a cursor this API returned' }]);
    else if (err instanceof RecordNotFoundError) p = notFound(`${err.entity} ${err.key} not found`);
    else if (e.type === 'entity.too.large') p = new Problem(413, 'Content Too Large', 'the request body is larger than allowed');
    else if (e.type === 'entity.parse.failed') p = badRequest('the body is not valid JSON');
    else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') p = new Problem(415, 'Unsupported Media Type', e.message);
    else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) p = new Problem(e.status, 'Bad Request', e.message);
    else {
      log.error({ err }, 'unhandled error');
      p = new Problem(500, 'Internal Server Error', 'the request could not be completed');
    }
    res.locals.refusalReason = REASONS[p.status] ?? `status_${p.status}`;
    if (res.headersSent) {
      // A streamed answer (an export) failed part-way: all we can do is cut it off.
      log.error({ err }, 'error after the response started');
      res.destroy();
      return;
    }
    sendProblem(res, p, req.originalUrl);
  };
}
