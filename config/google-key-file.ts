// Reads the Google service-account key file named by GOOGLE_CREDENTIALS. Every failure is a ConfigError that
// names the variable, the path and what is wrong, never the contents: a JSON.parse error message quotes the
// text it choked on, and here that text is a private key.
import fs from 'node:fs';
import { ConfigError } from './schema';

export interface GoogleServiceAccountKey {
  client_email: string;
  private_key: string;
}

export function readGoogleKeyFile(path: string, read: (p: string) => string = (p) => fs.readFileSync(p, 'utf8')): GoogleServiceAccountKey {
  const where = `GOOGLE_CREDENTIALS: the key file ${JSON.stringify(path)}`;
  let text: string;
  try {
    text = read(path);
  } catch (err) {
    throw new ConfigError([`${where} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError([`${where} is not JSON (a service-account key file from the Google Cloud console is)`]);
  }
  const key = parsed as Partial<GoogleServiceAccountKey> | null;
  if (!key || typeof key !== 'object' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string' || !key.private_key.includes('-----BEGIN')) {
    throw new ConfigError([`${where} has no client_email and PEM private_key (is it a service-account key file?)`]);
  }
  return { client_email: key.client_email, private_key: key.private_key };
}
