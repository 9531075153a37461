/**
 * Benchmark: a flash presale. A deposit campaign with a few thousand units opens and hundreds of
 * connections of signed-in shoppers fire many more deposit orders than there are units
 * (POST /api/orders, each with its own Idempotency-Key). Then the database is checked: units sold
 * against the quota (oversold must be 0), nobody above the per-buyer limit, the counters agreeing.
 * In the same run a bare Fastify endpoint is measured with the same load as the machine's ceiling.
 *
 *   npm run bench                                   # PGlite, in a temporary data directory
 *   DATABASE_URL=postgres://... npm run bench       # PostgreSQL: a fresh database is created on
 *                                                   # that server and dropped at the end
 *
 * The server runs in its own process (bench/flash-presale-server.ts); this process is the load
 * generator (autocannon). Options (env): BENCH_QUOTA (3000), BENCH_LIMIT (per buyer, 2),
 * BENCH_SHOPPERS (2000), BENCH_ATTEMPTS (12000), BENCH_CONNECTIONS (400),
 * BENCH_CEILING_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_TIMEOUT_SECONDS (per request, 120),
 * DB_POOL_MAX (20), JOBS_ENABLED (true); to diagnose, BENCH_SERVER_LOG=<file> with LOG_LEVEL=info
 * (the server's log) and BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 * Writes bench/results/flash-presale-<database>-<timestamp>.json and .md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { startServer, type ServerProcess } from './flash-presale-child.ts';
import type { Seeded, Verification } from './flash-presale-server.ts';
import { findingsOf, markdownOf, printReport, type Burst, type Report } from './flash-presale-report.ts';

const settings = {
  quota: Number(process.env.BENCH_QUOTA ?? 3000),
  perBuyerLimit: Number(process.env.BENCH_LIMIT ?? 2),
  shoppers: Number(process.env.BENCH_SHOPPERS ?? 2000),
  attempts: Number(process.env.BENCH_ATTEMPTS ?? 12_000),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 400),
  ceilingSeconds: Number(process.env.BENCH_CEILING_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  timeoutSeconds: Number(process.env.BENCH_TIMEOUT_SECONDS ?? 120),
  dbPoolMax: Number(process.env.DB_POOL_MAX ?? 20),
  jobs: !['false', '0', 'no'].includes(process.env.JOBS_ENABLED ?? 'true'),
};

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

/** A database of its own on the PostgreSQL server of DATABASE_URL, dropped at the end. */
async function freshPostgres(url: string) {
  const name = `mall_bench_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { name, url: own.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Samples pg_stat_activity of the bench database every 200 ms: on average how many of the
 * server's connections were running a query, waiting for a row lock, or idle inside a transaction
 * (waiting for the application), or idle in the pool.
 */
function sampleConnections(url: string, database: string) {
  const client = new pg.Client({ connectionString: url });
  const totals = { samples: 0, active: 0, waitingOnLock: 0, idleInTransaction: 0, idle: 0 };
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await client.query<{ state: string | null; wait: string | null; n: number }>(
        `SELECT state, wait_event_type AS wait, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1, 2`,
        [database],
      );
      totals.samples++;
      for (const row of rows) {
        if (row.state === 'active' && row.wait === 'Lock') totals.waitingOnLock += row.n;
        else if (row.state === 'active') totals.active += row.n;
        else if (row.state?.startsWith('idle in transaction')) totals.idleInTransaction += row.n;
        else totals.idle += row.n;
      }
    } finally {
      busy = false;
    }
  };
  return {
    async start() {
      await client.connect();
      timer = setInterval(() => void sample().catch(() => undefined), 200);
    },
    async stop() {
      clearInterval(timer);
      await client.end();
      const avg = (n: number) => (totals.samples > 0 ? round(n / totals.samples) : 0);
      return { samples: totals.samples, active: avg(totals.active), waitingOnLock: avg(totals.waitingOnLock), idleInTransaction: avg(totals.idleInTransaction), idle: avg(totals.idle) };
    },
  };
}

interface Ctx {
  quantity?: number;
  sentAt?: number;
}

async function burst(base: string, seeded: Seeded): Promise<Burst> {
  const statusCodes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const samples: Record<string, string> = {};
  const okLatencies: number[] = [];
  const refusedLatencies: number[] = [];
  let unitsOrdered = 0;
  let seq = 0;
  let lastOrderAt = 0;
  const timeline: { second: number; answered: number; orders: number; slowestMs: number }[] = [];
  const runId = crypto.randomBytes(4).toString('hex');
  const started = performance.now();
  const result = await autocannon({
    url: base,
    connections: settings.connections,
    amount: settings.attempts,
    timeout: settings.timeoutSeconds,
    requests: [
      {
        method: 'POST',
        path: '/api/orders',
        setupRequest: (request, context) => {
          const i = seq++;
          const buyer = seeded.buyers[i % seeded.buyers.length]!;
          const quantity = Math.random() < 0.5 ? 1 : 2;
          Object.assign(context, { quantity, sentAt: performance.now() } satisfies Ctx);
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'accept-language': 'zh-CN',
              authorization: `Bearer ${buyer.token}`,
              'idempotency-key': `flash-${runId}-${i}`,
            },
            body: JSON.stringify({ addressId: buyer.addressId, items: [{ skuId: seeded.skuId, quantity }], depositTerms: { accepted: true, version: seeded.termsVersion } }),
          };
        },
        onResponse: (status, body, context) => {
          const ctx = context as Ctx;
          const now = performance.now();
          const latency = now - (ctx.sentAt ?? now);
          // Answers by the second they came back in, and how long the slowest of each second waited.
          const second = Math.floor((now - started) / 1000);
          const slot = (timeline[second] ??= { second, answered: 0, orders: 0, slowestMs: 0 });
          slot.answered++;
          if (status === 201) slot.orders++;
          slot.slowestMs = Math.max(slot.slowestMs, Math.round(latency));
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status === 201) {
            unitsOrdered += ctx.quantity ?? 0;
            lastOrderAt = now;
            okLatencies.push(latency);
            return;
          }
          let code = `HTTP_${status}`;
          try {
            code = (JSON.parse(body) as { code?: string }).code ?? code;
          } catch {
            // not JSON: keep the status as the code
          }
          const key = `${status} ${code}`;
          codes[key] = (codes[key] ?? 0) + 1;
          if (status === 409) refusedLatencies.push(latency);
          else samples[key] ??= body.slice(0, 500);
        },
      },
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  okLatencies.sort((a, b) => a - b);
  refusedLatencies.sort((a, b) => a - b);
  const responses = Object.values(statusCodes).reduce((s, n) => s + n, 0);
  const orders = statusCodes['201'] ?? 0;
  const sellingSeconds = orders > 0 ? (lastOrderAt - started) / 1000 : 0;
  return {
    seconds: round(seconds, 2),
    responses,
    orders,
    unitsOrdered,
    ordersPerSecond: Math.round(orders / seconds),
    attemptsPerSecond: Math.round(responses / seconds),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    orderLatencyMs: { p50: percentile(okLatencies, 50), p99: percentile(okLatencies, 99) },
    refusedLatencyMs: { p50: percentile(refusedLatencies, 50), p99: percentile(refusedLatencies, 99) },
    timeline: Array.from(timeline, (slot, second) => (slot ? [slot.second, slot.answered, slot.orders, slot.slowestMs] : [second, 0, 0, 0])),
    sellingSeconds: round(sellingSeconds, 2),
    ordersPerSecondWhileSelling: sellingSeconds > 0 ? Math.round(orders / sellingSeconds) : 0,
    statusCodes,
    codes,
    samples,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** Busy share of all the machine's cores between two readings of os.cpus(). */
function machineBusy(before: os.CpuInfo[], after: os.CpuInfo[]): number {
  let busy = 0;
  let total = 0;
  after.forEach((cpu, i) => {
    const t0 = before[i]!.times;
    const t1 = cpu.times;
    const idle = t1.idle - t0.idle;
    const all = t1.user + t1.nice + t1.sys + t1.irq + t1.idle - (t0.user + t0.nice + t0.sys + t0.irq + t0.idle);
    busy += all - idle;
    total += all;
  });
  return total > 0 ? round((100 * busy) / total) : 0;
}

async function ceiling(env: NodeJS.ProcessEnv) {
  const bare = await startServer<{ port: number }>('bare', env);
  try {
    const url = `http://127.0.0.1:${bare.ready.port}/ping`;
    await autocannon({ url, connections: settings.connections, duration: 1 });
    const result = await autocannon({ url, connections: settings.connections, duration: settings.ceilingSeconds });
    const memory = await bare.ask<{ rssMb: number }>('verify');
    return {
      requestsPerSecond: Math.round(result.requests.total / result.duration),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      requests: result.requests.total,
      failed: result.non2xx + result.errors + result.timeouts,
      rssMb: memory.rssMb,
    };
  } finally {
    await bare.close();
  }
}

