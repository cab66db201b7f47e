// Helpers for tests against the Google Directory emulator: start it on a free port, build a connector or a real
// googleapis client pointed at it, and sign JWT-bearer assertions by hand for the raw token-endpoint checks.
import { createSign } from 'node:crypto';
import { google, type admin_directory_v1 } from 'googleapis';
import { createGoogleConnector } from '../../connectors/google';
import { createDirectoryClient, GOOGLE_DIRECTORY_SCOPES, GOOGLE_TOKEN_URL } from '../../connectors/google/client';
import type { Connector, PersonProfile } from '../../connectors/types';
import { startGoogleEmulator, type RunningGoogleEmulator, type ServiceAccountKey } from '../../emulators/google';

export { GOOGLE_DIRECTORY_SCOPES };

export const DIRECTORY = '/admin/directory/v1';

export function startTestGoogleEmulator(): Promise<RunningGoogleEmulator> {
  return startGoogleEmulator({ port: 0 });
}

export function connectorFor(emu: RunningGoogleEmulator, credentials: ServiceAccountKey = emu.serviceAccount): Connector {
  return createGoogleConnector({
    credentials,
    subject: emu.adminSubject,
    customerId: emu.customerId,
    domain: emu.domain,
    rootUrl: emu.url,
    tokenUrl: emu.tokenUrl,
  });
}

/** The real googleapis Directory client, wired exactly as the connector wires it. */
export function directoryFor(emu: RunningGoogleEmulator, subject = emu.adminSubject): admin_directory_v1.Admin {
  return createDirectoryClient({ credentials: emu.serviceAccount, subject, rootUrl: emu.url, tokenUrl: emu.tokenUrl });
}

/** A google.auth.JWT whose token request goes to the emulator (trap 3), for token-endpoint tests. */
export function jwtFor(emu: RunningGoogleEmulator, opts: { subject?: string; key?: string; scopes?: string[] } = {}) {
  const jwt = new google.auth.JWT({
    email: emu.serviceAccount.client_email,
    key: opts.key ?? emu.serviceAccount.private_key,
    scopes: opts.scopes ?? [...GOOGLE_DIRECTORY_SCOPES],
    subject: opts.subject ?? emu.adminSubject,
    transporterOptions: { fetchImplementation: fetch }, // see connectors/google/client.ts
  });
  jwt.transporter.interceptors.request.add({
    resolved: async (o) => {
      if (String(o.url).startsWith(GOOGLE_TOKEN_URL)) {
        o.url = new URL(emu.tokenUrl);
        o.retryConfig = { ...o.retryConfig, retry: 0 };
      }
      return o;
    },
  });
  return jwt;
}

/** Signs an RS256 JWT-bearer assertion with any claims, to probe what the token endpoint refuses. */
export function signAssertion(privateKey: string, claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

export function assertionClaims(emu: RunningGoogleEmulator, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: emu.serviceAccount.client_email,
    sub: emu.adminSubject,
    scope: GOOGLE_DIRECTORY_SCOPES.join(' '),
    aud: GOOGLE_TOKEN_URL,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

export function person(employeeId: string, overrides: Partial<PersonProfile> = {}): PersonProfile {
  return {
    employeeId,
    givenName: 'Zoë',
    familyName: "O'Brien",
    department: 'Engineering',
    location: 'DE',
    jobTitle: 'Developer',
    employmentType: 'employee',
    ...overrides,
  };
}

/** Requests the emulator answered on Directory paths matching `pattern` (method optional). */
export function requestsTo(emu: RunningGoogleEmulator, pattern: RegExp, method?: string) {
  return emu.state.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
}
