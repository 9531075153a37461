// Creating presale campaigns: every validation rule of spec §1, permissions, bad input, and the SKU overlap rule.
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';
import { countCampaigns, createCampaign, DAY, depositBody, fullBody, get, iso, itemRows, patch, post, presaleProduct } from './presale-fixtures.ts';

const URL = '/api/admin/presale/campaigns';

describeEachDatabase('presale campaigns: creation', (ctx) => {
  const owner = () => ctx().staffSession('owner');

  it('creates a deposit campaign with its items: 定金 by default, deposit value = deposit, the shop’s default reminders, audited', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { price: 100_000 });
    const body = depositBody(ctx(), p.skuId, { commission: { distribution: true } });
    const created = await createCampaign(ctx(), staff.headers, body);
    expect(created).toMatchObject({
      type: 'deposit',
      depositKind: 'earnest',
      status: 'upcoming',
      termsVersion: 1,
      frozen: false,
      endAction: 'back_to_normal',
      allowCoupons: false,
      allowPoints: false,
      commission: { distribution: true, agentDividend: false, regionalRebate: false },
      reminders: [{ kind: 'window_open' }, { kind: 'before_close', hours: 24 }, { kind: 'before_close', hours: 1 }],
      ship: { kind: 'date', shipDate: body.ship.shipDate },
      balanceStartsAt: body.balanceStartsAt,
      shipDateChanges: [],
    });
    expect(created.items).toEqual([
      expect.objectContaining({ skuId: p.skuId, productId: p.productId, regularPrice: 100_000, presalePrice: 80_000, deposit: 10_000, depositValue: 10_000, quota: 50, perBuyerLimit: 2, sold: 0, left: 50 }),
    ]);
    const audit = await auditRows(ctx(), 'presale.create', created.id);
    expect(audit).toHaveLength(1);
    const res = await get(ctx(), `${URL}/${created.id}`, staff.headers);
    expect(res.json()).toEqual(created);
  });

  it('Validation: startsAt < endsAt, and a new campaign must not have ended already (422, nothing created)', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const before = await countCampaigns(ctx());
    for (const overrides of [
      { startsAt: iso(ctx(), 2 * DAY), endsAt: iso(ctx(), 2 * DAY) },
      { startsAt: iso(ctx(), 3 * DAY), endsAt: iso(ctx(), 2 * DAY) },
      { type: 'full', startsAt: iso(ctx(), -3 * DAY), endsAt: iso(ctx(), -DAY), balanceStartsAt: undefined, balanceEndsAt: undefined, items: [{ skuId: p.skuId, presalePrice: 1000, quota: 1, perBuyerLimit: 1 }] },
    ]) {
      const res = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, overrides));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe('PRESALE_WINDOW_INVALID');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('endsAt');
    }
    expect(await countCampaigns(ctx())).toBe(before);
  });

  it('deposit type: balanceStartsAt < balanceEndsAt, balanceStartsAt >= endsAt by default; a shop setting may allow the balance window to open while orders are taken', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const inverted = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { balanceStartsAt: iso(ctx(), 11 * DAY), balanceEndsAt: iso(ctx(), 9 * DAY) }));
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json()).toMatchObject({ code: 'PRESALE_WINDOW_INVALID', errors: [{ path: 'balanceEndsAt' }] });
    const missing = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { balanceStartsAt: undefined, balanceEndsAt: undefined }));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { path: string }) => e.path)).toEqual(['balanceStartsAt', 'balanceEndsAt']);
    const early = depositBody(ctx(), p.skuId, { balanceStartsAt: iso(ctx(), 5 * DAY) });
    const refused = await post(ctx(), URL, staff.headers, early);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PRESALE_WINDOW_INVALID', errors: [{ path: 'balanceStartsAt' }] });

    const settings = await patch(ctx(), '/api/admin/settings', staff.headers, { presale: { allowBalanceDuringOrderWindow: true } });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json().presale).toMatchObject({ allowBalanceDuringOrderWindow: true, depositCapPercent: 20 });
    try {
      const accepted = await post(ctx(), URL, staff.headers, early);
      expect(accepted.statusCode, accepted.body).toBe(201);
      // Even then never before the order window opens.
      const tooEarly = await post(ctx(), URL, staff.headers, depositBody(ctx(), (await presaleProduct(ctx(), staff.headers)).skuId, { balanceStartsAt: iso(ctx(), DAY / 2) }));
      expect(tooEarly.statusCode).toBe(422);
    } finally {
      await patch(ctx(), '/api/admin/settings', staff.headers, { presale: { allowBalanceDuringOrderWindow: false } });
    }
  });

  it('0 < deposit; the deposit may be set as an amount or a percentage (rounded down to whole fen), not both', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const zero = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, deposit: 0, quota: 5, perBuyerLimit: 1 }] }));
    expect(zero.statusCode).toBe(422);
    expect(zero.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'items.0.deposit' }] });
    const none = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, quota: 5, perBuyerLimit: 1 }] }));
    expect(none.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'items.0.deposit' }] });
    const both = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, deposit: 100, depositPercent: 10, quota: 5, perBuyerLimit: 1 }] }));
    expect(both.json().code).toBe('PRESALE_DEPOSIT_INVALID');
    const tiny = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 50, depositPercent: 1, quota: 5, perBuyerLimit: 1 }] }));
    expect(tiny.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'items.0.deposit' }] });
    const tooManyDecimals = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, depositPercent: 12.345, quota: 5, perBuyerLimit: 1 }] }));
    expect(tooManyDecimals.statusCode).toBe(400);

    const byPercent = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_001, depositPercent: 12.5, quota: 5, perBuyerLimit: 1 }] }));
    expect(byPercent.items[0]).toMatchObject({ deposit: 10_000, depositValue: 10_000 }); // 12.5% of 800.01 = 100.00125 → 100.00
  });

  it('Deposit cap: an earnest deposit (定金) may not exceed 20% of the presale price by default; the cap is a shop setting; a prepayment (订金) is not capped', async () => {
    const staff = await owner();
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => presaleProduct(ctx(), staff.headers)));
    const item = (skuId: number, deposit: number) => ({ items: [{ skuId, presalePrice: 80_000, deposit, quota: 5, perBuyerLimit: 1 }] });
    const over = await post(ctx(), URL, staff.headers, depositBody(ctx(), a!.skuId, item(a!.skuId, 16_001)));
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_ABOVE_CAP', title: '定金不得超过预售价的 20%', errors: [{ path: 'items.0.deposit' }] });
    await createCampaign(ctx(), staff.headers, depositBody(ctx(), a!.skuId, item(a!.skuId, 16_000)));
    const prepayment = await createCampaign(ctx(), staff.headers, depositBody(ctx(), b!.skuId, { depositKind: 'prepayment', ...item(b!.skuId, 30_000) }));
    expect(prepayment).toMatchObject({ depositKind: 'prepayment', items: [{ deposit: 30_000 }] });

    await patch(ctx(), '/api/admin/settings', staff.headers, { presale: { depositCapPercent: 40 } });
    try {
      await createCampaign(ctx(), staff.headers, depositBody(ctx(), c!.skuId, item(c!.skuId, 30_000)));
      const en = await ctx().app.inject({ method: 'POST', url: URL, headers: { ...staff.headers, 'accept-language': 'en' }, payload: depositBody(ctx(), d!.skuId, item(d!.skuId, 32_001)) });
      expect(en.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_ABOVE_CAP', title: 'A deposit may not exceed 40% of the presale price' });
    } finally {
      await patch(ctx(), '/api/admin/settings', staff.headers, { presale: { depositCapPercent: 20 } });
    }
  });

  it('deposit value (定金膨胀) between the deposit and the presale price; presale price not above the regular price', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers, { price: 100_000 });
    const with_ = (fields: Record<string, number>) => depositBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 80_000, deposit: 10_000, quota: 5, perBuyerLimit: 1, ...fields }] });
    for (const depositValue of [9_999, 80_001]) {
      const res = await post(ctx(), URL, staff.headers, with_({ depositValue }));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'items.0.depositValue' }] });
    }
    const above = await post(ctx(), URL, staff.headers, with_({ presalePrice: 100_001 }));
    expect(above.json()).toMatchObject({ code: 'PRESALE_PRICE_ABOVE_REGULAR', errors: [{ path: 'items.0.presalePrice' }] });
    const created = await createCampaign(ctx(), staff.headers, with_({ depositValue: 15_000 }));
    expect(created.items[0]).toMatchObject({ deposit: 10_000, depositValue: 15_000 });
  });

  it('quota and limit are positive, and the limit is not above the quota', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    for (const [fields, path] of [
      [{ quota: 0 }, 'items.0.quota'],
      [{ perBuyerLimit: 0 }, 'items.0.perBuyerLimit'],
      [{ quota: 3, perBuyerLimit: 4 }, 'items.0.perBuyerLimit'],
    ] as const) {
      const item: Record<string, number> = { skuId: p.skuId, presalePrice: 80_000, deposit: 10_000, quota: 5, perBuyerLimit: 1 };
      const res = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { items: [{ ...item, ...fields }] }));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'PRESALE_QUOTA_INVALID', errors: [{ path }] });
    }
  });

  it('Supplier products (供应商商品) and course products (课程类商品) cannot join a presale: a clear error', async () => {
    const staff = await owner();
    const supplier = await presaleProduct(ctx(), staff.headers, { overrides: { source: 'supplier', title: '代发手办' } });
    const course = await presaleProduct(ctx(), staff.headers, { overrides: { kind: 'course', title: '涂装课程' } });
    const a = await post(ctx(), URL, staff.headers, depositBody(ctx(), supplier.skuId));
    expect(a.statusCode).toBe(422);
    expect(a.json()).toMatchObject({ code: 'PRESALE_SUPPLIER_PRODUCT', title: '供应商商品「代发手办」不能参加预售', errors: [{ path: 'items.0.skuId' }] });
    const b = await post(ctx(), URL, staff.headers, fullBody(ctx(), course.skuId));
    expect(b.json()).toMatchObject({ code: 'PRESALE_COURSE_PRODUCT', title: '课程类商品「涂装课程」不能参加预售' });
  });

  it('Full type: one payment, so no balance window and no deposit fields', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const withDeposit = await post(ctx(), URL, staff.headers, fullBody(ctx(), p.skuId, { items: [{ skuId: p.skuId, presalePrice: 90_000, deposit: 1000, quota: 5, perBuyerLimit: 1 }] }));
    expect(withDeposit.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'items.0.deposit' }] });
    const withKind = await post(ctx(), URL, staff.headers, fullBody(ctx(), p.skuId, { depositKind: 'earnest' }));
    expect(withKind.json()).toMatchObject({ code: 'PRESALE_DEPOSIT_INVALID', errors: [{ path: 'depositKind' }] });
    const withBalance = await post(ctx(), URL, staff.headers, fullBody(ctx(), p.skuId, { balanceStartsAt: iso(ctx(), 8 * DAY), balanceEndsAt: iso(ctx(), 9 * DAY) }));
    expect(withBalance.json().code).toBe('PRESALE_WINDOW_INVALID');
    const tiers = await post(ctx(), URL, staff.headers, fullBody(ctx(), p.skuId, { tiers: [{ deposits: 10, balanceOff: 100 }] }));
    expect(tiers.json().code).toBe('PRESALE_TIERS_INVALID');
    const created = await createCampaign(ctx(), staff.headers, fullBody(ctx(), p.skuId));
    expect(created).toMatchObject({ type: 'full', depositKind: null, balanceStartsAt: null, balanceEndsAt: null, ship: { kind: 'days_after_paid', shipDays: 15 }, items: [{ deposit: null, depositValue: null }] });
  });

  it('Tiered presale (阶梯): tiers rise in deposits and in discount', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const bad = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { tiers: [{ deposits: 100, balanceOff: 2000 }, { deposits: 50, balanceOff: 1000 }] }));
    expect(bad.json()).toMatchObject({ code: 'PRESALE_TIERS_INVALID', errors: [{ path: 'tiers.1.deposits' }, { path: 'tiers.1.balanceOff' }] });
    const ok = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { tiers: [{ deposits: 100, balanceOff: 2000 }, { deposits: 500, balanceOff: 5000 }], minTarget: 30 }));
    expect(ok).toMatchObject({ tiers: [{ deposits: 100, balanceOff: 2000 }, { deposits: 500, balanceOff: 5000 }], minTarget: 30 });
  });

  it("One SKU is in at most one campaign whose order window overlaps another's (an early end frees the rest of the window)", async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const other = await presaleProduct(ctx(), staff.headers);
    const first = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { name: '第一期' }));
    const overlapping = depositBody(ctx(), other.skuId, {
      startsAt: iso(ctx(), 7 * DAY),
      endsAt: iso(ctx(), 9 * DAY),
      balanceStartsAt: iso(ctx(), 9 * DAY),
      balanceEndsAt: iso(ctx(), 10 * DAY),
      items: [
        { skuId: other.skuId, presalePrice: 80_000, deposit: 10_000, quota: 5, perBuyerLimit: 1 },
        { skuId: p.skuId, presalePrice: 80_000, deposit: 10_000, quota: 5, perBuyerLimit: 1 },
      ],
    });
    const before = await countCampaigns(ctx());
    const clash = await post(ctx(), URL, staff.headers, overlapping);
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'PRESALE_SKU_IN_OTHER_CAMPAIGN', title: `SKU ${p.skuId} 已在时间重叠的预售活动「第一期」中`, errors: [{ path: 'items.1.skuId' }] });
    expect(await countCampaigns(ctx())).toBe(before);
    // Back to back is not an overlap: the window is [startsAt, endsAt).
    const after = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { startsAt: iso(ctx(), 8 * DAY), endsAt: iso(ctx(), 9 * DAY), balanceStartsAt: iso(ctx(), 9 * DAY), balanceEndsAt: iso(ctx(), 10 * DAY) }));
    expect(after.statusCode, after.body).toBe(201);
    // Ending the first early frees its SKU for the remaining days.
    expect((await post(ctx(), `${URL}/${first.id}/end`, staff.headers, {})).statusCode).toBe(200);
    const replacement = await post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { startsAt: iso(ctx(), 2 * DAY), endsAt: iso(ctx(), 7 * DAY), balanceStartsAt: iso(ctx(), 7 * DAY) }));
    expect(replacement.statusCode, replacement.body).toBe(201);
  });

  it('two campaigns created at once for the same SKU: exactly one wins', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(ctx(), URL, staff.headers, depositBody(ctx(), p.skuId, { name: `并发 ${i}` }))));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(7).fill('PRESALE_SKU_IN_OTHER_CAMPAIGN'));
  });

  it('bad input answers 4xx with field paths and creates nothing', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const before = await countCampaigns(ctx());
    const base = depositBody(ctx(), p.skuId);
    const cases: [unknown, number, string][] = [
      [{ ...base, type: 'lottery' }, 400, 'type'],
      [{ ...base, name: '' }, 400, 'name'],
      [{ ...base, startsAt: 'tomorrow' }, 400, 'startsAt'],
      [{ ...base, items: [] }, 400, 'items'],
      [{ ...base, items: [{ ...base.items[0], presalePrice: '800' }] }, 400, 'items.0.presalePrice'],
      [{ ...base, items: [{ ...base.items[0], presalePrice: 1e15 }] }, 400, 'items.0.presalePrice'],
      [{ ...base, items: [{ ...base.items[0], quota: 2.5 }] }, 400, 'items.0.quota'],
      [{ ...base, items: [base.items[0], base.items[0]] }, 400, 'items'],
      [{ ...base, ship: { kind: 'days_after_paid', shipDays: 0 } }, 400, 'ship'],
      [{ ...base, reminders: [{ kind: 'before_close', hours: 0 }] }, 400, 'reminders'],
      [{ ...base, items: [{ ...base.items[0], skuId: 99_999_999 }] }, 422, 'items.0.skuId'],
      [{ ...base, ship: { kind: 'date', shipDate: iso(ctx(), 0) } }, 422, 'ship.shipDate'],
    ];
    for (const [payload, status, path] of cases) {
      const res = await post(ctx(), URL, staff.headers, payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path).join(' '), res.body).toContain(path);
    }
    expect(await countCampaigns(ctx())).toBe(before);
    expect((await get(ctx(), `${URL}/99999999`, staff.headers)).json()).toMatchObject({ code: 'NOT_FOUND', title: '预售活动不存在' });
    expect((await get(ctx(), `${URL}/abc`, staff.headers)).statusCode).toBe(400);
  });

  it('only staff with marketing.manage may manage campaigns (shopper 403, warehouse and customer service 403, anonymous 401)', async () => {
    const staff = await owner();
    const p = await presaleProduct(ctx(), staff.headers);
    const created = await createCampaign(ctx(), staff.headers, depositBody(ctx(), p.skuId, { startsAt: iso(ctx(), 20 * DAY), endsAt: iso(ctx(), 21 * DAY), balanceStartsAt: iso(ctx(), 21 * DAY), balanceEndsAt: iso(ctx(), 22 * DAY), ship: { kind: 'date', shipDate: iso(ctx(), 40 * DAY) } }));
    const shopper = await ctx().shopperSession();
    const others = [shopper, await ctx().staffSession('warehouse'), await ctx().staffSession('customer_service')];
    const before = await countCampaigns(ctx());
    for (const who of others) {
      expect((await post(ctx(), URL, who.headers, depositBody(ctx(), p.skuId))).statusCode).toBe(403);
      expect((await patch(ctx(), `${URL}/${created.id}`, who.headers, { name: '改名' })).statusCode).toBe(403);
      expect((await post(ctx(), `${URL}/${created.id}/end`, who.headers, {})).statusCode).toBe(403);
      expect((await post(ctx(), `${URL}/${created.id}/ship-date`, who.headers, { shipDays: 3, reason: 'x' })).statusCode).toBe(403);
      expect((await get(ctx(), URL, who.headers)).statusCode).toBe(403);
    }
    expect((await ctx().app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
    expect(await countCampaigns(ctx())).toBe(before);
    expect((await get(ctx(), `${URL}/${created.id}`, staff.headers)).json()).toMatchObject({ name: created.name, status: 'upcoming', endedEarlyAt: null });
    const operator = await ctx().staffSession('operator');
    expect((await patch(ctx(), `${URL}/${created.id}`, operator.headers, { name: '运营改名' })).statusCode).toBe(200);
    expect((await itemRows(ctx(), created.id))[0]!.soldUnits).toBe(0);
  });
});
