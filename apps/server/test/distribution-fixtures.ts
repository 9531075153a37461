// Helpers for the distribution suites: distributors made through the API, bindings written
// straight to the table (share links and sign-up binding belong to the referral side), and the
// money checks (ledger sums equal the account buckets).
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { call, type Session } from './orders-fixtures.ts';
import { commissions, distributorAccounts, distributorLedger, referralBindings } from '../src/modules/distribution/distribution.tables.ts';

export async function setShop(c: TestContext, owner: Session, patch: { commission?: Record<string, unknown>; distributors?: Record<string, unknown> }) {
  const res = await call(c, 'PATCH', '/api/admin/settings', owner.headers, patch);
  expect(res.statusCode, res.body).toBe(200);
}

/** A shopper who applied and was approved (with an agent or regional role when given). */
export async function distributor(c: TestContext, owner: Session, roles?: Record<string, unknown>): Promise<Session> {
  const shopper = await c.shopperSession();
  const applied = await call(c, 'POST', '/api/distribution/apply', shopper.headers, { realName: '王五', phone: '13700000000' });
  expect(applied.statusCode, applied.body).toBe(201);
  if (applied.json().status === 'pending') {
    const approved = await call(c, 'POST', `/api/admin/distribution/distributors/${shopper.id}/approve`, owner.headers, {});
    expect(approved.statusCode, approved.body).toBe(200);
  }
  if (roles) {
    const res = await call(c, 'PUT', `/api/admin/distribution/distributors/${shopper.id}/roles`, owner.headers, {
      isAgent: false,
      agentPermille: 0,
      regionProvince: null,
      regionCity: null,
      regionPermille: 0,
      ...roles,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  return shopper;
}

/** Binds `shopperId` under `referrerId`, as a share-link sign-up would. */
export async function bind(c: TestContext, shopperId: number, referrerId: number) {
  await c.db.insert(referralBindings).values({ shopperId, referrerId, source: 'staff', boundAt: c.clock.now() });
}

export async function commissionsOf(c: TestContext, orderId: number) {
  const rows = await c.db.select().from(commissions).where(eq(commissions.orderId, orderId)).orderBy(commissions.id);
  return rows.map((r) => ({ beneficiaryId: r.beneficiaryId, kind: r.kind, baseAmount: r.baseAmount, amount: r.amount, status: r.status, settleAt: r.settleAt }));
}

export async function account(c: TestContext, shopperId: number) {
  const [row] = await c.db.select().from(distributorAccounts).where(eq(distributorAccounts.shopperId, shopperId));
  return { pending: row?.pending ?? 0, available: row?.available ?? 0, frozen: row?.frozen ?? 0, withdrawn: row?.withdrawn ?? 0 };
}

/** Every account's buckets equal the sum of its ledger rows, and each ledger row's balance_after is the running sum. */
export async function expectLedgerMatchesAccounts(c: TestContext) {
  const sums = await c.db
    .select({ shopperId: distributorLedger.shopperId, bucket: distributorLedger.bucket, total: sql<string>`sum(${distributorLedger.delta})` })
    .from(distributorLedger)
    .groupBy(distributorLedger.shopperId, distributorLedger.bucket);
  const accounts = await c.db.select().from(distributorAccounts);
  for (const a of accounts) {
    for (const bucket of ['pending', 'available', 'frozen', 'withdrawn'] as const) {
      const sum = Number(sums.find((s) => s.shopperId === a.shopperId && s.bucket === bucket)?.total ?? 0);
      expect(sum, `${a.shopperId}.${bucket}`).toBe(a[bucket]);
    }
  }
  const rows = await c.db.select().from(distributorLedger).orderBy(distributorLedger.id);
  const running = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.shopperId}.${r.bucket}`;
    const next = (running.get(key) ?? 0) + r.delta;
    expect(r.balanceAfter, key).toBe(next);
    running.set(key, next);
  }
}

export async function ledgerOf(c: TestContext, shopperId: number) {
  const rows = await c.db.select().from(distributorLedger).where(eq(distributorLedger.shopperId, shopperId)).orderBy(distributorLedger.id);
  return rows.map((r) => [r.bucket, r.delta, r.reason]);
}
