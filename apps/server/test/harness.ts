import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { StaffRole } from '@mall/contract';
import { loadConfig } from '../src/config.ts';
import { buildApp, type BuiltApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase, type Database, type DatabaseKind } from '../src/platform/db.ts';
import { runMigrations } from '../src/platform/migrate.ts';
import { hashPassword } from '../src/platform/auth.ts';
import { shoppers, staff } from '../src/modules/accounts/accounts.tables.ts';
import { createSmsSandbox, type SandboxSms } from '../src/modules/accounts/index.ts';

/**
 * Tests run on PGlite always, and on the real PostgreSQL when TEST_DATABASE_URL is set
 * (each test file gets a fresh database there). REQUIRE_PG=1 (set by CI) turns a missing
 * TEST_DATABASE_URL into a failure instead of a silent skip.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (process.env.REQUIRE_PG === '1' && !TEST_DATABASE_URL) {
  throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set: the PostgreSQL suite would be skipped');
}

export const databaseKinds: DatabaseKind[] = TEST_DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

export interface TestDatabase {
  database: Database;
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind, options: { poolMax?: number } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await runMigrations(database);
    return { database, drop: () => database.close() };
  }
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  const name = `mall_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgresql', url: url.toString(), poolMax: options.poolMax ?? 20 });
  await runMigrations(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export interface TestContext extends BuiltApp {
  clock: ManualClock;
  sms: SandboxSms;
  kind: DatabaseKind;
  /** A new staff member of that role, signed in; returns its bearer header and id. */
  staffSession(role: StaffRole, username?: string): Promise<{ id: number; headers: { authorization: string } }>;
  /** A new shopper, signed in. */
  shopperSession(email?: string): Promise<{ id: number; headers: { authorization: string } }>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** A built app (HTTP via app.inject) on a fresh database of the given kind, with a manual clock. */
export async function createTestContext(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestContext & { close(): Promise<void> }> {
  const testDb = await openTestDatabase(kind);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: `/tmp/mall-test-${process.pid}`, DEMO_DATA: 'false', JOBS_ENABLED: 'false', ...env });
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const sms = createSmsSandbox({ info: () => undefined });
  const built = await buildApp({ config, clock, database: testDb.database, sms });
  await built.app.ready();

  async function staffSession(role: StaffRole, username = unique(role.replace('_', ''))) {
    const [member] = await built.db
      .insert(staff)
      .values({ username, displayName: username, passwordHash: await hashPassword('secret-pass-1'), role, createdAt: clock.now(), updatedAt: clock.now() })
      .returning();
    const { token } = await built.auth.issueSession(built.db, { kind: 'staff', id: member!.id });
    return { id: member!.id, headers: { authorization: `Bearer ${token}` } };
  }

  async function shopperSession(email = `${unique('s')}@example.com`) {
    const [shopper] = await built.db
      .insert(shoppers)
      .values({ email, nickname: email.split('@')[0]!, passwordHash: await hashPassword('secret-pass-1'), createdAt: clock.now(), updatedAt: clock.now() })
      .returning();
    const { token } = await built.auth.issueSession(built.db, { kind: 'shopper', id: shopper!.id });
    return { id: shopper!.id, headers: { authorization: `Bearer ${token}` } };
  }

  return {
    ...built,
    clock,
    sms,
    kind,
    staffSession,
    shopperSession,
    async close() {
      await built.app.close();
      await testDb.drop();
    },
  };
}

/**
 * Runs the same suite once per database kind. `ctx()` gives the context inside tests. `env`
 * (asked for before each app is built) adds to the test configuration, e.g. a provider's keys.
 */
export function describeEachDatabase(name: string, suite: (ctx: () => TestContext) => void, env?: () => Record<string, string> | Promise<Record<string, string>>) {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let context: (TestContext & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        context = await createTestContext(kind, (await env?.()) ?? {});
      });
      afterAll(async () => {
        await context?.close();
      });
      suite(() => {
        if (!context) throw new Error('test context not ready');
        return context;
      });
    });
  }
}
