import { and, eq, isNull } from 'drizzle-orm';
import { createProductBody, preorderSettingsInput } from '@mall/contract';
import type { Clock } from '../platform/clock.ts';
import { DAY } from '../platform/clock.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import type { FileStorage } from '../platform/storage.ts';
import { categories, products, type CatalogService } from '../modules/catalog/index.ts';
import { preorderSettings, type PreorderService } from '../modules/preorders/index.ts';
import { html, APPLIANCE_WARRANTY } from './catalog-demo-kit.ts';
import { renderProductImage, type ArtSpec } from './demo-images.ts';
import { demoOwnerContext } from './demo-owner.ts';

/** The appliance shop's dishwasher: sold out, taking pre-orders with a deposit, delivered in mainland China only. */
export const DEMO_PREORDER_CODE = 'KT-004';

const ART: Omit<ArtSpec, 'seed'>[] = [
  { kind: 'microwave', background: ['#e0fbfc', '#c2dfe3'], accent: '#3d5a80' },
  { kind: 'microwave', background: ['#c2dfe3', '#e0fbfc'], accent: '#3d5a80' },
];

async function images(storage: FileStorage): Promise<string[]> {
  const urls: string[] = [];
  for (const [n, art] of ART.entries()) {
    const key = `demo/${DEMO_PREORDER_CODE.toLowerCase()}-${n + 1}.png`;
    if (!(await storage.get(key))) await storage.put(key, renderProductImage({ ...art, seed: 900 + n }), 'image/png');
    urls.push(storage.urlFor(key));
  }
  return urls;
}

/**
 * Demo pre-order (spec §5): a dishwasher of the appliance shop, out of stock, that takes
 * pre-orders with a ¥500 earnest deposit (定金), the balance due within 7 days of arrival, expected
 * three weeks from now, at most 50 units, for addresses in China. Created once, by the demo owner,
 * when the demo catalogue's kitchen category exists; safe to run again and from several instances.
 */
export async function seedDemoPreorders(deps: { db: Db; clock: Clock; catalog: CatalogService; preorders: PreorderService; storage: FileStorage }): Promise<boolean> {
  const { db, clock } = deps;
  const [kitchen] = await db.select({ id: categories.id }).from(categories).where(eq(categories.name, '厨房电器')).limit(1);
  const ctx = await demoOwnerContext(db);
  if (!kitchen || !ctx) return false;
  const findProduct = async () => (await db.select({ id: products.id }).from(products).where(eq(products.code, DEMO_PREORDER_CODE)).limit(1))[0];
  let product = await findProduct();
  if (!product) {
    const body = createProductBody.parse({
      code: DEMO_PREORDER_CODE,
      title: '西门子 嵌入式洗碗机 14套 智能除菌烘干',
      subtitle: '暂时缺货 支持预订 定金 ¥500',
      brand: '西门子',
      onShelf: true,
      categoryId: kitchen.id,
      warrantyText: APPLIANCE_WARRANTY,
      description: html('新一批到货前接受预订：先付定金，到货后按付定金的先后顺序分配，再付尾款发货。', ['容量：14 套', '72℃ 高温除菌，晶蕾烘干', '嵌入式安装，全国联保']),
      imageUrls: await images(deps.storage),
      skus: [{ specValues: {}, price: 699_900, marketPrice: 799_900, weightGrams: 48_000, barcode: '4242005300041', skuCode: DEMO_PREORDER_CODE, initialStock: 0 }],
    });
    try {
      product = { id: (await deps.catalog.createProduct(null, body)).id };
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'PRODUCT_CODE_TAKEN')) throw error;
      product = await findProduct();
    }
  }
  if (!product) return false;
  const [existing] = await db
    .select({ id: preorderSettings.id })
    .from(preorderSettings)
    .where(and(eq(preorderSettings.productId, product.id), isNull(preorderSettings.skuId)));
  if (existing) return false;
  const input = preorderSettingsInput.parse({
    availableAt: new Date(clock.now().getTime() + 21 * DAY).toISOString(),
    termsText: '预计 3 周内到货。定金 ¥500 为定金（不退），到货后按付定金先后顺序分配，请在到货通知后 7 天内支付尾款，逾期视为放弃，定金不退。仅接受中国大陆收货地址。',
    cap: 50,
    countries: ['CN'],
    strategy: 'deposit',
    depositAmount: 50_000,
    depositRefundable: false,
    payDays: 7,
  });
  try {
    await deps.preorders.set(ctx, { productId: product.id }, input);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return false; // another instance set it at the same moment
    throw error;
  }
  return true;
}
