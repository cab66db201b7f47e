// Per-user security routes a leaver needs: signOut, OAuth tokens, app-specific passwords, backup codes.
import express, { type Router } from 'express';
import { requireScope } from './auth';
import { notFound } from './errors';
import { RouteScopes } from './scopes';
import { newEtag, type GoogleDirectoryState } from './state';
import { settling, withUser } from './users';

export function securityRouter(state: GoogleDirectoryState): Router {
  const r = express.Router();
  const scope = requireScope(RouteScopes.userSecurity);
  const settle = settling(state);

  r.post('/users/:userKey/signOut', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    state.securityOf(user.id).signOutCount += 1;
    res.status(204).end();
  });

  r.get('/users/:userKey/tokens', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const items = state.securityOf(user.id).tokens;
    res.json({ kind: 'admin#directory#tokenList', etag: newEtag(), ...(items.length > 0 ? { items } : {}) });
  });

  r.get('/users/:userKey/tokens/:clientId', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const token = state.securityOf(user.id).tokens.find((t) => t.clientId === req.params.clientId);
    if (!token) return notFound(res, 'clientId');
    res.json(token);
  });

  r.delete('/users/:userKey/tokens/:clientId', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const security = state.securityOf(user.id);
    const before = security.tokens.length;
    security.tokens = security.tokens.filter((t) => t.clientId !== req.params.clientId);
    if (security.tokens.length === before) return notFound(res, 'clientId');
    res.status(204).end();
  });

  r.get('/users/:userKey/asps', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const items = state.securityOf(user.id).asps;
    res.json({ kind: 'admin#directory#asps', etag: newEtag(), ...(items.length > 0 ? { items } : {}) });
  });

  r.delete('/users/:userKey/asps/:codeId', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const security = state.securityOf(user.id);
    const before = security.asps.length;
    security.asps = security.asps.filter((a) => String(a.codeId) !== req.params.codeId);
    if (security.asps.length === before) return notFound(res, 'codeId');
    res.status(204).end();
  });

  r.get('/users/:userKey/verificationCodes', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const items = state.securityOf(user.id).backupCodes.map((verificationCode) => ({
      kind: 'admin#directory#verificationCode',
      etag: newEtag(),
      userId: user.id,
      verificationCode,
    }));
    res.json({ kind: 'admin#directory#verificationCodesList', etag: newEtag(), ...(items.length > 0 ? { items } : {}) });
  });

  r.post('/users/:userKey/verificationCodes/invalidate', scope, settle, (req, res) => {
    const user = withUser(state, res, req.params.userKey);
    if (!user) return;
    const security = state.securityOf(user.id);
    security.backupCodes = [];
    security.backupCodesInvalidatedCount += 1;
    res.status(204).end();
  });

  return r;
}
