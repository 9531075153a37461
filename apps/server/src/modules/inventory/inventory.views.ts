// Read models of the stock for the back office.
import type { InventoryListQuery, StockLedgerQuery, StockLevelView } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { findStockView, heldReservationsOf, listLedger, listStockViews, listStocktakes, findStocktake } from './inventory.repo.ts';
import { isLowStock, sellableOf } from './inventory.rules.ts';
import { SKU_STOCK } from './inventory.movement.ts';

const RECENT_LEDGER = 20;
const HELD_SHOWN = 50;

type StockViewRow = NonNullable<Awaited<ReturnType<typeof findStockView>>>;

export function toStockView(row: StockViewRow): StockLevelView {
  const sellable = sellableOf(row);
  return {
    skuId: row.skuId,
    productId: row.productId,
    productTitle: row.productTitle,
    productCode: row.productCode,
    specValues: row.specValues,
    skuCode: row.skuCode,
    barcode: row.barcode,
    active: row.active,
    onHand: row.onHand,
    reserved: row.reserved,
    sellable,
    lowStockThreshold: row.lowStockThreshold,
    lowStock: isLowStock(sellable, row.lowStockThreshold),
    lowStockAlerted: row.lowStockAlerted,
    updatedAt: row.updatedAt,
  };
}

export async function getStockView(db: DbOrTx, skuId: number): Promise<StockLevelView> {
  const row = await findStockView(db, skuId);
  if (!row) throw notFound(SKU_STOCK, skuId);
  return toStockView(row);
}

export function createInventoryViews(deps: { db: DbOrTx }) {
  const { db } = deps;

  async function listStock(query: InventoryListQuery) {
    const { items, total } = await listStockViews(db, query);
    return { items: items.map(toStockView), total, page: query.page, pageSize: query.pageSize };
  }

  /** Numbers of one SKU with its most recent ledger lines and the references holding it. */
  async function getStock(skuId: number) {
    const stock = await getStockView(db, skuId);
    const [ledger, heldReservations] = await Promise.all([
      listLedger(db, { skuId }, { page: 1, pageSize: RECENT_LEDGER }),
      heldReservationsOf(db, skuId, HELD_SHOWN),
    ]);
    return { ...stock, recentLedger: ledger.items, heldReservations };
  }

  async function listStockLedger(query: StockLedgerQuery) {
    const { page, pageSize, ...filters } = query;
    const { items, total } = await listLedger(db, filters, { page, pageSize });
    return { items, total, page, pageSize };
  }

  async function listStocktakeSummaries(query: { page: number; pageSize: number }) {
    const { items, total } = await listStocktakes(db, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async function getStocktake(id: number) {
    const stocktake = await findStocktake(db, id);
    if (!stocktake) throw notFound({ zh: '盘点单', en: 'Stocktake' }, id);
    return stocktake;
  }

  return { listStock, getStock, listStockLedger, listStocktakes: listStocktakeSummaries, getStocktake };
}
