import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database } from './db.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATION_LOCK_KEY = 4_242_001; // any constant; serialises migrations across instances

/** Applies pending migrations. Several instances starting at once take turns on an advisory lock. */
export async function runMigrations(database: Database): Promise<void> {
  const target = database.migrateTarget;
  if (target.kind === 'pglite') {
    await target.client.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migratePglite(drizzlePglite({ client: target.client }), { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

export interface MigrationStatus {
  applied: number;
  latest: string | null;
  pending: number;
}

/** What /api/health reports: how many migrations are applied and the tag of the newest. */
export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const journal = readJournal();
  let applied = 0;
  try {
    const rows = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  return { applied, latest: applied > 0 ? (journal[applied - 1] ?? null) : null, pending: Math.max(0, journal.length - applied) };
}

function readJournal(): string[] {
  const file = `${MIGRATIONS_FOLDER}/meta/_journal.json`;
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: { tag: string }[] };
  return parsed.entries.map((e) => e.tag);
}
