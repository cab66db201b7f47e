// Looks for secrets in log lines: each secret in the forms it could take in an NDJSON line (as is, JSON-
// escaped, URL-encoded, base64 and base64url at any alignment, and each line of a PEM body). A finding
// names the file, the line and the secret's name, never the secret.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

export interface Secret {
  name: string;
  value: string;
}
export interface Needle {
  secret: string;
  form: string;
  text: string;
}
export interface Finding {
  file: string;
  line: number;
  secret: string;
  form: string;
}

/** Shorter values would match by chance (and no configured secret is this short: tokens are ≥ 16). */
export const MIN_SECRET_LENGTH = 8;
const MIN_NEEDLE_LENGTH = 8;

/**
 * The base64 characters that encode `value` wherever it sits in a longer encoded string: for each of the
 * three byte alignments, the characters whose six bits all come from the value's bytes.
 */
function base64Cores(value: Buffer, url: boolean): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k += 1) {
    const encoded = Buffer.concat([Buffer.alloc(k), value]).toString(url ? 'base64url' : 'base64');
    const first = Math.ceil((8 * k) / 6);
    const end = Math.floor((8 * (k + value.length)) / 6);
    out.push(encoded.slice(first, end));
  }
  return out;
}

export function needlesFor(s: Secret): Needle[] {
  const raw = Buffer.from(s.value, 'utf8');
  const forms: Array<[string, string]> = [
    ['as is', s.value],
    ['JSON-escaped', JSON.stringify(s.value).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(s.value)],
    ...base64Cores(raw, false).map((t) => ['base64', t] as [string, string]),
    ...base64Cores(raw, true).map((t) => ['base64url', t] as [string, string]),
  ];
  // A PEM key logged in part (one line of it) is still a leak.
  if (s.value.includes('-----BEGIN')) {
    for (const line of s.value.split('\n')) if (/^[A-Za-z0-9+/=]{40,}$/.test(line.trim())) forms.push(['PEM line', line.trim()]);
  }
  const seen = new Set<string>();
  return forms.filter(([, t]) => t.length >= MIN_NEEDLE_LENGTH && !seen.has(t) && seen.add(t)).map(([form, text]) => ({ secret: s.name, form, text }));
}

export function scanLine(line: string, needles: readonly Needle[]): Needle | undefined {
  return needles.find((n) => line.includes(n.text));
}

/** Reads every secrets file in `dir` ({name: value} objects); the same value under two names counts once. */
export function readSecrets(dir: string): Secret[] {
  if (!fs.existsSync(dir)) return [];
  const byValue = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    for (const [name, value] of Object.entries(parsed)) if (typeof value === 'string' && !byValue.has(value)) byValue.set(value, name);
  }
  return [...byValue].map(([value, name]) => ({ name, value }));
}

export interface ScanReport {
  files: number;
  lines: number;
  secrets: number;
  skippedShortSecrets: number;
  needles: number;
  findings: Finding[];
}

/** Scans every *.ndjson under `logDir` for the secrets recorded in `secretsDir`. */
export async function scanLogDir(logDir: string, secretsDir: string): Promise<ScanReport> {
  const all = readSecrets(secretsDir);
  const secrets = all.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
  const needles = secrets.flatMap(needlesFor);
  const files = fs.existsSync(logDir) ? fs.readdirSync(logDir).filter((n) => n.endsWith('.ndjson')).sort() : [];
  const report: ScanReport = { files: files.length, lines: 0, secrets: secrets.length, skippedShortSecrets: all.length - secrets.length, needles: needles.length, findings: [] };
  for (const f of files) {
    const input = fs.createReadStream(path.join(logDir, f), 'utf8');
    let n = 0;
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      n += 1;
      const hit = scanLine(line, needles);
      if (hit) report.findings.push({ file: f, line: n, secret: hit.secret, form: hit.form });
    }
    report.lines += n;
  }
  return report;
}
