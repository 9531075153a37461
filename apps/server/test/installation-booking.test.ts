// The shopper's side of delivery-and-installation: installable products, slots, booking rules,
// capacity (also under concurrency), one live appointment per order, own orders only.
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { productWith } from './orders-fixtures.ts';
import { book, booked, call, contact, installableProduct, newBuyer, outcome, paidOrder, remainingOf, setInstallation, slot, unpaidOrder, type Headers } from './installation-fixtures.ts';
import { installationAppointments } from '../src/modules/installation/index.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';

// The test clock reads 2026-11-23 10:00 in Shanghai: slots run from 11-24 for 14 days.
describeEachDatabase('installation booking', (ctx) => {
  let owner: Headers;
  let washer: { productId: number; skuId: number };
  beforeAll(async () => {
    owner = (await ctx().staffSession('owner')).headers;
    washer = await installableProduct(ctx(), owner, '免费上门安装，含进水管');
  });
  const one = () => [{ skuId: washer.skuId, quantity: 1 }];

  it('marks and unmarks products, tells the product page, audits each change, refuses bad input', async () => {
    const c = ctx();
    const fridge = await productWith(c, owner, 499_900, 5);
    expect((await call(c, 'GET', `/api/products/${fridge.productId}/installation`, {})).json()).toEqual({ productId: fridge.productId, offered: false, note: '' });
    const cs = (await c.staffSession('customer_service')).headers;
    expect((await call(c, 'PUT', `/api/admin/installation/products/${fridge.productId}`, cs, { note: ' 送装一体 ' })).statusCode).toBe(200);
    expect((await call(c, 'GET', `/api/products/${fridge.productId}/installation`, {})).json()).toEqual({ productId: fridge.productId, offered: true, note: '送装一体' });
    const list = (await call(c, 'GET', '/api/admin/installation/products', cs)).json().items;
    expect(list.find((p: { productId: number }) => p.productId === fridge.productId)).toMatchObject({ title: '测试商品', note: '送装一体' });
    expect(await auditRows(c, 'installation.product_mark', fridge.productId)).toHaveLength(1);

    expect((await call(c, 'DELETE', `/api/admin/installation/products/${fridge.productId}`, cs)).statusCode).toBe(200);
    expect((await call(c, 'GET', `/api/products/${fridge.productId}/installation`, {})).json().offered).toBe(false);
    expect(await auditRows(c, 'installation.product_unmark', fridge.productId)).toHaveLength(1);
    expect(outcome(await call(c, 'DELETE', `/api/admin/installation/products/${fridge.productId}`, cs))).toBe('404 NOT_FOUND');

    expect(outcome(await call(c, 'PUT', '/api/admin/installation/products/2000000000', cs, { note: '' }))).toBe('404 INSTALLATION_PRODUCT_UNKNOWN');
    expect(outcome(await call(c, 'PUT', `/api/admin/installation/products/${fridge.productId}`, cs, { note: 'x'.repeat(201) }))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await call(c, 'PUT', '/api/admin/installation/products/abc', cs, { note: '' }))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await call(c, 'GET', '/api/products/2000000000/installation', {}))).toBe('404 NOT_FOUND');
    const shopper = await c.shopperSession();
    expect((await call(c, 'PUT', `/api/admin/installation/products/${fridge.productId}`, shopper.headers, { note: '' })).statusCode).toBe(403);
    expect((await call(c, 'GET', '/api/admin/installation/products', {})).statusCode).toBe(401);
  });

  it('offers the next 14 days after a day of lead time, three periods each, from the shop settings', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const res = await call(c, 'GET', '/api/installation/slots', buyer.headers);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect([body.from, body.to]).toEqual(['2026-11-24', '2026-12-07']);
    expect(body.items).toHaveLength(42);
    expect(body.items[0]).toEqual({ date: '2026-11-24', period: 'morning', capacity: 5, remaining: 5, mine: false });
    await setInstallation(c, owner, { daysAhead: 3, leadDays: 2, capacityPerPeriod: 7 });
    try {
      const narrow = (await call(c, 'GET', '/api/installation/slots', buyer.headers)).json();
      expect([narrow.from, narrow.to, narrow.items.length, narrow.items[0].capacity]).toEqual(['2026-11-25', '2026-11-27', 9, 7]);
    } finally {
      await setInstallation(c, owner, { daysAhead: 14, leadDays: 1, capacityPerPeriod: 5 });
    }
    expect((await call(c, 'GET', '/api/installation/slots', {})).statusCode).toBe(401);
    expect(outcome(await call(c, 'GET', '/api/installation/slots?orderId=abc', buyer.headers))).toBe('400 VALIDATION_FAILED');
    expect(outcome(await call(c, 'PATCH', '/api/admin/settings', owner, { installation: { capacityPerPeriod: 0 } }))).toBe('400 VALIDATION_FAILED');
  });

  it('books for an order with an installable product, right after checkout, once per order', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await unpaidOrder(c, buyer, one());
    const before = (await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json();
    expect(before).toEqual({ offered: true, canBook: true, canChange: false, appointment: null });
    const appt = await booked(c, buyer, order.id, { ...slot('2026-11-26', 'afternoon'), note: '请先电话联系' });
    expect(appt).toMatchObject({ status: 'requested', slotDate: '2026-11-26', slotPeriod: 'afternoon', orderNo: order.orderNo, contactPhone: '13912345678', note: '请先电话联系' });
    const after = (await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json();
    expect(after).toMatchObject({ offered: true, canBook: false, canChange: true, appointment: { id: appt.id, status: 'requested' } });
    expect(outcome(await book(c, buyer, order.id, slot('2026-11-27')))).toBe('409 INSTALLATION_ALREADY_BOOKED');
    const staffNotices = await c.db.select().from(staffNotifications).where(eq(staffNotifications.kind, 'installation.requested'));
    expect(staffNotices.filter((n) => (n.data as { appointmentId: number }).appointmentId === appt.id)).toMatchObject([
      { permission: 'installation.manage', titleZh: `订单 ${order.orderNo} 预约安装：11月26日 下午，待确认` },
    ]);
    const mine = (await call(c, 'GET', `/api/installation/slots?orderId=${order.id}`, buyer.headers)).json().items.filter((s: { mine: boolean }) => s.mine);
    expect(mine).toEqual([{ date: '2026-11-26', period: 'afternoon', capacity: 5, remaining: 4, mine: true }]);
  });

  it('refuses orders without installable goods, dead orders, and slots outside the offer', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const mug = await productWith(c, owner, 1_900, 50);
    const plain = await paidOrder(c, buyer, [{ skuId: mug.skuId, quantity: 1 }]);
    expect(outcome(await book(c, buyer, plain.id, slot('2026-11-25')))).toBe('409 INSTALLATION_NOT_OFFERED');
    expect((await call(c, 'GET', `/api/orders/${plain.id}/installation`, buyer.headers)).json()).toMatchObject({ offered: false, canBook: false });

    const cancelled = await unpaidOrder(c, buyer, one());
    expect((await call(c, 'POST', `/api/orders/${cancelled.id}/cancel`, buyer.headers, {})).statusCode).toBe(200);
    expect(outcome(await book(c, buyer, cancelled.id, slot('2026-11-25')))).toBe('409 INSTALLATION_ORDER_STATE');

    const order = await paidOrder(c, buyer, one());
    expect(outcome(await book(c, buyer, order.id, slot('2026-11-23')))).toBe('422 INSTALLATION_SLOT_OUT_OF_RANGE');
    expect(outcome(await book(c, buyer, order.id, slot('2026-12-08')))).toBe('422 INSTALLATION_SLOT_OUT_OF_RANGE');
    for (const bad of [
      { ...slot('2026-11-31') },
      { ...slot('26-11-25') },
      { slotDate: '2026-11-25', slotPeriod: 'night' },
      { ...slot('2026-11-25'), contactPhone: '12345' },
      { ...slot('2026-11-25'), contactName: '   ' },
      { ...slot('2026-11-25'), note: 'x'.repeat(201) },
    ]) {
      expect(outcome(await book(c, buyer, order.id, bad)), JSON.stringify(bad)).toBe('400 VALIDATION_FAILED');
    }
    expect(outcome(await call(c, 'POST', `/api/orders/${order.id}/installation`, buyer.headers, 'not json'))).toMatch(/^4\d\d /);
    expect(await c.db.select().from(installationAppointments).where(eq(installationAppointments.orderId, order.id))).toHaveLength(0);
  });

  it("shows and books only the shopper's own orders", async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const other = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    await booked(c, buyer, order.id, slot('2026-11-28'));
    expect(outcome(await call(c, 'GET', `/api/orders/${order.id}/installation`, other.headers))).toBe('404 NOT_FOUND');
    expect(outcome(await book(c, other, order.id, slot('2026-11-28')))).toBe('404 NOT_FOUND');
    expect(outcome(await call(c, 'PATCH', `/api/orders/${order.id}/installation`, other.headers, slot('2026-11-29')))).toBe('404 NOT_FOUND');
    expect(outcome(await call(c, 'POST', `/api/orders/${order.id}/installation/cancel`, other.headers, {}))).toBe('404 NOT_FOUND');
    expect(outcome(await call(c, 'GET', `/api/installation/slots?orderId=${order.id}`, other.headers))).toBe('404 NOT_FOUND');
    expect(outcome(await call(c, 'GET', '/api/orders/2000000000/installation', buyer.headers))).toBe('404 NOT_FOUND');
    expect((await call(c, 'GET', `/api/orders/${order.id}/installation`, {})).statusCode).toBe(401);
  });

  it('lets the shopper change or cancel while requested, and sends them to staff once confirmed', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    const appt = await booked(c, buyer, order.id, slot('2026-11-29'));
    const moved = await call(c, 'PATCH', `/api/orders/${order.id}/installation`, buyer.headers, { ...slot('2026-11-30', 'evening'), contactPhone: '021-12345678' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ id: appt.id, slotDate: '2026-11-30', slotPeriod: 'evening', contactPhone: '021-12345678', contactName: contact.contactName });
    expect(outcome(await call(c, 'PATCH', `/api/orders/${order.id}/installation`, buyer.headers, slot('2026-12-31')))).toBe('422 INSTALLATION_SLOT_OUT_OF_RANGE');
    const cancelled = await call(c, 'POST', `/api/orders/${order.id}/installation/cancel`, buyer.headers, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(outcome(await call(c, 'POST', `/api/orders/${order.id}/installation/cancel`, buyer.headers, {}))).toBe('404 NOT_FOUND');
    expect((await call(c, 'GET', `/api/orders/${order.id}/installation`, buyer.headers)).json()).toMatchObject({ canBook: true, canChange: false, appointment: { status: 'cancelled' } });

    const again = await booked(c, buyer, order.id, slot('2026-11-29'));
    const staff = (await c.staffSession('warehouse')).headers;
    expect((await call(c, 'POST', `/api/admin/installation/appointments/${again.id}/confirm`, staff, { technician: '王师傅' })).statusCode).toBe(200);
    expect(outcome(await call(c, 'PATCH', `/api/orders/${order.id}/installation`, buyer.headers, slot('2026-11-30')))).toBe('409 INSTALLATION_ASK_STAFF');
    expect(outcome(await call(c, 'POST', `/api/orders/${order.id}/installation/cancel`, buyer.headers, {}))).toBe('409 INSTALLATION_ASK_STAFF');
  });

  it('refuses a full slot with a clear code and frees the place of a cancelled order', async () => {
    const c = ctx();
    await setInstallation(c, owner, { capacityPerPeriod: 1 });
    try {
      const a = await newBuyer(c);
      const b = await newBuyer(c);
      const unpaid = await unpaidOrder(c, a, one());
      await booked(c, a, unpaid.id, slot('2026-12-01'));
      expect(await remainingOf(c, b, '2026-12-01', 'morning')).toBe(0);
      const paid = await paidOrder(c, b, one());
      const full = await book(c, b, paid.id, slot('2026-12-01'));
      expect(outcome(full)).toBe('409 INSTALLATION_SLOT_FULL');
      expect(full.json().title).toBe('2026-12-01 9:00-12:00 的安装名额已满，请选择其他时段');
      // The unpaid order is cancelled: its request holds no place any more, and the sweeper closes it.
      expect((await call(c, 'POST', `/api/orders/${unpaid.id}/cancel`, a.headers, {})).statusCode).toBe(200);
      expect(await remainingOf(c, b, '2026-12-01', 'morning')).toBe(1);
      await booked(c, b, paid.id, slot('2026-12-01'));
      expect(await c.services.installation.sweepOrphans()).toBe(1);
      expect(await c.services.installation.sweepOrphans()).toBe(0);
      expect((await call(c, 'GET', `/api/orders/${unpaid.id}/installation`, a.headers)).json().appointment).toMatchObject({ status: 'cancelled' });
    } finally {
      await setInstallation(c, owner, { capacityPerPeriod: 5 });
    }
  });

  it('gives the last place of a slot to exactly one of many shoppers booking at once', async () => {
    const c = ctx();
    await setInstallation(c, owner, { capacityPerPeriod: 2 });
    try {
      const first = await newBuyer(c);
      await booked(c, first, (await paidOrder(c, first, one())).id, slot('2026-12-02', 'evening'));
      const racers = await Promise.all(Array.from({ length: 6 }, () => newBuyer(c)));
      const orders = await Promise.all(racers.map((r) => unpaidOrder(c, r, one())));
      const results = await Promise.all(racers.map((r, i) => book(c, r, orders[i]!.id, slot('2026-12-02', 'evening'))));
      const outcomes = results.map(outcome);
      expect(outcomes.filter((o) => o === 201)).toHaveLength(1);
      expect(outcomes.filter((o) => o === '409 INSTALLATION_SLOT_FULL')).toHaveLength(5);
      const held = await c.db.select().from(installationAppointments).where(eq(installationAppointments.slotDate, '2026-12-02'));
      expect(held.filter((r) => r.slotPeriod === 'evening' && r.status === 'requested')).toHaveLength(2);
      expect(await remainingOf(c, first, '2026-12-02', 'evening')).toBe(0);
    } finally {
      await setInstallation(c, owner, { capacityPerPeriod: 5 });
    }
  });

  it('keeps one live appointment per order when the same order is booked several times at once', async () => {
    const c = ctx();
    const buyer = await newBuyer(c);
    const order = await paidOrder(c, buyer, one());
    const results = await Promise.all(['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'].map((d) => book(c, buyer, order.id, slot(d, 'afternoon'))));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 201)).toHaveLength(1);
    expect(outcomes.filter((o) => o === '409 INSTALLATION_ALREADY_BOOKED')).toHaveLength(3);
    expect(await c.db.select().from(installationAppointments).where(eq(installationAppointments.orderId, order.id))).toHaveLength(1);
  });
});
