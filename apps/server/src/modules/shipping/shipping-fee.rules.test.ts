import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shippingTemplateInput, type ShippingTemplateInput } from '@mall/contract';
import { blockFee, deliveryDaysFor, feeRuleFor, isFreeShipping, quoteShipping, regionDisplayName, type FeeTemplate, type Shipment } from './shipping-fee.rules.ts';

const template = (input: Omit<ShippingTemplateInput, 'name'>): FeeTemplate => shippingTemplateInput.parse({ name: '测试模板', ...input });

const SHENZHEN = { province: '广东省', city: '深圳市' };
const GUANGZHOU = { province: '广东省', city: '广州市' };
const BEIJING = { province: '北京市', city: '北京市' };
const URUMQI = { province: '新疆维吾尔自治区', city: '乌鲁木齐市' };
const KASHGAR = { province: '新疆维吾尔自治区', city: '喀什地区' };
const LHASA = { province: '西藏自治区', city: '拉萨市' };
const SHIGATSE = { province: '西藏自治区', city: '日喀则市' };
const XIANTAO = { province: '湖北省', city: '省直辖县' };

const FAR_WEST = [{ province: '新疆维吾尔自治区' }, { province: '西藏自治区' }];

/** 首件 1 件 ¥10，续件每件 ¥5；新疆、西藏 首件 ¥20，续件每件 ¥10；满 ¥99 包邮（新疆西藏除外）；满 3 件包邮. */
const byPiece = template({
  chargeBy: 'piece',
  defaultRule: { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 500 },
  regionRules: [{ regions: FAR_WEST, firstUnits: 1, firstFee: 2000, additionalUnits: 1, additionalFee: 1000 }],
  freeShipping: [{ minAmount: 9900 }, { minQuantity: 3 }, { regions: FAR_WEST, minAmount: 29900 }],
  deliveryDays: { minDays: 2, maxDays: 4 },
  regionDeliveryDays: [{ regions: FAR_WEST, minDays: 5, maxDays: 10 }, { regions: [{ province: '广东省' }], minDays: 1, maxDays: 2 }],
});

/** 首重 1 kg ¥12，续重每 500 g ¥4；新疆 首重 ¥25 续重 ¥10；乌鲁木齐 首重 ¥18 续重 ¥8；不配送西藏日喀则. */
const byWeight = template({
  chargeBy: 'weight',
  defaultRule: { firstUnits: 1000, firstFee: 1200, additionalUnits: 500, additionalFee: 400 },
  regionRules: [
    { regions: [{ province: '新疆维吾尔自治区' }], firstUnits: 1000, firstFee: 2500, additionalUnits: 500, additionalFee: 1000 },
    { regions: [{ province: '新疆维吾尔自治区', city: '乌鲁木齐市' }], firstUnits: 1000, firstFee: 1800, additionalUnits: 500, additionalFee: 800 },
  ],
  excludedRegions: [{ province: '西藏自治区', city: '日喀则市' }],
});

/** 大家电：首件 2 件 ¥50，续件每 2 件 ¥30；不配送新疆、西藏；北京 满 2 件且满 ¥5000 包邮. */
const appliance = template({
  chargeBy: 'piece',
  defaultRule: { firstUnits: 2, firstFee: 5000, additionalUnits: 2, additionalFee: 3000 },
  excludedRegions: FAR_WEST,
  freeShipping: [{ regions: [{ province: '北京市' }], minQuantity: 2, minAmount: 500_000 }],
});

const parcel = (destination: Shipment['destination'], quantity: number, weightGrams = 0, amount = 0): Shipment => ({ destination, quantity, weightGrams, amount });

