// Bearer checks for the Directory routes: a token the emulator's /token issued, unexpired, delegated to the admin,
// and carrying one of the scopes the route documents.
import type { RequestHandler } from 'express';
import { googleErrorBody, sendGoogleError } from './errors';
import type { GoogleDirectoryState, IssuedToken } from './state';

/** Validates the bearer and leaves the issued token in res.locals.token. */
export function requireBearer(state: GoogleDirectoryState): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      const body = googleErrorBody(401, 'required', 'Login Required.');
      body.error.message =
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
      res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/"');
      res.status(401).json(body);
      return;
    }
    const token = state.accessTokens.get(match[1] as string);
    if (!token || token.expiresAt < Date.now()) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return sendGoogleError(res, 401, 'authError', 'Invalid Credentials');
    }
    // A service account acting as itself (no delegation) is no admin of the domain.
    if (!token.subject) return sendGoogleError(res, 403, 'forbidden', 'Not Authorized to access this resource/api');
    res.locals.token = token;
    next();
  };
}

/** Refuses with 403 insufficientPermissions when the token carries none of the accepted scopes. */
export function requireScope(accepted: readonly string[]): RequestHandler {
  return (_req, res, next) => {
    const token = res.locals.token as IssuedToken | undefined;
    if (!token || !token.scopes.some((s) => accepted.includes(s))) {
      return sendGoogleError(res, 403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
    }
    next();
  };
}
