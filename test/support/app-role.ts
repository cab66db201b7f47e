// The app's least-privilege database role in the test cluster. As in docker-compose.yml, the deployment
// (here: the suite's global set-up) creates the login role before anything migrates; each database's
// migrations grant it what the app needs (db/migrations/*_app_role.sql).
import { Client } from 'pg';

export const APP_ROLE = 'gatehouse_app';

/** The same database, connected as the app role. */
export function asAppRole(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE;
  u.password = '';
  return u.toString();
}

export async function createAppLogin(superuserUrl: string): Promise<void> {
  const c = new Client({ connectionString: superuserUrl });
  await c.connect();
  try {
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
    END $$`);
  } finally {
    await c.end();
  }
}