describe('shipping fee templates', () => {
  it.each([
    ['1 piece', parcel(SHENZHEN, 1, 0, 5000), 1000],
    ['2 pieces: first piece and one more', parcel(SHENZHEN, 2, 0, 5000), 1500],
    ['2 pieces to Beijing, the default rule', parcel(BEIJING, 2, 0, 9899), 1500],
    ['3 pieces: free by quantity', parcel(SHENZHEN, 3, 0, 3000), 0],
    ['¥99.00 exactly: free by amount', parcel(SHENZHEN, 1, 0, 9900), 0],
    ['¥98.99: one fen short', parcel(SHENZHEN, 1, 0, 9899), 1000],
    ['1 piece to Xinjiang', parcel(URUMQI, 1, 0, 5000), 2000],
    ['2 pieces to Tibet', parcel(LHASA, 2, 0, 5000), 3000],
    ['¥99 to Tibet: the general ¥99 does not count there', parcel(LHASA, 1, 0, 9900), 2000],
    ['3 pieces to Xinjiang: the general 3-piece rule does not count there', parcel(KASHGAR, 3, 0, 9900), 4000],
    ['¥299 to Xinjiang: free', parcel(KASHGAR, 1, 0, 29900), 0],
    ['a county-level city under 省直辖县', parcel(XIANTAO, 2, 0, 100), 1500],
    ['nothing to ship', parcel(SHENZHEN, 0, 0, 0), 0],
  ])('by piece: %s', (_label, shipment, fee) => {
    expect(quoteShipping(byPiece, shipment)).toMatchObject({ deliverable: true, fee });
  });

  it.each([
    ['0 g still pays the first weight', 0, SHENZHEN, 1200],
    ['1 kg exactly', 1000, SHENZHEN, 1200],
    ['1 kg and 1 g: one started block', 1001, SHENZHEN, 1600],
    ['1.5 kg', 1500, SHENZHEN, 1600],
    ['1.501 kg: two blocks', 1501, SHENZHEN, 2000],
    ['5 kg', 5000, GUANGZHOU, 1200 + 8 * 400],
    ['2 kg to Kashgar: the Xinjiang rule', 2000, KASHGAR, 2500 + 2 * 1000],
    ['2 kg to Urumqi: the city rule beats the province rule', 2000, URUMQI, 1800 + 2 * 800],
    ['2 kg to Lhasa: delivered, default rule', 2000, LHASA, 1200 + 2 * 400],
  ])('by weight: %s', (_label, grams, destination, fee) => {
    expect(quoteShipping(byWeight, parcel(destination, 1, grams, 100_000))).toMatchObject({ deliverable: true, fee, units: grams });
  });

  it.each([
    ['1 piece', 1, 5000],
    ['2 pieces: within the first block', 2, 5000],
    ['3 pieces: one started block of 2', 3, 8000],
    ['4 pieces', 4, 8000],
    ['5 pieces', 5, 11_000],
  ])('large appliances by pairs: %s', (_label, quantity, fee) => {
    expect(quoteShipping(appliance, parcel(SHENZHEN, quantity, 0, 1_000_000))).toMatchObject({ deliverable: true, fee });
  });

  it('applies a free condition with both thresholds only when both hold', () => {
    expect(quoteShipping(appliance, parcel(BEIJING, 2, 0, 500_000))).toMatchObject({ fee: 0, free: true });
    expect(quoteShipping(appliance, parcel(BEIJING, 1, 0, 900_000))).toMatchObject({ fee: 5000, free: false });
    expect(quoteShipping(appliance, parcel(BEIJING, 3, 0, 499_999))).toMatchObject({ fee: 8000, free: false });
    expect(quoteShipping(appliance, parcel(SHENZHEN, 2, 0, 900_000))).toMatchObject({ fee: 5000, free: false });
  });

  it('refuses regions the shop does not deliver to, naming the region', () => {
    expect(quoteShipping(appliance, parcel(URUMQI, 1))).toEqual({ deliverable: false, region: { province: '新疆维吾尔自治区' }, regionName: '新疆维吾尔自治区' });
    expect(quoteShipping(byWeight, parcel(SHIGATSE, 1, 500))).toEqual({
      deliverable: false,
      region: { province: '西藏自治区', city: '日喀则市' },
      regionName: '西藏自治区日喀则市',
    });
    expect(quoteShipping(appliance, parcel(LHASA, 0))).toMatchObject({ deliverable: false });
  });

  it('estimates delivery days for the most specific region, else the default, else none', () => {
    expect(deliveryDaysFor(byPiece, SHENZHEN)).toEqual({ minDays: 1, maxDays: 2 });
    expect(deliveryDaysFor(byPiece, KASHGAR)).toEqual({ minDays: 5, maxDays: 10 });
    expect(deliveryDaysFor(byPiece, BEIJING)).toEqual({ minDays: 2, maxDays: 4 });
    expect(deliveryDaysFor(byWeight, BEIJING)).toBeNull();
    expect(quoteShipping(byPiece, parcel(LHASA, 1, 0, 100))).toMatchObject({ deliveryDays: { minDays: 5, maxDays: 10 } });
  });

  it('picks the most specific fee rule and free conditions', () => {
    expect(feeRuleFor(byWeight, URUMQI).firstFee).toBe(1800);
    expect(feeRuleFor(byWeight, KASHGAR).firstFee).toBe(2500);
    expect(feeRuleFor(byWeight, SHENZHEN)).toBe(byWeight.defaultRule);
    expect(isFreeShipping(byPiece, parcel(SHENZHEN, 1, 0, 9900))).toBe(true);
    expect(isFreeShipping(byPiece, parcel(URUMQI, 5, 0, 9900))).toBe(false);
  });

  it('names a municipality once', () => {
    expect(regionDisplayName({ province: '北京市', city: '北京市' })).toBe('北京市');
    expect(regionDisplayName({ province: '广东省', city: '深圳市' })).toBe('广东省深圳市');
  });

  it('counts blocks in integers, also for fees that are not round', () => {
    const rule = { firstUnits: 3, firstFee: 999, additionalUnits: 7, additionalFee: 333 };
    expect([0, 3, 4, 10, 11, 17].map((units) => blockFee(rule, units))).toEqual([999, 999, 1332, 1332, 1665, 1665]);
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => quoteShipping(byPiece, parcel(SHENZHEN, -1))).toThrow(RangeError);
    expect(() => quoteShipping(byPiece, parcel(SHENZHEN, 1.5))).toThrow(RangeError);
    expect(() => quoteShipping(byWeight, parcel(SHENZHEN, 1, Number.NaN))).toThrow(RangeError);
    expect(() => quoteShipping(byPiece, parcel(SHENZHEN, 1, 0, 99.5))).toThrow(RangeError);
  });
});

