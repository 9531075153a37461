// Issue 8: withdrawals paid out through the payment provider interface. With Alipay configured,
// an Alipay payee is paid by alipay.fund.trans.uni.transfer at the local fake gateway (requests
// and answers signed and verified); an unfinished transfer is asked about by the sweeper until it
// is final. Without any provider (production: sandbox off, no Alipay) an approved withdrawal waits
// for staff to pay it themselves and record it (标记已打款 / 打款失败): never a pretend success.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { call, drain, newKey, type Session } from './orders-fixtures.ts';
import { account, distributor, expectLedgerMatchesAccounts, ledgerOf, setShop } from './distribution-fixtures.ts';
import { alipaySetup } from './fakes/setup.ts';
import type { FakeAlipay } from './fakes/alipay-gateway.ts';
import { rsaKeyPair } from './fakes/fake-http.ts';
import { moveMoney } from '../src/modules/distribution/distribution-ledger.ts';
import { createAlipayProvider } from '../src/modules/payments/providers/alipay.ts';
import { loadConfig } from '../src/config.ts';
import { expectCode } from './fakes/e2e.ts';
import { auditLog } from '../src/platform/platform.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { sandboxTransfers } from '../src/modules/payments/providers/sandbox.tables.ts';

type Channel = 'alipay' | 'wechat' | 'bank';

/** Commission already settled into the distributor's available balance (a ledger row, as settlement writes). */
async function fund(c: TestContext, shopperId: number, amount: number) {
  await c.db.transaction((tx) => moveMoney(tx, c.clock, shopperId, { available: amount }, { reason: 'commission_settled', actor: 'system' }));
}

/** The owner, with a low withdrawal minimum, and an approved distributor holding `amount` to withdraw. */
async function ownerAndFundedDistributor(c: TestContext, amount: number): Promise<{ owner: Session; earner: Session }> {
  const owner = await c.staffSession('owner');
  await setShop(c, owner, { distributors: { minWithdrawal: 100 } });
  const earner = await distributor(c, owner);
  await fund(c, earner.id, amount);
  return { owner, earner };
}

