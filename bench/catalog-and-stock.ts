/**
 * Benchmark: shopper catalogue reads over HTTP and a burst of concurrent stock reservations
 * on one SKU, on PGlite (default) or on PostgreSQL when DATABASE_URL is set.
 *
 *   npm run bench:catalog               # PGlite, in a temporary data directory
 *   DATABASE_URL=postgres://... npm run bench:catalog
 *
 * Options (env): BENCH_SECONDS (per HTTP scenario, default 8), BENCH_CONNECTIONS (default 50),
 * BENCH_UNITS (stock of the burst SKU, default 2000), BENCH_ATTEMPTS (default 6000),
 * BENCH_CONCURRENCY (reservations in flight, default 100).
 * Results are printed and written to bench/results/<timestamp>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildApp } from '../apps/server/src/app.ts';
import { seedDemo } from '../apps/server/src/demo/seed.ts';
import { products, skus } from '../apps/server/src/modules/catalog/index.ts';
import { AppError } from '../apps/server/src/platform/errors.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const units = Number(process.env.BENCH_UNITS ?? 2000);
const attempts = Number(process.env.BENCH_ATTEMPTS ?? 6000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 100);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mall-bench-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATA_DIR: dataDir,
  PORT: '0',
  JOBS_ENABLED: 'false',
  DB_POOL_MAX: process.env.DB_POOL_MAX ?? '20',
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function httpScenario(base: string, name: string, url: string) {
  const result = await autocannon({ url: `${base}${url}`, connections, duration: seconds, headers: { 'accept-language': 'zh-CN' } });
  const bad = result.non2xx + result.errors + result.timeouts;
  return {
    name,
    url,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    requests: result.requests.total,
    failed: bad,
  };
}

async function reservationBurst(built: Awaited<ReturnType<typeof buildApp>>) {
  const { db, clock, services } = built;
  const now = clock.now();
  const skuId = await db.transaction(async (tx) => {
    const [product] = await tx
      .insert(products)
      .values({ code: `BENCH-${Date.now()}`, title: '压测限定手办', searchText: 'bench', createdAt: now, updatedAt: now, minPriceAmount: 100, maxPriceAmount: 100 })
      .returning();
    const [sku] = await tx
      .insert(skus)
      .values({ productId: product!.id, specValues: {}, specKey: '', priceAmount: 100, createdAt: now, updatedAt: now })
      .returning();
    await services.inventory.initializeStock(tx, sku!.id, { onHand: units, actor: 'bench' });
    return sku!.id;
  });

  const latencies: number[] = [];
  let succeeded = 0;
  let unitsReserved = 0;
  let refused = 0;
  let unexpected = 0;
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < attempts) {
      const i = next++;
      const quantity = 1 + (i % 3);
      const t0 = performance.now();
      try {
        await db.transaction((tx) =>
          services.inventory.reserve(tx, { refType: 'bench', refId: String(i), lines: [{ skuId, quantity }], actor: 'bench' }),
        );
        succeeded++;
        unitsReserved += quantity;
      } catch (error) {
        if (error instanceof AppError && error.code === 'INSUFFICIENT_STOCK') refused++;
        else unexpected++;
      }
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const sellable = (await services.inventory.sellableBySkuIds(db, [skuId])).get(skuId)!;
  const reservedInDb = units - sellable;
  return {
    units,
    attempts,
    concurrency,
    attemptsPerSecond: Math.round(attempts / elapsed),
    latencyMs: { p50: Number(percentile(latencies, 50).toFixed(2)), p99: Number(percentile(latencies, 99).toFixed(2)) },
    succeeded,
    refusedInsufficientStock: refused,
    unexpectedErrors: unexpected,
    unitsReserved,
    reservedInDatabase: reservedInDb,
    oversold: Math.max(0, reservedInDb - units),
    ledgerMatches: reservedInDb === unitsReserved,
  };
}

async function main() {
  const built = await buildApp({ config });
  await seedDemo(built, { print: false });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const list = await (await fetch(`${base}/api/products?pageSize=1`)).json();
  const productId = list.items[0].id;

  const http = [];
  http.push(await httpScenario(base, 'product list', '/api/products?page=1&pageSize=20'));
  http.push(await httpScenario(base, 'search 手办', `/api/products?q=${encodeURIComponent('手办')}`));
  http.push(await httpScenario(base, 'product detail', `/api/products/${productId}`));
  const burst = await reservationBurst(built);
  const memoryMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  await built.app.close();

  const report = {
    at: new Date().toISOString(),
    database: config.database.kind,
    machine: { cpus: os.cpus().length, node: process.version },
    http,
    reservationBurst: burst,
    rssMb: memoryMb,
  };
  console.log(`\nDatabase: ${report.database}, ${report.machine.cpus} CPUs, ${report.machine.node}`);
  console.table(http.map((h) => ({ scenario: h.name, 'req/s': h.requestsPerSecond, 'p50 ms': h.latencyMs.p50, 'p99 ms': h.latencyMs.p99, failed: h.failed })));
  console.log('Reservation burst:', burst);
  console.log(`RSS after run: ${memoryMb} MB`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${report.at.replace(/[:.]/g, '-')}-${report.database}.json`, JSON.stringify(report, null, 2));
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (burst.oversold > 0 || burst.unexpectedErrors > 0 || !burst.ledgerMatches) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
