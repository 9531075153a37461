/**
 * The server side of the flash-presale benchmark, run as a child process of bench/flash-presale.ts
 * so the load generator and the server each have their own event loop.
 *
 *   mode "app":  the real mall (buildApp) on a fresh database, seeded with an owner, a product, a
 *                deposit campaign open now and signed-in shoppers with an address; answers
 *                "verify" with the database's view of the sale.
 *   mode "bare": a bare Fastify app with one GET route, the machine's ceiling.
 *
 * Talks to the parent over IPC: sends {type:'ready', ...}, answers {type:'verify'}, exits on {type:'close'}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fastify from 'fastify';
import { createAddressBody, createProductBody, presaleCampaignInput } from '@mall/contract';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildApp, type BuiltApp } from '../apps/server/src/app.ts';
import { hashPassword } from '../apps/server/src/platform/auth.ts';
import type { StaffContext } from '../apps/server/src/platform/audit.ts';
import { shoppers } from '../apps/server/src/modules/accounts/index.ts';
import { staff } from '../apps/server/src/modules/accounts/accounts.tables.ts';

export interface SeedOptions {
  quota: number;
  perBuyerLimit: number;
  shoppers: number;
}

export interface Seeded {
  port: number;
  database: 'pglite' | 'postgresql';
  productId: number;
  skuId: number;
  campaignId: number;
  itemId: number;
  termsVersion: number;
  buyers: { token: string; addressId: number }[];
  seedSeconds: number;
}

export interface Verification {
  quota: number;
  perBuyerLimit: number;
  soldUnits: number;
  liveOrders: number;
  liveOrderUnits: number;
  buyerUnitsTotal: number;
  maxUnitsPerBuyer: number;
  buyersOverLimit: number;
  quotaLedgerUnits: number;
  ordersByStatus: Record<string, number>;
  idempotencyKeys: number;
  outboxPending: number;
  outboxDead: number;
  rssMb: number;
  peakRssMb: number;
  /** POST /api/orders as the server timed it (from reading the request to the answer), by status, in ms. */
  serverTimeMs: Record<string, { count: number; p50: number; p99: number; max: number }>;
}

const DAY = 86_400_000;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const send = (message: unknown) => process.send!(message);

let peakRss = process.memoryUsage().rss;
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200).unref();

const serverTimes: Record<number, number[]> = {};

