// Sends an HR event to a running Gatehouse, signed like an HR system would sign it.
// Usage: npx tsx scripts/hr-event.ts <event.json | -> [url]   (secret: HR_WEBHOOK_SECRET or .data/dev-credentials.env)
import fs from 'node:fs';
import path from 'node:path';
import { signBody } from '../api/http/auth';

function secret(): string {
  if (process.env.HR_WEBHOOK_SECRET) return process.env.HR_WEBHOOK_SECRET;
  const file = path.resolve(__dirname, '../.data/dev-credentials.env');
  const line = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('HR_WEBHOOK_SECRET=')) : undefined;
  if (!line) throw new Error('no HR_WEBHOOK_SECRET and no .data/dev-credentials.env (start `make dev` first)');
  return line.slice('HR_WEBHOOK_SECRET='.length);
}

async function main(): Promise<void> {
  const [file = '-', url = `http://127.0.0.1:${process.env.PORT ?? 3000}/v1/hr/events`] = process.argv.slice(2);
  const raw = JSON.stringify(JSON.parse(fs.readFileSync(file === '-' ? 0 : file, 'utf8')));
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'gatehouse-signature': signBody(raw, secret()) }, body: raw });
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  process.exitCode = res.ok ? 0 : 1;
}

void main();
