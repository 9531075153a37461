import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { SettingsService } from '../settings/index.ts';
import type { InventoryService } from '../inventory/index.ts';
import type { PromotionService } from '../promotions/index.ts';

/** What the presale use cases need, wired in app.ts. */
export interface PresaleDeps {
  db: Db;
  clock: Clock;
  log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  settings: Pick<SettingsService, 'get'>;
  /** Unsold quota kept as stock when a campaign ends. */
  inventory: Pick<InventoryService, 'adjustForRef'>;
  /** A ship-date compensation coupon must name a real template. */
  promotions: Pick<PromotionService, 'getCouponTemplate'>;
}
