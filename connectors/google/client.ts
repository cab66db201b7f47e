// Builds the Directory API client: service account with domain-wide delegation, optional endpoint overrides,
// and no retries of its own, so Temporal's retry policy is the only one in charge.
import { google, type admin_directory_v1 } from 'googleapis';

const SCOPE = 'https://www.googleapis.com/auth/';

/**
 * Scopes the delegation must authorise. The first three are the documented JML set (REFERENCE.md §B);
 * group.readonly is needed by groups.list?userKey (listGroups), which none of those three covers.
 */
export const GOOGLE_DIRECTORY_SCOPES = [
  `${SCOPE}admin.directory.user`,
  `${SCOPE}admin.directory.group.member`,
  `${SCOPE}admin.directory.user.security`,
  `${SCOPE}admin.directory.group.readonly`,
] as const;

/** gtoken's hard-coded token endpoint (gtoken 8.0.0), which tokenUrl replaces. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface GoogleClientOptions {
  credentials: { client_email: string; private_key: string };
  subject: string;
  rootUrl?: string;
  tokenUrl?: string;
}

export function createDirectoryClient(options: GoogleClientOptions): admin_directory_v1.Admin {
  const auth = new google.auth.JWT({
    email: options.credentials.client_email,
    key: options.credentials.private_key,
    scopes: [...GOOGLE_DIRECTORY_SCOPES],
    subject: options.subject,
    // Node's own fetch rather than gaxios' default dynamic import of node-fetch: one HTTP stack in production and
    // under jest (whose VM refuses dynamic import without --experimental-vm-modules).
    transporterOptions: { fetchImplementation: fetch },
  });
  // The JWT client lends its transporter (a Gaxios instance) to gtoken, so a request interceptor on it sees the
  // token request too (REFERENCE.md, trap 3). It redirects that request when asked, and switches off gtoken's own
  // retryConfig for it: a failed token fetch surfaces at once and Temporal decides when to try again.
  auth.transporter.interceptors.request.add({
    resolved: async (opts) => {
      if (String(opts.url).startsWith(GOOGLE_TOKEN_URL)) {
        if (options.tokenUrl) opts.url = new URL(options.tokenUrl);
        opts.retry = false;
        opts.retryConfig = { ...opts.retryConfig, retry: 0, noResponseRetries: 0 };
      }
      return opts;
    },
  });
  // `retry: false` in the API-level options is merged into every request googleapis makes (googleapis-common
  // apirequest.ts defaults it to true), so gaxios never retries 429/5xx or dropped connections by itself.
  return google.admin({
    version: 'directory_v1',
    auth,
    retry: false,
    fetchImplementation: fetch,
    ...(options.rootUrl ? { rootUrl: options.rootUrl.endsWith('/') ? options.rootUrl : `${options.rootUrl}/` } : {}),
  });
}
