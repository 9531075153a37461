import {
  idParam,
  inventoryListQuery,
  inventoryPage,
  inventorySkuParam,
  pageQuery,
  stockAdjustmentInput,
  stockAdjustmentResult,
  stockDetail,
  stockLedgerPage,
  stockLedgerQuery,
  stockLevelView,
  stockThresholdInput,
  stocktakeInput,
  stocktakePage,
  stocktakeView,
} from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import type { Idempotency } from '../../platform/idempotency.ts';
import { staffContext } from '../../platform/audit.ts';
import type { InventoryService } from './inventory.service.ts';

export function inventoryRoutes(app: App, deps: { auth: Auth; idempotency: Idempotency; inventory: InventoryService }) {
  const { auth, idempotency, inventory } = deps;
  const tags = ['admin: inventory'];
  const read = auth.requireStaff('inventory.read');
  const write = auth.requireStaff('inventory.write');

  app.get(
    '/api/admin/inventory',
    { preHandler: read, schema: { tags, summary: 'Stock per SKU, with product and filters', querystring: inventoryListQuery, response: { 200: inventoryPage } } },
    async (request) => inventory.listStock(request.query),
  );
  app.get(
    '/api/admin/inventory/:skuId',
    { preHandler: read, schema: { tags, summary: 'Stock of one SKU with its recent ledger', params: inventorySkuParam, response: { 200: stockDetail } } },
    async (request) => inventory.getStock(request.params.skuId),
  );
  app.post(
    '/api/admin/inventory/:skuId/adjustments',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Adjust stock on hand (restock, damage, loss, correction); honours Idempotency-Key',
        params: inventorySkuParam,
        body: stockAdjustmentInput,
        response: { 201: stockAdjustmentResult },
      },
    },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'inventory.adjust', async (tx) => {
        const result = await inventory.adjust(tx, { skuId: request.params.skuId, ...request.body, actor: staffContext(request) });
        return { status: 201, body: stockAdjustmentResult.encode(result) };
      });
      return stockAdjustmentResult.decode(body);
    },
  );
  app.put(
    '/api/admin/inventory/:skuId/threshold',
    {
      preHandler: write,
      schema: { tags, summary: 'Set the low-stock threshold (0 = off)', params: inventorySkuParam, body: stockThresholdInput, response: { 200: stockLevelView } },
    },
    async (request) => inventory.setThreshold(undefined, { skuId: request.params.skuId, threshold: request.body.threshold, actor: staffContext(request) }),
  );
  stocktakeRoutes(app, deps);
}

function stocktakeRoutes(app: App, deps: { auth: Auth; idempotency: Idempotency; inventory: InventoryService }) {
  const { auth, idempotency, inventory } = deps;
  const tags = ['admin: inventory'];
  const read = auth.requireStaff('inventory.read');
  const write = auth.requireStaff('inventory.write');

  app.post(
    '/api/admin/stocktakes',
    {
      preHandler: write,
      schema: { tags, summary: 'Record a stocktake: counted numbers become stock on hand; honours Idempotency-Key', body: stocktakeInput, response: { 201: stocktakeView } },
    },
    async (request, reply) => {
      const body = await idempotency.run(request, reply, 'inventory.stocktake', async (tx) => {
        const result = await inventory.stocktake(tx, { ...request.body, actor: staffContext(request) });
        return { status: 201, body: stocktakeView.encode(result) };
      });
      return stocktakeView.decode(body);
    },
  );
  app.get(
    '/api/admin/stocktakes',
    { preHandler: read, schema: { tags, summary: 'Stocktakes, newest first', querystring: pageQuery, response: { 200: stocktakePage } } },
    async (request) => inventory.listStocktakes(request.query),
  );
  app.get(
    '/api/admin/stocktakes/:id',
    { preHandler: read, schema: { tags, summary: 'One stocktake with expected and counted numbers', params: idParam, response: { 200: stocktakeView } } },
    async (request) => inventory.getStocktake(request.params.id),
  );
  app.get(
    '/api/admin/stock-ledger',
    { preHandler: read, schema: { tags, summary: 'Stock ledger, newest first', querystring: stockLedgerQuery, response: { 200: stockLedgerPage } } },
    async (request) => inventory.listStockLedger(request.query),
  );
}
