import { z } from 'zod';
import { pageQuery, timestamp } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';

/** Demand signals: "notify me" (到货/开售提醒) subscriptions and the waitlist. */
export const demandErrors = {
  NOTIFY_NOT_NEEDED: {
    status: 409,
    zh: '{target}现在有货，可以直接购买，无需订阅提醒',
    en: '{target} is in stock and on sale now: nothing to wait for',
  },
  NOTIFY_CAMPAIGN_ENDED: { status: 409, zh: '预售活动「{name}」已结束，不能再订阅提醒', en: 'The presale campaign "{name}" has ended: no reminder can be set' },
  NOTIFY_LIMIT_REACHED: { status: 409, zh: '最多同时订阅 {max} 个提醒', en: 'You can wait for at most {max} reminders at once' },
} as const satisfies Record<string, ErrorSpec>;

export const DEMAND_LIMITS = {
  /** Reminders one shopper may be waiting for at once. */
  waitingPerShopper: 200,
} as const;

export const DEMAND_TARGETS = ['product', 'sku', 'campaign'] as const;
export type DemandTarget = (typeof DEMAND_TARGETS)[number];

/** What a subscription was last notified about. */
export const DEMAND_MESSAGE_KINDS = ['demand.back_in_stock', 'demand.campaign_open', 'demand.units_freed'] as const;
export type DemandMessageKind = (typeof DEMAND_MESSAGE_KINDS)[number];

const targetId = z.coerce.number().int().positive().max(2_147_483_647);

export const notifyMeInput = z
  .object({
    target: z.enum(DEMAND_TARGETS),
    targetId: z.number().int().positive().max(2_147_483_647),
  })
  .strict();
export type NotifyMeInput = z.infer<typeof notifyMeInput>;

/** One of my reminders: `waiting` until notified; subscribing again after a notice waits for the next one. */
export const notifyMeSubscription = z.object({
  id: z.number().int(),
  target: z.enum(DEMAND_TARGETS),
  targetId: z.number().int(),
  /** Product title (with the SKU's spec values) or campaign name; null when the target no longer exists. */
  title: z.string().nullable(),
  /** Where the reminder leads (the product page, or the campaign). */
  productId: z.number().int().nullable(),
  skuId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  status: z.enum(['waiting', 'notified']),
  /** Start of the current wait: the waitlist serves the earliest first. */
  subscribedAt: timestamp,
  notifiedAt: timestamp.nullable(),
  notifiedKind: z.enum(DEMAND_MESSAGE_KINDS).nullable(),
  createdAt: timestamp,
});
export type NotifyMeSubscription = z.infer<typeof notifyMeSubscription>;

export const notifyMePage = z.object({
  items: z.array(notifyMeSubscription),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const demandSubscriptionsQuery = pageQuery.extend({
  target: z.enum(DEMAND_TARGETS),
  targetId,
  status: z.enum(['waiting', 'notified']).optional(),
});
export type DemandSubscriptionsQuery = z.infer<typeof demandSubscriptionsQuery>;

/** A subscriber as staff see it. */
export const demandSubscriber = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  nickname: z.string().nullable(),
  status: z.enum(['waiting', 'notified']),
  subscribedAt: timestamp,
  notifiedAt: timestamp.nullable(),
  notifiedKind: z.enum(DEMAND_MESSAGE_KINDS).nullable(),
  createdAt: timestamp,
});

/** Subscribers of one target: counts (all / waiting / notified) and a page of them, earliest first. */
export const demandSubscriptionsPage = z.object({
  target: z.enum(DEMAND_TARGETS),
  targetId: z.number().int(),
  count: z.number().int(),
  waiting: z.number().int(),
  notified: z.number().int(),
  items: z.array(demandSubscriber),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
