// Helpers for the presale order suites: a campaign open now, its orders placed and paid per stage
// through the real APIs, the clock moved through the windows, and the presale rows.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import type { Headers } from './catalog-fixtures.ts';
import { call, drain, newBuyer, newKey, placeOrder, pressPay, startPay, type Buyer, type Session } from './orders-fixtures.ts';
import { createCampaign, depositBody, fullBody, iso, presaleProduct, DAY, HOUR } from './presale-fixtures.ts';
import { presaleOrders } from '../src/modules/orders/orders.tables.ts';

export { DAY, HOUR };

/**
 * A deposit campaign taking orders now: the order window closes in 2 days, the balance window
 * is open from then for 3 days. Presale price ¥800, deposit ¥100, quota 50, limit 2 unless told.
 */
export async function openDepositCampaign(
  ctx: TestContext,
  owner: Headers,
  overrides: Record<string, unknown> = {},
  options: { price?: number; onShelf?: boolean; item?: Record<string, unknown> } = {},
) {
  const sku = await presaleProduct(ctx, owner, { price: options.price ?? 100_000, onShelf: options.onShelf ?? true });
  const item = { skuId: sku.skuId, presalePrice: 80_000, deposit: 10_000, quota: 50, perBuyerLimit: 2, ...options.item };
  const campaign = await createCampaign(
    ctx,
    owner,
    depositBody(ctx, sku.skuId, {
      items: [item],
      startsAt: iso(ctx, HOUR),
      endsAt: iso(ctx, 2 * DAY),
      balanceStartsAt: iso(ctx, 2 * DAY),
      balanceEndsAt: iso(ctx, 5 * DAY),
      ...overrides,
    }),
  );
  ctx.clock.advance(HOUR);
  return { campaign, sku, item: campaign.items[0] };
}

/** A full-payment campaign taking orders now (closes in 2 days): presale price ¥900, quota 20, limit 3 unless told. */
export async function openFullCampaign(ctx: TestContext, owner: Headers, overrides: Record<string, unknown> = {}) {
  const sku = await presaleProduct(ctx, owner, { price: 100_000 });
  const campaign = await createCampaign(ctx, owner, fullBody(ctx, sku.skuId, { startsAt: iso(ctx, HOUR), endsAt: iso(ctx, 2 * DAY), ...overrides }));
  ctx.clock.advance(HOUR);
  return { campaign, sku, item: campaign.items[0] };
}

export const terms = (campaign: { termsVersion: number }) => ({ accepted: true, version: campaign.termsVersion });

/** A deposit order of `quantity` units, terms accepted; returns its detail. */
export async function depositOrder(ctx: TestContext, buyer: Buyer, campaign: { termsVersion: number }, skuId: number, quantity = 1, extra: Record<string, unknown> = {}) {
  const res = await placeOrder(ctx, buyer, { items: [{ skuId, quantity }], depositTerms: terms(campaign), ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Pays whatever stage the order waits for through the sandbox; returns the payment number. */
export async function payStage(ctx: TestContext, buyer: Session, orderId: number) {
  const { paymentNo } = await startPay(ctx, buyer, orderId);
  await pressPay(ctx, paymentNo);
  await drain(ctx);
  return paymentNo;
}

/** Moves the clock and runs the presale sweepers (payment timeouts, settlement, lapsed balances, reminders, overdue shipments) and the outbox. */
export async function advanceAndSweep(ctx: TestContext, ms: number) {
  ctx.clock.advance(ms);
  await ctx.services.orders.cancelExpired();
  await ctx.services.orders.settlePresaleCampaigns();
  await ctx.services.orders.forfeitLapsedBalances();
  await ctx.services.orders.sendBalanceReminders();
  await ctx.services.orders.markOverduePresaleOrders();
  await drain(ctx);
}

export async function presaleRow(ctx: TestContext, orderId: number) {
  const [row] = await ctx.db.select().from(presaleOrders).where(eq(presaleOrders.orderId, orderId));
  return row!;
}

export const payBalanceRes = (ctx: TestContext, buyer: Session, orderId: number) => call(ctx, 'POST', `/api/orders/${orderId}/payments`, buyer.headers, { provider: 'sandbox' });

export { newKey };

/** A buyer of `campaign` whose deposit order is placed and its deposit paid. */
export async function buyerWithPaidDeposit(ctx: TestContext, campaign: { termsVersion: number }, skuId: number, quantity = 1) {
  const buyer = await newBuyer(ctx);
  const order = await depositOrder(ctx, buyer, campaign, skuId, quantity);
  await payStage(ctx, buyer, order.id);
  return { buyer, order };
}

/** An owner, a deposit campaign open now (see openDepositCampaign) and one buyer with the deposit paid. */
export async function paidDepositSetup(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const owner = await ctx.staffSession('owner');
  const opened = await openDepositCampaign(ctx, owner.headers, overrides);
  return { owner, ...opened, ...(await buyerWithPaidDeposit(ctx, opened.campaign, opened.sku.skuId)) };
}
