// The identity platform's two endpoints that @azure/identity's ClientSecretCredential calls (REFERENCE.md
// trap 1 and "App-only auth"), and the bearer check every /v1.0 route sits behind.
import { randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { sendGraphError } from './errors';
import { type GraphState } from './state';

const TOKEN_TTL_SECONDS = 3599;

/** The identity platform's own error shape, which MSAL parses (not Graph's). */
function aadError(res: Response, status: number, error: string, aadsts: number, description: string): void {
  res.status(status).json({
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

/** The authority is whatever host the client reached us on, so dynamic ports and localhost/127.0.0.1 both work. */
function authority(req: Request): string {
  return `https://${req.headers.host ?? 'localhost'}`;
}

export function authRouter(state: GraphState): Router {
  const r = express.Router();
  const { tenantId, clientId, clientSecret } = state.options;

  r.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    if (req.params.tenant !== tenantId) {
      aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${req.params.tenant}' not found.`);
      return;
    }
    const base = `${authority(req)}/${tenantId}`;
    res.json({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    });
  });

  r.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => {
    state.requests.push({ method: req.method, path: req.path, at: new Date().toISOString() });
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    if (req.params.tenant !== tenantId) {
      aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${req.params.tenant}' not found.`);
      return;
    }
    if (form.grant_type !== 'client_credentials') {
      aadError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      return;
    }
    if (form.client_id !== clientId) {
      aadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id ?? ''}' was not found in the directory.`);
      return;
    }
    if (form.client_secret !== clientSecret) {
      aadError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      return;
    }
    if (!form.scope?.split(' ').some((s) => s.endsWith('/.default'))) {
      aadError(res, 400, 'invalid_scope', 1002012, 'The provided value for scope is not valid. Client credential flows must have a scope value with /.default.');
      return;
    }
    res.json({
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
      ext_expires_in: TOKEN_TTL_SECONDS,
      access_token: state.issueToken(TOKEN_TTL_SECONDS),
    });
  });
  return r;
}

/** 401 in Graph's shape unless the request carries a bearer token this emulator issued and that has not expired. */
export function requireBearer(state: GraphState): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      sendGraphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
      return;
    }
    if (!state.tokenValid(match[1])) {
      sendGraphError(res, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      return;
    }
    next();
  };
}
