// Who is calling: bearer tokens with one role each, compared in constant time; HR webhooks may instead
// carry Gatehouse-Signature (HMAC-SHA256 over "<t>.<raw body>", five minutes' tolerance).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ApiToken, Role } from '../../config/schema';
import { forbidden, unauthorized } from './problem';

export interface Caller {
  name: string;
  role: Role;
  /** The person holding the token, when its entry names them. */
  employeeId?: string;
  via: 'token' | 'signature';
}

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
    rawBody?: Buffer;
  }
}

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function findToken(tokens: ApiToken[], presented: string): ApiToken | undefined {
  const p = digest(presented);
  let found: ApiToken | undefined;
  // Compare against every token (no early exit), digests of equal length, so timing tells nothing.
  for (const t of tokens) if (timingSafeEqual(digest(t.token), p)) found = t;
  return found;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(header: string, rawBody: Buffer, secret: string, nowSeconds: number): SignatureCheck {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1;
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, reason: 'malformed Gatehouse-Signature (expected t=<unix seconds>,v1=<hex>)' };
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'signature timestamp is outside the 5-minute tolerance' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}

export function signBody(rawBody: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}

export interface AuthOptions {
  tokens: ApiToken[];
  webhookSecret?: string;
  now?: () => number;
}

/** Requires a caller with one of `roles`; `allowSignature` lets a signed HR webhook through as role hr. */
export function requireRole(o: AuthOptions, roles: Role[], allowSignature = false): RequestHandler {
  return (req, _res, next) => {
    const caller = identify(o, req, allowSignature);
    if ('problem' in caller) return next(caller.problem);
    if (!roles.includes(caller.role)) return next(forbidden(`role '${caller.role}' may not ${req.method} this resource (allowed: ${roles.join(', ')})`));
    req.caller = caller;
    next();
  };
}

function identify(o: AuthOptions, req: Request, allowSignature: boolean): Caller | { problem: Error } {
  const auth = req.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return { problem: unauthorized('Authorization must be "Bearer <token>"') };
    const token = findToken(o.tokens, m[1] as string);
    if (!token) return { problem: unauthorized('unknown bearer token') };
    return { name: token.name, role: token.role, employeeId: token.employeeId, via: 'token' };
  }
  const sig = req.get('gatehouse-signature');
  if (sig && allowSignature) {
    if (!o.webhookSecret) return { problem: unauthorized('webhook signatures are not configured (HR_WEBHOOK_SECRET)') };
    const check = verifySignature(sig, req.rawBody ?? Buffer.alloc(0), o.webhookSecret, Math.floor((o.now?.() ?? Date.now()) / 1000));
    if (!check.ok) return { problem: unauthorized(check.reason) };
    return { name: 'hr-webhook', role: 'hr', via: 'signature' };
  }
  return { problem: unauthorized(allowSignature ? 'a bearer token or a Gatehouse-Signature is required' : 'a bearer token is required') };
}
