// A throwaway service account for the emulator: an RSA key pair made at start, and Google's key-file shape
// so the dev stack can hand it to the connector through GOOGLE_CREDENTIALS like a real key file.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ServiceAccountKey {
  client_email: string;
  private_key: string; // PKCS#8 PEM
}

/** The JSON key file Google issues for a service account (the fields the JWT client reads). */
export interface ServiceAccountKeyFile extends ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  client_id: string;
  token_uri: string;
}

export const DEFAULT_CLIENT_EMAIL = 'gatehouse-emulator@gatehouse-dev.iam.gserviceaccount.com';

export function generateServiceAccount(clientEmail = DEFAULT_CLIENT_EMAIL): ServiceAccountKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { client_email: clientEmail, private_key: privateKey };
}

export function toKeyFile(key: ServiceAccountKey, tokenUri: string): ServiceAccountKeyFile {
  return {
    type: 'service_account',
    project_id: key.client_email.split('@')[1]?.split('.')[0] ?? 'gatehouse-dev',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: key.private_key,
    client_email: key.client_email,
    client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
    token_uri: tokenUri,
  };
}

/** Reads a key file written before, so a restarted emulator keeps accepting the dev stack's key. */
export function readKeyFile(path: string): ServiceAccountKey | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServiceAccountKey>;
  if (typeof parsed.client_email !== 'string' || typeof parsed.private_key !== 'string') {
    throw new Error(`${path} is not a service-account key file (client_email, private_key)`);
  }
  return { client_email: parsed.client_email, private_key: parsed.private_key };
}

/** Writes the key file readable by the owner only: it holds a private key, even if a throwaway one. */
export function writeKeyFile(path: string, key: ServiceAccountKey, tokenUri: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(toKeyFile(key, tokenUri), null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
