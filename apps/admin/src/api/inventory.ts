import type { z } from 'zod';
import type { inventoryPage, stockAdjustmentInput, stockAdjustmentResult, stockDetail, stockLedgerPage, stockLevelView } from '@mall/contract';
import { http, idempotencyKey, type Query } from './http.ts';

export type StockLevel = z.input<typeof stockLevelView>;
export type InventoryPage = z.input<typeof inventoryPage>;
export type StockDetailView = z.input<typeof stockDetail>;
export type LedgerPage = z.input<typeof stockLedgerPage>;
export type AdjustInput = z.input<typeof stockAdjustmentInput>;

export const inventoryApi = {
  list: (query: Query) => http.get<InventoryPage>('/admin/inventory', query),
  get: (skuId: number) => http.get<StockDetailView>(`/admin/inventory/${skuId}`),
  adjust: (skuId: number, body: AdjustInput) =>
    http.post<z.input<typeof stockAdjustmentResult>>(`/admin/inventory/${skuId}/adjustments`, body, { 'Idempotency-Key': idempotencyKey() }),
  setThreshold: (skuId: number, threshold: number) => http.put<StockLevel>(`/admin/inventory/${skuId}/threshold`, { threshold }),
  ledger: (query: Query) => http.get<LedgerPage>('/admin/stock-ledger', query),
};
