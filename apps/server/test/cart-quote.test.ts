import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createCategory, createProduct } from './catalog-fixtures.ts';
import { cartClient } from './cart-fixtures.ts';

describeEachDatabase('cart: price preview of the selected lines', (ctx) => {
  it('quotes the selected, buyable lines through promotions, category scope included', async () => {
    const owner = (await ctx().staffSession('owner')).headers;
    const parent = await createCategory(ctx(), owner, `手办-${Date.now()}`);
    const child = await createCategory(ctx(), owner, '景品', parent.id);
    const figure = await createProduct(ctx(), owner, { categoryId: child.id, skus: [{ specValues: {}, price: 15_000, initialStock: 10 }] });
    const other = await createProduct(ctx(), owner, { skus: [{ specValues: {}, price: 3_000, initialStock: 10 }] });
    const now = ctx().clock.now().getTime();
    const promotion = await ctx().app.inject({
      method: 'POST',
      url: '/api/admin/promotions',
      headers: owner,
      payload: {
        name: '手办满100减20',
        kind: 'full_reduction',
        tiers: [{ threshold: 10_000, amount: 2_000 }],
        categoryIds: [parent.id],
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
      },
    });
    expect(promotion.statusCode, promotion.body).toBe(201);

    const guest = cartClient(ctx);
    await guest.add(figure.skus[0].id, 1);
    const cart = await guest.add(other.skus[0].id, 2);
    expect(cart.goodsAmount).toBe(21_000);
    const quote = cart.quote as { goodsAmount: number; promotionDiscount: number; totalAmount: number; perLine: { skuId: number }[] };
    expect(quote.goodsAmount).toBe(21_000);
    expect(Math.abs(quote.promotionDiscount)).toBe(2_000);
    expect(quote.perLine.map((l) => l.skuId).sort()).toEqual([figure.skus[0].id, other.skus[0].id].sort());

    // Deselecting the figure leaves nothing the promotion covers; deselecting all leaves no quote.
    const figureLine = cart.items.find((i) => i.skuId === figure.skus[0].id)!;
    const partial = (await guest.call('PATCH', `/api/cart/items/${figureLine.id}`, { selected: false })).json();
    expect(partial.quote).toMatchObject({ goodsAmount: 6_000, promotionDiscount: 0 });
    const none = (await guest.call('POST', '/api/cart/select', { itemIds: cart.items.map((i) => i.id), selected: false })).json();
    expect(none.quote).toBeNull();
  });
});
