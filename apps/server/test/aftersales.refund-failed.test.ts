import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import {
  aftersalesCounts,
  apply,
  applyBody,
  auditOf,
  call,
  drain,
  messagesOf,
  movesOf,
  newBuyer,
  orderLinesById,
  orderRow,
  paidOrder,
  setupShop,
  ship,
  staffMove,
  type Buyer,
  type Shop,
} from './aftersales-fixtures.ts';
import { aftersalesRefunds } from '../src/modules/aftersales/aftersales.tables.ts';
import { paymentLedger, refunds } from '../src/modules/payments/payments.tables.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';
import { OPERATION_MAX_ATTEMPTS } from '../src/modules/payments/payments.rules.ts';

describeEachDatabase('after-sales: refunds the gateway refuses', (ctx) => {
  let shop: Shop;
  let buyer: Buyer;
  const linesOf = (ids: number[]) => orderLinesById(ctx(), ids);
  const moves = (ticketId: number) => movesOf(ctx(), ticketId);
  const ticketRefunds = (ticketId: number) => ctx().db.select().from(aftersalesRefunds).where(eq(aftersalesRefunds.ticketId, ticketId)).orderBy(aftersalesRefunds.refundId);
  const paymentRefunds = (ticketId: number) =>
    ctx().db.select().from(refunds).where(and(eq(refunds.refType, 'aftersales'), eq(refunds.refId, String(ticketId)))).orderBy(refunds.id);
  const staffNotices = (ticketId: number) =>
    ctx()
      .db.select()
      .from(staffNotifications)
      .where(and(eq(staffNotifications.kind, 'aftersales.refund_failed'), sql`${staffNotifications.data}->>'ticketId' = ${String(ticketId)}`))
      .orderBy(staffNotifications.id);
  const ticketMessages = async (ticketId: number) =>
    (await messagesOf(ctx(), buyer.id)).filter((m) => (m.data as { ticketId?: number }).ticketId === ticketId).map((m) => [m.kind, (m.data as { status: string }).status]);
  /** The gateway refuses every attempt of the outbox until the last one: the refund is marked failed. */
  const refuseRefunds = async () => {
    ctx().sandboxGateway!.injectFault('refund', 'failed', OPERATION_MAX_ATTEMPTS);
    for (let i = 0; i <= OPERATION_MAX_ATTEMPTS; i++) {
      await drain(ctx());
      ctx().clock.advance(60_000);
    }
    ctx().sandboxGateway!.clearFaults();
  };
  const retry = (ticketId: number, key?: string, staff = shop.service, payload: unknown = { note: '已核对收款账户' }) =>
    call(ctx(), 'POST', `/api/admin/aftersales/${ticketId}/retry-refund`, key ? { ...staff.headers, 'idempotency-key': key } : staff.headers, payload);

  it('sets up a shop and a buyer', async () => {
    shop = await setupShop(ctx());
    buyer = await newBuyer(ctx());
  });

  it('refund only: a refund refused to the end leaves the ticket refund_failed; a retry refunds it once', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const line = order.lines[0]!;
    const applied = await apply(ctx(), buyer, applyBody(order));
    await staffMove(ctx(), shop.service, applied.id, 'approve', {});
    await refuseRefunds();

    const failed = (await call(ctx(), 'GET', `/api/admin/aftersales/${applied.id}`, shop.service.headers)).json();
    expect(failed).toMatchObject({ status: 'refund_failed', refundAmount: line.payAmount, refundedAmount: 0, closedAt: null, refunds: [{ status: 'failed', amount: line.payAmount }] });
    expect(failed.progress.map((s: { key: string; state: string }) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['reviewed', 'done'],
      ['refunding', 'done'],
      ['refund_failed', 'current'],
      ['refunded', 'todo'],
    ]);
    expect(await moves(applied.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'refunding', 'staff'],
      ['refund_failed', 'refunding', 'refund_failed', 'system'],
    ]);
    const notices = await staffNotices(applied.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ permission: 'aftersales.handle', data: { ticketId: applied.id, amount: line.payAmount, reason: 'refused by the gateway' } });
    expect(notices[0]!.titleZh).toContain(applied.ticketNo);
    expect(await ticketMessages(applied.id)).toEqual([
      ['aftersales.updated', 'pending_review'],
      ['aftersales.updated', 'refunding'],
      ['aftersales.updated', 'refund_failed'],
    ]);
    const [shopperView] = (await messagesOf(ctx(), buyer.id)).filter((m) => (m.data as { status?: string }).status === 'refund_failed' && (m.data as { ticketId: number }).ticketId === applied.id);
    expect(shopperView!.body).toContain('退款未能完成');
    // the shopper sees the state, the order line still holds its units, nothing refunded
    expect((await call(ctx(), 'GET', `/api/aftersales/${applied.id}`, buyer.headers)).json()).toMatchObject({ status: 'refund_failed' });
    expect((await linesOf([line.id]))[0]).toMatchObject({ refundedQuantity: 0, refundedAmount: 0 });
    const eligibility = (await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, buyer.headers)).json();
    expect(eligibility.lines[0]).toMatchObject({ openTicketId: applied.id });

    // More outbox runs change nothing: the failure was applied once.
    ctx().clock.advance(3_600_000);
    await drain(ctx());
    expect(await staffNotices(applied.id)).toHaveLength(1);
    expect((await moves(applied.id)).filter(([action]) => action === 'refund_failed')).toHaveLength(1);

    // A retry the gateway refuses again: a second failure, told again.
    const first = await retry(applied.id, `retry-${applied.id}-1`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'refunding', refunds: [{ status: 'failed' }, { status: 'pending', amount: line.payAmount }] });
    await refuseRefunds();
    expect((await ticketRefunds(applied.id)).map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(await staffNotices(applied.id)).toHaveLength(2);

    // The gateway takes it now: refunded once, recorded on the order line once.
    const key = `retry-${applied.id}-2`;
    const second = await retry(applied.id, key);
    expect(second.statusCode, second.body).toBe(200);
    const replay = await retry(applied.id, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(second.json());
    expect(await ticketRefunds(applied.id)).toHaveLength(3);
    await drain(ctx());
    const done = (await call(ctx(), 'GET', `/api/admin/aftersales/${applied.id}`, shop.service.headers)).json();
    expect(done).toMatchObject({ status: 'refunded', refundedAmount: line.payAmount });
    expect(done.refunds.map((r: { status: string }) => r.status)).toEqual(['failed', 'failed', 'succeeded']);
    expect(done.progress.every((s: { state: string }) => s.state === 'done')).toBe(true);
    expect((await linesOf([line.id]))[0]).toMatchObject({ refundedQuantity: 2, refundedAmount: line.payAmount });
    expect(await orderRow(ctx(), buyer, order.id)).toMatchObject({ refundedAmount: line.payAmount });
    const money = await paymentRefunds(applied.id);
    expect(money.map((r) => r.status)).toEqual(['failed', 'failed', 'succeeded']);
    const ledger = await ctx().db.select().from(paymentLedger).where(inArray(paymentLedger.refundId, money.map((r) => r.id)));
    expect(ledger.map((l) => l.amount)).toEqual([-line.payAmount]);
    expect(await moves(applied.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'refunding', 'staff'],
      ['refund_failed', 'refunding', 'refund_failed', 'system'],
      ['retry_refund', 'refund_failed', 'refunding', 'staff'],
      ['refund_failed', 'refunding', 'refund_failed', 'system'],
      ['retry_refund', 'refund_failed', 'refunding', 'staff'],
      ['refund_succeeded', 'refunding', 'refunded', 'system'],
    ]);
    expect((await auditOf(ctx(), applied.id)).map((a) => a.action)).toEqual(['aftersales.approve', 'aftersales.retry_refund', 'aftersales.retry_refund']);
    expect(await ticketMessages(applied.id)).toEqual([
      ['aftersales.updated', 'pending_review'],
      ['aftersales.updated', 'refunding'],
      ['aftersales.updated', 'refund_failed'],
      ['aftersales.updated', 'refunding'],
      ['aftersales.updated', 'refund_failed'],
      ['aftersales.updated', 'refunding'],
      ['aftersales.updated', 'refunded'],
      ['aftersales.refunded', 'refunded'],
    ]);
    // refunded is an end state: no more retries
    const late = await retry(applied.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('AFTERSALES_ACTION_INVALID');
  });

  it('return and refund: a failed refund of received goods is retried to the approved amount', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.cable.skuId, quantity: 1 }]);
    const line = order.lines[0]!;
    await ship(ctx(), shop.owner, order.id);
    const applied = await apply(ctx(), buyer, applyBody(order, { type: 'return_refund', reason: '商品损坏' }));
    await staffMove(ctx(), shop.service, applied.id, 'approve', { refundAmount: line.payAmount - 100 });
    await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, { carrier: '顺丰速运', trackingNo: 'SF2223334445' });
    await staffMove(ctx(), shop.service, applied.id, 'receive', { restock: false });
    await staffMove(ctx(), shop.service, applied.id, 'refund', {});
    await refuseRefunds();
    expect((await call(ctx(), 'GET', `/api/aftersales/${applied.id}`, buyer.headers)).json()).toMatchObject({ status: 'refund_failed', refundedAmount: 0 });
    expect(await staffNotices(applied.id)).toHaveLength(1);

    expect((await retry(applied.id)).statusCode).toBe(200);
    await drain(ctx());
    expect((await call(ctx(), 'GET', `/api/aftersales/${applied.id}`, buyer.headers)).json()).toMatchObject({ status: 'refunded', refundedAmount: line.payAmount - 100 });
    expect((await linesOf([line.id]))[0]).toMatchObject({ refundedQuantity: 1, refundedAmount: line.payAmount - 100 });
    expect((await paymentRefunds(applied.id)).map((r) => [r.status, r.amount])).toEqual([
      ['failed', line.payAmount - 100],
      ['succeeded', line.payAmount - 100],
    ]);
  });

  it('refuses a retry of a ticket whose refund did not fail, by staff without the permission, or with bad input; nothing changes', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const applied = await apply(ctx(), buyer, applyBody(order));
    const refused = async (id: number, status: number, code: string, staff = shop.service, payload: unknown = {}) => {
      const before = await aftersalesCounts(ctx());
      const res = await retry(id, `retry-${crypto.randomBytes(4).toString('hex')}`, staff, payload);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
      expect(await aftersalesCounts(ctx())).toEqual(before);
    };
    await refused(applied.id, 409, 'AFTERSALES_ACTION_INVALID'); // under review
    await staffMove(ctx(), shop.service, applied.id, 'approve', {});
    await refused(applied.id, 409, 'AFTERSALES_ACTION_INVALID'); // refunding
    await refuseRefunds();
    await refused(applied.id, 403, 'FORBIDDEN', shop.warehouse);
    await refused(applied.id, 400, 'VALIDATION_FAILED', shop.service, { note: 'x'.repeat(501) });
    await refused(applied.id, 400, 'VALIDATION_FAILED', shop.service, { note: 42 });
    await refused(2_000_000_000, 404, 'NOT_FOUND');
    const anonymous = await call(ctx(), 'POST', `/api/admin/aftersales/${applied.id}/retry-refund`, {}, {});
    expect(anonymous.statusCode).toBe(401);
    const asShopper = await call(ctx(), 'POST', `/api/admin/aftersales/${applied.id}/retry-refund`, buyer.headers, {});
    expect(asShopper.statusCode).toBe(403);
    expect((await call(ctx(), 'GET', `/api/aftersales/${applied.id}`, buyer.headers)).json()).toMatchObject({ status: 'refund_failed' });
    expect(await paymentRefunds(applied.id)).toHaveLength(1);
  });
});
