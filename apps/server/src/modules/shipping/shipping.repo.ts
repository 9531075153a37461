import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { products, skus } from '../catalog/catalog.tables.ts';
import { carriers, productTemplates, shippingTemplates } from './shipping.tables.ts';

export type CarrierRow = typeof carriers.$inferSelect;
export type TemplateRow = typeof shippingTemplates.$inferSelect;

export async function listCarriers(db: DbOrTx, active?: boolean): Promise<CarrierRow[]> {
  const query = db.select().from(carriers);
  return (active === undefined ? query : query.where(eq(carriers.active, active))).orderBy(asc(carriers.id));
}

export async function findCarrier(db: DbOrTx, id: number) {
  return (await db.select().from(carriers).where(eq(carriers.id, id)))[0];
}

export async function findCarrierByCode(db: DbOrTx, code: string) {
  return (await db.select().from(carriers).where(eq(carriers.code, code)))[0];
}

export async function insertCarrier(tx: DbOrTx, values: typeof carriers.$inferInsert) {
  return (await tx.insert(carriers).values(values).returning())[0]!;
}

export async function updateCarrier(tx: DbOrTx, id: number, values: Partial<typeof carriers.$inferInsert>) {
  return (await tx.update(carriers).set(values).where(eq(carriers.id, id)).returning())[0];
}

export async function listTemplates(db: DbOrTx): Promise<(TemplateRow & { productCount: number })[]> {
  const counts = await db.select({ templateId: productTemplates.templateId, n: count() }).from(productTemplates).groupBy(productTemplates.templateId);
  const byTemplate = new Map(counts.map((c) => [c.templateId, Number(c.n)]));
  const rows = await db.select().from(shippingTemplates).orderBy(asc(shippingTemplates.id));
  return rows.map((r) => ({ ...r, productCount: byTemplate.get(r.id) ?? 0 }));
}

export async function findTemplate(db: DbOrTx, id: number) {
  return (await db.select().from(shippingTemplates).where(eq(shippingTemplates.id, id)))[0];
}

export async function findDefaultTemplate(db: DbOrTx) {
  return (await db.select().from(shippingTemplates).where(eq(shippingTemplates.isDefault, true)))[0];
}

export async function countTemplateProducts(db: DbOrTx, templateId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(productTemplates).where(eq(productTemplates.templateId, templateId));
  return Number(row?.n ?? 0);
}

export async function insertTemplate(tx: DbOrTx, values: typeof shippingTemplates.$inferInsert) {
  return (await tx.insert(shippingTemplates).values(values).returning())[0]!;
}

export async function updateTemplate(tx: DbOrTx, id: number, values: Partial<typeof shippingTemplates.$inferInsert>) {
  return (await tx.update(shippingTemplates).set(values).where(eq(shippingTemplates.id, id)).returning())[0];
}

/** Clears the default flag first, so the partial unique index never sees two defaults. */
export async function makeDefault(tx: DbOrTx, id: number, now: Date) {
  await tx.update(shippingTemplates).set({ isDefault: false, updatedAt: now }).where(sql`${shippingTemplates.isDefault} AND ${shippingTemplates.id} <> ${id}`);
  return (await tx.update(shippingTemplates).set({ isDefault: true, updatedAt: now }).where(eq(shippingTemplates.id, id)).returning())[0];
}

export async function deleteTemplate(tx: DbOrTx, id: number) {
  await tx.delete(productTemplates).where(eq(productTemplates.templateId, id));
  return (await tx.delete(shippingTemplates).where(eq(shippingTemplates.id, id)).returning())[0];
}

export async function existingProductIds(db: DbOrTx, ids: number[]): Promise<number[]> {
  const rows = await db.select({ id: products.id }).from(products).where(inArray(products.id, ids));
  return rows.map((r) => r.id);
}

export async function productExists(db: DbOrTx, id: number): Promise<boolean> {
  return (await existingProductIds(db, [id])).length > 0;
}

/** Links each product to the template, replacing any template it had. */
export async function attachTemplate(tx: DbOrTx, templateId: number, productIds: number[], now: Date): Promise<void> {
  await tx
    .insert(productTemplates)
    .values(productIds.map((productId) => ({ productId, templateId, createdAt: now })))
    .onConflictDoUpdate({ target: productTemplates.productId, set: { templateId, createdAt: now } });
}

export async function detachProduct(tx: DbOrTx, productId: number) {
  return (await tx.delete(productTemplates).where(eq(productTemplates.productId, productId)).returning())[0];
}

export async function templateProductIds(db: DbOrTx, templateId: number): Promise<number[]> {
  const rows = await db.select({ id: productTemplates.productId }).from(productTemplates).where(eq(productTemplates.templateId, templateId)).orderBy(asc(productTemplates.productId));
  return rows.map((r) => r.id);
}

/** The products shipping by the template, with their titles, by id. */
export async function templateProducts(db: DbOrTx, templateId: number): Promise<{ productId: number; title: string }[]> {
  return db
    .select({ productId: productTemplates.productId, title: products.title })
    .from(productTemplates)
    .innerJoin(products, eq(products.id, productTemplates.productId))
    .where(eq(productTemplates.templateId, templateId))
    .orderBy(asc(productTemplates.productId));
}

/** The templates the products point at (products without one are absent) and the default, in one read each. */
export async function templatesForProducts(db: DbOrTx, productIds: number[]) {
  const links = productIds.length === 0 ? [] : await db.select().from(productTemplates).where(inArray(productTemplates.productId, productIds));
  const ids = [...new Set(links.map((l) => l.templateId))];
  const rows = await db
    .select()
    .from(shippingTemplates)
    .where(ids.length > 0 ? sql`${shippingTemplates.isDefault} OR ${inArray(shippingTemplates.id, ids)}` : eq(shippingTemplates.isDefault, true));
  return { links: new Map(links.map((l) => [l.productId, l.templateId])), templates: new Map(rows.map((r) => [r.id, r])), defaultRow: rows.find((r) => r.isDefault) };
}

/** SKU weights in grams (the catalog's column). */
export async function skuWeights(db: DbOrTx, skuIds: number[]): Promise<Map<number, number>> {
  if (skuIds.length === 0) return new Map();
  const rows = await db.select({ id: skus.id, grams: skus.weightGrams }).from(skus).where(inArray(skus.id, skuIds));
  return new Map(rows.map((r) => [r.id, r.grams]));
}

/** The lightest active SKU of a product (and its price), for a one-unit quote on the product page. */
export async function firstSkuOf(db: DbOrTx, productId: number) {
  return (await db.select({ id: skus.id, grams: skus.weightGrams, price: skus.priceAmount }).from(skus).where(sql`${skus.productId} = ${productId} AND ${skus.active}`).orderBy(asc(skus.priceAmount), asc(skus.id)).limit(1))[0];
}