async function requestWithdrawal(c: TestContext, who: Session, amount: number, payee: { channel: Channel; account: string; name?: string; bankName?: string }) {
  const res = await call(c, 'POST', '/api/distribution/withdrawals', { ...who.headers, 'idempotency-key': newKey() }, { amount, payee: { name: '王五', ...payee } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

const admin = (c: TestContext, who: Session, id: number, action: string, body: unknown = {}) => call(c, 'POST', `/api/admin/distribution/withdrawals/${id}/${action}`, who.headers, body);
const mine = async (c: TestContext, who: Session, id: number) => (await call(c, 'GET', '/api/distribution/withdrawals', who.headers)).json().items.find((w: { id: number }) => w.id === id);

let fake: FakeAlipay;
let alipayEnv: Record<string, string>;

describeEachDatabase(
  'distribution payouts through Alipay',
  (ctx) => {
    let owner: Session;
    let earner: Session;

    beforeAll(async () => {
      ({ owner, earner } = await ownerAndFundedDistributor(ctx(), 100_000));
    });

    /** Requests to an Alipay account, approves, and runs the jobs; returns the withdrawal's id. */
    async function approvedToAlipay(account: string, amount: number) {
      const c = ctx();
      const id = await requestWithdrawal(c, earner, amount, { channel: 'alipay', account });
      const approved = await admin(c, owner, id, 'approve');
      expect(approved.json()).toMatchObject({ status: 'approved', payoutRoute: 'alipay' });
      await drain(c);
      return id;
    }

    it('pays an Alipay payee by a signed uni.transfer (out_biz_no = transfer number), once', async () => {
      const c = ctx();
      const logStart = fake.log.length;
      const id = await approvedToAlipay('payee@example.com', 6_000);
      const sent = fake.transfers.transfers.get(`WD${id}`)!;
      expect(await mine(c, earner, id)).toMatchObject({ status: 'paid', payoutRoute: 'alipay', payoutRef: sent.orderId, failureReason: null });
      expect(fake.transfers.requests.at(-1)).toMatchObject({
        out_biz_no: `WD${id}`,
        trans_amount: '60.00',
        product_code: 'TRANS_ACCOUNT_NO_PWD',
        biz_scene: 'DIRECT_TRANSFER',
        payee_info: { identity: 'payee@example.com', identity_type: 'ALIPAY_LOGON_ID', name: '王五' },
      });
      expect(fake.log.slice(logStart)).toEqual([{ path: '/v3/alipay/fund/trans/uni/transfer', signatureOk: true }]);
      expect(await account(c, earner.id)).toMatchObject({ available: 94_000, frozen: 0, withdrawn: 6_000 });
      // Not through the sandbox, and a repeated delivery of the payout message pays nothing more.
      expect(await c.db.select().from(sandboxTransfers).where(eq(sandboxTransfers.transferNo, `WD${id}`))).toEqual([]);
      await c.services.distribution.withdrawals.runPayout({ withdrawalId: id });
      expect(fake.transfers.requests.filter((r) => r.out_biz_no === `WD${id}`)).toHaveLength(1);
      expect(await account(c, earner.id)).toMatchObject({ available: 94_000, withdrawn: 6_000 });
    });

    it('a transfer still DEALING stays approved and is asked about by the sweeper until it succeeds', async () => {
      const c = ctx();
      fake.transfers.plan('slow@example.com', 'dealing');
      const id = await approvedToAlipay('slow@example.com', 2_000);
      const sent = fake.transfers.transfers.get(`WD${id}`)!;
      expect(await mine(c, earner, id)).toMatchObject({ status: 'approved', payoutRef: sent.orderId });
      expect(await account(c, earner.id)).toMatchObject({ frozen: 2_000 });
      const logStart = fake.log.length;
      c.clock.advance(61_000);
      await drain(c);
      expect(fake.log.slice(logStart).map((l) => [l.path.split('?')[0], l.signatureOk])).toEqual([['/v3/alipay/fund/trans/common/query', true]]);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'approved' });
      fake.transfers.settle(`WD${id}`, 'SUCCESS');
      c.clock.advance(30_000); // not due yet: the next check backs off
      await drain(c);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'approved' });
      c.clock.advance(120_000);
      await drain(c);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'paid', payoutRef: sent.orderId });
      expect(await account(c, earner.id)).toMatchObject({ frozen: 0, withdrawn: 8_000 });
      expect(fake.transfers.requests.filter((r) => r.out_biz_no === `WD${id}`)).toHaveLength(1);
    });

    it('a transfer that fails at Alipay (at once or later) returns the money to available', async () => {
      const c = ctx();
      fake.transfers.plan('closed@example.com', 'fail');
      const failedAtOnce = await approvedToAlipay('closed@example.com', 1_000);
      expect(await mine(c, earner, failedAtOnce)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('收款账户状态异常') });
      expect(await account(c, earner.id)).toMatchObject({ available: 92_000, frozen: 0 });

      fake.transfers.plan('later@example.com', 'dealing');
      const failedLater = await approvedToAlipay('later@example.com', 1_500);
      expect(await account(c, earner.id)).toMatchObject({ available: 90_500, frozen: 1_500 });
      fake.transfers.settle(`WD${failedLater}`, 'FAIL', '收款方账户已注销');
      c.clock.advance(61_000);
      await drain(c);
      expect(await mine(c, earner, failedLater)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('收款方账户已注销') });
      expect(await account(c, earner.id)).toMatchObject({ available: 92_000, frozen: 0, withdrawn: 8_000 });
      expect((await ledgerOf(c, earner.id)).slice(-2)).toEqual([
        ['available', 1_500, 'withdrawal_failed'],
        ['frozen', -1_500, 'withdrawal_failed'],
      ]);
      const kinds = await c.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, earner.id));
      expect(kinds.filter((m) => (m.data as { withdrawalId?: number }).withdrawalId === failedLater).map((m) => (m.data as { status: string }).status)).toEqual(['failed']);
      await expectLedgerMatchesAccounts(c);
    });

    it('a business refusal fails the withdrawal; a system error leaves it approved and is retried without paying twice', async () => {
      const c = ctx();
      fake.transfers.plan('nobody@example.com', { refuse: 'PAYEE_NOT_EXIST' });
      const refused = await approvedToAlipay('nobody@example.com', 1_000);
      expect(await mine(c, earner, refused)).toMatchObject({ status: 'failed', failureReason: expect.stringContaining('PAYEE_NOT_EXIST') });
      expect(fake.transfers.transfers.has(`WD${refused}`)).toBe(false);
      expect(await account(c, earner.id)).toMatchObject({ available: 92_000, frozen: 0 });

      fake.transfers.plan('busy@example.com', { refuse: 'SYSTEM_ERROR', status: 500 });
      const retried = await approvedToAlipay('busy@example.com', 3_000);
      expect(await mine(c, earner, retried)).toMatchObject({ status: 'approved', failureReason: null });
      expect(await account(c, earner.id)).toMatchObject({ available: 89_000, frozen: 3_000 });
      fake.transfers.plan('busy@example.com', 'success');
      c.clock.advance(10 * 60_000);
      await drain(c);
      expect(await mine(c, earner, retried)).toMatchObject({ status: 'paid', payoutRef: fake.transfers.transfers.get(`WD${retried}`)!.orderId });
      expect(await account(c, earner.id)).toMatchObject({ available: 89_000, frozen: 0, withdrawn: 11_000 });
      await expectLedgerMatchesAccounts(c);
    });

    it('an answer not signed by Alipay is not believed: the withdrawal stays approved until a genuine answer', async () => {
      const c = ctx();
      fake.answerKey = rsaKeyPair().privateKey;
      let id: number;
      try {
        id = await approvedToAlipay('forged@example.com', 1_000);
        expect(await mine(c, earner, id)).toMatchObject({ status: 'approved', payoutRef: null });
        expect(await account(c, earner.id)).toMatchObject({ frozen: 1_000 });
      } finally {
        fake.answerKey = undefined;
      }
      c.clock.advance(10 * 60_000);
      await drain(c);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'paid', payoutRef: fake.transfers.transfers.get(`WD${id}`)!.orderId });
      expect(fake.transfers.requests.filter((r) => r.out_biz_no === `WD${id}`).length).toBeGreaterThanOrEqual(1);
      expect(await account(c, earner.id)).toMatchObject({ frozen: 0, withdrawn: 12_000 });
    });

    it('a transfer the gateway does not accept as signed by the shop is an unknown outcome, not a failed payout', async () => {
      const c = ctx();
      const stranger = createAlipayProvider({ config: loadConfig({ ...alipayEnv, ALIPAY_PRIVATE_KEY: rsaKeyPair().privateKey }).payments.alipay!, clock: c.clock });
      const input = { transferNo: 'WD-stranger', amount: 100, payee: { account: 'payee@example.com', name: '王五' }, remark: '' };
      await expectCode(stranger.transfer!(input), 'PAYMENT_GATEWAY_ERROR');
      expect(fake.log.at(-1)).toEqual({ path: '/v3/alipay/fund/trans/uni/transfer', signatureOk: false });
      await expectCode(stranger.queryTransfer!({ transferNo: 'WD-stranger' }), 'PAYMENT_GATEWAY_ERROR');
      expect(fake.transfers.transfers.has('WD-stranger')).toBe(false);
    });

    it('WeChat and bank payees go through the sandbox (no WeChat transfer: no openid to pay)', async () => {
      const c = ctx();
      const id = await requestWithdrawal(c, earner, 1_000, { channel: 'wechat', account: 'wxid_someone' });
      expect((await admin(c, owner, id, 'approve')).json()).toMatchObject({ payoutRoute: 'sandbox' });
      await drain(c);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'paid', payoutRoute: 'sandbox' });
    });
  },
  async () => {
    await fake?.close();
    const setup = await alipaySetup();
    fake = setup.fake;
    alipayEnv = setup.env;
    return setup.env;
  },
);

