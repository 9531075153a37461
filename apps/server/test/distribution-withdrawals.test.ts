// Issue 8: withdrawals — available → frozen on request (one open at a time, idempotent), staff
// approve and the sandbox payment provider's transfer pays (frozen → withdrawn) or fails (back to
// available). Alipay and the manual route: distribution-payouts.test.ts.
import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newBuyer, newKey, paidOrder, productWith, type Session } from './orders-fixtures.ts';
import { account, bind, distributor, expectLedgerMatchesAccounts, ledgerOf, setShop } from './distribution-fixtures.ts';
import { auditLog } from '../src/platform/platform.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { sandboxTransfers } from '../src/modules/payments/providers/sandbox.tables.ts';
import { createSandboxTransfers } from '../src/modules/payments/providers/sandbox.transfers.ts';
import { moveMoney } from '../src/modules/distribution/distribution-ledger.ts';

const payee = (account = 'payee@example.com') => ({ channel: 'alipay', account, name: '王五' });

async function withdraw(c: TestContext, who: Session, amount: number, key = newKey(), account?: string) {
  return call(c, 'POST', '/api/distribution/withdrawals', { ...who.headers, 'idempotency-key': key }, { amount, payee: payee(account) });
}

describeEachDatabase('distribution: withdrawals', (ctx) => {
  let owner: Session;
  let earner: Session;

  beforeAll(async () => {
    const c = ctx();
    owner = await c.staffSession('owner');
    await setShop(c, owner, { commission: { settleOn: 'paid' }, distributors: { level1Permille: 500, level2Permille: 0, minWithdrawal: 1000 } });
    const sku = await productWith(c, owner.headers, 20_000, 10);
    earner = await distributor(c, owner);
    const buyer = await newBuyer(c);
    await bind(c, buyer.id, earner.id);
    await paidOrder(c, buyer, [{ skuId: sku.skuId, quantity: 1 }]);
    await drain(c);
    expect(await account(c, earner.id)).toEqual({ pending: 0, available: 10_000, frozen: 0, withdrawn: 0 });
  });

  it('refuses below the minimum, above the balance, and to a non-distributor', async () => {
    const c = ctx();
    const small = await withdraw(c, earner, 999);
    expect([small.statusCode, small.json().code]).toEqual([400, 'WITHDRAWAL_BELOW_MINIMUM']);
    const big = await withdraw(c, earner, 10_001);
    expect([big.statusCode, big.json().code]).toEqual([409, 'WITHDRAWAL_EXCEEDS_AVAILABLE']);
    const stranger = await c.shopperSession();
    const refused = await withdraw(c, stranger, 1_000);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'DISTRIBUTOR_NOT_APPROVED']);
    expect(await account(c, earner.id)).toMatchObject({ available: 10_000, frozen: 0 });
  });

  it('two concurrent requests: one freezes the money, the other is refused; a replayed key answers the same request', async () => {
    const c = ctx();
    const key = newKey();
    const [a, b] = await Promise.all([withdraw(c, earner, 4_000, key), withdraw(c, earner, 3_000)]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes, `${a.body} ${b.body}`).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('WITHDRAWAL_OPEN_EXISTS');
    const winner = a.statusCode === 201 ? a : b;
    const frozen = winner.json().amount as number;
    expect(await account(c, earner.id)).toMatchObject({ available: 10_000 - frozen, frozen });

    if (winner === a) {
      const replay = await withdraw(c, earner, 4_000, key);
      expect(replay.statusCode).toBe(201);
      expect(replay.json().id).toBe(a.json().id);
    }
    expect(await account(c, earner.id)).toMatchObject({ frozen });

    // Rejected: the money is available again.
    expect((await call(c, 'POST', `/api/admin/distribution/withdrawals/${winner.json().id}/reject`, owner.headers, { note: '账户信息有误' })).json()).toMatchObject({ status: 'rejected' });
    expect(await account(c, earner.id)).toMatchObject({ available: 10_000, frozen: 0 });
    await expectLedgerMatchesAccounts(c);
  });

  it('approved: paid out through the provider once (frozen → withdrawn), audited; a failed payout returns the money', async () => {
    const c = ctx();
    const requested = await withdraw(c, earner, 6_000);
    expect(requested.statusCode, requested.body).toBe(201);
    const id = requested.json().id as number;
    const warehouse = await c.staffSession('warehouse');
    expect((await call(c, 'POST', `/api/admin/distribution/withdrawals/${id}/approve`, warehouse.headers, {})).statusCode).toBe(403);
    const approved = await call(c, 'POST', `/api/admin/distribution/withdrawals/${id}/approve`, owner.headers, {});
    expect(approved.json()).toMatchObject({ status: 'approved', payoutRoute: 'sandbox', payoutRef: null });
    expect((await call(c, 'POST', `/api/admin/distribution/withdrawals/${id}/approve`, owner.headers, {})).json().code).toBe('WITHDRAWAL_STATUS_INVALID');
    // The sandbox pays it: staff cannot record its outcome by hand.
    const byHand = await call(c, 'POST', `/api/admin/distribution/withdrawals/${id}/mark-paid`, owner.headers, { reference: 'BANK-1' });
    expect([byHand.statusCode, byHand.json().code]).toEqual([409, 'WITHDRAWAL_NOT_MANUAL']);
    await drain(c);
    const [transfer] = await c.db.select().from(sandboxTransfers).where(eq(sandboxTransfers.transferNo, `WD${id}`));
    expect(transfer).toMatchObject({ amount: 6_000, payeeAccount: 'payee@example.com', payeeName: '王五', status: 'succeeded' });
    const mine = await call(c, 'GET', '/api/distribution/withdrawals', earner.headers);
    expect(mine.json().items[0]).toMatchObject({ id, status: 'paid', payoutRoute: 'sandbox', payoutRef: transfer!.transferId, payoutBy: null });
    expect(await account(c, earner.id)).toEqual({ pending: 0, available: 4_000, frozen: 0, withdrawn: 6_000 });
    // A repeated delivery of the payout message changes nothing.
    await c.services.distribution.withdrawals.runPayout({ withdrawalId: id });
    expect(await account(c, earner.id)).toEqual({ pending: 0, available: 4_000, frozen: 0, withdrawn: 6_000 });
    // The sandbox's books outlive the process: a gateway built afresh answers the first outcome and pays nothing more.
    const restarted = createSandboxTransfers({ db: c.db, clock: c.clock });
    const again = await restarted.transfer({ transferNo: `WD${id}`, amount: 6_000, payee: { account: 'payee@example.com', name: '王五' }, remark: '' });
    expect(again).toEqual({ status: 'succeeded', providerRef: transfer!.transferId });
    expect(await c.db.select().from(sandboxTransfers).where(eq(sandboxTransfers.transferNo, `WD${id}`))).toHaveLength(1);
    const audits = await c.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'withdrawal'), eq(auditLog.entityId, String(id))));
    expect(audits.map((a) => a.action)).toEqual(['withdrawal.approve']);

    const failing = await withdraw(c, earner, 4_000, newKey(), 'fail-closed-account');
    const failingId = failing.json().id as number;
    await call(c, 'POST', `/api/admin/distribution/withdrawals/${failingId}/approve`, owner.headers, {});
    await drain(c);
    const listed = await call(c, 'GET', '/api/admin/distribution/withdrawals?status=failed', owner.headers);
    expect(listed.json().items.find((w: { id: number }) => w.id === failingId)).toMatchObject({ payoutRoute: 'sandbox', failureReason: 'sandbox: payee account refused' });
    // A replay of a refused transfer is refused again, even by a fresh gateway.
    await expect(createSandboxTransfers({ db: c.db, clock: c.clock }).queryTransfer({ transferNo: `WD${failingId}` })).resolves.toMatchObject({ status: 'failed', reason: 'sandbox: payee account refused' });
    await expect(createSandboxTransfers({ db: c.db, clock: c.clock }).queryTransfer({ transferNo: 'WD-never' })).resolves.toEqual({ status: 'not_found' });
    expect(await account(c, earner.id)).toEqual({ pending: 0, available: 4_000, frozen: 0, withdrawn: 6_000 });
    expect((await ledgerOf(c, earner.id)).filter(([, , reason]) => String(reason).startsWith('withdrawal_')).slice(-4)).toEqual([
      ['available', -4_000, 'withdrawal_requested'],
      ['frozen', 4_000, 'withdrawal_requested'],
      ['available', 4_000, 'withdrawal_failed'],
      ['frozen', -4_000, 'withdrawal_failed'],
    ]);

    const messages = await c.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, earner.id)).orderBy(shopperMessages.id);
    expect(messages.map((m) => m.kind)).toEqual(['distribution.reviewed', 'distribution.commission', 'distribution.withdrawal', 'distribution.withdrawal', 'distribution.withdrawal']);
    expect(messages.slice(-2).map((m) => (m.data as { status: string }).status)).toEqual(['paid', 'failed']);

    // Another shopper sees none of these.
    const other = await c.shopperSession();
    expect((await call(c, 'GET', '/api/distribution/withdrawals', other.headers)).json().items).toEqual([]);
    await expectLedgerMatchesAccounts(c);
  });

  it("shows staff the distributor's real name and flags a payee with another name", async () => {
    const c = ctx();
    const other = await distributor(c, owner);
    await c.db.transaction((tx) => moveMoney(tx, c.clock, other.id, { available: 5_000 }, { reason: 'commission_settled', actor: 'system' }));
    const bank = { channel: 'bank', account: '6222020000000000', name: '赵六' };
    // A bank account needs its bank, for staff to transfer to.
    const noBank = await call(c, 'POST', '/api/distribution/withdrawals', { ...other.headers, 'idempotency-key': newKey() }, { amount: 2_000, payee: bank });
    expect([noBank.statusCode, noBank.json().code, noBank.json().errors?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'body.payee.bankName']);
    const res = await call(c, 'POST', '/api/distribution/withdrawals', { ...other.headers, 'idempotency-key': newKey() }, { amount: 2_000, payee: { ...bank, bankName: '招商银行 上海分行' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().payee).toEqual({ ...bank, bankName: '招商银行 上海分行' });
    const listed = await call(c, 'GET', '/api/admin/distribution/withdrawals?status=requested', owner.headers);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.find((w: { id: number }) => w.id === res.json().id)).toMatchObject({ shopperId: other.id, distributorName: '王五', payeeNameDiffers: true });
    const all = (await call(c, 'GET', '/api/admin/distribution/withdrawals', owner.headers)).json().items as { shopperId: number; payeeNameDiffers: boolean }[];
    expect(all.filter((w) => w.shopperId === earner.id).every((w) => !w.payeeNameDiffers)).toBe(true);
    expect((await call(c, 'GET', '/api/admin/distribution/withdrawals', other.headers)).statusCode).toBe(403);
  });
});
