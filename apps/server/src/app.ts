import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { migrationStatus, runMigrations } from './platform/migrate.ts';
import { createHttpApp, type App } from './platform/http.ts';
import { createAuth } from './platform/auth.ts';
import { createIdempotency } from './platform/idempotency.ts';
import { createJobRunner, purgeDeliveredOutbox } from './platform/jobs.ts';
import { healthRoutes } from './platform/health.routes.ts';
import { createNotificationService, notificationRoutes } from './modules/notifications/index.ts';
import { loadShopperForAuth, loadStaffForAuth, createSmsSandbox, type SmsProvider } from './modules/accounts/index.ts';

export interface BuildOptions {
  config: Readonly<Config>;
  clock?: Clock;
  /** An already open database (tests share one per file); otherwise opened from config. */
  database?: Database;
  sms?: SmsProvider;
  logger?: FastifyBaseLogger;
}

/** Composition root: wires database, clock, providers, services and routes by hand. */
export async function buildApp(options: BuildOptions) {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  const ownsDatabase = !options.database;
  await runMigrations(database);
  const { db } = database;

  const { app, metrics } = await createHttpApp({ logLevel: config.logLevel, bodyLimit: config.limits.bodyBytes, logger: options.logger });
  const jobs = createJobRunner({ db, clock, log: app.log, pollMs: config.jobs.pollMs });
  const auth = createAuth({
    db,
    clock,
    ttlHours: config.session.ttlHours,
    cookieSecure: config.session.cookieSecure,
    loadStaff: loadStaffForAuth,
    loadShopper: loadShopperForAuth,
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);
  app.addHook('onRequest', auth.resolveActor);
  const idempotency = createIdempotency({ db, clock });
  const sms = options.sms ?? createSmsSandbox(app.log);

  const notifications = createNotificationService({ db, clock });

  jobs.addSweeper({ name: 'idempotency-expiry', everyMs: 3_600_000, run: () => idempotency.purgeExpired() });
  jobs.addSweeper({ name: 'outbox-housekeeping', everyMs: 3_600_000, run: () => purgeDeliveredOutbox(db, clock) });

  healthRoutes(app, { database, clock });
  notificationRoutes(app, { auth, notifications });

  app.addHook('onClose', async () => {
    await jobs.stop();
    if (ownsDatabase) await database.close();
  });

  const services = { notifications };
  return { app: app as App, database, db, clock, jobs, auth, idempotency, sms, metrics, services, migrationStatus: () => migrationStatus(database) };
}

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;
