import type { Page } from 'playwright-core';
import { idempotencyKey, type Api, type Session } from './api.ts';
import { DAY, MINUTE } from './scenario.ts';

/**
 * Setting the scene through the API (what a test is not about), and reading results to check
 * what the pages showed. The demo data is described in apps/server/src/demo.
 */

export interface DemoSku {
  productId: number;
  productTitle: string;
  skuId: number;
  skuCode: string;
  price: number;
  stock: number;
}

/** A demo SKU by its code (e.g. 'FIG-005', 'BOX-001-1'), read through the back office API. */
export async function skuByCode(api: Api, ownerToken: string, skuCode: string): Promise<DemoSku> {
  const productCode = skuCode.split('-').slice(0, 2).join('-');
  const page = await api.get<{ items: { id: number; code: string }[] }>(`/api/admin/products?q=${encodeURIComponent(productCode)}&pageSize=50`, ownerToken);
  for (const item of page.items) {
    const product = await api.get<{ id: number; title: string; skus: { id: number; skuCode: string | null; price: number; stock: number }[] }>(
      `/api/admin/products/${item.id}`,
      ownerToken,
    );
    const sku = product.skus.find((s) => s.skuCode === skuCode);
    if (sku) return { productId: product.id, productTitle: product.title, skuId: sku.id, skuCode, price: sku.price, stock: sku.stock };
  }
  throw new Error(`no demo SKU ${skuCode}`);
}

/** A shipping address for the shopper, made the default. */
export async function addAddress(api: Api, shopperToken: string): Promise<number> {
  const address = await api.post<{ id: number }>(
    '/api/me/addresses',
    { receiver: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道100号', isDefault: true },
    { token: shopperToken },
  );
  return address.id;
}

/** Places an order through the API (a fresh Idempotency-Key); returns its id. */
export async function placeOrder(api: Api, shopper: Session, addressId: number, body: Record<string, unknown>): Promise<number> {
  const placed = await api.post<{ id?: number; order?: { id: number } }>('/api/orders', { addressId, ...body }, { token: shopper.token, idempotencyKey: idempotencyKey('order') });
  return placed.id ?? placed.order!.id;
}

/** Pays whatever stage the order waits for through the sandbox, as its hosted page would, and delivers the notices. */
export async function payOnSandbox(api: Api, shopper: Session, orderId: number): Promise<void> {
  const payment = await api.post<{ paymentNo: string }>(`/api/orders/${orderId}/payments`, { provider: 'sandbox' }, { token: shopper.token });
  const res = await fetch(`${api.baseUrl}/pay/sandbox/${payment.paymentNo}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'confirm=1',
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`sandbox pay page answered ${res.status}`);
  await api.runJobs();
}

export interface PresaleSetup {
  campaignId: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
  balanceStartsAt: Date;
  balanceEndsAt: Date;
}

/**
 * A deposit presale (定金+尾款, earnest) on one SKU, taking orders from now for `orderDays`, then
 * a balance window of `balanceDays`; no minimum target, so one buyer is enough for it to settle.
 */
export async function createDepositPresale(
  api: Api,
  ownerToken: string,
  options: { skuId: number; name: string; presalePrice: number; deposit: number; depositValue?: number; orderDays?: number; balanceDays?: number },
): Promise<PresaleSetup> {
  const now = await api.clock.now();
  const startsAt = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const endsAt = new Date(startsAt.getTime() + (options.orderDays ?? 2) * DAY);
  const balanceEndsAt = new Date(endsAt.getTime() + (options.balanceDays ?? 3) * DAY);
  const campaign = await api.post<{ id: number }>(
    '/api/admin/presale/campaigns',
    {
      type: 'deposit',
      depositKind: 'earnest',
      name: options.name,
      rulesText: '定金不退，尾款在活动结束后支付。',
      termsText: '本商品为预售商品，定金一经支付不予退还（定金不退）；尾款须在尾款支付时间内付清。',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      balanceStartsAt: endsAt.toISOString(),
      balanceEndsAt: balanceEndsAt.toISOString(),
      ship: { kind: 'date', shipDate: new Date(balanceEndsAt.getTime() + 10 * DAY).toISOString() },
      items: [
        {
          skuId: options.skuId,
          presalePrice: options.presalePrice,
          deposit: options.deposit,
          depositValue: options.depositValue ?? options.deposit,
          quota: 20,
          perBuyerLimit: 2,
        },
      ],
    },
    { token: ownerToken },
  );
  return { campaignId: campaign.id, name: options.name, startsAt, endsAt, balanceStartsAt: endsAt, balanceEndsAt };
}

export interface OrderView {
  id: number;
  orderNo: string;
  status: string;
  payable?: number;
  [key: string]: unknown;
}

export function orderOf(api: Api, shopperToken: string, orderId: number): Promise<OrderView> {
  return api.get<OrderView>(`/api/orders/${orderId}`, shopperToken);
}

/** The shopper's orders, newest first. */
export async function ordersOf(api: Api, shopperToken: string): Promise<OrderView[]> {
  const page = await api.get<{ items: OrderView[] }>('/api/orders?pageSize=50', shopperToken);
  return page.items;
}

/** The merchant ships an order through the API (for scenarios whose subject is not shipping). */
export function shipOrder(api: Api, ownerToken: string, orderId: number): Promise<unknown> {
  return api.post(`/api/admin/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNo: `SF${Date.now()}` }, { token: ownerToken, idempotencyKey: idempotencyKey('ship') });
}

/**
 * On the sandbox gateway's hosted page (the shop sends the browser there to pay): presses
 * 支付成功 and waits until the gateway has sent the browser back to the shop.
 */
export async function payOnSandboxPage(page: Page): Promise<void> {
  await page.waitForURL(/\/pay\/sandbox\//, { timeout: 20_000 });
  await page.getByRole('button', { name: /支付成功/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/pay/sandbox/'), { timeout: 20_000 });
}
