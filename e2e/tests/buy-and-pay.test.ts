import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { addAddress, ordersOf, payOnSandboxPage, skuByCode } from '../support/shop-data.ts';

/** A shopper buys a normal product on a phone and pays on the sandbox gateway's page. */
const scenario = useScenario('buy');

describe('buying a normal product', () => {
  it('product page → buy now → checkout with the price breakdown → sandbox pay page → paid order', async () => {
    const s = scenario();
    const owner = await s.owner();
    // 粘土人 初音未来 Miku 可动Q版手办: one SKU, in stock, in no presale.
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const opened = await s.phone();
    const { page } = opened;
    const shopper = await s.shopper(opened);
    await addAddress(s.api, shopper.token);

    await page.goto(`/product/${sku.productId}`);
    await expect(page.getByText(sku.productTitle).first().waitFor()).resolves.toBeUndefined();
    await page.getByText(/库存 \d+ 件/).waitFor();
    await s.shot(page, 'product-phone');
    await page.getByRole('button', { name: '立即购买' }).click();

    await page.waitForURL(/\/checkout\?/);
    await page.getByText('价格明细').waitFor();
    await page.getByText('张三').first().waitFor();
    await s.shot(page, 'checkout-phone', { fullPage: true });
    await page.getByRole('button', { name: '提交订单' }).click();

    await page.waitForURL(/\/pay\/sandbox\//);
    await s.shot(page, 'sandbox-pay-page-phone');
    await payOnSandboxPage(page);

    await page.getByText('支付成功').first().waitFor({ timeout: 30_000 });
    await s.shot(page, 'pay-result-phone');
    const [order] = await ordersOf(s.api, shopper.token);
    expect(order?.status).toBe('awaiting_shipment');

    await page.getByRole('button', { name: '查看订单' }).click();
    await page.waitForURL(new RegExp(`/orders/${order!.id}$`));
    await page.getByText('待发货').first().waitFor();
    await page.getByText(order!.orderNo).waitFor();
    await s.shot(page, 'order-paid-phone', { fullPage: true });
  });

  it('the product page at desktop size', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const { page } = await s.desktop();
    await page.goto(`/product/${sku.productId}`);
    await page.getByRole('button', { name: '立即购买' }).waitFor();
    await s.shot(page, 'product-desktop');
  });
});
