import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DAY, useScenario } from '../support/scenario.ts';
import { addAddress, payOnSandbox, placeOrder, shipOrder, skuByCode } from '../support/shop-data.ts';

/**
 * The storefront's list pages (one shared PagedList) on a phone: opened from 我的, with real rows,
 * tabs, the next page on scroll, the empty state of a new shopper, and a row through to its detail.
 */
const scenario = useScenario('shop-lists');

interface Page1<T> {
  items: T[];
  total: number;
}

/** From 我的, taps the entry with this title and waits for its page. */
async function openFromMine(page: Page, entry: string, path: RegExp): Promise<void> {
  await page.goto('/mine');
  await page.locator('.van-cell').filter({ hasText: entry }).first().click();
  await page.waitForURL(path);
}

/** Scrolls to the bottom until the list shows `expected` rows (the next page loads on scroll). */
async function scrollUntil(page: Page, rows: ReturnType<Page['getByTestId']>, expected: number): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        return rows.count();
      },
      { timeout: 20_000, interval: 300 },
    )
    .toBe(expected);
  await page.getByText('没有更多了').waitFor();
}

function pageErrors(errors: string[]): string[] {
  return errors.filter((e) => e.startsWith('pageerror'));
}

describe('the shop list pages', () => {
  it('orders: 12 orders over two pages, the status tabs, a card through to its detail; messages likewise', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const phone = await s.phone();
    const { page } = phone;
    const shopper = await s.shopper(phone);
    const addressId = await addAddress(s.api, shopper.token);
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await placeOrder(s.api, shopper, addressId, { items: [{ skuId: sku.skuId, quantity: 1 }] }));
    for (const id of ids.slice(0, 5)) await payOnSandbox(s.api, shopper, id);

    await openFromMine(page, '我的订单', /\/orders$/);
    const cards = page.getByTestId('order-card');
    await expect.poll(() => cards.count()).toBe(10);
    await expect.poll(() => cards.first().innerText()).toContain(sku.productTitle);
    await s.shot(page, 'orders-phone');
    await scrollUntil(page, cards, 12);

    await page.getByRole('tab', { name: '待发货' }).click();
    await page.waitForURL(/status=awaiting_shipment/);
    await expect.poll(() => cards.count()).toBe(5);
    await expect.poll(async () => (await cards.allInnerTexts()).every((text) => text.includes('待发货'))).toBe(true);
    await page.getByRole('tab', { name: '待付款' }).click();
    await expect.poll(() => cards.count()).toBe(7);
    await expect.poll(async () => (await cards.allInnerTexts()).every((text) => text.includes('待付款'))).toBe(true);
    await page.getByText('没有更多了').waitFor();
    await page.getByRole('tab', { name: '已完成' }).click();
    await page.getByText('暂无订单').waitFor();
    await s.shot(page, 'orders-empty-tab-phone');

    // 我的 → 待发货 shortcut opens the list on that tab; a card opens the order.
    await page.goto('/mine');
    await page.locator('.van-grid-item').filter({ hasText: '待发货' }).click();
    await page.waitForURL(/\/orders\?status=awaiting_shipment$/);
    await expect.poll(() => cards.count()).toBe(5);
    const paidNo = (await s.api.get<{ orderNo: string }>(`/api/orders/${ids[0]}`, shopper.token)).orderNo;
    await cards.filter({ hasText: paidNo }).click();
    await page.waitForURL(new RegExp(`/orders/${ids[0]}$`));
    await page.getByText(paidNo).waitFor();

    // Every order placed and every payment left a message: more than one page of 15.
    const messages = await s.api.get<Page1<unknown> & { unread: number }>('/api/me/messages?pageSize=1', shopper.token);
    expect(messages.total).toBeGreaterThan(15);
    await page.goto('/mine');
    await expect.poll(() => page.getByTestId('unread-count').innerText()).toBe(String(messages.unread));
    await openFromMine(page, '消息中心', /\/messages$/);
    const rows = page.getByTestId('message');
    await expect.poll(() => rows.count()).toBe(15);
    await s.shot(page, 'messages-phone');
    await scrollUntil(page, rows, messages.total);
    await rows.filter({ hasText: paidNo }).first().click();
    await page.waitForURL(new RegExp(`/orders/${ids[0]}$`));
    await page.goBack();
    await page.waitForURL(/\/messages$/);
    await page.getByTestId('read-all').click();
    await page.getByText('已全部标为已读').waitFor();
    await expect.poll(async () => (await s.api.get<{ unread: number }>('/api/me/messages/unread-count', shopper.token)).unread).toBe(0);
    await expect.poll(() => page.locator('.van-badge--dot').count()).toBe(0);
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  it('points: a balance, more than one page of entries, the reward of an order through to it', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const phone = await s.phone();
    const { page } = phone;
    const shopper = await s.shopper(phone);
    for (let i = 1; i <= 23; i++) await s.api.post(`/api/admin/points/${shopper.id}/adjust`, { delta: 10 * i, note: `e2e 补录 ${i}` }, { token: owner.token });
    // A completed order earns points: the newest entry, linked to its order.
    const orderId = await placeOrder(s.api, shopper, await addAddress(s.api, shopper.token), { items: [{ skuId: sku.skuId, quantity: 1 }] });
    await payOnSandbox(s.api, shopper, orderId);
    await shipOrder(s.api, owner.token, orderId);
    await s.api.post(`/api/orders/${orderId}/confirm-receipt`, {}, { token: shopper.token });
    const points = await s.api.get<Page1<{ reason: string }> & { balance: number }>('/api/me/points?pageSize=1', shopper.token);
    expect(points.total).toBe(24);
    expect(points.items[0]?.reason).toBe('earn_order');

    await openFromMine(page, '我的积分', /\/points$/);
    await expect.poll(() => page.getByTestId('points-balance').innerText()).toBe(String(points.balance));
    const rows = page.locator('.van-list .van-cell');
    await expect.poll(() => rows.count()).toBe(20);
    await expect.poll(() => rows.nth(1).innerText()).toMatch(/商家调整[\s\S]*e2e 补录 23[\s\S]*\+230/);
    await s.shot(page, 'points-phone');
    // The next page fails once: the list offers a retry, and the retry loads it.
    await page.route(/\/api\/me\/points\?.*page=2/, (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.getByText('加载失败，点击重试').click();
    await expect.poll(() => rows.count()).toBe(24);
    await expect.poll(() => rows.last().innerText()).toMatch(/e2e 补录 1\b[\s\S]*\+10/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => rows.first().innerText()).toContain('购物奖励');
    await rows.first().click();
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  it('after-sales: a refund request in the list, through to its detail', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const phone = await s.phone();
    const { page } = phone;
    const shopper = await s.shopper(phone);
    const addressId = await addAddress(s.api, shopper.token);
    const orderId = await placeOrder(s.api, shopper, addressId, { items: [{ skuId: sku.skuId, quantity: 1 }] });
    await payOnSandbox(s.api, shopper, orderId);
    const order = await s.api.get<{ lines: { id: number; quantity: number }[] }>(`/api/orders/${orderId}`, shopper.token);
    const ticket = await s.api.post<{ id: number; ticketNo: string }>(
      '/api/aftersales',
      { orderId, type: 'refund_only', reason: '不想要了/七天无理由', description: '拍错了', lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }] },
      { token: shopper.token },
    );

    await openFromMine(page, '售后服务', /\/aftersales$/);
    const card = page.locator('.as-card').filter({ hasText: ticket.ticketNo });
    await card.waitFor();
    await expect.poll(() => card.innerText()).toMatch(/仅退款[\s\S]*待审核/);
    await expect.poll(() => card.innerText()).toContain(sku.productTitle);
    await page.getByText('没有更多了').waitFor();
    await s.shot(page, 'aftersales-phone');
    await card.locator('.van-cell').first().click();
    await page.waitForURL(new RegExp(`/aftersales/${ticket.id}$`));
    await page.getByText(ticket.ticketNo).first().waitFor();
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  it('reminders: an upcoming presale and a sold-out product, each through to where it leads', async () => {
    const s = scenario();
    const owner = await s.owner();
    const soldOut = await skuByCode(s.api, owner.token, 'FIG-003');
    const zone = await s.api.get<Page1<{ id: number; name: string; countdown: { kind: 'starts' | 'ends' } | null }>>('/api/presale?pageSize=20');
    const upcoming = zone.items.find((c) => c.countdown?.kind === 'starts');
    expect(upcoming, 'the demo has an upcoming presale').toBeDefined();
    const phone = await s.phone();
    const { page } = phone;
    const shopper = await s.shopper(phone);
    await s.api.post('/api/notify-me', { target: 'campaign', targetId: upcoming!.id }, { token: shopper.token });
    await s.api.post('/api/notify-me', { target: 'product', targetId: soldOut.productId }, { token: shopper.token });

    await openFromMine(page, '我的提醒', /\/reminders$/);
    const rows = page.locator('.van-swipe-cell');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().innerText()).toMatch(/等待中/);
    await rows.filter({ hasText: upcoming!.name }).waitFor();
    await s.shot(page, 'reminders-phone');
    await rows.filter({ hasText: soldOut.productTitle }).locator('.van-cell').click();
    await page.waitForURL(new RegExp(`/product/${soldOut.productId}`));
    await page.goBack();
    await rows.filter({ hasText: upcoming!.name }).locator('.van-cell').click();
    await page.waitForURL(new RegExp(`/presale/${upcoming!.id}$`));
    await expect.poll(() => page.getByTestId('campaign-name').innerText()).toBe(upcoming!.name);
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  // The demo's decorated home links each campaign, not the zone (its 预售专区 entry is on the undecorated home only): opened directly.
  it('presale zone: the demo campaigns, an item through to its product', async () => {
    const s = scenario();
    const zone = await s.api.get<Page1<{ id: number; name: string; items: { productId: number; title: string }[] }>>('/api/presale?pageSize=20');
    expect(zone.total).toBeGreaterThan(0);
    const phone = await s.phone();
    const { page } = phone;
    await page.goto('/presale');
    const cards = page.getByTestId('presale-campaign');
    await expect.poll(() => cards.count()).toBe(zone.total);
    await expect.poll(() => cards.allInnerTexts()).toEqual(zone.items.map((c) => expect.stringContaining(c.name)));
    await page.getByText('没有更多了').waitFor();
    await s.shot(page, 'presale-zone-phone');
    const first = zone.items[0]!;
    await cards.first().locator('.zone-item').first().click();
    await page.waitForURL(new RegExp(`/product/${first.items[0]!.productId}\\?`));
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  it('a new shopper sees the empty state on every list', async () => {
    const s = scenario();
    const phone = await s.phone();
    const { page } = phone;
    await s.shopper(phone);
    const lists: [entry: string, path: RegExp, empty: string][] = [
      ['我的订单', /\/orders$/, '暂无订单'],
      ['售后服务', /\/aftersales$/, '暂无数据'],
      ['我的积分', /\/points$/, '暂无数据'],
      ['我的提醒', /\/reminders$/, '暂无提醒'],
      ['消息中心', /\/messages$/, '暂无消息'],
      ['我的优惠券', /\/coupons$/, '暂无优惠券'],
    ];
    for (const [entry, path, empty] of lists) {
      await openFromMine(page, entry, path);
      await page.locator('.van-empty').getByText(empty).waitFor();
      expect(await page.getByText('没有更多了').count(), `${entry}: no "no more" under an empty list`).toBe(0);
      await s.shot(page, `empty-${path.source.replace(/\W/g, '')}-phone`);
    }
    expect(pageErrors(phone.errors)).toEqual([]);
  });

  // Last: it moves the clock on to expire a coupon.
  it('coupons: unused, used and expired tabs', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const phone = await s.phone();
    const { page } = phone;
    const shopper = await s.shopper(phone);
    const template = async (name: string, amount: number, days: number) =>
      (
        await s.api.post<{ id: number }>(
          '/api/admin/coupon-templates',
          { name, kind: 'fixed', amount, threshold: 0, validity: { kind: 'days', days }, totalQuantity: 100, perShopperLimit: 5, claimable: false },
          { token: owner.token },
        )
      ).id;
    const longId = await template('E2E 列表券 长期', 500, 365);
    const shortId = await template('E2E 列表券 三天', 300, 3);
    const issue = async (id: number) =>
      (await s.api.post<{ couponIds: number[] }>(`/api/admin/coupon-templates/${id}/issue`, { shopperIds: [shopper.id], note: 'e2e' }, { token: owner.token })).couponIds[0]!;
    const toUse = await issue(longId);
    await issue(longId);
    await issue(shortId);
    const addressId = await addAddress(s.api, shopper.token);
    await payOnSandbox(s.api, shopper, await placeOrder(s.api, shopper, addressId, { items: [{ skuId: sku.skuId, quantity: 1 }], couponId: toUse }));

    await openFromMine(page, '我的优惠券', /\/coupons$/);
    const coupons = page.getByTestId('my-coupon');
    await expect.poll(() => coupons.count()).toBe(2);
    await coupons.filter({ hasText: 'E2E 列表券 三天' }).waitFor();
    await s.shot(page, 'coupons-unused-phone');
    await page.getByRole('tab', { name: '已使用' }).click();
    await expect.poll(() => coupons.count()).toBe(1);
    await coupons.filter({ hasText: 'E2E 列表券 长期' }).waitFor();
    await s.shot(page, 'coupons-used-phone');
    await page.getByRole('tab', { name: '已过期' }).click();
    await page.getByText('暂无优惠券').waitFor();

    await s.advance(4 * DAY);
    await page.reload();
    await expect.poll(() => coupons.count()).toBe(1);
    await page.getByRole('tab', { name: '已过期' }).click();
    await coupons.filter({ hasText: 'E2E 列表券 三天' }).waitFor();
    await expect.poll(() => coupons.count()).toBe(1);
    await s.shot(page, 'coupons-expired-phone');
    expect(pageErrors(phone.errors)).toEqual([]);
  });
});