function serverTimesSummary() {
  return Object.fromEntries(
    Object.entries(serverTimes).map(([status, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
      return [status, { count: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) }];
    }),
  );
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/**
 * CPU time this process has used so far (user + system), to tell how busy the server was, and
 * how late its event loop ran since the last call (then starts measuring afresh).
 */
export function usage() {
  const cpu = process.cpuUsage();
  const ms = (ns: number) => Math.round(ns / 1e6);
  const eventLoopDelayMs = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  loopDelay.reset();
  return { cpuMs: Math.round((cpu.user + cpu.system) / 1000), eventLoopDelayMs };
}

async function seed(built: BuiltApp, options: SeedOptions) {
  const { db, clock, services, auth } = built;
  const now = clock.now();
  const at = (offset: number) => new Date(now.getTime() + offset).toISOString();
  const passwordHash = await hashPassword('flash-presale-bench');

  await db.transaction((tx) => services.accounts.ensureOwner(tx, { username: 'owner', password: 'flash-presale-bench', displayName: '店主' }));
  const [owner] = await db.select().from(staff).limit(1);
  const ctx: StaffContext = {
    actor: { kind: 'staff', id: owner!.id, role: owner!.role, username: owner!.username, displayName: owner!.displayName },
    ip: null,
    requestId: 'flash-presale-bench',
  };
  const product = await services.catalog.createProduct(
    ctx,
    createProductBody.parse({ code: 'FLASH-1', title: '限定手办 闪购预售', onShelf: true, skus: [{ specValues: {}, price: 100_000, initialStock: 0 }] }),
  );
  const skuId = product.skus[0]!.id;
  const campaign = await services.presale.createCampaign(
    ctx,
    presaleCampaignInput.parse({
      type: 'deposit',
      name: '限定手办 闪购预售',
      rulesText: '定金不退；尾款在尾款期内支付。',
      termsText: '定金一经支付不予退还。',
      startsAt: at(-60_000),
      endsAt: at(2 * DAY),
      balanceStartsAt: at(2 * DAY),
      balanceEndsAt: at(5 * DAY),
      ship: { kind: 'date', shipDate: at(30 * DAY) },
      items: [{ skuId, presalePrice: 80_000, deposit: 10_000, quota: options.quota, perBuyerLimit: options.perBuyerLimit }],
    }),
  );

  // Real shopper accounts (one password hash shared, scrypt is deliberately slow) and real sessions.
  const buyers: Seeded['buyers'] = [];
  const batch = 250;
  const address = createAddressBody.parse({ receiver: '李四', phone: '13912345678', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' });
  for (let start = 0; start < options.shoppers; start += batch) {
    const count = Math.min(batch, options.shoppers - start);
    const rows = await db
      .insert(shoppers)
      .values(Array.from({ length: count }, (_, i) => ({ email: `flash${start + i}@bench.example`, nickname: `抢购者${start + i}`, passwordHash, createdAt: now, updatedAt: now })))
      .returning({ id: shoppers.id });
    const tokens = await db.transaction(async (tx) => {
      const out: string[] = [];
      for (const row of rows) out.push((await auth.issueSession(tx, { kind: 'shopper', id: row.id })).token);
      return out;
    });
    const addressIds = await Promise.all(rows.map(async (row) => (await services.addresses.create(row.id, address)).id));
    rows.forEach((_, i) => buyers.push({ token: tokens[i]!, addressId: addressIds[i]! }));
  }
  return { productId: product.id, skuId, campaignId: campaign.id, itemId: campaign.items[0]!.id, termsVersion: campaign.termsVersion, buyers };
}

async function verify(built: BuiltApp, itemId: number): Promise<Verification> {
  const q = <T>(text: string, params: unknown[] = []) => built.database.query<T>(text, params);
  const [item] = await q<{ quota: number; per_buyer_limit: number; sold_units: number }>('SELECT quota, per_buyer_limit, sold_units FROM presale_items WHERE id = $1', [itemId]);
  const live = `o.status NOT IN ('cancelled', 'closed')`;
  const [lines] = await q<{ orders: number; units: number }>(
    `SELECT count(DISTINCT o.id)::int AS orders, coalesce(sum(l.quantity), 0)::int AS units
       FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.presale_item_id = $1 AND ${live}`,
    [itemId],
  );
  const [perBuyer] = await q<{ max_units: number; over: number }>(
    `SELECT coalesce(max(units), 0)::int AS max_units, count(*) FILTER (WHERE units > $2)::int AS over
       FROM (SELECT o.shopper_id, sum(l.quantity) AS units FROM order_lines l JOIN orders o ON o.id = l.order_id
              WHERE l.presale_item_id = $1 AND ${live} GROUP BY o.shopper_id) t`,
    [itemId, item!.per_buyer_limit],
  );
  const [buyerUnits] = await q<{ total: number; max_units: number }>(
    'SELECT coalesce(sum(units), 0)::int AS total, coalesce(max(units), 0)::int AS max_units FROM presale_buyer_units WHERE item_id = $1',
    [itemId],
  );
  const [ledger] = await q<{ units: number }>('SELECT coalesce(sum(delta), 0)::int AS units FROM presale_quota_ledger WHERE item_id = $1', [itemId]);
  const statuses = await q<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status');
  const [keys] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_keys WHERE scope LIKE 'orders.place|%'`);
  const [outbox] = await q<{ pending: number; dead: number }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM outbox`,
  );
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  return {
    quota: item!.quota,
    perBuyerLimit: item!.per_buyer_limit,
    soldUnits: item!.sold_units,
    liveOrders: lines!.orders,
    liveOrderUnits: lines!.units,
    buyerUnitsTotal: buyerUnits!.total,
    maxUnitsPerBuyer: Math.max(perBuyer!.max_units, buyerUnits!.max_units),
    buyersOverLimit: perBuyer!.over,
    quotaLedgerUnits: ledger!.units,
    ordersByStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    idempotencyKeys: keys!.n,
    outboxPending: outbox!.pending,
    outboxDead: outbox!.dead,
    rssMb: mb(rss),
    peakRssMb: mb(peakRss),
    serverTimeMs: serverTimesSummary(),
  };
}

async function runApp() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mall-flash-'));
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    DEMO_DATA: 'false',
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
  });
  const options: SeedOptions = {
    quota: Number(process.env.BENCH_QUOTA ?? 3000),
    perBuyerLimit: Number(process.env.BENCH_LIMIT ?? 2),
    shoppers: Number(process.env.BENCH_SHOPPERS ?? 2000),
  };
  const started = performance.now();
  const built = await buildApp({ config });
  // Time inside the server (from reading the request to sending the answer), per status of POST /api/orders.
  built.app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && request.url === '/api/orders') (serverTimes[reply.statusCode] ??= []).push(reply.elapsedTime);
  });
  const seeded = await seed(built, options);
  // As in production (main.ts): the outbox and the sweepers run alongside the requests.
  if (config.jobs.enabled) built.jobs.start();
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const ready: Seeded = { port, database: built.database.kind, ...seeded, seedSeconds: Number(((performance.now() - started) / 1000).toFixed(1)) };
  send({ type: 'ready', ...ready });

  process.on('message', async (message: { type: string }) => {
    try {
      if (message.type === 'usage') send({ type: 'usage', ...usage() });
      if (message.type === 'verify') send({ type: 'verified', ...(await verify(built, seeded.itemId)) });
      if (message.type === 'close') {
        await built.app.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'failed', error: String((error as Error).stack ?? error) });
    }
  });
}

async function runBare() {
  const app = fastify();
  app.get('/ping', async () => ({ ok: true, at: 'bare' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'usage') send({ type: 'usage', ...usage() });
    if (message.type === 'verify') send({ type: 'verified', rssMb: mb(process.memoryUsage().rss), peakRssMb: mb(peakRss) });
    if (message.type === 'close') {
      await app.close();
      process.exit(0);
    }
  });
}

const mode = process.argv[2];
(mode === 'bare' ? runBare() : runApp()).catch((error) => {
  console.error(error);
  process.exit(1);
});
