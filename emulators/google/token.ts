// POST /token: the OAuth 2.0 JWT-bearer grant a delegated service account uses (RFC 7523), verified for real:
// signature against the service account's public key, issuer, audience, lifetime, subject and scopes.
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import type { GoogleDirectoryState } from './state';

export interface TokenEndpointOptions {
  clientEmail: string;
  privateKeyPem: string; // the public half is derived from it; never logged
  adminSubject: string;
  authorizedScopes: readonly string[];
  /** Audiences accepted besides Google's own token URLs (the emulator's own /token URL). */
  extraAudiences?: () => string[];
}

const GOOGLE_AUDIENCES = ['https://oauth2.googleapis.com/token', 'https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token'];
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_LIFETIME_S = 3599;
const CLOCK_SKEW_S = 300;

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function tokenRouter(state: GoogleDirectoryState, options: TokenEndpointOptions): Router {
  const publicKey: KeyObject = createPublicKey(options.privateKeyPem);
  const router = express.Router();
  router.post('/token', express.urlencoded({ extended: false }), (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== JWT_BEARER) {
      return oauthError(res, 400, 'unsupported_grant_type', `Invalid grant_type: ${String(form.grant_type ?? '')}`);
    }
    const assertion = typeof form.assertion === 'string' ? form.assertion : '';
    const [h, p, s] = assertion.split('.');
    const header = decodePart(h);
    const claims = decodePart(p);
    if (!header || !claims || !s) return oauthError(res, 400, 'invalid_grant', 'Invalid JWT: malformed assertion.');
    if (header.alg !== 'RS256') return oauthError(res, 400, 'invalid_grant', 'Invalid JWT: only RS256 is accepted.');
    if (claims.iss !== options.clientEmail) return oauthError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    const signatureOk = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
    if (!signatureOk) return oauthError(res, 400, 'invalid_grant', 'Invalid JWT Signature.');
    const audiences = [...GOOGLE_AUDIENCES, ...(options.extraAudiences?.() ?? [])];
    if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
      return oauthError(res, 400, 'invalid_grant', 'Invalid JWT: Failed audience check.');
    }
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (!Number.isFinite(iat) || !Number.isFinite(exp) || iat > now + CLOCK_SKEW_S || exp < now || exp - iat > 3600) {
      return oauthError(res, 400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    // Without `sub` Google issues a token for the service account itself, which the Directory API then refuses
    // (403); with a `sub` it must be the admin the delegation was set up for.
    const subject = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : undefined;
    if (subject !== undefined && subject !== options.adminSubject.toLowerCase()) {
      return oauthError(res, 400, 'invalid_grant', 'Invalid email or User ID');
    }
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    if (scopes.length === 0) return oauthError(res, 400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    if (scopes.some((scope) => !options.authorizedScopes.includes(scope))) {
      return oauthError(res, 401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.');
    }
    const accessToken = `ya29.emu-${randomBytes(24).toString('base64url')}`;
    state.accessTokens.set(accessToken, { subject, scopes, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
    res.json({ access_token: accessToken, expires_in: TOKEN_LIFETIME_S, token_type: 'Bearer' });
  });
  return router;
}
