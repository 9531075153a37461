// Pre-order settings (staff, audited) and what the storefront shows of a product's pre-orders.
import { PREORDER_LABEL, type AdminProductPreorders, type PreorderSettingsInput, type PreorderSettingsView, type ShopProductPreorder, type ShopSettings } from '@mall/contract';
import { recordAudit, diffFields, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { pgConstraint, pgErrorCode, PG_UNIQUE_VIOLATION, type Db, type DbOrTx, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { InventoryService } from '../inventory/index.ts';
import { countryOfIp } from './preorders.geo.ts';
import * as repo from './preorders.repo.ts';
import type { SettingRow } from './preorders.repo.ts';
import { applicableSetting, assertValidSettings, countryAllowed, nextTermsVersion, preorderableNow, unitsLeft } from './preorders.rules.ts';

export interface PreorderDeps {
  db: Db;
  clock: Clock;
  settings: { get(tx?: DbOrTx): Promise<ShopSettings> };
  inventory: Pick<InventoryService, 'sellableBySkuIds'>;
  /** Whether any payment method of the shop can authorise now and capture later. */
  canAuthorize: () => boolean;
  /** Pre-orders waiting for stock per SKU (the orders module keeps them). */
  queuedOrders: (db: DbOrTx, skuIds: readonly number[]) => Promise<Map<number, number>>;
}

const PRODUCT = { zh: '商品', en: 'Product' };
const SKU = { zh: '商品规格', en: 'SKU' };
const PREORDER_SETTING = { zh: '预订设置', en: 'Pre-order setting' };

export function settingView(row: SettingRow): PreorderSettingsView {
  return {
    id: row.id,
    scope: row.skuId === null ? 'product' : 'sku',
    productId: row.productId,
    skuId: row.skuId,
    enabled: row.enabled,
    availableAt: row.availableAt,
    termsText: row.termsText,
    termsVersion: row.termsVersion,
    cap: row.cap,
    countries: row.countries,
    strategy: row.strategy,
    depositAmount: row.depositAmount,
    depositRefundable: row.depositRefundable,
    payDays: row.payDays,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const skuName = (row: { title: string; specValues: Record<string, string> }) => {
  const spec = Object.values(row.specValues).join(' / ');
  return spec ? `${row.title}（${spec}）` : row.title;
};

/** The setting that applies to each of these SKUs (their own, else their product's), by SKU. */
export async function applicableSettings(db: DbOrTx, skuIds: readonly number[]): Promise<Map<number, { setting: SettingRow; scope: 'sku' | 'product'; productId: number }>> {
  const skus = await repo.skuRows(db, { skuIds });
  const settings = await repo.settingsForSkus(db, skus);
  const result = new Map<number, { setting: SettingRow; scope: 'sku' | 'product'; productId: number }>();
  for (const sku of skus) {
    const own = settings.find((s) => s.skuId === sku.skuId);
    const product = settings.find((s) => s.skuId === null && s.productId === sku.productId);
    const applies = applicableSetting(own, product);
    if (applies) result.set(sku.skuId, { ...applies, productId: sku.productId });
  }
  return result;
}

export function createPreorderService(deps: PreorderDeps) {
  const { db, clock } = deps;

  /** Creates or replaces the setting of a product (skuId null) or of one SKU. */
  async function set(ctx: StaffContext, scope: { productId?: number; skuId?: number }, input: PreorderSettingsInput): Promise<PreorderSettingsView> {
    return db.transaction(async (tx) => {
      const covered = scope.skuId !== undefined ? await repo.skuRows(tx, { skuIds: [scope.skuId] }) : await repo.skuRows(tx, { productId: scope.productId! });
      const product = await repo.findProduct(tx, scope.productId ?? covered[0]?.productId ?? 0);
      if (scope.skuId !== undefined && covered.length === 0) throw notFound(SKU, scope.skuId);
      if (!product) throw notFound(PRODUCT, scope.productId);
      const shop = await deps.settings.get(tx);
      assertValidSettings(input, {
        now: clock.now(),
        skus: covered.filter((s) => s.active).map((s) => ({ name: skuName(s), price: s.price })),
        depositCapPercent: shop.presale.depositCapPercent,
        canAuthorize: deps.canAuthorize(),
        productKind: product.kind,
      });
      const key = { productId: product.id, skuId: scope.skuId ?? null };
      const before = await repo.findSetting(tx, key, true);
      const fields = {
        enabled: input.enabled,
        availableAt: input.availableAt,
        termsText: input.termsText,
        cap: input.cap,
        countries: input.countries,
        strategy: input.strategy,
        depositAmount: input.depositAmount ?? null,
        depositRefundable: input.depositRefundable,
        payDays: input.payDays,
      };
      const now = clock.now();
      const termsVersion = nextTermsVersion(before, fields);
      const row = before
        ? await repo.updateSetting(tx, before.id, { ...fields, termsVersion, updatedAt: now })
        : await insertOnce(tx, { ...key, ...fields, termsVersion, createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, {
        action: before ? 'preorder.settings.update' : 'preorder.settings.create',
        entityType: key.skuId === null ? 'product' : 'sku',
        entityId: key.skuId ?? key.productId,
        changes: before ? diffFields(settingView(before), { ...fields, termsVersion }) : { ...fields, availableAt: fields.availableAt.toISOString(), termsVersion },
      });
      return settingView(row);
    });
  }

  async function insertOnce(tx: Tx, values: repo.NewSettingRow) {
    try {
      return await tx.transaction((sp) => repo.insertSetting(sp, values));
    } catch (error) {
      // Another staff member created the same setting at the same moment.
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION && pgConstraint(error)?.startsWith('preorder_settings_')) throw new AppError('CONFLICT');
      throw error;
    }
  }

  async function remove(ctx: StaffContext, scope: { productId?: number; skuId?: number }): Promise<{ ok: true }> {
    return db.transaction(async (tx) => {
      const productId = scope.productId ?? (await repo.skuRows(tx, { skuIds: [scope.skuId!] }))[0]?.productId;
      const row = productId === undefined ? undefined : await repo.findSetting(tx, { productId, skuId: scope.skuId ?? null }, true);
      if (!row) throw notFound(PREORDER_SETTING, scope.skuId ?? scope.productId);
      await repo.deleteSetting(tx, row.id);
      await recordAudit(tx, clock, ctx, { action: 'preorder.settings.delete', entityType: row.skuId === null ? 'product' : 'sku', entityId: row.skuId ?? row.productId, changes: { deleted: settingView(row) } });
      return { ok: true as const };
    });
  }

  /** The product's settings and each SKU's stock, open pre-ordered units and queue, for the back office. */
  async function adminProduct(productId: number): Promise<AdminProductPreorders> {
    const product = await repo.findProduct(db, productId);
    if (!product) throw notFound(PRODUCT, productId);
    const [settings, skus] = await Promise.all([repo.settingsOfProduct(db, productId), repo.skuRows(db, { productId })]);
    const ids = skus.map((s) => s.skuId);
    const [sellable, open, queued] = await Promise.all([deps.inventory.sellableBySkuIds(db, ids), repo.countersFor(db, ids), deps.queuedOrders(db, ids)]);
    const productSetting = settings.find((s) => s.skuId === null);
    return {
      productId,
      title: product.title,
      product: productSetting ? settingView(productSetting) : null,
      skus: skus.map((sku) => {
        const own = settings.find((s) => s.skuId === sku.skuId);
        const applies = applicableSetting(own, productSetting);
        return {
          skuId: sku.skuId,
          specValues: sku.specValues,
          setting: own ? settingView(own) : null,
          applies: applies?.scope ?? null,
          sellable: sellable.get(sku.skuId) ?? 0,
          openUnits: open.get(sku.skuId) ?? 0,
          queuedOrders: queued.get(sku.skuId) ?? 0,
          unitsLeft: applies ? unitsLeft(applies.setting.cap, open.get(sku.skuId) ?? 0) : null,
        };
      }),
    };
  }

  async function list(query: { page: number; pageSize: number; strategy?: PreorderSettingsView['strategy'] }) {
    const { items, total } = await repo.listSettings(db, query);
    return { items: items.map(settingView), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * The pre-order terms of an on-shelf product's SKUs that take pre-orders: whether each can be
   * pre-ordered now (sellable stock 0, room under the cap), the date, the terms, and whether the
   * visitor's country (from their IP, offline) may pre-order. 404 when none of its SKUs does.
   */
  async function shopProduct(productId: number, ip: string | null): Promise<ShopProductPreorder> {
    const product = await repo.findProduct(db, productId);
    if (!product || !product.onShelf) throw notFound(PRODUCT, productId);
    const skus = (await repo.skuRows(db, { productId })).filter((s) => s.active);
    const settings = await applicableSettings(
      db,
      skus.map((s) => s.skuId),
    );
    const offered = skus.filter((s) => settings.get(s.skuId)?.setting.enabled);
    if (offered.length === 0) throw notFound({ zh: '该商品的预订', en: 'Pre-order of this product' }, productId);
    const ids = offered.map((s) => s.skuId);
    const [sellable, open] = await Promise.all([deps.inventory.sellableBySkuIds(db, ids), repo.countersFor(db, ids)]);
    const visitorCountry = countryOfIp(ip);
    return {
      productId,
      visitorCountry,
      skus: offered.map((sku) => {
        const { setting } = settings.get(sku.skuId)!;
        const units = open.get(sku.skuId) ?? 0;
        const now = preorderableNow(setting, sellable.get(sku.skuId) ?? 0, units);
        return {
          skuId: sku.skuId,
          specValues: sku.specValues,
          price: sku.price,
          preorderable: now,
          label: now ? { ...PREORDER_LABEL } : null,
          availableAt: setting.availableAt,
          termsText: setting.termsText,
          termsVersion: setting.termsVersion,
          strategy: setting.strategy,
          depositPerUnit: setting.depositAmount,
          depositRefundable: setting.depositRefundable,
          payDays: setting.payDays,
          unitsLeft: unitsLeft(setting.cap, units),
          countries: setting.countries,
          countryAllowed: countryAllowed(setting.countries, visitorCountry),
        };
      }),
    };
  }

  return { set, remove, adminProduct, list, shopProduct };
}

export type PreorderService = ReturnType<typeof createPreorderService>;