afterAll(async () => {
  await fake?.close();
});

describeEachDatabase(
  'distribution payouts with no payout provider (production: sandbox off, no Alipay)',
  (ctx) => {
    let owner: Session;
    let earner: Session;

    beforeAll(async () => {
      ({ owner, earner } = await ownerAndFundedDistributor(ctx(), 20_000));
    });

    it('an approved withdrawal waits for a manual payout; staff record it paid with a reference', async () => {
      const c = ctx();
      const id = await requestWithdrawal(c, earner, 5_000, { channel: 'alipay', account: 'payee@example.com' });
      const early = await admin(c, owner, id, 'mark-paid', { reference: 'BANK-0001' });
      expect([early.statusCode, early.json().code]).toEqual([409, 'WITHDRAWAL_STATUS_INVALID']);
      expect((await admin(c, owner, id, 'approve')).json()).toMatchObject({ status: 'approved', payoutRoute: 'manual' });
      await drain(c);
      c.clock.advance(3_600_000);
      await drain(c);
      expect(await mine(c, earner, id)).toMatchObject({ status: 'approved', payoutRoute: 'manual', payoutRef: null });
      expect(await account(c, earner.id)).toMatchObject({ available: 15_000, frozen: 5_000, withdrawn: 0 });

      const missing = await admin(c, owner, id, 'mark-paid', { reference: '  ' });
      expect(missing.statusCode).toBe(400);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.reference']);
      const warehouse = await c.staffSession('warehouse');
      expect((await admin(c, warehouse, id, 'mark-paid', { reference: 'BANK-0001' })).statusCode).toBe(403);

      const paid = await admin(c, owner, id, 'mark-paid', { reference: 'BANK-0001', note: '工行转账' });
      expect(paid.statusCode, paid.body).toBe(200);
      expect(paid.json()).toMatchObject({ status: 'paid', payoutRoute: 'manual', payoutRef: 'BANK-0001', payoutBy: expect.any(String) });
      expect(await account(c, earner.id)).toMatchObject({ available: 15_000, frozen: 0, withdrawn: 5_000 });
      const again = await admin(c, owner, id, 'mark-failed', { reason: '重复' });
      expect([again.statusCode, again.json().code]).toEqual([409, 'WITHDRAWAL_STATUS_INVALID']);
      const audits = await c.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'withdrawal'), eq(auditLog.entityId, String(id))));
      expect(audits.map((a) => a.action)).toEqual(['withdrawal.approve', 'withdrawal.mark_paid']);
      expect(audits[1]!.changes).toMatchObject({ reference: 'BANK-0001' });
      const messages = await c.db.select().from(shopperMessages).where(eq(shopperMessages.shopperId, earner.id));
      expect(messages.filter((m) => m.kind === 'distribution.withdrawal').map((m) => m.title)).toEqual(['提现已到账']);
    });

    it('staff record a manual payout failed with a reason: the money returns to available', async () => {
      const c = ctx();
      const id = await requestWithdrawal(c, earner, 4_000, { channel: 'bank', account: '6222020000000000000', bankName: '招商银行 上海分行' });
      expect((await admin(c, owner, id, 'approve')).json()).toMatchObject({ payoutRoute: 'manual' });
      const missing = await admin(c, owner, id, 'mark-failed', {});
      expect([missing.statusCode, missing.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
      const failed = await admin(c, owner, id, 'mark-failed', { reason: '银行卡户名不符' });
      expect(failed.json()).toMatchObject({ status: 'failed', failureReason: '银行卡户名不符', payoutRef: null });
      expect(await account(c, earner.id)).toMatchObject({ available: 15_000, frozen: 0, withdrawn: 5_000 });
      expect((await ledgerOf(c, earner.id)).slice(-2)).toEqual([
        ['available', 4_000, 'withdrawal_failed'],
        ['frozen', -4_000, 'withdrawal_failed'],
      ]);
      const audits = await c.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'withdrawal'), eq(auditLog.entityId, String(id))));
      expect(audits.map((a) => a.action)).toEqual(['withdrawal.approve', 'withdrawal.mark_failed']);
      const notFound = await admin(c, owner, 999_999, 'mark-paid', { reference: 'X' });
      expect([notFound.statusCode, notFound.json().code]).toEqual([404, 'WITHDRAWAL_NOT_FOUND']);
      await expectLedgerMatchesAccounts(c);
    });
  },
  () => ({ SANDBOX_PAY_ENABLED: 'false' }),
);
