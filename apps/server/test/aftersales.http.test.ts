import fs from 'node:fs';
import { expect, it } from 'vitest';
import { AFTERSALES_LIMITS } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import { multipart, PNG_1x1 } from './catalog-fixtures.ts';
import { DAY } from '../src/platform/clock.ts';
import { loadConfig } from '../src/config.ts';
import type { LocalDiskStorage } from '../src/platform/storage.ts';
import {
  aftersalesCounts,
  apply,
  applyBody,
  call,
  complete,
  newBuyer,
  paidOrder,
  setupShop,
  ship,
  staffMove,
  unpaidOrder,
  type Buyer,
  type PlacedOrder,
  type Shop,
} from './aftersales-fixtures.ts';

const UPLOAD_BYTES = loadConfig({ NODE_ENV: 'test' }).limits.uploadBytes;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);

describeEachDatabase('after-sales: applications, photos, eligibility, access', (ctx) => {
  let shop: Shop;
  let buyer: Buyer;
  const upload = (headers: Record<string, string>, file: ReturnType<typeof multipart>) =>
    ctx().app.inject({ method: 'POST', url: '/api/aftersales/photos', headers: { ...headers, ...file.headers }, payload: file.payload });
  const photo = async (headers: Record<string, string> = buyer.headers) => {
    const res = await upload(headers, multipart('file', 'photo.png', 'image/png', PNG_1x1));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().url as string;
  };
  const eligibility = async (order: PlacedOrder, headers = buyer.headers) => {
    const res = await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const refused = async (body: Record<string, unknown>, status: number, code: string, headers = buyer.headers) => {
    const before = await aftersalesCounts(ctx());
    const res = await call(ctx(), 'POST', '/api/aftersales', headers, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().code).toBe(code);
    expect(await aftersalesCounts(ctx())).toEqual(before);
    return res.json();
  };

  it('sets up a shop and a buyer', async () => {
    shop = await setupShop(ctx());
    buyer = await newBuyer(ctx());
  });

  it('uploads photos checked by their bytes, served back, and uses them in an application', async () => {
    const url = await photo();
    expect(url).toMatch(new RegExp(`^/uploads/aftersales/${buyer.id}/[0-9a-f]{32}\\.png$`));
    const served = await ctx().app.inject({ method: 'GET', url });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG_1x1)).toBe(true);
    const jpeg = await upload(buyer.headers, multipart('file', 'x.bin', 'application/octet-stream', JPEG));
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json().url.endsWith('.jpg')).toBe(true);

    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const ticket = await apply(ctx(), buyer, applyBody(order, { photos: [url, jpeg.json().url], reason: '商品损坏' }));
    expect(ticket.photos).toEqual([url, jpeg.json().url]);
    expect(ticket.reason).toBe('商品损坏');
    // a photo goes with one application only
    await call(ctx(), 'POST', `/api/aftersales/${ticket.id}/withdraw`, buyer.headers);
    await refused(applyBody(order, { photos: [url] }), 400, 'AFTERSALES_PHOTO_INVALID');
  });

  it('refuses photos of the wrong type, too large, too many, not uploaded, or another shopper’s', async () => {
    const root = (ctx().storage as LocalDiskStorage).rootDir;
    const files = () => (fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => String(f).includes('.')).length : 0);
    const before = [await aftersalesCounts(ctx()), files()];
    for (const file of [
      multipart('file', 'notes.txt', 'text/plain', Buffer.from('hello')),
      multipart('file', 'fake.png', 'image/png', Buffer.from('not an image, only its name says so')),
      multipart('file', 'x.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
      multipart('file', 'real.png', 'text/html', PNG_1x1),
    ]) {
      const res = await upload(buyer.headers, file);
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('IMAGE_TYPE_UNSUPPORTED');
    }
    const big = await upload(buyer.headers, multipart('file', 'big.png', 'image/png', Buffer.concat([PNG_1x1, Buffer.alloc(UPLOAD_BYTES + 1)])));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    const json = await call(ctx(), 'POST', '/api/aftersales/photos', buyer.headers, { url: 'x' });
    expect(json.statusCode).toBe(415);
    expect([await aftersalesCounts(ctx()), files()]).toEqual(before);

    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const urls = await Promise.all(Array.from({ length: AFTERSALES_LIMITS.photosMax + 1 }, () => photo()));
    const tooMany = await refused(applyBody(order, { photos: urls }), 400, 'VALIDATION_FAILED');
    expect(tooMany.errors[0].path).toBe('body.photos');
    await refused(applyBody(order, { photos: ['/uploads/aftersales/1/0123456789abcdef0123456789abcdef.png'] }), 400, 'AFTERSALES_PHOTO_INVALID');
    const other = await newBuyer(ctx());
    await refused(applyBody(order, { photos: [await photo(other.headers)] }), 400, 'AFTERSALES_PHOTO_INVALID');
    const ok = await apply(ctx(), buyer, applyBody(order, { photos: urls.slice(0, AFTERSALES_LIMITS.photosMax) }));
    expect(ok.photos).toHaveLength(AFTERSALES_LIMITS.photosMax);
  });

  it('keeps at most so many unused uploads per shopper', async () => {
    const shopper = await ctx().shopperSession();
    for (let i = 0; i < AFTERSALES_LIMITS.pendingPhotosMax; i++) await photo(shopper.headers);
    const res = await upload(shopper.headers, multipart('file', 'one-more.png', 'image/png', PNG_1x1));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('AFTERSALES_PHOTO_LIMIT');
  });

  it('lets only one of two simultaneous applications on a line through', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const body = applyBody(order, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] });
    const results = await Promise.all([0, 1, 2].map(() => call(ctx(), 'POST', '/api/aftersales', buyer.headers, body)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('AFTERSALES_LINE_HAS_OPEN_TICKET');
    const list = (await call(ctx(), 'GET', `/api/admin/aftersales?orderNo=${order.orderNo}`, shop.owner.headers)).json();
    expect(list.total).toBe(1);
  });

  it('refuses malformed applications with 400 and writes nothing', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 2 }]);
    const line = order.lines[0]!;
    const bad: Record<string, unknown>[] = [
      {},
      applyBody(order, { orderId: 'abc' }),
      applyBody(order, { type: 'repair' }),
      applyBody(order, { reason: '随便' }),
      applyBody(order, { description: 'x'.repeat(AFTERSALES_LIMITS.descriptionMax + 1) }),
      applyBody(order, { lines: [] }),
      applyBody(order, { lines: [{ orderLineId: line.id, quantity: 0 }] }),
      applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1.5 }] }),
      applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1e12 }] }),
      applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }, { orderLineId: line.id, quantity: 1 }] }),
      applyBody(order, { refundAmount: -1 }),
      applyBody(order, { refundAmount: 10.5 }),
      applyBody(order, { refundAmount: 1e20 }),
      applyBody(order, { type: 'exchange', refundAmount: 100 }),
      applyBody(order, { lines: [{ orderLineId: 999_999_999, quantity: 1 }] }),
      applyBody(order, { photos: 'x' }),
      applyBody(order, { description: 'a\u0000b' }),
    ];
    for (const body of bad) await refused(body, 400, 'VALIDATION_FAILED');
    const malformed = await ctx().app.inject({ method: 'POST', url: '/api/aftersales', headers: { ...buyer.headers, 'content-type': 'application/json' }, payload: '{"orderId":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_BODY');
  });

  it('answers 404 for an unknown order or another shopper’s, and 401 without a shopper session', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const other = await newBuyer(ctx());
    await refused(applyBody(order, { orderId: 2_000_000_000 }), 404, 'NOT_FOUND');
    await refused(applyBody(order), 404, 'NOT_FOUND', other.headers);
    expect((await call(ctx(), 'GET', `/api/orders/${order.id}/aftersales-eligibility`, other.headers)).statusCode).toBe(404);
    await refused(applyBody(order), 401, 'UNAUTHENTICATED', {} as never);
    await refused(applyBody(order), 401, 'UNAUTHENTICATED', shop.owner.headers);
    const anonymousUpload = await upload({}, multipart('file', 'a.png', 'image/png', PNG_1x1));
    expect(anonymousUpload.statusCode).toBe(401);
  });

  it('tells which lines may be applied for: a product without after-sales, unpaid orders, quantities', async () => {
    const unpaid = await unpaidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    expect(await eligibility(unpaid)).toMatchObject({ eligible: false, blockers: ['order_not_paid'], types: [] });
    await refused(applyBody(unpaid), 409, 'AFTERSALES_ORDER_NOT_ELIGIBLE');

    const order = await paidOrder(ctx(), buyer, [
      { skuId: shop.tv.skuId, quantity: 3 },
      { skuId: shop.blindBox.skuId, quantity: 1 },
    ]);
    const [tv, box] = order.lines as [PlacedOrder['lines'][0], PlacedOrder['lines'][0]];
    const before = await eligibility(order);
    expect(before).toMatchObject({ eligible: true, blockers: [], types: ['refund_only'], windowEndsAt: null });
    const tvLine = before.lines.find((l: { orderLineId: number }) => l.orderLineId === tv.id);
    const boxLine = before.lines.find((l: { orderLineId: number }) => l.orderLineId === box.id);
    expect(tvLine).toMatchObject({ maxQuantity: { refund_only: 3, return_refund: 0, exchange: 0 }, maxRefundAmount: tv.payAmount, blockers: ['not_shipped'] });
    expect(boxLine).toMatchObject({ maxQuantity: { refund_only: 0, return_refund: 0, exchange: 0 }, blockers: ['after_sales_not_allowed', 'not_shipped'] });

    await refused(applyBody(order, { lines: [{ orderLineId: box.id, quantity: 1 }] }), 409, 'AFTERSALES_NOT_ALLOWED');
    await refused(applyBody(order, { lines: [{ orderLineId: tv.id, quantity: 4 }] }), 409, 'AFTERSALES_QUANTITY_EXCEEDED');
    await refused(applyBody(order, { type: 'return_refund', lines: [{ orderLineId: tv.id, quantity: 1 }] }), 409, 'AFTERSALES_NOT_SHIPPED');

    const first = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: tv.id, quantity: 1 }] }));
    await refused(applyBody(order, { lines: [{ orderLineId: tv.id, quantity: 1 }] }), 409, 'AFTERSALES_LINE_HAS_OPEN_TICKET');
    const during = await eligibility(order);
    expect(during.lines.find((l: { orderLineId: number }) => l.orderLineId === tv.id)).toMatchObject({ openTicketId: first.id, blockers: ['open_ticket', 'not_shipped'] });
    expect(during.eligible).toBe(false);
  });

  it('takes a completed order only within afterSalesDays of completion', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    await ship(ctx(), shop.owner, order.id);
    await complete(ctx(), buyer, order.id);
    const open = await eligibility(order);
    expect(open).toMatchObject({ eligible: true, types: ['refund_only', 'return_refund', 'exchange'] });
    expect(new Date(open.windowEndsAt).getTime()).toBe(ctx().clock.now().getTime() + 7 * DAY);
    ctx().clock.advance(7 * DAY + 1000);
    try {
      expect(await eligibility(order)).toMatchObject({ eligible: false, blockers: ['window_expired'] });
      await refused(applyBody(order, { type: 'return_refund' }), 409, 'AFTERSALES_WINDOW_EXPIRED');
    } finally {
      ctx().clock.advance(-(7 * DAY + 1000));
    }
  });

  it('refuses a refund above the cap, pro rata to quantity', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 3 }]);
    const line = order.lines[0]!;
    const oneThird = Math.floor(line.payAmount / 3);
    const res = await refused(applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }], refundAmount: oneThird + 1 }), 422, 'AFTERSALES_AMOUNT_EXCEEDS_CAP');
    expect(res.title).toContain((oneThird / 100).toFixed(2));
    const lower = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }], refundAmount: oneThird - 100 }));
    expect(lower.requestedAmount).toBe(oneThird - 100);
    await call(ctx(), 'POST', `/api/aftersales/${lower.id}/withdraw`, buyer.headers);
    const byDefault = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: line.id, quantity: 1 }] }));
    expect(byDefault.requestedAmount).toBe(oneThird);
    // staff may lower the refund, never raise it above the cap
    const raised = await call(ctx(), 'POST', `/api/admin/aftersales/${byDefault.id}/approve`, shop.service.headers, { refundAmount: oneThird + 1 });
    expect(raised.statusCode).toBe(422);
    expect(raised.json().code).toBe('AFTERSALES_AMOUNT_EXCEEDS_CAP');
    expect((await call(ctx(), 'GET', `/api/aftersales/${byDefault.id}`, buyer.headers)).json()).toMatchObject({ status: 'pending_review', refundAmount: null });
  });

  it('keeps each shopper to their own tickets: another’s answers 404 and is left alone', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const ticket = await apply(ctx(), buyer, applyBody(order));
    const other = await newBuyer(ctx());
    for (const [method, url, payload] of [
      ['GET', `/api/aftersales/${ticket.id}`, undefined],
      ['POST', `/api/aftersales/${ticket.id}/withdraw`, undefined],
      ['POST', `/api/aftersales/${ticket.id}/return-shipment`, { carrier: '顺丰', trackingNo: 'SF12345678' }],
    ] as const) {
      const res = await call(ctx(), method, url, other.headers, payload);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await call(ctx(), 'GET', '/api/aftersales', other.headers)).json()).toMatchObject({ items: [], total: 0 });
    const mine = (await call(ctx(), 'GET', '/api/aftersales?pageSize=100', buyer.headers)).json();
    expect(mine.items.some((t: { id: number }) => t.id === ticket.id)).toBe(true);
    expect(mine.items.every((t: { shopperId: number }) => t.shopperId === buyer.id)).toBe(true);
    const detail = await call(ctx(), 'GET', `/api/aftersales/${ticket.id}`, buyer.headers);
    expect(detail.json()).toMatchObject({ status: 'pending_review', history: [{ action: 'apply', toStatus: 'pending_review', actor: 'shopper' }] });
    expect(detail.json().progress.map((s: { key: string; state: string }) => [s.key, s.state])).toEqual([
      ['applied', 'done'],
      ['reviewed', 'current'],
      ['refunding', 'todo'],
      ['refunded', 'todo'],
    ]);
    expect((await call(ctx(), 'GET', '/api/aftersales/2000000000', buyer.headers)).statusCode).toBe(404);
    expect((await call(ctx(), 'GET', '/api/aftersales/abc', buyer.headers)).statusCode).toBe(400);
  });

  it('lets warehouse staff read tickets but not handle them; customer service handles', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }]);
    const ticket = await apply(ctx(), buyer, applyBody(order));
    const list = await call(ctx(), 'GET', `/api/admin/aftersales?orderNo=${order.orderNo}`, shop.warehouse.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: ticket.id, orderNo: order.orderNo }] });
    expect((await call(ctx(), 'GET', `/api/admin/aftersales/${ticket.id}`, shop.warehouse.headers)).statusCode).toBe(200);
    const before = await aftersalesCounts(ctx());
    for (const action of ['approve', 'reject', 'receive', 'refund', 'ship-exchange']) {
      const res = await call(ctx(), 'POST', `/api/admin/aftersales/${ticket.id}/${action}`, shop.warehouse.headers, { reason: 'x', carrier: 'x', trackingNo: 'SF1234' });
      expect(res.statusCode, action).toBe(403);
    }
    const asShopper = await call(ctx(), 'GET', '/api/admin/aftersales', buyer.headers);
    expect([401, 403]).toContain(asShopper.statusCode);
    expect((await call(ctx(), 'GET', '/api/admin/aftersales', {})).statusCode).toBe(401);
    expect(await aftersalesCounts(ctx())).toEqual(before);
    const rejected = await staffMove(ctx(), shop.service, ticket.id, 'reject', { reason: '商品无质量问题' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '商品无质量问题' });
  });

  it('filters the back-office list by status, type, order no. and date, paged', async () => {
    const order = await paidOrder(ctx(), buyer, [{ skuId: shop.tv.skuId, quantity: 1 }, { skuId: shop.cable.skuId, quantity: 1 }]);
    const a = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] }));
    ctx().clock.advance(60_000);
    const b = await apply(ctx(), buyer, applyBody(order, { lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }] }));
    await staffMove(ctx(), shop.service, a.id, 'reject', { reason: '不符合条件' });
    const get = async (query: string) => {
      const res = await call(ctx(), 'GET', `/api/admin/aftersales?${query}`, shop.service.headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect((await get(`orderNo=${order.orderNo}`)).items.map((t: { id: number }) => t.id)).toEqual([b.id, a.id]);
    expect((await get(`orderNo=${order.orderNo}&status=rejected`)).items.map((t: { id: number }) => t.id)).toEqual([a.id]);
    expect((await get(`orderNo=${order.orderNo}&type=exchange`)).total).toBe(0);
    expect((await get(`orderNo=${order.orderNo}&from=${encodeURIComponent(new Date(ctx().clock.now().getTime() - 30_000).toISOString())}`)).items.map((t: { id: number }) => t.id)).toEqual([b.id]);
    expect(await get(`orderNo=${order.orderNo}&pageSize=1&page=2`)).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ id: a.id }] });
    for (const bad of ['status=open', 'type=x', 'pageSize=1000', 'from=yesterday', 'page=0']) {
      const res = await call(ctx(), 'GET', `/api/admin/aftersales?${bad}`, shop.service.headers);
      expect(res.statusCode, bad).toBe(400);
    }
  });
});
