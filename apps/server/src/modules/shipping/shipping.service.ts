import type { CarrierPatch, Carrier, ProductDelivery, ShippingTemplate, ShippingTemplateView, ShopSettings } from '@mall/contract';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { quoteShipping, type Destination, type FeeTemplate } from './shipping-fee.rules.ts';
import { flatFeeTemplate, quoteOrderShipping, type OrderShippingQuote } from './shipping-order.rules.ts';
import { assertTemplateRegionsReal } from './shipping-template.rules.ts';
import * as repo from './shipping.repo.ts';

const CARRIER = { zh: '物流公司', en: 'Carrier' };
const TEMPLATE = { zh: '运费模板', en: 'Shipping template' };
const PRODUCT = { zh: '商品', en: 'Product' };
/** While no template is the default, the shop settings' flat fee is (the key of that stand-in). */
const FLAT = 'flat';
/** No address yet (a preview): names no region, so the default rules apply and nothing is refused. */
const NOWHERE: Destination = { province: '', city: '' };

const templateOf = (row: repo.TemplateRow): FeeTemplate => ({ chargeBy: row.chargeBy, ...row.rules });

function view(row: repo.TemplateRow, productCount: number): ShippingTemplateView {
  return { id: row.id, name: row.name, chargeBy: row.chargeBy, ...row.rules, isDefault: row.isDefault, productCount };
}

export interface OrderShippingInput {
  destination: Destination | null;
  lines: { productId: number; skuId: number; quantity: number; amount: number }[];
  flat: ShopSettings['shipping'];
}

