import { afterAll, beforeAll, describe } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp, type BuiltApp } from '../../src/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { DatabaseKind } from '../../src/platform/db.ts';
import { shoppers } from '../../src/modules/accounts/accounts.tables.ts';
import { createSmsSandbox } from '../../src/modules/accounts/index.ts';
import { databaseKinds, openTestDatabase } from '../harness.ts';

export const SHOP_BASE_URL = 'https://shop.example';

export interface ProviderAppContext<G> {
  app: BuiltApp;
  clock: ManualClock;
  gateway: G;
  kind: DatabaseKind;
  /** A shopper row, for payments.start. */
  newShopperId(): Promise<number>;
}

/**
 * Like describeEachDatabase, but the app is built with a real provider configured against a
 * local fake gateway (the environment comes from `setup`), so notices go through the real
 * notice endpoint and the real signature code.
 */
export function describeWithGateway<G extends { close(): Promise<void> }>(
  name: string,
  setup: (clock: ManualClock) => Promise<{ fake: G; env: Record<string, string> }>,
  suite: (ctx: () => ProviderAppContext<G>) => void,
) {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let context: ProviderAppContext<G> | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const clock = new ManualClock('2026-11-23T02:00:00.000Z');
        const { fake, env } = await setup(clock);
        const testDb = await openTestDatabase(kind);
        const config = loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATA_DIR: `/tmp/mall-test-${process.pid}`,
          DEMO_DATA: 'false',
          JOBS_ENABLED: 'false',
          PUBLIC_BASE_URL: SHOP_BASE_URL,
          ...env,
        });
        const app = await buildApp({ config, clock, database: testDb.database, sms: createSmsSandbox({ info: () => undefined }) });
        await app.app.ready();
        let n = 0;
        context = {
          app,
          clock,
          gateway: fake,
          kind,
          async newShopperId() {
            const [row] = await app.db
              .insert(shoppers)
              .values({ email: `pay${Date.now()}${n++}@example.com`, nickname: 'payer', passwordHash: 'x', createdAt: clock.now(), updatedAt: clock.now() })
              .returning();
            return row!.id;
          },
        };
        cleanup = async () => {
          await app.app.close();
          await testDb.drop();
          await fake.close();
        };
      });
      afterAll(async () => {
        await cleanup?.();
      });
      suite(() => {
        if (!context) throw new Error('test context not ready');
        return context;
      });
    });
  }
}