async function main() {
  const at = new Date().toISOString();
  const loadAtStart = os.loadavg().map((n) => round(n, 2));
  if (loadAtStart[0]! > 0.5) console.warn(`Note: the machine is not idle (load average ${loadAtStart.join(', ')}); other work skews the figures.`);
  const pgDb = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pgDb?.url ?? '',
    BENCH_QUOTA: String(settings.quota),
    BENCH_LIMIT: String(settings.perBuyerLimit),
    BENCH_SHOPPERS: String(settings.shoppers),
    DB_POOL_MAX: String(settings.dbPoolMax),
    JOBS_ENABLED: String(settings.jobs),
  };
  let server: ServerProcess<Seeded> | null = null;
  try {
    console.log(`Flash presale on ${pgDb ? `PostgreSQL (database ${pgDb.name}, dropped afterwards)` : 'PGlite'}: seeding ${settings.shoppers} shoppers…`);
    server = await startServer<Seeded>('app', env);
    const seeded = server.ready;
    const base = `http://127.0.0.1:${seeded.port}`;
    console.log(`Seeded in ${seeded.seedSeconds} s. Warm-up: ${settings.warmupSeconds} s of product page views…`);
    if (settings.warmupSeconds > 0) await autocannon({ url: `${base}/api/products/${seeded.productId}`, connections: 50, duration: settings.warmupSeconds });
    console.log(`Burst: ${settings.attempts} deposit orders over ${settings.connections} connections for ${settings.quota} units…`);
    const cpuBefore = os.cpus();
    const serverBefore = await server.ask<{ cpuMs: number }>('usage');
    const clientBefore = process.cpuUsage();
    const sampler = pgDb ? sampleConnections(process.env.DATABASE_URL!, pgDb.name) : null;
    await sampler?.start();
    const sale = await burst(base, seeded);
    const connections = (await sampler?.stop()) ?? null;
    const clientCpu = process.cpuUsage(clientBefore);
    const serverAfter = await server.ask<{ cpuMs: number; eventLoopDelayMs: { p50: number; p99: number; max: number } }>('usage');
    const cpu = {
      machineBusyPercent: machineBusy(cpuBefore, os.cpus()),
      serverCoresUsed: round((serverAfter.cpuMs - serverBefore.cpuMs) / 1000 / sale.seconds, 2),
      loadGeneratorCoresUsed: round((clientCpu.user + clientCpu.system) / 1e6 / sale.seconds, 2),
      serverEventLoopDelayMs: serverAfter.eventLoopDelayMs,
    };
    const check = await server.ask<Verification>('verify');
    const logs = server.logs();
    await server.close();
    server = null;
    console.log(`Ceiling: bare Fastify GET over ${settings.connections} connections for ${settings.ceilingSeconds} s…`);
    const bare = await ceiling(env);

    const report: Report = {
      at,
      database: seeded.database,
      machine: { loadAverageAtStart: loadAtStart, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
      settings,
      seedSeconds: seeded.seedSeconds,
      burst: sale,
      cpu,
      pgConnections: connections,
      databaseCheck: { ...check, oversold: Math.max(0, check.soldUnits - check.quota, check.liveOrderUnits - check.quota) },
      ceiling: bare,
      ratio: round(sale.ordersPerSecond / bare.requestsPerSecond, 4),
      attemptsRatio: round(sale.attemptsPerSecond / bare.requestsPerSecond, 4),
      server: { rssMb: check.rssMb, peakRssMb: check.peakRssMb },
      serverLog: logs.slice(0, 20),
      findings: [],
    };
    report.findings = findingsOf(report);
    printReport(report);
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.relative(process.cwd(), path.join(dir, `flash-presale-${report.database}-${at.replace(/[:.]/g, '-')}`));
    // Arrays of numbers (the timeline rows, load averages) on one line each: a small, diffable file.
    const json = JSON.stringify(report, null, 2).replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_m, inner: string) => `[${inner.replace(/\s+/g, '')}]`);
    fs.writeFileSync(`${file}.json`, `${json}\n`);
    fs.writeFileSync(`${file}.md`, markdownOf(report));
    console.log(`\nWritten ${file}.json and .md`);
    if (report.findings.length > 0) process.exitCode = 1;
  } finally {
    if (server) await server.close();
    if (pgDb) await pgDb.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
