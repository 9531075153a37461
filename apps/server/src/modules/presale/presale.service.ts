// The presale campaign service: staff use cases, the shopper's views, the quota primitives and the end sweeper.
import type { DbOrTx } from '../../platform/db.ts';
import type { PresaleDeps } from './presale.deps.ts';
import { createCampaignUseCase } from './presale-create.service.ts';
import { updateCampaignUseCase } from './presale-update.service.ts';
import { createAdminUseCases } from './presale-admin.service.ts';
import { createShopUseCases } from './presale-shop.service.ts';
import { createQuotaUseCases } from './presale-quota.ts';
import { createEndUseCases } from './presale-end.service.ts';
import { createBatchUseCases } from './presale-batches.service.ts';
import { findCampaignForOrder, openItemsForSkus, shipHistoryForOrder } from './presale-order-reads.ts';

export function createPresaleService(deps: PresaleDeps) {
  const admin = createAdminUseCases(deps);
  const shop = createShopUseCases(deps);
  const quota = createQuotaUseCases(deps);
  const end = createEndUseCases(deps);
  const batches = createBatchUseCases(deps);
  return {
    // Staff.
    createCampaign: createCampaignUseCase(deps),
    updateCampaign: updateCampaignUseCase(deps),
    getCampaign: admin.getCampaign,
    listCampaigns: admin.listCampaigns,
    endCampaign: admin.endCampaign,
    changeShipDate: admin.changeShipDate,
    setBatches: batches.setBatches,
    // Shoppers.
    presaleZone: shop.presaleZone,
    shopCampaign: shop.shopCampaign,
    productPresale: shop.productPresale,
    // For the orders side, inside its transaction.
    holdUnits: quota.holdUnits,
    holdUnitsBeforeCommit: quota.holdUnitsBeforeCommit,
    releaseUnits: quota.releaseUnits,
    placeInBatch: batches.placeInBatch,
    takeOutOfBatch: batches.takeOutOfBatch,
    openItemsForSkus: (tx: DbOrTx, skuIds: readonly number[]) => openItemsForSkus(tx, skuIds, deps.clock.now()),
    campaignForOrder: findCampaignForOrder,
    shipHistoryForOrder,
    // Sweeper.
    runDueEndActions: end.runDueEndActions,
  };
}

export type PresaleService = ReturnType<typeof createPresaleService>;