export function createShippingService(deps: { db: Db; clock: Clock; settings: { get(db?: DbOrTx): Promise<ShopSettings> } }) {
  const { db, clock } = deps;

  // ---------- carriers ----------
  const carrierView = ({ id, name, code, trackingUrl, active }: repo.CarrierRow) => ({ id, name, code, trackingUrl, active });

  async function listCarriers(active?: boolean) {
    return { items: (await repo.listCarriers(db, active)).map(carrierView) };
  }

  async function createCarrier(ctx: StaffContext, input: Omit<Carrier, 'id'>) {
    return db.transaction(async (tx) => {
      if (await repo.findCarrierByCode(tx, input.code)) throw new AppError('SHIPPING_CARRIER_CODE_TAKEN', { code: input.code });
      const now = clock.now();
      const row = await repo.insertCarrier(tx, { ...input, createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'carrier.create', entityType: 'carrier', entityId: row.id, changes: carrierView(row) });
      return carrierView(row);
    });
  }

  async function updateCarrier(ctx: StaffContext, id: number, patch: CarrierPatch) {
    return db.transaction(async (tx) => {
      const before = await repo.findCarrier(tx, id);
      if (!before) throw notFound(CARRIER, id);
      if (patch.code !== undefined && patch.code !== before.code && (await repo.findCarrierByCode(tx, patch.code))) throw new AppError('SHIPPING_CARRIER_CODE_TAKEN', { code: patch.code });
      const row = await repo.updateCarrier(tx, id, { ...patch, updatedAt: clock.now() });
      await recordAudit(tx, clock, ctx, { action: 'carrier.update', entityType: 'carrier', entityId: id, changes: diffFields(before, patch) });
      return carrierView(row!);
    });
  }

  // ---------- templates ----------
  async function listTemplates() {
    return { items: (await repo.listTemplates(db)).map((r) => view(r, r.productCount)) };
  }

  async function getTemplate(id: number, tx: DbOrTx = db) {
    const row = await repo.findTemplate(tx, id);
    if (!row) throw notFound(TEMPLATE, id);
    return view(row, await repo.countTemplateProducts(tx, id));
  }

  /** The route parsed the body with the contract schema (field paths); here every region is checked against the real divisions. */
  function parseTemplate(body: ShippingTemplate) {
    const { name, chargeBy, ...rules } = body;
    assertTemplateRegionsReal(rules);
    return { name, chargeBy, rules };
  }

  /** The first template becomes the default: once any template exists, exactly one is. */
  async function createTemplate(ctx: StaffContext, body: ShippingTemplate) {
    const values = parseTemplate(body);
    return db.transaction(async (tx) => {
      const now = clock.now();
      const first = !(await repo.findDefaultTemplate(tx));
      const row = await repo.insertTemplate(tx, { ...values, isDefault: first, createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.create', entityType: 'shipping_template', entityId: row.id, changes: { name: row.name, chargeBy: row.chargeBy, isDefault: row.isDefault } });
      return view(row, 0);
    });
  }

  /** Replaces the template's rules with the body (a template is edited as a whole). */
  async function replaceTemplate(ctx: StaffContext, id: number, body: ShippingTemplate) {
    const values = parseTemplate(body);
    return db.transaction(async (tx) => {
      const before = await repo.findTemplate(tx, id);
      if (!before) throw notFound(TEMPLATE, id);
      await repo.updateTemplate(tx, id, { ...values, updatedAt: clock.now() });
      const changes = { ...diffFields(before, { name: values.name, chargeBy: values.chargeBy }), ...(JSON.stringify(before.rules) !== JSON.stringify(values.rules) ? { rules: 'changed' } : {}) };
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.update', entityType: 'shipping_template', entityId: id, changes });
      return getTemplate(id, tx);
    });
  }

  async function makeDefault(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const before = await repo.findDefaultTemplate(tx);
      if (!(await repo.makeDefault(tx, id, clock.now()))) throw notFound(TEMPLATE, id);
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.default', entityType: 'shipping_template', entityId: id, changes: { isDefault: { from: before?.id ?? null, to: id } } });
      return getTemplate(id, tx);
    });
  }

  /** Deletes a template that is not the default; its products fall back to the default. */
  async function removeTemplate(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const row = await repo.findTemplate(tx, id);
      if (!row) throw notFound(TEMPLATE, id);
      if (row.isDefault) throw new AppError('SHIPPING_TEMPLATE_IS_DEFAULT');
      const productIds = await repo.templateProductIds(tx, id);
      await repo.deleteTemplate(tx, id);
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.delete', entityType: 'shipping_template', entityId: id, changes: { name: row.name, productIds } });
      return { ok: true as const };
    });
  }

  async function templateProducts(id: number) {
    if (!(await repo.findTemplate(db, id))) throw notFound(TEMPLATE, id);
    return { items: await repo.templateProducts(db, id) };
  }

  /** Points each product at this template, replacing the one it had; unknown products are refused by index. */
  async function attachProducts(ctx: StaffContext, id: number, productIds: number[]) {
    return db.transaction(async (tx) => {
      if (!(await repo.findTemplate(tx, id))) throw notFound(TEMPLATE, id);
      const unique = [...new Set(productIds)];
      const known = new Set(await repo.existingProductIds(tx, unique));
      const missing = productIds.map((pid, index) => ({ pid, index })).filter(({ pid }) => !known.has(pid));
      if (missing.length > 0) {
        const fieldErrors = missing.map((m) => ({ path: `productIds.${m.index}`, message: `No product ${m.pid}`, code: 'SHIPPING_PRODUCT_UNKNOWN' as const, params: { id: m.pid } }));
        throw new AppError('SHIPPING_PRODUCT_UNKNOWN', { id: missing.map((m) => m.pid).join(', ') }, fieldErrors);
      }
      await repo.attachTemplate(tx, id, unique, clock.now());
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.attach', entityType: 'shipping_template', entityId: id, changes: { productIds: unique } });
      return { items: await repo.templateProducts(tx, id) };
    });
  }

  /** The product goes back to the default template. */
  async function detachProduct(ctx: StaffContext, productId: number) {
    return db.transaction(async (tx) => {
      const link = await repo.detachProduct(tx, productId);
      if (!link) throw notFound(PRODUCT, productId);
      await recordAudit(tx, clock, ctx, { action: 'shipping_template.detach', entityType: 'shipping_template', entityId: link.templateId, changes: { productId } });
      return { ok: true as const };
    });
  }

  // ---------- quotes ----------

  /**
   * The order's shipping (see quoteOrderShipping: the sum of one quote per template), or null when
   * no template exists and no product points at one: the shop settings' flat fee applies as it
   * always did (pricing works it out). The caller turns a refused region into the 422.
   */
  async function quoteOrder(tx: DbOrTx, input: OrderShippingInput): Promise<OrderShippingQuote | null> {
    const { links, templates, defaultRow } = await repo.templatesForProducts(tx, [...new Set(input.lines.map((l) => l.productId))]);
    if (templates.size === 0) return null;
    const weights = await repo.skuWeights(tx, input.lines.map((l) => l.skuId));
    const feeTemplates = new Map<string, FeeTemplate>([[FLAT, flatFeeTemplate(input.flat)]]);
    for (const row of templates.values()) feeTemplates.set(String(row.id), templateOf(row));
    const keyOf = (productId: number) => {
      const id = links.get(productId) ?? defaultRow?.id;
      return id === undefined ? FLAT : String(id);
    };
    const lines = input.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, amount: l.amount, unitWeightGrams: weights.get(l.skuId) ?? 0 }));
    return quoteOrderShipping(lines, keyOf, feeTemplates, input.destination ?? NOWHERE);
  }

  /** Like quoteOrder, refusing (422, naming the region) a destination a template does not deliver to. */
  async function orderFee(tx: DbOrTx, input: OrderShippingInput) {
    const quote = await quoteOrder(tx, input);
    if (!quote) return null;
    if (!quote.deliverable) throw new AppError('SHIPPING_REGION_NOT_DELIVERED', { region: quote.regionName });
    return { fee: quote.fee, free: quote.free, deliveryDays: quote.deliveryDays };
  }

  /** One unit of the product (its cheapest SKU) to the region: the product page's 配送至. */
  async function productDelivery(productId: number, to: Destination): Promise<ProductDelivery> {
    const sku = await repo.firstSkuOf(db, productId);
    if (!sku) throw notFound(PRODUCT, productId);
    const settings = await deps.settings.get(db);
    const { links, templates, defaultRow } = await repo.templatesForProducts(db, [productId]);
    const row = templates.get(links.get(productId) ?? defaultRow?.id ?? -1);
    const template = row ? templateOf(row) : flatFeeTemplate(settings.shipping);
    const quote = quoteShipping(template, { destination: to, quantity: 1, weightGrams: sku.grams, amount: sku.price });
    if (!quote.deliverable) {
      return { deliverable: false, regionName: quote.regionName, message: `抱歉，${quote.regionName}不在配送范围内`, messageEn: `Sorry, we do not deliver to ${quote.regionName}` };
    }
    return { deliverable: true, fee: quote.fee, free: quote.free, deliveryDays: quote.deliveryDays };
  }

  return {
    carriers: { list: listCarriers, create: createCarrier, update: updateCarrier },
    templates: { list: listTemplates, get: getTemplate, create: createTemplate, replace: replaceTemplate, makeDefault, remove: removeTemplate, products: templateProducts, attach: attachProducts, detach: detachProduct },
    quoteOrder,
    orderFee,
    productDelivery,
  };
}

export type ShippingService = ReturnType<typeof createShippingService>;
