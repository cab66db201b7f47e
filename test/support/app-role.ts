// The app's least-privilege database role in the test cluster. As in docker-compose.yml, the deployment
// (here: the suite's global set-up) creates the login role before anything migrates; each database's
// migrations grant it what the app needs (db/migrations/*_app_role.sql).
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const APP_ROLE = 'gatehouse_app';
/** Set by the suite's global set-up; jest's workers inherit it. */
const PASSWORD_VAR = 'TEST_APP_ROLE_PASSWORD';

/** The same database, connected as the app role (with its password: the cluster requires one). */
export function asAppRole(url: string): string {
  const password = process.env[PASSWORD_VAR];
  if (!password) throw new Error(`${PASSWORD_VAR} is not set: run the tests through jest (globalSetup creates the app login)`);
  const u = new URL(url);
  u.username = APP_ROLE;
  u.password = password;
  return u.toString();
}

/** Creates the app's login role with a fresh password, which it returns (and exports to the test workers). */
export async function createAppLogin(superuserUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const c = new Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
    END $$`);
    // base64url holds no quote, so the literal is safe; ALTER ROLE takes no bind parameters.
    await c.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${password}'`);
  } finally {
    await c.end();
  }
  process.env[PASSWORD_VAR] = password;
  return password;
}
