import type { FastifyBaseLogger } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyWebsocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { migrationStatus, runMigrations } from './platform/migrate.ts';
import { createHttpApp, type App } from './platform/http.ts';
import { createAuth } from './platform/auth.ts';
import { createIdempotency } from './platform/idempotency.ts';
import { createJobRunner, purgeDeliveredOutbox } from './platform/jobs.ts';
import { healthRoutes } from './platform/health.routes.ts';
import { LocalDiskStorage, type FileStorage } from './platform/storage.ts';
import { webAppRoutes } from './platform/web-apps.ts';
import { testClockRoutes } from './platform/test-clock.ts';
import {
  createNotificationService,
  createSmtpMailer,
  notificationRoutes,
  registerNotificationJobs,
  type Mailer,
} from './modules/notifications/index.ts';
import { createSettingsService, settingsRoutes } from './modules/settings/index.ts';
import { createInventoryService, inventoryRoutes, registerInventoryJobs } from './modules/inventory/index.ts';
import { createCatalogService, catalogRoutes } from './modules/catalog/index.ts';
import { createPointsService, pointsRoutes } from './modules/points/index.ts';
import { createMembersService, followOrdersForGrowth, membersRoutes } from './modules/members/index.ts';
import { createPromotionService, couponRoutes, promotionRoutes } from './modules/promotions/index.ts';
import { createCartService, cartRoutes } from './modules/cart/index.ts';
import { createAddressService, addressRoutes } from './modules/addresses/index.ts';
import { createPaymentProviders, createPaymentService, paymentRoutes, registerPaymentJobs, registerPaymentListener, sandboxRoutes } from './modules/payments/index.ts';
import { createOrderEventFeed, createOrderService, createPresaleReportService, orderAdminRoutes, orderRoutes, presaleReportRoutes } from './modules/orders/index.ts';
import { aftersalesRoutes, createAfterSalesService, paymentsPortFrom, AFTERSALES_REFUND_REF_TYPE } from './modules/aftersales/index.ts';
import { createPresaleService, presaleRoutes } from './modules/presale/index.ts';
import { createDemandService, demandRoutes, presaleCampaignReads, registerDemandJobs } from './modules/demand/index.ts';
import { createPreorderService, fillingPreordersOnArrival, fillingPreordersOnRestock, preorderRoutes, registerPreorderJobs } from './modules/preorders/index.ts';
import { createDashboardService, dashboardRoutes } from './modules/dashboard/index.ts';
import { createSupportService, supportRoutes } from './modules/support/index.ts';
import { createDistributionMoney, distributionRoutes } from './modules/distribution/index.ts';
import { createReferralService, createShareService, referralRoutes, shareRoutes } from './modules/distribution/index.ts';
import { createDistributionCenterService, distributionCenterRoutes } from './modules/distribution/index.ts';
import { createShippingService, shippingRoutes } from './modules/shipping/index.ts';
import { createSandboxTrackingProvider, createTrackingService, trackingRoutes } from './modules/tracking/index.ts';
import { setUpChat } from './modules/chat/index.ts';
import { createInstallationService, installationRoutes } from './modules/installation/index.ts';
import { createDecorationService, decorationRoutes } from './modules/decoration/index.ts';
import {
  loadShopperForAuth,
  loadStaffForAuth,
  createSmsSandbox,
  createAccountsService,
  accountRoutes,
  type SmsProvider,
} from './modules/accounts/index.ts';

export interface BuildOptions {
  config: Readonly<Config>;
  clock?: Clock;
  /** An already open database (tests share one per file); otherwise opened from config. */
  database?: Database;
  sms?: SmsProvider;
  /** Outgoing e-mail; by default an SMTP mailer when SMTP_URL is configured, else none (null). */
  mailer?: Mailer | null;
  /** Where uploads go; local disk under config.uploadsDir by default. */
  storage?: FileStorage;
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

