// The flash-presale benchmark's report: what counts as a finding, the console print-out and the
// Markdown summary written next to the JSON.
import type { LogFinding } from './flash-presale-child.ts';
import type { Verification } from './flash-presale-server.ts';

export interface Burst {
  seconds: number;
  responses: number;
  orders: number;
  unitsOrdered: number;
  ordersPerSecond: number;
  attemptsPerSecond: number;
  /** All responses, as autocannon measures them. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Successful orders (201) only, and refusals (409) only. */
  orderLatencyMs: { p50: number; p99: number };
  refusedLatencyMs: { p50: number; p99: number };
  /** Per second of the burst: [second, responses, successful orders, longest wait among them in ms]. */
  timeline: number[][];
  /** From the start of the burst to the last successful order. */
  sellingSeconds: number;
  ordersPerSecondWhileSelling: number;
  statusCodes: Record<string, number>;
  /** Non-201 responses by "<status> <problem code>". */
  codes: Record<string, number>;
  /** The first body of each unexpected status/code. */
  samples: Record<string, string>;
  errors: number;
  timeouts: number;
}

export interface Report {
  at: string;
  database: string;
  machine: { loadAverageAtStart: number[]; cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  settings: { quota: number; perBuyerLimit: number; shoppers: number; attempts: number; connections: number; ceilingSeconds: number; warmupSeconds: number; timeoutSeconds: number; dbPoolMax: number; jobs: boolean };
  seedSeconds: number;
  burst: Burst;
  /** During the burst: the machine's busy share, and cores used by the server and by the load generator (the rest is the database). */
  cpu: { machineBusyPercent: number; serverCoresUsed: number; loadGeneratorCoresUsed: number; serverEventLoopDelayMs: { p50: number; p99: number; max: number } };
  /** PostgreSQL only: the server's pool connections during the burst, on average. */
  pgConnections: { samples: number; active: number; waitingOnLock: number; idleInTransaction: number; idle: number } | null;
  databaseCheck: Verification & { oversold: number };
  ceiling: { requestsPerSecond: number; latencyMs: { p50: number; p99: number }; requests: number; failed: number; rssMb: number };
  /** Orders per second ÷ the bare endpoint's requests per second. */
  ratio: number;
  attemptsRatio: number;
  server: { rssMb: number; peakRssMb: number };
  serverLog: LogFinding[];
  findings: string[];
}

const REFUSALS = new Set(['409 PRESALE_SOLD_OUT', '409 PRESALE_LIMIT_REACHED']);

export function findingsOf(r: Report): string[] {
  const out: string[] = [];
  const c = r.databaseCheck;
  if (c.oversold > 0) out.push(`OVERSOLD by ${c.oversold} units (quota ${c.quota}, sold_units ${c.soldUnits}, live order units ${c.liveOrderUnits})`);
  if (c.buyersOverLimit > 0 || c.maxUnitsPerBuyer > c.perBuyerLimit) out.push(`${c.buyersOverLimit} buyers above the limit of ${c.perBuyerLimit} (max ${c.maxUnitsPerBuyer})`);
  const counters: Record<string, number> = { 'presale_items.sold_units': c.soldUnits, 'Σ live order lines': c.liveOrderUnits, 'Σ presale_buyer_units': c.buyerUnitsTotal, 'Σ quota ledger': c.quotaLedgerUnits };
  // A request the client gave up on may still have placed its order: compare the answers only when all came back.
  const allAnswered = r.burst.timeouts === 0 && r.burst.errors === 0;
  if (allAnswered) counters['units in 201 answers'] = r.burst.unitsOrdered;
  if (new Set(Object.values(counters)).size > 1) out.push(`unit counters disagree: ${JSON.stringify(counters)}`);
  if (allAnswered && c.liveOrders !== r.burst.orders) out.push(`${r.burst.orders} orders answered 201 but ${c.liveOrders} live orders in the database`);
  for (const [key, n] of Object.entries(r.burst.codes)) {
    if (REFUSALS.has(key)) continue;
    const sample = r.burst.samples[key];
    out.push(`${n}× ${key}${sample ? ` — ${sample.slice(0, 300)}` : ''}`);
  }
  if (r.burst.errors > 0 || r.burst.timeouts > 0) out.push(`${r.burst.errors} connection errors, ${r.burst.timeouts} timeouts (${r.settings.timeoutSeconds} s)`);
  if (r.burst.responses < r.settings.attempts) out.push(`only ${r.burst.responses} of ${r.settings.attempts} attempts were answered`);
  for (const log of r.serverLog) if (log.level !== 'warn') out.push(`server log ${log.level} ×${log.count}: ${log.message}`);
  if (c.outboxDead > 0) out.push(`${c.outboxDead} outbox messages dead`);
  if (r.ceiling.failed > 0) out.push(`the bare endpoint failed ${r.ceiling.failed} requests`);
  return out;
}

export function printReport(r: Report) {
  const b = r.burst;
  const c = r.databaseCheck;
  console.log(`\nFlash presale — ${r.database}, ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.node}`);
  console.table({
    'orders/s': { value: b.ordersPerSecond },
    'attempts/s': { value: b.attemptsPerSecond },
    'latency p50 / p99 ms (all)': { value: `${b.latencyMs.p50} / ${b.latencyMs.p99}` },
    'latency p50 / p99 ms (201)': { value: `${b.orderLatencyMs.p50} / ${b.orderLatencyMs.p99}` },
    'latency p50 / p99 ms (409)': { value: `${b.refusedLatencyMs.p50} / ${b.refusedLatencyMs.p99}` },
    'sold out after s (orders/s while selling)': { value: `${b.sellingSeconds} (${b.ordersPerSecondWhileSelling})` },
    'burst seconds': { value: b.seconds },
    'bare Fastify req/s (ceiling)': { value: r.ceiling.requestsPerSecond },
    'orders/s ÷ ceiling': { value: r.ratio },
    'attempts/s ÷ ceiling': { value: r.attemptsRatio },
    'units sold / quota': { value: `${c.soldUnits} / ${c.quota}` },
    oversold: { value: c.oversold },
    'max units per buyer / limit': { value: `${c.maxUnitsPerBuyer} / ${c.perBuyerLimit}` },
    'server RSS after / peak MB': { value: `${r.server.rssMb} / ${r.server.peakRssMb}` },
    'CPU busy % (cores: server / load generator)': { value: `${r.cpu.machineBusyPercent} (${r.cpu.serverCoresUsed} / ${r.cpu.loadGeneratorCoresUsed})` },
    'server event-loop delay p50 / p99 / max ms': { value: `${r.cpu.serverEventLoopDelayMs.p50} / ${r.cpu.serverEventLoopDelayMs.p99} / ${r.cpu.serverEventLoopDelayMs.max}` },
  });
  console.log('POST /api/orders timed inside the server (ms):', c.serverTimeMs);
  if (r.pgConnections) console.log('Pool connections during the burst (average):', r.pgConnections);
  console.log('Responses:', b.statusCodes, 'non-201 by code:', b.codes);
  console.log('Database:', { liveOrders: c.liveOrders, liveOrderUnits: c.liveOrderUnits, buyerUnits: c.buyerUnitsTotal, quotaLedger: c.quotaLedgerUnits, ordersByStatus: c.ordersByStatus, outboxPending: c.outboxPending });
  if (r.serverLog.length > 0) console.log('Server log (warn and above):', r.serverLog);
  if (r.findings.length > 0) console.log('\nFINDINGS:\n- ' + r.findings.join('\n- '));
  else console.log('\nNo findings: nothing oversold, nobody above the limit, counters agree, no 5xx.');
}

export function markdownOf(r: Report): string {
  const b = r.burst;
  const c = r.databaseCheck;
  const s = r.settings;
  const rows = [
    ['orders/s (201 ÷ burst duration)', b.ordersPerSecond],
    ['attempts/s', b.attemptsPerSecond],
    ['latency p50 / p99, all responses (ms)', `${b.latencyMs.p50} / ${b.latencyMs.p99}`],
    ['latency p50 / p99, successful orders (ms)', `${b.orderLatencyMs.p50} / ${b.orderLatencyMs.p99}`],
    ['latency p50 / p99, refusals (ms)', `${b.refusedLatencyMs.p50} / ${b.refusedLatencyMs.p99}`],
    ['sold out after (s), orders/s until then', `${b.sellingSeconds}, ${b.ordersPerSecondWhileSelling}`],
    ['bare Fastify GET, req/s (ceiling)', r.ceiling.requestsPerSecond],
    ...Object.entries(c.serverTimeMs).map(([status, t]) => [`time inside the server, ${status} answers, p50 / p99 / max (ms)`, `${t.p50} / ${t.p99} / ${t.max}`]),
    ['orders/s ÷ ceiling', r.ratio],
    ['attempts/s ÷ ceiling', r.attemptsRatio],
    ['units sold / quota', `${c.soldUnits} / ${c.quota}`],
    ['oversold', c.oversold],
    ['max units per buyer / limit', `${c.maxUnitsPerBuyer} / ${c.perBuyerLimit}`],
    ['responses by status', Object.entries(b.statusCodes).map(([k, v]) => `${k}: ${v}`).join(', ')],
    ['non-201 by code', Object.entries(b.codes).map(([k, v]) => `${k}: ${v}`).join(', ') || '—'],
    ['server RSS after / peak (MB)', `${r.server.rssMb} / ${r.server.peakRssMb}`],
    ...(r.pgConnections
      ? [['pool connections during the burst, average (running / waiting on a lock / idle in transaction / idle)', `${r.pgConnections.active} / ${r.pgConnections.waitingOnLock} / ${r.pgConnections.idleInTransaction} / ${r.pgConnections.idle}`]]
      : []),
    ['server event-loop delay during the burst, p50 / p99 / max (ms)', `${r.cpu.serverEventLoopDelayMs.p50} / ${r.cpu.serverEventLoopDelayMs.p99} / ${r.cpu.serverEventLoopDelayMs.max}`],
    ['machine CPU busy during the burst (cores used: server / load generator)', `${r.cpu.machineBusyPercent} % (${r.cpu.serverCoresUsed} / ${r.cpu.loadGeneratorCoresUsed})`],
  ];
  return [
    `# Flash presale — ${r.database}, ${r.at}`,
    '',
    `Machine: ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, ${r.machine.platform}, Node ${r.machine.node}; load average at start ${r.machine.loadAverageAtStart.join(', ')}.`,
    `Quota ${s.quota} units, limit ${s.perBuyerLimit} per buyer, ${s.shoppers} shoppers, ${s.attempts} attempts over ${s.connections} connections ` +
      `(quantity 1 or 2), jobs ${s.jobs ? 'on' : 'off'}, pool ${s.dbPoolMax}; ceiling: bare Fastify GET, ${s.connections} connections, ${s.ceilingSeconds} s.`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    r.findings.length > 0 ? `## Findings\n\n${r.findings.map((f) => `- ${f.replace(/\n/g, ' ')}`).join('\n')}` : 'No findings: nothing oversold, nobody above the limit, counters agree, no 5xx.',
    '',
  ].join('\n');
}
