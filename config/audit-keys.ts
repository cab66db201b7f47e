// Where the audit chain's keys come from. Production entry points (the standalone API and worker) require
// AUDIT_CHAIN_KEY: without it the chain would be signed with a key nobody can verify with. The local dev stack
// makes one key once and keeps it in DATA_DIR/audit-chain-keys (mode 0600, git-ignored with .data/, never printed).
import path from 'node:path';
import { generateAuditChainKeyEntry, parseAuditChainKeys, type AuditKeyring } from '../db/audit/keys';
import { readOrCreateKeyFile } from './dev-key-file';
import { ConfigError, type Env } from './schema';

export function productionAuditKeys(env: Pick<Env, 'AUDIT_CHAIN_KEY'>): AuditKeyring {
  if (!env.AUDIT_CHAIN_KEY) {
    throw new ConfigError([
      'AUDIT_CHAIN_KEY: required in production (keyId:base64key[,…], at least 32 random bytes; e.g. `k1:$(openssl rand -base64 32)`); keep it outside the database',
    ]);
  }
  return parseAuditChainKeys(env.AUDIT_CHAIN_KEY);
}

export function devAuditKeys(env: Pick<Env, 'AUDIT_CHAIN_KEY' | 'DATA_DIR'>): { keys: AuditKeyring; file: string | null } {
  if (env.AUDIT_CHAIN_KEY) return { keys: parseAuditChainKeys(env.AUDIT_CHAIN_KEY), file: null };
  const file = path.resolve(env.DATA_DIR, 'audit-chain-keys');
  return { keys: parseAuditChainKeys(readOrCreateKeyFile(file, () => generateAuditChainKeyEntry('dev-1'))), file };
}
