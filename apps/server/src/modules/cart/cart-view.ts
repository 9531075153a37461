import { CART_LIMITS, type CartLine, type CartNotice, type CartView, type PriceBreakdown } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { skusForSale } from '../catalog/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { CartItemRow } from './cart.repo.ts';
import { lineProblem, problemMessage } from './cart.rules.ts';

/** A line as the price preview sees it (the shape of promotions' pricing lines). */
export interface QuoteLine {
  skuId: number;
  productId: number;
  categoryIds: readonly number[];
  unitPrice: number;
  quantity: number;
}

/** What the cart needs of pricing (services.promotions): a preview of the selected lines. */
export interface CartPricing {
  quote(tx: DbOrTx, input: { shopperId: number | null; lines: QuoteLine[] }): Promise<PriceBreakdown>;
}

export interface ViewDeps {
  inventory: InventoryService;
  pricing?: CartPricing;
}

interface PricedLine {
  line: CartLine;
  categoryIds: readonly number[];
}

/** Lines with the product as it is now: title, image, price, stock, and what stands in the way of buying. */
async function cartLines(tx: DbOrTx, inventory: InventoryService, items: readonly CartItemRow[]): Promise<PricedLine[]> {
  const skuIds = items.map((i) => i.skuId);
  const [skus, stock] = [await skusForSale(tx, skuIds), await inventory.sellableBySkuIds(tx, skuIds)];
  return items.map((item) => {
    const sku = skus.get(item.skuId);
    const sellable = Math.max(0, stock.get(item.skuId) ?? 0);
    const code = lineProblem(sku, item.quantity, sellable);
    const line: CartLine = {
      id: item.id,
      skuId: item.skuId,
      productId: sku?.productId ?? null,
      title: sku?.title ?? null,
      imageUrl: sku?.imageUrl ?? null,
      specValues: sku?.specValues ?? {},
      price: sku?.price ?? null,
      quantity: item.quantity,
      selected: item.selected,
      addedAt: item.addedAt,
      stock: sellable,
      onShelf: sku?.onShelf ?? false,
      active: sku?.active ?? false,
      amount: sku ? sku.price * item.quantity : 0,
      problem: code ? { code, ...problemMessage(code, sellable) } : null,
    };
    return { line, categoryIds: sku?.categoryIds ?? [] };
  });
}

/** The whole cart as the shopper sees it; `items` empty when there is no cart. */
export async function buildCartView(
  tx: DbOrTx,
  deps: ViewDeps,
  input: { shopperId: number | null; items: readonly CartItemRow[]; notices: CartNotice[] },
): Promise<CartView> {
  const priced = await cartLines(tx, deps.inventory, input.items);
  const lines = priced.map((p) => p.line);
  const selected = lines.filter((l) => l.selected);
  const buyable = selected.filter((l) => l.problem === null);
  const quoteLines = priced
    .filter((p) => p.line.selected && p.line.problem === null)
    .map(({ line, categoryIds }) => ({ skuId: line.skuId, productId: line.productId!, categoryIds, unitPrice: line.price!, quantity: line.quantity }));
  const quote = deps.pricing && quoteLines.length > 0 ? await deps.pricing.quote(tx, { shopperId: input.shopperId, lines: quoteLines }) : null;
  return {
    items: lines,
    currency: 'CNY',
    itemCount: lines.reduce((sum, l) => sum + l.quantity, 0),
    selectedCount: buyable.reduce((sum, l) => sum + l.quantity, 0),
    goodsAmount: buyable.reduce((sum, l) => sum + l.amount, 0),
    checkoutReady: selected.length > 0 && buyable.length === selected.length,
    quote,
    notices: input.notices,
    limits: { quantityPerLineMax: CART_LIMITS.quantityPerLineMax, linesMax: CART_LIMITS.linesMax },
  };
}