  const { app, metrics } = await createHttpApp({
    logLevel: config.logLevel,
    bodyLimit: config.limits.bodyBytes,
    trustProxyHops: config.trustProxyHops,
    logger: options.logger,
  });
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
  const mailer = options.mailer !== undefined ? options.mailer : config.mail ? createSmtpMailer(config.mail) : null;
  const storage = options.storage ?? new LocalDiskStorage({ rootDir: config.uploadsDir, publicPrefix: '/uploads' });
  // Uploaded files are served as they are; the uploader checked their type by their bytes.
  await app.register(fastifyStatic, {
    root: config.uploadsDir,
    prefix: '/uploads/',
    index: false,
    list: false,
    dotfiles: 'deny',
    setHeaders: (reply) => void reply.header('x-content-type-options', 'nosniff'),
  });
  await app.register(fastifyMultipart, { limits: { fileSize: config.limits.uploadBytes, files: 1, fields: 20, parts: 25 } });
  // Chat sockets (customer service); a socket error (e.g. an unclean disconnect) just drops it.
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 64 * 1024 },
    errorHandler: (error, socket) => {
      app.log.debug({ err: error }, 'websocket error');
      socket.terminate();
    },
  });

  const settings = createSettingsService({ db, clock });
  const notifications = createNotificationService({ db, clock, settings, mailEnabled: mailer !== null });
  // Sign-ups through a share link bind to the sharer (referral codes, distribution).
  const referrals = createReferralService({ db, clock, settings, publicBaseUrl: config.publicBaseUrl });
  const accounts = createAccountsService({ db, clock, auth, sms, referrals });
  const inventory = createInventoryService({ db, clock, notifications });
  const catalog = createCatalogService({ db, clock, inventory, storage });
  const members = createMembersService({ db, clock, notifications });
  const points = createPointsService({ db, clock, settings, members });
  const promotions = createPromotionService({ db, clock, settings, points, members });
  const cart = createCartService({ db, clock, inventory, pricing: promotions });
  const addresses = createAddressService({ db, clock });
  const paymentProviders = createPaymentProviders(config, { db, clock });
  const payments = createPaymentService({ db, clock, log: app.log, notifications, providers: paymentProviders.providers, publicBaseUrl: config.publicBaseUrl });
  const demand = createDemandService({ db, clock, notifications, inventory, settings, campaigns: presaleCampaignReads });
  const presale = createPresaleService({ db, clock, log: app.log, settings, inventory, promotions });
  const shipping = createShippingService({ db, clock, settings });
  const installation = createInstallationService({ db, clock, settings, notifications });
  // Members and distribution follow orders' timelines through this feed (outbox messages).
  const orderEvents = createOrderEventFeed();
  followOrdersForGrowth(orderEvents, jobs, members);
  const orders = createOrderService({ eventFeed: orderEvents, db, clock, log: app.log, settings, inventory, notifications, pricing: promotions, points, cart, addresses, payments, presale, demand, shipping, publicBaseUrl: config.publicBaseUrl });
  orders.registerPresaleJobs(jobs);
  const tracking = createTrackingService({ db, clock, log: app.log, provider: config.tracking.sandbox ? createSandboxTrackingProvider(clock) : null, deliveries: orders });
  const preorders = createPreorderService({
    db,
    clock,
    settings,
    inventory,
    canAuthorize: () => [...paymentProviders.providers.values()].some((p) => p.supportsAuthorize),
    queuedOrders: orders.preorderQueueCounts,
  });
  const presaleReports = createPresaleReportService({ db, clock, settings, demand });
  const unregisterOrderPayments = registerPaymentListener('order', { onSucceeded: orders.onPaymentSucceeded, onAuthorized: orders.onPaymentAuthorized, onRefunded: orders.onRefundSucceeded });
  const aftersales = createAfterSalesService({ db, clock, settings, notifications, storage, orders, payments: paymentsPortFrom(payments), inventory });
  const unregisterAfterSalesPayments = registerPaymentListener(AFTERSALES_REFUND_REF_TYPE, {
    onSucceeded: async () => undefined,
    onRefunded: aftersales.onRefunded,
    onRefundFailed: aftersales.onRefundFailed,
  });
  registerInventoryJobs(jobs, { notifications });
  // Stock arrivals fill pre-orders first, then "notify me" tells subscribers of what is left.
  const preorderFilling = { fillIn: orders.fillPreordersIn, sweepFills: orders.sweepPreorderFills, lapseBalances: orders.lapsePreorderBalances };
  registerDemandJobs(fillingPreordersOnArrival(jobs, preorderFilling, app.log), demand);
  registerPreorderJobs(jobs, preorderFilling);
  fillingPreordersOnRestock(inventory, preorderFilling, app.log);
  registerPaymentJobs(jobs, { db, clock, log: app.log, notifications, payments, sandbox: paymentProviders.sandbox });
  registerNotificationJobs(jobs, { mailer, sms, log: app.log });
  const distribution = createDistributionMoney({ db, clock, settings, jobs, orderEvents, notifications, payouts: paymentProviders.providers, log: app.log });

  jobs.addSweeper({ name: 'idempotency-expiry', everyMs: 3_600_000, run: () => idempotency.purgeExpired() });
  jobs.addSweeper({ name: 'outbox-housekeeping', everyMs: 3_600_000, run: () => purgeDeliveredOutbox(db, clock) });
  jobs.addSweeper({ name: 'sign-in-housekeeping', everyMs: 3_600_000, run: () => accounts.purgeExpired() });
  jobs.addSweeper({ name: 'orders-payment-timeout', everyMs: 30_000, run: () => orders.cancelExpired() });
  jobs.addSweeper({ name: 'points-expiry', everyMs: 600_000, run: () => points.expireDue() });
  jobs.addSweeper({ name: 'orders-auto-complete', everyMs: 600_000, run: () => orders.autoComplete() });
  jobs.addSweeper({ name: 'tracking-poll', everyMs: 300_000, run: () => tracking.pollDue() });
  jobs.addSweeper({ name: 'presale-end-actions', everyMs: 30_000, run: () => presale.runDueEndActions() });
  jobs.addSweeper({ name: 'presale-settlement', everyMs: 15_000, run: () => orders.settlePresaleCampaigns() });
  jobs.addSweeper({ name: 'presale-balance-lapse', everyMs: 60_000, run: () => orders.forfeitLapsedBalances() });
  jobs.addSweeper({ name: 'presale-balance-reminders', everyMs: 60_000, run: () => orders.sendBalanceReminders() });
  jobs.addSweeper({ name: 'presale-ship-overdue', everyMs: 600_000, run: () => orders.markOverduePresaleOrders() });
  jobs.addSweeper({ name: 'guest-cart-housekeeping', everyMs: 3_600_000, run: () => cart.purgeLapsedGuestCarts() });
  jobs.addSweeper({ name: 'installation-orphans', everyMs: 300_000, run: () => installation.sweepOrphans() });
  jobs.addSweeper({ name: 'distribution-commission-settlement', everyMs: 60_000, run: () => distribution.commissions.settleDue() });
  jobs.addSweeper({ name: 'distribution-payout-checks', everyMs: 60_000, run: () => distribution.withdrawals.pollDuePayouts() });

  healthRoutes(app, { database, clock });
  notificationRoutes(app, { auth, notifications });
  settingsRoutes(app, { auth, settings });
  accountRoutes(app, { auth, accounts });
  inventoryRoutes(app, { auth, idempotency, inventory });
  catalogRoutes(app, { auth, catalog, uploadBytes: config.limits.uploadBytes });
  pointsRoutes(app, { auth, points });
  membersRoutes(app, { auth, members });
  couponRoutes(app, { auth, promotions });
  promotionRoutes(app, { auth, promotions });
  cartRoutes(app, { cart, cookieSecure: config.session.cookieSecure });
  addressRoutes(app, { auth, addresses });
  orderRoutes(app, { auth, idempotency, orders });
  orderAdminRoutes(app, { auth, orders });
  aftersalesRoutes(app, { auth, idempotency, aftersales });
  paymentRoutes(app, { auth, payments });
  presaleRoutes(app, { auth, presale });
  presaleReportRoutes(app, { auth, reports: presaleReports });
  dashboardRoutes(app, { auth, dashboard: createDashboardService({ db, clock, settings, inventory, presaleReports }) });
  demandRoutes(app, { auth, demand });
  preorderRoutes(app, { auth, preorders, orders });
  const support = createSupportService({ db, clock });
  supportRoutes(app, { auth, ...support });
  shippingRoutes(app, { auth, shipping });
  trackingRoutes(app, { tracking, clock, webhookSecret: config.tracking.webhookSecret });
  const { chat } = await setUpChat(app, { database, clock, auth, notifications, log: app.log });
  installationRoutes(app, { auth, installation });
  distributionRoutes(app, { auth, idempotency, ...distribution });
  referralRoutes(app, { auth, referrals });
  shareRoutes(app, { auth, share: createShareService({ db, clock, settings, storage, referrals, publicBaseUrl: config.publicBaseUrl }) });
  distributionCenterRoutes(app, { auth, center: createDistributionCenterService({ db, settings }) });
  const decoration = createDecorationService({ db, clock, catalog, presale, promotions });
  decorationRoutes(app, { auth, decoration, db, clock, storage });
  if (paymentProviders.sandbox) sandboxRoutes(app, { db, gateway: paymentProviders.sandbox, settings });
  if (config.testClockControl) testClockRoutes(app, { clock, jobs });
  await webAppRoutes(app, config.web);

  app.addHook('onClose', async () => {
    await jobs.stop();
    unregisterOrderPayments();
    unregisterAfterSalesPayments();
    mailer?.close();
    if (ownsDatabase) await database.close();
  });

  const services = { chat, settings, notifications, inventory, accounts, catalog, points, members, promotions, cart, addresses, payments, orders, orderEvents, aftersales, demand, presale, presaleReports, preorders, support, shipping, tracking, installation, decoration, distribution, referrals };
  return { app: app as App, database, db, clock, jobs, auth, idempotency, sms, storage, metrics, services, sandboxGateway: paymentProviders.sandbox, migrationStatus: () => migrationStatus(database) };
}

export type BuiltApp = Awaited<ReturnType<typeof buildApp>>;
