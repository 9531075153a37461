import { and, asc, eq } from 'drizzle-orm';
import type { ChatGoodsCard } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { productImages, products } from '../catalog/index.ts';
import { orderLines, orders } from '../orders/index.ts';

/** A snapshot of an on-shelf product: title, first image, lowest price as it is now. */
export async function productCard(tx: DbOrTx, productId: number): Promise<ChatGoodsCard> {
  const [product] = await tx
    .select({ id: products.id, title: products.title, minPriceAmount: products.minPriceAmount, currency: products.currency })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.onShelf, true)))
    .limit(1);
  if (!product) throw new AppError('CHAT_CARD_UNKNOWN', { what: 'product', id: productId });
  const [image] = await tx.select({ url: productImages.url }).from(productImages).where(eq(productImages.productId, productId)).orderBy(asc(productImages.sortOrder), asc(productImages.id)).limit(1);
  return { type: 'product', productId: product.id, title: product.title, imageUrl: image?.url ?? null, priceAmount: Number(product.minPriceAmount), currency: product.currency };
}

/** A snapshot of an order of `shopperId` (the conversation's shopper); anyone else's is refused. */
export async function orderCard(tx: DbOrTx, orderId: number, shopperId: number): Promise<ChatGoodsCard> {
  const [order] = await tx
    .select({ id: orders.id, orderNo: orders.orderNo, shopperId: orders.shopperId, status: orders.status, totalAmount: orders.totalAmount, currency: orders.currency })
    .from(orders)
    .where(eq(orders.id, orderId))
    .limit(1);
  if (!order) throw new AppError('CHAT_CARD_UNKNOWN', { what: 'order', id: orderId });
  if (order.shopperId !== shopperId) throw new AppError('CHAT_CARD_NOT_YOURS');
  const lines = await tx.select({ title: orderLines.title, imageUrl: orderLines.imageUrl, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.id));
  return {
    type: 'order',
    orderId: order.id,
    orderNo: order.orderNo,
    status: order.status,
    totalAmount: Number(order.totalAmount),
    currency: order.currency,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    title: lines[0]?.title ?? '',
    imageUrl: lines[0]?.imageUrl ?? null,
  };
}

/** The plain-text line a card message carries, for previews and notifications. */
export function cardBody(card: ChatGoodsCard): string {
  return card.type === 'product' ? `[商品] ${card.title}` : `[订单] ${card.orderNo}`;
}