describe('shipping fee properties', () => {
  const provinces = ['广东省', '北京市', '新疆维吾尔自治区', '西藏自治区', '湖北省'] as const;
  const cities: Record<(typeof provinces)[number], string[]> = {
    广东省: ['深圳市', '广州市'],
    北京市: ['北京市'],
    新疆维吾尔自治区: ['乌鲁木齐市', '喀什地区'],
    西藏自治区: ['拉萨市', '日喀则市'],
    湖北省: ['武汉市', '省直辖县'],
  };
  const destination = fc.constantFrom(...provinces).chain((province) => fc.constantFrom(...cities[province]).map((city) => ({ province, city })));
  const region = destination.chain((d) => fc.oneof(fc.constant({ province: d.province }), fc.constant({ province: d.province, city: d.city })));
  const feeRule = fc.record({
    firstUnits: fc.integer({ min: 1, max: 5000 }),
    firstFee: fc.integer({ min: 0, max: 100_000 }),
    additionalUnits: fc.integer({ min: 1, max: 5000 }),
    additionalFee: fc.integer({ min: 0, max: 100_000 }),
  });
  const freeCondition = fc
    .record({ regions: fc.option(fc.array(region, { minLength: 1, maxLength: 2 }), { nil: undefined }), minAmount: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }), minQuantity: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }) })
    .filter((c) => c.minAmount !== undefined || c.minQuantity !== undefined);
  /** Any template the contract accepts (invalid combinations are filtered out by parsing). */
  const anyTemplate = fc
    .record({
      chargeBy: fc.constantFrom('piece' as const, 'weight' as const),
      defaultRule: feeRule,
      regionRules: fc.array(fc.record({ regions: fc.array(region, { minLength: 1, maxLength: 2 }) }).chain((r) => feeRule.map((rule) => ({ ...r, ...rule }))), { maxLength: 3 }),
      freeShipping: fc.array(freeCondition, { maxLength: 3 }),
      excludedRegions: fc.array(region, { maxLength: 1 }),
    })
    .map((input) => shippingTemplateInput.safeParse({ name: '随机', ...input }))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data!);
  const quantity = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 200 }));
  const grams = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 200_000 }));
  const amount = fc.integer({ min: 0, max: 200_000 });
  const noFree = (t: FeeTemplate): FeeTemplate => ({ ...t, freeShipping: [] });

  it('is never negative and always an integer number of fen', () => {
    fc.assert(
      fc.property(anyTemplate, destination, quantity, grams, amount, (t, to, q, g, a) => {
        const quote = quoteShipping(t, parcel(to, q, g, a));
        if (quote.deliverable) expect(Number.isSafeInteger(quote.fee) && quote.fee >= 0).toBe(true);
      }),
    );
  });

  /** Mostly small steps, so block and rule boundaries are crossed by one unit as often as by many. */
  const step = (max: number) => fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max }));

  it('does not go down with more pieces or more weight (no free-shipping threshold crossed)', () => {
    fc.assert(
      fc.property(anyTemplate, destination, quantity, step(200), grams, step(200_000), amount, (t, to, q, dq, g, dg, a) => {
        const plain = noFree(t);
        const low = quoteShipping(plain, parcel(to, q, g, a));
        const moreWeight = quoteShipping(plain, parcel(to, q, g + dg, a));
        const morePieces = quoteShipping(plain, parcel(to, q + dq, g, a));
        if (!low.deliverable || !moreWeight.deliverable || !morePieces.deliverable) return;
        expect(moreWeight.fee).toBeGreaterThanOrEqual(low.fee);
        expect(morePieces.fee).toBeGreaterThanOrEqual(low.fee);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not go down with more pieces when both quantities are on the same side of every threshold', () => {
    fc.assert(
      fc.property(anyTemplate, destination, quantity, step(200), amount, (t, to, q, dq, a) => {
        const low = quoteShipping(t, parcel(to, q, 1000, a));
        const high = quoteShipping(t, parcel(to, q + dq, 1000, a));
        if (!low.deliverable || !high.deliverable || low.free !== high.free) return;
        expect(high.fee).toBeGreaterThanOrEqual(low.fee);
      }),
    );
  });

  it('is free whenever a free condition speaking for the destination holds, and only then (for something to ship)', () => {
    fc.assert(
      fc.property(anyTemplate, destination, fc.integer({ min: 1, max: 50 }), grams, amount, (t, to, q, g, a) => {
        const shipment = parcel(to, q, g, a);
        const quote = quoteShipping(t, shipment);
        if (!quote.deliverable) return;
        expect(quote.free).toBe(isFreeShipping(t, shipment));
        if (quote.free) expect(quote.fee).toBe(0);
      }),
    );
  });

  it('is free everywhere it delivers when a general condition without thresholds beyond 0 fen holds', () => {
    fc.assert(
      fc.property(anyTemplate, destination, fc.integer({ min: 1, max: 50 }), amount, (t, to, q, a) => {
        const everywhereFree = { ...t, freeShipping: [{ minAmount: 0 }] };
        const quote = quoteShipping(everywhereFree, parcel(to, q, 0, a));
        if (quote.deliverable) expect(quote).toMatchObject({ fee: 0, free: true });
      }),
    );
  });

  it('answers the same for the same template and parcel', () => {
    fc.assert(
      fc.property(anyTemplate, destination, quantity, grams, amount, (t, to, q, g, a) => {
        const copy = structuredClone(t);
        expect(quoteShipping(copy, parcel(to, q, g, a))).toEqual(quoteShipping(t, parcel(to, q, g, a)));
      }),
    );
  });

  it('refuses a destination inside an excluded region whatever the parcel', () => {
    fc.assert(
      fc.property(anyTemplate, destination, quantity, grams, amount, (t, to, q, g, a) => {
        const excluded = t.excludedRegions.some((r) => r.province === to.province && (r.city === undefined || r.city === to.city));
        expect(quoteShipping(t, parcel(to, q, g, a)).deliverable).toBe(!excluded);
      }),
    );
  });
});
