import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { createFaqService } from './support-faq.service.ts';
import { createServicePointService } from './support-points.service.ts';
import { createWarrantyService } from './support-warranty.service.ts';

/** Customer-service information: the FAQ, warranty policies and the repair network. */
export function createSupportService(deps: { db: Db; clock: Clock }) {
  return { faq: createFaqService(deps), warranty: createWarrantyService(deps), servicePoints: createServicePointService(deps) };
}

export type SupportService = ReturnType<typeof createSupportService>;
