// Builds the Microsoft Graph client as REFERENCE.md trap 1 describes (ClientSecretCredential with
// authorityHost + disableInstanceDiscovery, TokenCredentialAuthenticationProvider, customHosts), with two
// deliberate differences from the defaults:
//  - no retries inside the libraries: the middleware chain is built without the Graph RetryHandler, and the
//    credential's pipeline gets maxRetries 0, so Temporal's retry policy is the only one in charge;
//  - an explicit CA (`caCertPem`) is trusted by both the token requests and the Graph requests, so a process
//    can talk to the HTTPS emulator without NODE_EXTRA_CA_CERTS.
import { rootCertificates } from 'node:tls';
import { Agent } from 'node:https';
import { ClientSecretCredential, type ClientSecretCredentialOptions } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  TelemetryHandler,
  type AuthenticationProvider,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { CaTrustingHttpHandler } from './https-handler';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

export interface GraphClientOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl?: string; // e.g. the emulator's https://127.0.0.1:8451; default Microsoft Graph
  authorityHost?: string; // e.g. the emulator; default login.microsoftonline.com
  caCertPem?: string; // an extra CA to trust (added to, not replacing, the public roots)
}

/** Error names the token step reports, so the classifier can tell a rejected credential from an outage. */
export const CREDENTIAL_REJECTED = 'M365CredentialRejected';
export const CREDENTIAL_UNAVAILABLE = 'M365CredentialUnavailable';

const REFUSAL_CODES = /\b(invalid_client|unauthorized_client|invalid_tenant|invalid_scope|unsupported_grant_type|invalid_grant)\b/;

type PipelinePolicy = NonNullable<ClientSecretCredentialOptions['additionalPolicies']>[number]['policy'];

/** Sets TLS settings on every token request; the pipeline's Node HTTP client builds its agent from them. */
function trustPolicy(ca: string[]): PipelinePolicy {
  return {
    name: 'gatehouseTrustExtraCa',
    sendRequest: (request, next) => {
      request.tlsSettings = { ...request.tlsSettings, ca };
      return next(request);
    },
  };
}

/**
 * The Graph client turns any error from the auth provider into a GraphError whose `code` is the error's name
 * and drops its status; renaming here keeps "credential refused" (a person must fix it) apart from
 * "identity platform unreachable" (retry).
 */
function classifyingAuthProvider(inner: AuthenticationProvider): AuthenticationProvider {
  return {
    async getAccessToken(options) {
      try {
        return await inner.getAccessToken(options);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const status = (err as { statusCode?: number }).statusCode;
        // @azure/identity 4.13 reports a refused secret as AuthenticationRequiredError without a status, so
        // the OAuth error code in the message is what tells a refusal from an outage.
        const rejected =
          (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) ||
          REFUSAL_CODES.test(message);
        const wrapped = new Error(`token request failed: ${message}`);
        wrapped.name = rejected ? CREDENTIAL_REJECTED : CREDENTIAL_UNAVAILABLE;
        throw wrapped;
      }
    },
  };
}

export function createGraphClient(options: GraphClientOptions): Client {
  const ca = options.caCertPem ? [...rootCertificates, options.caCertPem] : undefined;
  const credential = new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
    ...(options.authorityHost ? { authorityHost: options.authorityHost, disableInstanceDiscovery: true } : {}),
    retryOptions: { maxRetries: 0 },
    ...(ca ? { additionalPolicies: [{ policy: trustPolicy(ca), position: 'perCall' as const }] } : {}),
  });
  const authProvider = classifyingAuthProvider(new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }));

  // The default chain is Authentication → Retry → Redirect → Telemetry → HTTP; we leave out Retry (and
  // Redirect, which the user and group APIs never need).
  const auth = new AuthenticationHandler(authProvider);
  const telemetry = new TelemetryHandler();
  const http: Middleware = ca ? new CaTrustingHttpHandler(new Agent({ ca, keepAlive: true })) : new HTTPMessageHandler();
  auth.setNext(telemetry);
  telemetry.setNext(http);

  const baseUrl = options.graphUrl ?? DEFAULT_GRAPH_URL;
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl,
    defaultVersion: 'v1.0',
    // The client attaches the bearer only for Graph hosts and these (hosts without port, https only).
    customHosts: new Set([new URL(baseUrl).hostname]),
  });
}
