import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableNow, backInStockNotice, byShopper, campaignOpenNotice, dedupeKeys, pickWaitlist, skuTitle, statusOf, unitsFreedNotice } from './demand.rules.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 2, minute));

describe('notify me: status and availability', () => {
  it('waits until notified', () => {
    expect(statusOf({ notifiedAt: null })).toBe('waiting');
    expect(statusOf({ notifiedAt: at(1) })).toBe('notified');
  });

  it('needs no reminder only when some SKU is on shelf, active and sellable', () => {
    expect(availableNow([])).toBe(false);
    expect(availableNow([{ onShelf: true, active: true, sellable: 0 }])).toBe(false);
    expect(availableNow([{ onShelf: false, active: true, sellable: 5 }])).toBe(false);
    expect(availableNow([{ onShelf: true, active: false, sellable: 5 }])).toBe(false);
    expect(availableNow([{ onShelf: true, active: true, sellable: 0 }, { onShelf: true, active: true, sellable: 1 }])).toBe(true);
  });

  it('names a SKU by its product title and spec values', () => {
    expect(skuTitle('手办', { 版本: '限定', 尺寸: '1/7' })).toBe('手办（限定 / 1/7）');
    expect(skuTitle('手办', {})).toBe('手办');
    expect(skuTitle('手办', null)).toBe('手办');
  });
});

describe('waitlist', () => {
  const sub = (id: number, shopperId: number, minute: number) => ({ id, shopperId, subscribedAt: at(minute) });

  it('serves the earliest waits first, then the lowest id, up to the number of units', () => {
    const chosen = pickWaitlist([sub(5, 50, 3), sub(1, 10, 2), sub(2, 20, 1), sub(3, 30, 2), sub(4, 40, 9)], 3);
    expect(chosen.map((c) => c.shopperId)).toEqual([20, 10, 30]);
    expect(chosen[0]!.first).toEqual(sub(2, 20, 1));
  });

  it('counts a shopper waiting through several subscriptions once, claiming all of them', () => {
    const chosen = pickWaitlist([sub(1, 10, 1), sub(2, 10, 2), sub(3, 20, 3), sub(4, 30, 4), sub(5, 10, 5)], 2);
    expect(chosen).toEqual([
      { shopperId: 10, subscriptionIds: [1, 2, 5], first: sub(1, 10, 1) },
      { shopperId: 20, subscriptionIds: [3], first: sub(3, 20, 3) },
    ]);
  });

  it('never picks more shoppers than units nor any shopper twice, and picks all when there are fewer', () => {
    const arbitrary = fc.array(fc.record({ id: fc.integer({ min: 1, max: 10_000 }), shopperId: fc.integer({ min: 1, max: 20 }), minute: fc.integer({ min: 0, max: 59 }) }), { maxLength: 60 });
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 30 }), (rows, units) => {
        const unique = [...new Map(rows.map((r) => [r.id, r])).values()].map((r) => sub(r.id, r.shopperId, r.minute));
        const chosen = pickWaitlist(unique, units);
        const shoppers = new Set(unique.map((s) => s.shopperId));
        expect(chosen.length).toBe(Math.min(units, shoppers.size));
        expect(new Set(chosen.map((c) => c.shopperId)).size).toBe(chosen.length);
        // Everyone chosen waited no later than anyone left out.
        const left = unique.filter((s) => !chosen.some((c) => c.shopperId === s.shopperId));
        const lastChosen = Math.max(...chosen.map((c) => c.first.subscribedAt.getTime()), -Infinity);
        for (const s of left) expect(s.subscribedAt.getTime()).toBeGreaterThanOrEqual(lastChosen);
      }),
    );
  });

  it('groups claimed rows by shopper', () => {
    const groups = byShopper([{ shopperId: 1, id: 1 }, { shopperId: 2, id: 2 }, { shopperId: 1, id: 3 }]);
    expect([...groups.entries()]).toEqual([
      [1, [{ shopperId: 1, id: 1 }, { shopperId: 1, id: 3 }]],
      [2, [{ shopperId: 2, id: 2 }]],
    ]);
  });
});

describe('notices', () => {
  it('are in Chinese with the product or campaign named', () => {
    expect(backInStockNotice({ productTitle: '手办', skuTitle: '手办（限定）' })).toEqual({
      kind: 'demand.back_in_stock',
      title: '到货提醒：手办',
      body: '您订阅的「手办（限定）」已到货，现在可以购买了。库存有限，先到先得。',
    });
    const open = campaignOpenNotice({ campaignName: '双十一预售', endsAt: new Date('2026-11-11T15:59:00Z'), timeZone: 'Asia/Shanghai' });
    expect(open).toMatchObject({ kind: 'demand.campaign_open', title: '开售提醒：双十一预售' });
    expect(open.body).toContain('2026-11-11 23:59');
    expect(unitsFreedNotice({ title: '双十一预售', units: 2 })).toMatchObject({ kind: 'demand.units_freed', title: '补货提醒：双十一预售' });
    expect(unitsFreedNotice({ title: '双十一预售', units: 2 }).body).toContain('2 件');
  });

  it('are deduplicated per arrival, per campaign, and per wait', () => {
    expect(dedupeKeys.backInStock(7, 99)).toBe('demand.back_in_stock:7:99');
    expect(dedupeKeys.campaignOpen(3)).toBe('demand.campaign_open:3');
    expect(dedupeKeys.unitsFreed({ id: 4, shopperId: 1, subscribedAt: at(0) })).not.toBe(dedupeKeys.unitsFreed({ id: 4, shopperId: 1, subscribedAt: at(1) }));
  });
});
