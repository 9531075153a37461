import { eq } from 'drizzle-orm';
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

describeEachDatabase('after-sales: ticket flows', (ctx) => {
  let shop: Shop;
  let buyer: Buyer;
  const linesOf = (ids: number[]) => orderLinesById(ctx(), ids);
  const moves = (ticketId: number) => movesOf(ctx(), ticketId);
  const ticket = async (id: number, headers = buyer.headers) => (await call(ctx(), 'GET', `/api/aftersales/${id}`, headers)).json();
  const refusedMove = async (id: number, action: string, payload: unknown, status: number, code: string, staff = shop.service) => {
    const before = await aftersalesCounts(ctx());
    const res = await call(ctx(), 'POST', `/api/admin/aftersales/${id}/${action}`, staff.headers, payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await aftersalesCounts(ctx())).toEqual(before);
  };

  it('sets up a shop and a buyer', async () => {
    shop = await setupShop(ctx());
    buyer = await newBuyer(ctx());
  });

  it('refund only: applied, approved, refunded through the sandbox payment, recorded on the order line', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const line = order.lines[0]!;
    const applied = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }], reason: '质量问题' }));
    expect(applied).toMatchObject({ status: 'pending_review', type: 'refund_only', requestedAmount: line.payAmount / 2, refundAmount: null, orderNo: order.orderNo });
    expect(applied.ticketNo).toMatch(/^AS\d{18}$/);

    const approved = await staffMove(ctx(), shop.service, applied.id, 'approve', { note: '同意退款' });
    expect(approved).toMatchObject({ status: 'refunding', refundAmount: line.payAmount / 2, refundedAmount: 0, lines: [{ orderLineId: line.id, quantity: 1, refundAmount: line.payAmount / 2 }] });
    expect(approved.refunds).toMatchObject([{ amount: line.payAmount / 2, status: 'pending' }]);

    await drain(ctx());
    const done = await ticket(applied.id);
    expect(done).toMatchObject({ status: 'refunded', refundedAmount: line.payAmount / 2, refunds: [{ status: 'succeeded' }] });
    expect(done.closedAt).not.toBeNull();
    expect(done.progress.every((s: { state: string }) => s.state === 'done')).toBe(true);
    const [after] = await linesOf([line.id]);
    expect(after).toMatchObject({ refundedQuantity: 1, refundedAmount: line.payAmount / 2 });
    expect((await orderRow(ctx(), buyer, order.id)).status).toBe('awaiting_shipment');

    expect(await moves(applied.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'refunding', 'staff'],
      ['refund_succeeded', 'refunding', 'refunded', 'system'],
    ]);
    expect((await auditOf(ctx(), applied.id)).map((a) => a.action)).toEqual(['aftersales.approve']);
    const messages = (await messagesOf(ctx(), buyer.id)).filter((m) => (m.data as { ticketId?: number }).ticketId === applied.id);
    expect(messages.map((m) => [m.kind, (m.data as { status: string }).status])).toEqual([
      ['aftersales.updated', 'pending_review'],
      ['aftersales.updated', 'refunding'],
      ['aftersales.updated', 'refunded'],
      ['aftersales.refunded', 'refunded'],
    ]);

    // the other unit can be applied for, for what is left of the line
    const eligibility = (await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, buyer.headers)).json();
    expect(eligibility.lines[0]).toMatchObject({ maxQuantity: { refund_only: 1 }, maxRefundAmount: line.payAmount - line.payAmount / 2, openTicketId: null });
  });

  it('refunds the shipping fee too when the whole order is refunded before shipment, and closes the order', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.cable.skuId, quantity: 1 }]);
    expect(order.shippingFee).toBeGreaterThan(0);
    const eligibility = (await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, buyer.headers)).json();
    expect(eligibility.shippingFeeRefundable).toBe(order.shippingFee);
    const applied = await apply(ctx(), buyer, applyBody(order));
    expect(applied.requestedAmount).toBe(order.totalAmount);
    const approved = await staffMove(ctx(), shop.owner, applied.id, 'approve', {});
    expect(approved).toMatchObject({ refundAmount: order.totalAmount, shippingAmount: order.shippingFee });
    await drain(ctx());
    expect(await ticket(applied.id)).toMatchObject({ status: 'refunded', refundedAmount: order.totalAmount });
    expect(await orderRow(ctx(), buyer, order.id)).toMatchObject({ status: 'closed', refundedAmount: order.totalAmount });
  });

  it('refunds a lowered amount when staff lower it, and replays an approval retried with the same Idempotency-Key', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const applied = await apply(ctx(), buyer, applyBody(order));
    const approve = () =>
      ctx().app.inject({
        method: 'POST',
        url: `/api/admin/aftersales/${applied.id}/approve`,
        headers: { ...shop.service.headers, 'idempotency-key': `approve-${applied.id}-key` },
        payload: { refundAmount: 2_000, note: '部分退款' },
      });
    const first = await approve();
    expect(first.statusCode, first.body).toBe(200);
    const again = await approve();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await ctx().db.select().from(aftersalesRefunds).where(eq(aftersalesRefunds.ticketId, applied.id))).toHaveLength(1);
    await drain(ctx());
    expect(await ticket(applied.id)).toMatchObject({ status: 'refunded', refundAmount: 2_000, refundedAmount: 2_000 });
    const [line] = await linesOf([order.lines[0]!.id]);
    expect(line).toMatchObject({ refundedQuantity: 1, refundedAmount: 2_000 });
  });

  it('return and refund: approved, goods sent back, received, refunded', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const line = order.lines[0]!;
    await ship(ctx(), shop.owner, order.id);
    const applied = await apply(ctx(), buyer, applyBody(order, { type: 'return_refund', reason: '与描述不符', lines: [{ orderLineId: line.id, quantity: 2 }] }));
    const approved = await staffMove(ctx(), shop.service, applied.id, 'approve', { refundAmount: line.payAmount - 500 });
    expect(approved).toMatchObject({ status: 'awaiting_return', refundAmount: line.payAmount - 500 });
    await refusedMove(applied.id, 'receive', {}, 409, 'AFTERSALES_RETURN_NOT_SHIPPED');
    await refusedMove(applied.id, 'refund', {}, 409, 'AFTERSALES_ACTION_INVALID');

    for (const bad of [{}, { carrier: '顺丰' }, { carrier: '顺丰', trackingNo: 'SF 123' }, { carrier: '', trackingNo: 'SF123456' }, { carrier: '顺丰', trackingNo: 'x'.repeat(51) }]) {
      const res = await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, bad);
      expect(res.statusCode).toBe(400);
    }
    const sent = await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, { carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'awaiting_return', returnCarrier: '顺丰速运', returnTrackingNo: 'SF1234567890' });
    expect(sent.json().progress.find((s: { key: string }) => s.key === 'received').state).toBe('current');

    expect(await staffMove(ctx(), shop.service, applied.id, 'receive', { note: '包装完好' })).toMatchObject({ status: 'received' });
    const again = await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, { carrier: '顺丰速运', trackingNo: 'SF0000000000' });
    expect(again.statusCode).toBe(409);
    const refunding = await staffMove(ctx(), shop.service, applied.id, 'refund', {});
    expect(refunding).toMatchObject({ status: 'refunding', refundAmount: line.payAmount - 500 });
    await drain(ctx());
    expect(await ticket(applied.id)).toMatchObject({ status: 'refunded', refundedAmount: line.payAmount - 500 });
    expect(await moves(applied.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'awaiting_return', 'staff'],
      ['return_shipment', 'awaiting_return', 'awaiting_return', 'shopper'],
      ['receive', 'awaiting_return', 'received', 'staff'],
      ['refund', 'received', 'refunding', 'staff'],
      ['refund_succeeded', 'refunding', 'refunded', 'system'],
    ]);
    expect((await auditOf(ctx(), applied.id)).map((a) => a.action)).toEqual(['aftersales.approve', 'aftersales.receive', 'aftersales.refund']);
    expect(await orderRow(ctx(), buyer, order.id)).toMatchObject({ status: 'closed' });
  });

  it('exchange: approved, sent back, received, replacement shipped; the line is free again afterwards', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const line = order.lines[0]!;
    await ship(ctx(), shop.owner, order.id);
    const applied = await apply(ctx(), buyer, applyBody(order, { type: 'exchange', reason: '发错货' }));
    expect(applied.requestedAmount).toBe(0);
    await refusedMove(applied.id, 'approve', { refundAmount: 100 }, 400, 'VALIDATION_FAILED');
    await staffMove(ctx(), shop.service, applied.id, 'approve', {});
    await call(ctx(), 'POST', `/api/aftersales/${applied.id}/return-shipment`, buyer.headers, { carrier: '中通快递', trackingNo: 'ZT99887766' });
    await staffMove(ctx(), shop.service, applied.id, 'receive');
    await refusedMove(applied.id, 'refund', {}, 409, 'AFTERSALES_ACTION_INVALID');
    await refusedMove(applied.id, 'ship-exchange', { carrier: '顺丰' }, 400, 'VALIDATION_FAILED');
    const exchanged = await staffMove(ctx(), shop.service, applied.id, 'ship-exchange', { carrier: '顺丰速运', trackingNo: 'SF5556667778' });
    expect(exchanged).toMatchObject({ status: 'exchanged', exchangeCarrier: '顺丰速运', exchangeTrackingNo: 'SF5556667778', refundAmount: null });
    expect(exchanged.history.map((h: { action: string }) => h.action)).toEqual(['apply', 'approve', 'return_shipment', 'receive', 'ship_exchange']);
    expect(exchanged.history[1].actor).toMatch(/^staff:/);
    expect((await ticket(applied.id)).history[1].actor).toBe('staff');
    const [after] = await linesOf([line.id]);
    expect(after).toMatchObject({ refundedQuantity: 0, refundedAmount: 0 });
    const eligibility = (await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, buyer.headers)).json();
    expect(eligibility.lines[0]).toMatchObject({ openTicketId: null, maxQuantity: { refund_only: 1, return_refund: 1, exchange: 1 } });
    const messages = (await messagesOf(ctx(), buyer.id)).filter((m) => (m.data as { ticketId?: number }).ticketId === applied.id);
    expect(messages.map((m) => (m.data as { status: string }).status)).toEqual(['pending_review', 'awaiting_return', 'received', 'exchanged']);
  });

  it('reject: with a reason, at review or after receiving the goods; an end state cannot move', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const line = order.lines[0]!;
    const applied = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }] }));
    for (const bad of [{}, { reason: '' }, { reason: 'x'.repeat(501) }, { reason: 42 }]) await refusedMove(applied.id, 'reject', bad, 400, 'VALIDATION_FAILED');
    await refusedMove(2_000_000_000, 'reject', { reason: '无' }, 404, 'NOT_FOUND');
    const rejected = await staffMove(ctx(), shop.service, applied.id, 'reject', { reason: '已超出质保' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '已超出质保' });
    for (const action of ['approve', 'receive', 'refund']) await refusedMove(applied.id, action, {}, 409, action === 'refund' ? 'AFTERSALES_ACTION_INVALID' : 'AFTERSALES_STATE_INVALID');
    await refusedMove(applied.id, 'reject', { reason: '再次拒绝' }, 409, 'AFTERSALES_STATE_INVALID');
    const withdraw = await call(ctx(), 'POST', `/api/aftersales/${applied.id}/withdraw`, buyer.headers);
    expect(withdraw.statusCode).toBe(409);
    expect(await moves(applied.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['reject', 'pending_review', 'rejected', 'staff'],
    ]);
    expect((await auditOf(ctx(), applied.id)).map((a) => a.action)).toEqual(['aftersales.reject']);

    // returned goods damaged by the buyer
    await ship(ctx(), shop.owner, order.id);
    const ret = await apply(ctx(), buyer, applyBody(order, { type: 'return_refund', lines: [{ orderLineId: line.id, quantity: 1 }] }));
    await staffMove(ctx(), shop.service, ret.id, 'approve', {});
    await call(ctx(), 'POST', `/api/aftersales/${ret.id}/return-shipment`, buyer.headers, { carrier: '圆通', trackingNo: 'YT12341234' });
    await staffMove(ctx(), shop.service, ret.id, 'receive');
    const withdrawLate = await call(ctx(), 'POST', `/api/aftersales/${ret.id}/withdraw`, buyer.headers);
    expect(withdrawLate.statusCode).toBe(409);
    expect(withdrawLate.json().code).toBe('AFTERSALES_STATE_INVALID');
    expect(await staffMove(ctx(), shop.service, ret.id, 'reject', { reason: '商品被人为损坏' })).toMatchObject({ status: 'rejected' });
    expect(await moves(ret.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'awaiting_return', 'staff'],
      ['return_shipment', 'awaiting_return', 'awaiting_return', 'shopper'],
      ['receive', 'awaiting_return', 'received', 'staff'],
      ['reject', 'received', 'rejected', 'staff'],
    ]);
    const [after] = await linesOf([line.id]);
    expect(after).toMatchObject({ refundedQuantity: 0, refundedAmount: 0 });
  });

  it('withdraw: by the shopper while under review or awaiting the return, freeing the line', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const first = await apply(ctx(), buyer, applyBody(order));
    const withdrawn = await call(ctx(), 'POST', `/api/aftersales/${first.id}/withdraw`, buyer.headers);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(withdrawn.json().progress.map((s: { key: string }) => s.key)).toEqual(['applied', 'withdrawn']);
    await refusedMove(first.id, 'approve', {}, 409, 'AFTERSALES_STATE_INVALID');

    await ship(ctx(), shop.owner, order.id);
    const second = await apply(ctx(), buyer, applyBody(order, { type: 'return_refund' }));
    await staffMove(ctx(), shop.service, second.id, 'approve', {});
    const again = await call(ctx(), 'POST', `/api/aftersales/${second.id}/withdraw`, buyer.headers);
    expect(again.json()).toMatchObject({ status: 'withdrawn' });
    expect(await moves(second.id)).toEqual([
      ['apply', null, 'pending_review', 'shopper'],
      ['approve', 'pending_review', 'awaiting_return', 'staff'],
      ['withdraw', 'awaiting_return', 'withdrawn', 'shopper'],
    ]);
    expect(await auditOf(ctx(), second.id)).toHaveLength(1);
    const third = await apply(ctx(), buyer, applyBody(order, { type: 'exchange' }));
    expect(third.status).toBe('pending_review');
  });
});
