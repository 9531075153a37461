import { z } from 'zod';
import { timestamp } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';
import { priceBreakdown } from './pricing.ts';

/** The shopping cart (购物车), for signed-in shoppers and for guests (cookie). */
export const cartErrors = {
  CART_PRODUCT_OFF_SHELF: { status: 409, zh: '商品「{title}」已下架', en: 'The product "{title}" is no longer on sale' },
  CART_SKU_INACTIVE: { status: 409, zh: '商品「{title}」的该规格已停售', en: 'This option of "{title}" is no longer sold' },
  CART_STOCK_SHORT: {
    status: 409,
    zh: '商品「{title}」库存不足，最多还能购买 {available} 件',
    en: 'Not enough stock of "{title}": at most {available} can be bought',
  },
  CART_LINE_LIMIT: { status: 409, zh: '每件商品最多购买 {max} 件', en: 'At most {max} of one item per order' },
  CART_FULL: { status: 409, zh: '购物车最多放 {max} 种商品，请先清理', en: 'The cart holds at most {max} different items; remove some first' },
} as const satisfies Record<string, ErrorSpec>;

export const CART_LIMITS = {
  /** Units of one SKU in the cart. */
  quantityPerLineMax: 99,
  /** Different SKUs in one cart. */
  linesMax: 100,
  /** A guest cart (and its cookie) lives this long after its last change. */
  guestDays: 30,
} as const;

export const CART_COOKIE = 'mall_cart';

const id = z.number().int().positive().max(2_147_483_647);
const quantity = z.number().int().min(1).max(CART_LIMITS.quantityPerLineMax);

export const addCartItemBody = z.object({ skuId: id, quantity: quantity.default(1) });
export type AddCartItemBody = z.infer<typeof addCartItemBody>;

export const updateCartItemBody = z
  .object({ quantity: quantity.optional(), selected: z.boolean().optional() })
  .refine((b) => b.quantity !== undefined || b.selected !== undefined, 'Give quantity or selected');
export type UpdateCartItemBody = z.infer<typeof updateCartItemBody>;

export const selectCartItemsBody = z.object({
  itemIds: z.array(id).min(1).max(CART_LIMITS.linesMax),
  selected: z.boolean(),
});
export type SelectCartItemsBody = z.infer<typeof selectCartItemsBody>;

/**
 * Why a line cannot be bought as it is:
 * PRODUCT_GONE (deleted), PRODUCT_OFF_SHELF, SKU_INACTIVE, OUT_OF_STOCK, STOCK_SHORT (fewer than wanted).
 */
export const CART_LINE_PROBLEMS = ['PRODUCT_GONE', 'PRODUCT_OFF_SHELF', 'SKU_INACTIVE', 'OUT_OF_STOCK', 'STOCK_SHORT'] as const;
export type CartLineProblemCode = (typeof CART_LINE_PROBLEMS)[number];

export const cartNotice = z.object({ code: z.string(), message: z.string(), messageEn: z.string() });
export type CartNotice = z.infer<typeof cartNotice>;

export const cartLine = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  /** null when the product or SKU no longer exists. */
  productId: z.number().int().nullable(),
  title: z.string().nullable(),
  imageUrl: z.string().nullable(),
  specValues: z.record(z.string(), z.string()),
  /** The current unit price (fen); null when the product is gone. */
  price: z.number().int().nullable(),
  quantity: z.number().int(),
  selected: z.boolean(),
  addedAt: timestamp,
  /** Sellable units right now (never below 0). */
  stock: z.number().int(),
  onShelf: z.boolean(),
  active: z.boolean(),
  /** price × quantity (0 when the product is gone). */
  amount: z.number().int(),
  problem: z
    .object({ code: z.enum(CART_LINE_PROBLEMS), message: z.string(), messageEn: z.string() })
    .nullable(),
});
export type CartLine = z.infer<typeof cartLine>;

export const cartView = z.object({
  /** Newest first. */
  items: z.array(cartLine),
  currency: z.literal('CNY'),
  /** Units in the cart (all lines). */
  itemCount: z.number().int(),
  /** Units on selected lines that can be bought. */
  selectedCount: z.number().int(),
  /** Goods amount of the selected lines that can be bought (fen). */
  goodsAmount: z.number().int(),
  /** True when something is selected and every selected line can be bought. */
  checkoutReady: z.boolean(),
  /** The price preview of the selected lines (promotions applied), when available. */
  quote: priceBreakdown.nullable(),
  /** What happened on this request, e.g. the guest cart was merged into the shopper's. */
  notices: z.array(cartNotice),
  limits: z.object({ quantityPerLineMax: z.number().int(), linesMax: z.number().int() }),
});
export type CartView = z.infer<typeof cartView>;
