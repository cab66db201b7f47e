// A self-signed certificate for the HTTPS emulators. HTTPS is not optional: the Graph client sends its bearer
// token only to https:// URLs (REFERENCE.md, trap 1). The certificate is its own CA, so clients trust it by
// passing `caCertPem` explicitly (or through NODE_EXTRA_CA_CERTS).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsMaterial {
  key: string; // PEM private key of the server
  cert: string; // PEM certificate, valid for localhost and 127.0.0.1
  caCertPem: string; // what clients must trust; the same self-signed certificate
}

const KEY_FILE = 'emulator-key.pem';
const CERT_FILE = 'emulator-cert.pem';

// selfsigned 2.4.1 accepts a ready key pair (its types omit it); a native key is much faster than node-forge's.
type GenerateWithKeyPair = (
  attrs: { name: string; value: string }[],
  opts: Record<string, unknown> & { keyPair: { privateKey: string; publicKey: string } },
) => { private: string; public: string; cert: string };

/** Makes a fresh key and certificate for localhost / 127.0.0.1 / ::1, valid for a year. */
export function generateTlsMaterial(): TlsMaterial {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const generate = selfsigned.generate as unknown as GenerateWithKeyPair;
  const result = generate([{ name: 'commonName', value: 'localhost' }], {
    days: 365,
    algorithm: 'sha256',
    keyPair: { privateKey: pair.privateKey, publicKey: pair.publicKey },
    extensions: [
      // cA so that the certificate can be its own trust anchor in `ca` lists.
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: result.private, cert: result.cert, caCertPem: result.cert };
}

/**
 * Reuses the key and certificate in `dir` (e.g. `.data/tls/`) when both are there, else makes and stores them,
 * so that a long-running dev stack keeps one certificate that NODE_EXTRA_CA_CERTS can point at.
 * Without `dir`, makes a throwaway pair.
 */
export function ensureTlsMaterial(dir?: string): TlsMaterial {
  if (!dir) return generateTlsMaterial();
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  if (existsSync(keyPath) && existsSync(certPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { key: readFileSync(keyPath, 'utf8'), cert, caCertPem: cert };
  }
  const made = generateTlsMaterial();
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert);
  return made;
}

/** Where ensureTlsMaterial(dir) keeps the certificate, for NODE_EXTRA_CA_CERTS. */
export function tlsCertPath(dir: string): string {
  return join(dir, CERT_FILE);
}
