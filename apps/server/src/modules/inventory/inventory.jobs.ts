// Delivery of low-stock alerts from the outbox to the back office.
import { z } from 'zod';
import type { JobRunner } from '../../platform/jobs.ts';
import type { NotificationService } from '../notifications/index.ts';
import { findSkuInfo } from './inventory.repo.ts';
import { skuLabel } from './inventory.rules.ts';
import { LOW_STOCK_TOPIC } from './inventory.movement.ts';

const lowStockPayload = z.object({
  skuId: z.number().int(),
  sellable: z.number().int(),
  threshold: z.number().int(),
});

/** Registers the inventory's outbox handlers on the job runner. */
export function registerInventoryJobs(jobs: Pick<JobRunner, 'handle'>, deps: { notifications: NotificationService }) {
  jobs.handle(LOW_STOCK_TOPIC, async (tx, payload) => {
    const alert = lowStockPayload.parse(payload);
    const sku = await findSkuInfo(tx, alert.skuId);
    if (!sku) return; // the SKU was deleted meanwhile: nothing left to warn about
    const label = skuLabel(sku);
    await deps.notifications.notifyStaff(tx, {
      kind: 'low_stock',
      permission: 'inventory.read',
      titleZh: `库存预警：${label} 可售 ${alert.sellable} 件，低于预警值 ${alert.threshold} 件`,
      titleEn: `Low stock: ${label} has ${alert.sellable} sellable, below the threshold of ${alert.threshold}`,
      data: { skuId: sku.skuId, productId: sku.productId, productTitle: sku.productTitle, sellable: alert.sellable, threshold: alert.threshold },
    });
  });
}
