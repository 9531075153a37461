import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { idempotencyKey } from '../support/api.ts';
import { DAY, HOUR, useScenario } from '../support/scenario.ts';
import { addAddress, skuByCode } from '../support/shop-data.ts';

/** Staff ship one order in two parcels with two listed carriers; the shopper follows both parcels' tracking. */
// The sandbox carrier makes up each parcel's tracking events as the server clock moves.
const scenario = useScenario('two-parcels', { env: { TRACKING_SANDBOX_ENABLED: 'true' } });

interface Parcel {
  carrier: string;
  carrierCode: string | null;
  trackingNo: string;
  trackingStatus: string;
  events: { status: string; description: string }[];
}

/** Picks a carrier from the ship dialog's carrier list (an Element Plus select). */
async function pickCarrier(page: Page, dialog: Locator, name: string): Promise<void> {
  await dialog.getByTestId('ship-carrier-pick').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
  await expect.poll(() => dialog.getByTestId('ship-carrier-pick').innerText()).toContain(name);
}

/** Ships `quantity` units of the first line left, with the carrier picked from the list. */
async function shipParcel(page: Page, carrier: string, trackingNo: string, quantity: number): Promise<void> {
  await page.getByTestId('order-ship').click();
  const dialog = page.getByRole('dialog');
  await pickCarrier(page, dialog, carrier);
  await expect(dialog.getByTestId('ship-carrier').count()).resolves.toBe(0);
  await dialog.getByLabel('运单号').fill(trackingNo);
  const qty = dialog.getByTestId('ship-qty-0').locator('input');
  await qty.fill(String(quantity));
  await qty.press('Tab');
  await dialog.getByTestId('order-ship-submit').click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('an order shipped in two parcels', () => {
  it('staff ship it with two carriers from the list; the shopper sees both parcels’ tracking timelines', async () => {
    const s = scenario();
    const owner = await s.owner();
    // 粘土人 初音未来 Miku 可动Q版手办: a normal product in stock, two units → two parcels of one.
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const shop = await s.phone();
    const shopper = await s.shopper(shop);
    const addressId = await addAddress(s.api, shopper.token);
    const order = await s.api.post<{ id: number; orderNo: string }>(
      '/api/orders',
      { addressId, items: [{ skuId: sku.skuId, quantity: 2 }] },
      { token: shopper.token, idempotencyKey: idempotencyKey('order') },
    );
    const payment = await s.api.post<{ paymentNo: string }>(`/api/orders/${order.id}/payments`, { provider: 'sandbox' }, { token: shopper.token });
    const paid = await fetch(`${s.baseUrl}/pay/sandbox/${payment.paymentNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=1',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await s.runJobs();

    // The back office: two parcels, 顺丰速运 then 京东物流, one unit each.
    const office = await s.desktop();
    await s.owner(office);
    await office.page.goto(`/admin/orders/${order.id}`);
    await office.page.getByText(order.orderNo).first().waitFor();
    const [first, second] = [`SF${Date.now()}`, `JD${Date.now()}`];
    await shipParcel(office.page, '顺丰速运', first, 1);
    await office.page.getByTestId(`parcel-${first}`).waitFor();
    await s.shot(office.page, 'admin-first-parcel-desktop', { fullPage: true });
    await office.page.getByTestId('order-ship').click();
    const dialog = office.page.getByRole('dialog');
    await pickCarrier(office.page, dialog, '京东物流');
    await dialog.getByLabel('运单号').fill(second);
    await s.shot(office.page, 'admin-ship-dialog-carrier-list-desktop');
    await dialog.getByTestId('order-ship-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await office.page.getByTestId(`parcel-${second}`).waitFor();
    await office.page.getByText('已发货').first().waitFor();

    const detail = await s.api.get<{ status: string; shipments: Parcel[] }>(`/api/orders/${order.id}`, shopper.token);
    expect(detail.status).toBe('shipped');
    expect(detail.shipments.map((p) => [p.carrier, p.carrierCode, p.trackingNo])).toEqual([
      ['顺丰速运', 'SF', first],
      ['京东物流', 'JD', second],
    ]);

    // Half a day later the parcels are on their way.
    await s.advance(12 * HOUR);
    await shop.page.goto(`/orders/${order.id}`);
    for (const no of [first, second]) {
      const card = shop.page.getByTestId(`parcel-${no}`);
      await card.getByText('揽收').first().waitFor();
    }
    await shop.page.getByText('共 2 个包裹').waitFor();
    await s.shot(shop.page, 'shopper-parcels-in-transit-phone', { fullPage: true });

    // Three days on, both are delivered: each timeline ends with 已签收.
    await s.advance(3 * DAY);
    await shop.page.reload();
    for (const no of [first, second]) {
      const card = shop.page.getByTestId(`parcel-${no}`);
      await card.getByText('已签收').first().waitFor();
      await card.getByText(/派送员：.师傅/).waitFor();
      await card.getByText(no).waitFor();
    }
    await s.shot(shop.page, 'shopper-parcels-delivered-phone', { fullPage: true });
    const delivered = await s.api.get<{ shipments: Parcel[]; timeline: { type: string }[] }>(`/api/orders/${order.id}`, shopper.token);
    expect(delivered.shipments.map((p) => p.trackingStatus)).toEqual(['delivered', 'delivered']);
    expect(delivered.shipments.every((p) => p.events.length === 6)).toBe(true);
    expect(delivered.timeline.map((e) => e.type)).toContain('order.delivered');

    await office.page.reload();
    await office.page.getByTestId(`parcel-${second}`).getByText('已签收').first().waitFor();
    await s.shot(office.page, 'admin-parcels-delivered-desktop', { fullPage: true });
    expect(shop.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
