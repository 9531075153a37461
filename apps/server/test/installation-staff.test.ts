// The back office's side of installation appointments: listing, confirm (with a move), reschedule,
// complete after shipping, cancel with a reason; each audited, the shopper told.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { payOrder, trackingNo } from './orders-fixtures.ts';
import { booked, call, installableProduct, messagesOf, newBuyer, outcome, paidOrder, remainingOf, setInstallation, slot, unpaidOrder, type Headers } from './installation-fixtures.ts';

const base = '/api/admin/installation/appointments';

describeEachDatabase('installation staff', (ctx) => {
  let owner: Headers;
  let staff: Headers;
  let washer: { productId: number; skuId: number };
  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
    staff = (await ctx().staffSession('customer_service')).headers;
    washer = await installableProduct(ctx(), owner);
  });
  const one = () => [{ skuId: washer.skuId, quantity: 1 }];
  const act = (id: number, action: string, body: unknown = {}) => call(ctx(), 'POST', `${base}/${id}/${action}`, staff, body);

  it('confirms a paid order only, moving its slot, audits it and tells the shopper', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await unpaidOrder(c, buyer, one());
    const appt = await booked(c, buyer, order.id, slot('2026-11-27', 'evening'));
    expect(outcome(await act(appt.id, 'confirm', { technician: '王师傅' }))).toBe('409 INSTALLATION_ORDER_UNPAID');

    await payOrder(c, buyer, order.id);
    const res = await act(appt.id, 'confirm', { ...slot('2026-11-28', 'morning'), technician: '王师傅', staffNote: '带上底座' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', slotDate: '2026-11-28', slotPeriod: 'morning', technician: '王师傅', staffNote: '带上底座' });
    expect(await remainingOf(c, buyer, '2026-11-27', 'evening')).toBe(5);
    expect(await remainingOf(c, buyer, '2026-11-28', 'morning')).toBe(4);

    const [audit] = await auditRows(c, 'installation.confirm', appt.id);
    expect(audit?.changes).toMatchObject({ orderNo: order.orderNo, status: ['requested', 'confirmed'], slotDate: ['2026-11-27', '2026-11-28'], technician: ['', '王师傅'] });
    const [message] = await messagesOf(c, buyer.id);
    expect(message).toMatchObject({ kind: 'installation.confirmed', title: '安装预约已确认：11月28日 上午' });
    expect(message!.body).toContain('王师傅');
    expect(message!.data).toMatchObject({ orderId: order.id, appointmentId: appt.id });
    const mine = (await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json();
    expect(mine).toMatchObject({ canChange: false, appointment: { status: 'confirmed', technician: '王师傅' } });
    expect(outcome(await act(appt.id, 'confirm', { technician: '李师傅' }))).toBe('409 INSTALLATION_STATE_INVALID');
  });

  it('reschedules a confirmed appointment within capacity and tells the shopper', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    const appt = await booked(c, buyer, order.id, slot('2026-11-29', 'afternoon'));
    expect(outcome(await act(appt.id, 'reschedule', slot('2026-11-30')))).toBe('409 INSTALLATION_STATE_INVALID');
    expect((await act(appt.id, 'confirm', { technician: '赵师傅' })).statusCode).toBe(200);

    await setInstallation(c, owner, { capacityPerPeriod: 1 });
    try {
      const other = await newBuyer(c);
      await booked(c, other, (await paidOrder(c, other, one())).id, slot('2026-11-30', 'evening'));
      expect(outcome(await act(appt.id, 'reschedule', slot('2026-11-30', 'evening')))).toBe('409 INSTALLATION_SLOT_FULL');
      // Staff may use today too (inside the shopper's lead time), but not the past or beyond the window.
      const res = await act(appt.id, 'reschedule', { ...slot('2026-11-23', 'evening'), technician: '钱师傅' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'confirmed', slotDate: '2026-11-23', slotPeriod: 'evening', technician: '钱师傅' });
      expect(outcome(await act(appt.id, 'reschedule', slot('2026-11-22')))).toBe('422 INSTALLATION_SLOT_OUT_OF_RANGE');
    } finally {
      await setInstallation(c, owner, { capacityPerPeriod: 5 });
    }
    expect(await auditRows(c, 'installation.reschedule', appt.id)).toHaveLength(1);
    expect((await messagesOf(c, buyer.id)).map((m) => m.title)).toEqual(['安装预约已确认：11月29日 下午', '安装预约已改期：11月23日 晚上']);
  });

  it('completes only after the order has shipped, once', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    const appt = await booked(c, buyer, order.id, slot('2026-12-01'));
    expect(outcome(await act(appt.id, 'complete'))).toBe('409 INSTALLATION_STATE_INVALID');
    expect((await act(appt.id, 'confirm', { technician: '孙师傅' })).statusCode).toBe(200);
    expect(outcome(await act(appt.id, 'complete'))).toBe('409 INSTALLATION_NOT_SHIPPED');
    const shipped = await call(c, 'POST', `/api/admin/orders/${order.id}/ship`, owner, { carrier: '顺丰速运', trackingNo: trackingNo() });
    expect(shipped.statusCode, shipped.body).toBe(200);
    const done = await act(appt.id, 'complete', { staffNote: '已安装调试' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', staffNote: '已安装调试' });
    expect(done.json().completedAt).not.toBeNull();
    expect(outcome(await act(appt.id, 'complete'))).toBe('409 INSTALLATION_STATE_INVALID');
    expect(outcome(await act(appt.id, 'cancel', { reason: '太晚了' }))).toBe('409 INSTALLATION_STATE_INVALID');
    expect(await auditRows(c, 'installation.complete', appt.id)).toHaveLength(1);
    expect((await messagesOf(c, buyer.id)).map((m) => m.kind)).toEqual(['installation.confirmed', 'installation.completed']);
    // A completed appointment is the order's one: no second booking.
    expect((await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json()).toMatchObject({ canBook: false, appointment: { status: 'completed' } });
  });

  it('cancels with a reason, which the shopper reads; the order may then be booked again', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    const appt = await booked(c, buyer, order.id, slot('2026-12-02'));
    expect(outcome(await act(appt.id, 'cancel', {}))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await act(appt.id, 'cancel', { reason: '   ' }))).toBe('400 VALIDATION_FAILED');
    const res = await act(appt.id, 'cancel', { reason: '该地区暂不支持上门安装' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', staffNote: '该地区暂不支持上门安装' });
    const [message] = await messagesOf(c, buyer.id);
    expect(message).toMatchObject({ kind: 'installation.cancelled' });
    expect(message!.body).toContain('该地区暂不支持上门安装');
    expect(await auditRows(c, 'installation.staff_cancel', appt.id)).toHaveLength(1);
    expect((await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json().canBook).toBe(true);
    await booked(c, buyer, order.id, slot('2026-12-02'));
  });

  it('lists by day range, status and order number, with the order and its installable goods', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const a = await paidOrder(c, buyer, one());
    const b = await paidOrder(c, buyer, one());
    const first = await booked(c, buyer, a.id, slot('2026-12-06', 'evening'));
    await booked(c, buyer, b.id, slot('2026-12-06', 'morning'));
    expect((await act(first.id, 'confirm', { technician: '周师傅' })).statusCode).toBe(200);
    const day = (await call(c, 'GET', `${base}?from=2026-12-06&to=2026-12-06`, staff)).json();
    expect(day.total).toBe(2);
    expect(day.items.map((i: { orderNo: string; slotPeriod: string }) => [i.orderNo, i.slotPeriod])).toEqual([
      [b.orderNo, 'morning'],
      [a.orderNo, 'evening'],
    ]);
    expect(day.items[0]).toMatchObject({ orderStatus: 'awaiting_shipment', products: ['滚筒洗衣机 10kg'], shopperId: buyer.id });
    expect(day.items[0].address).toContain('世纪大道 100 号');
    const confirmed = (await call(c, 'GET', `${base}?from=2026-12-06&to=2026-12-06&status=confirmed`, staff)).json();
    expect(confirmed.items.map((i: { id: number; confirmedBy: string }) => i.id)).toEqual([first.id]);
    expect(confirmed.items[0].confirmedBy).toMatch(/^customerservice/);
    expect((await call(c, 'GET', `${base}?orderNo=${a.orderNo}`, staff)).json().items.map((i: { id: number }) => i.id)).toEqual([first.id]);
    for (const bad of ['from=2026-13-01', 'status=done', 'pageSize=1000', 'to=yesterday']) {
      expect(outcome(await call(c, 'GET', `${base}?${bad}`, staff)), bad).toBe('400 VALIDATION_FAILED');
    }
    expect((await call(c, 'GET', base, buyer.headers)).statusCode).toBe(403);
    expect((await call(c, 'GET', base, {})).statusCode).toBe(401);
  });

  it('refuses bad staff input and unknown appointments with 4xx', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const appt = await booked(c, buyer, (await paidOrder(c, buyer, one())).id, slot('2026-12-07'));
    for (const bad of [{}, { technician: '' }, { technician: '王', slotDate: '2026-12-01' }, { technician: '王', slotPeriod: 'morning' }, { technician: 'x'.repeat(31) }]) {
      expect(outcome(await act(appt.id, 'confirm', bad)), JSON.stringify(bad)).toBe('400 VALIDATION_FAILED');
    }
    expect(outcome(await act(2_000_000_000, 'confirm', { technician: '王师傅' }))).toBe('404 NOT_FOUND');
    expect(outcome(await act(appt.id, 'reschedule', { slotDate: '2026-12-01' }))).toBe('400 VALIDATION_FAILED');
    expect((await call(c, 'POST', `${base}/${appt.id}/confirm`, buyer.headers, { technician: '王师傅' })).statusCode).toBe(403);
    expect(await auditRows(c, 'installation.confirm', appt.id)).toHaveLength(0);
  });

  it('lets exactly one of several staff confirming the same appointment at once win', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const appt = await booked(c, buyer, (await paidOrder(c, buyer, one())).id, slot('2026-12-05'));
    const results = await Promise.all(['王师傅', '李师傅', '张师傅'].map((technician) => act(appt.id, 'confirm', { technician })));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 INSTALLATION_STATE_INVALID')).toHaveLength(2);
    const winner = results.find((r) => r.statusCode === 200)!.json().technician;
    const audits = await auditRows(c, 'installation.confirm', appt.id);
    expect(audits.map((a) => (a.changes as { technician: string[] }).technician[1])).toEqual([winner]);
    expect(await messagesOf(c, buyer.id)).toHaveLength(1);
  });
});
