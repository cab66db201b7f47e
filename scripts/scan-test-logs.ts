// `make test` runs this after jest: fails, listing file and line (never the secret), if any secret the tests
// configured appears in any log line the harnesses wrote (test/support/log-capture.ts). Also fails when
// there was nothing to scan, so a broken capture cannot pass as clean.
//   npx tsx scripts/scan-test-logs.ts [log dir]   (default .data/test-logs)
import path from 'node:path';
import { scanLogDir } from './log-scan';

async function main(): Promise<void> {
  const logDir = path.resolve(process.argv[2] ?? path.join(__dirname, '../.data/test-logs'));
  const r = await scanLogDir(logDir, path.join(logDir, 'secrets'));
  process.stdout.write(`log scan: ${r.lines} lines in ${r.files} files, ${r.secrets} secrets (${r.needles} forms)${r.skippedShortSecrets ? `, ${r.skippedShortSecrets} too short to scan for` : ''}\n`);
  if (r.lines === 0 || r.secrets === 0) {
    process.stderr.write(`log scan: nothing to scan in ${logDir} (${r.lines} lines, ${r.secrets} secrets): the tests' log capture is broken or jest did not run\n`);
    process.exit(1);
  }
  if (r.findings.length > 0) {
    const shown = r.findings.slice(0, 50);
    for (const f of shown) process.stderr.write(`  ${f.file}:${f.line}: ${f.secret} (${f.form})\n`);
    if (r.findings.length > shown.length) process.stderr.write(`  … and ${r.findings.length - shown.length} more\n`);
    process.stderr.write(`log scan: ${r.findings.length} log lines contain a secret\n`);
    process.exit(1);
  }
  process.stdout.write('log scan: no secret in any line\n');
}

main().catch((err) => {
  process.stderr.write(`log scan failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
