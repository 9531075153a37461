import { z } from 'zod';
import { normaliseText } from './addresses.ts';
import type { ErrorSpec } from './errors-common.ts';

/**
 * Shipping fee templates (运费模板). A template charges by piece (件) or by weight (grams); a
 * default rule and per-region rules each have a first block (首件/首重) and additional blocks
 * (续件/续重, charged per started block); free-shipping conditions (包邮) by amount or quantity,
 * per region; regions the shop does not deliver to; estimated delivery days per region.
 * Money is integer fen, weight integer grams. Region names are the administrative divisions
 * the address book uses (@vant/area-data): the server checks they are real.
 */
export const shippingErrors = {
  SHIPPING_TEMPLATE_REGION_INVALID: {
    status: 422,
    zh: '运费模板中的地区不存在或不匹配',
    en: 'A region in the shipping template is not a real one',
  },
  /** Field-level: one region of a template is not a real province, or the city is not the province's. */
  SHIPPING_REGION_UNKNOWN: { status: 422, zh: '地区「{region}」不存在', en: 'There is no region "{region}"' },
  /** Checkout: the destination is in a region the shop does not deliver to. */
  SHIPPING_REGION_NOT_DELIVERED: { status: 422, zh: '抱歉，{region}不在配送范围内', en: 'Sorry, we do not deliver to {region}' },
  SHIPPING_CARRIER_CODE_TAKEN: { status: 409, zh: '物流公司编码 {code} 已存在', en: 'Carrier code {code} is already taken' },
  /** The default template cannot be deleted: make another one the default first. */
  SHIPPING_TEMPLATE_IS_DEFAULT: { status: 409, zh: '默认运费模板不能删除，请先设置其他默认模板', en: 'The default shipping template cannot be deleted; make another one the default first' },
  SHIPPING_PRODUCT_UNKNOWN: { status: 422, zh: '商品 {id} 不存在', en: 'There is no product {id}' },
} as const satisfies Record<string, ErrorSpec>;

export const SHIPPING_LIMITS = {
  nameMax: 40,
  regionNameMax: 20,
  regionsPerList: 400,
  rulesPerTemplate: 50,
  freeConditionsPerTemplate: 50,
  /** ¥10,000 for one block: far above any real fee, low enough that no sum overflows. */
  feeMax: 1_000_000,
  /** 10,000 pieces, or 10 tonnes in grams, per block. */
  piecesMax: 10_000,
  gramsMax: 10_000_000,
  deliveryDaysMax: 90,
} as const;

export const SHIPPING_CHARGE_BY = ['piece', 'weight'] as const;
export const shippingChargeBy = z.enum(SHIPPING_CHARGE_BY);
export type ShippingChargeBy = z.infer<typeof shippingChargeBy>;

const regionName = z
  .string()
  .max(SHIPPING_LIMITS.regionNameMax * 8)
  .transform(normaliseText)
  .refine((s) => s.length > 0, 'must not be empty')
  .refine((s) => [...s].length <= SHIPPING_LIMITS.regionNameMax, `must be at most ${SHIPPING_LIMITS.regionNameMax} characters`);

/** A whole province (广东省), or one city of it (广东省 + 深圳市). */
export const shippingRegion = z.strictObject({ province: regionName, city: regionName.optional() });
export type ShippingRegion = z.infer<typeof shippingRegion>;

/** The key two regions are the same by: "广东省" or "广东省/深圳市". */
export const shippingRegionKey = (region: ShippingRegion): string => (region.city ? `${region.province}/${region.city}` : region.province);

const regionList = z.array(shippingRegion).min(1).max(SHIPPING_LIMITS.regionsPerList);
const fee = z.number().int('must be an integer number of fen').min(0).max(SHIPPING_LIMITS.feeMax);
/** Pieces or grams in one block; at least 1 (a block of 0 would never end). */
const units = z.number().int().min(1).max(SHIPPING_LIMITS.gramsMax);

/**
 * First units for `firstFee`, then `additionalFee` per started block of `additionalUnits`:
 * 首件 1 件 ¥10、续件每 1 件 ¥5 is { firstUnits: 1, firstFee: 1000, additionalUnits: 1, additionalFee: 500 }.
 */
export const shippingFeeRule = z.strictObject({ firstUnits: units, firstFee: fee, additionalUnits: units, additionalFee: fee });
export type ShippingFeeRule = z.infer<typeof shippingFeeRule>;

export const shippingRegionRule = shippingFeeRule.extend({ regions: regionList });
export type ShippingRegionRule = z.infer<typeof shippingRegionRule>;

/**
 * 包邮: free when the goods amount reaches `minAmount` (fen) and/or the quantity reaches
 * `minQuantity` (both must hold when both are given). Without regions it holds everywhere the
 * shop delivers; a condition naming the destination's region replaces the general ones there.
 */
export const freeShippingCondition = z
  .strictObject({
    regions: regionList.optional(),
    minAmount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    minQuantity: z.number().int().min(1).max(SHIPPING_LIMITS.piecesMax).optional(),
  })
  .refine((c) => c.minAmount !== undefined || c.minQuantity !== undefined, { message: 'give minAmount, minQuantity or both', path: ['minAmount'] });
export type FreeShippingCondition = z.infer<typeof freeShippingCondition>;

const days = z.number().int().min(0).max(SHIPPING_LIMITS.deliveryDaysMax);
const daysInOrder = { message: 'minDays must not be above maxDays', path: ['maxDays'] };

const deliveryDays = z.strictObject({ minDays: days, maxDays: days }).refine((d) => d.minDays <= d.maxDays, daysInOrder);
export type DeliveryDays = z.infer<typeof deliveryDays>;

export const regionDeliveryDays = z.strictObject({ regions: regionList, minDays: days, maxDays: days }).refine((d) => d.minDays <= d.maxDays, daysInOrder);
export type RegionDeliveryDays = z.infer<typeof regionDeliveryDays>;

const templateShape = z.strictObject({
  name: z
    .string()
    .max(SHIPPING_LIMITS.nameMax * 8)
    .transform(normaliseText)
    .refine((s) => s.length > 0 && [...s].length <= SHIPPING_LIMITS.nameMax, `must be 1 to ${SHIPPING_LIMITS.nameMax} characters`),
  chargeBy: shippingChargeBy,
  defaultRule: shippingFeeRule,
  regionRules: z.array(shippingRegionRule).max(SHIPPING_LIMITS.rulesPerTemplate).default([]),
  freeShipping: z.array(freeShippingCondition).max(SHIPPING_LIMITS.freeConditionsPerTemplate).default([]),
  /** 不配送区域: orders to these regions are refused, naming the region. */
  excludedRegions: z.array(shippingRegion).max(SHIPPING_LIMITS.regionsPerList).default([]),
  /** 预计送达: the default estimate, and estimates for some regions (the most specific wins). */
  deliveryDays: deliveryDays.optional(),
  regionDeliveryDays: z.array(regionDeliveryDays).max(SHIPPING_LIMITS.rulesPerTemplate).default([]),
});

type TemplateShape = z.infer<typeof templateShape>;
type Issue = { message: string; path: (string | number)[] };

/** A region may be named once per list kind; an excluded region takes no fee rule, free condition or estimate. */
function templateIssues(t: TemplateShape): Issue[] {
  const issues: Issue[] = [];
  const excluded = new Map<string, number>();
  t.excludedRegions.forEach((region, i) => {
    const key = shippingRegionKey(region);
    if (excluded.has(key)) issues.push({ message: `${key} is excluded twice`, path: ['excludedRegions', i] });
    excluded.set(key, i);
  });
  const isExcluded = (region: ShippingRegion) => excluded.has(region.province) || excluded.has(shippingRegionKey(region));

  const checkLists = (lists: { regions?: ShippingRegion[] }[], field: string, once: boolean) => {
    const seen = new Set<string>();
    lists.forEach((list, i) =>
      list.regions?.forEach((region, j) => {
        const key = shippingRegionKey(region);
        const path = [field, i, 'regions', j];
        if (isExcluded(region)) issues.push({ message: `${key} is not delivered to`, path });
        else if (once && seen.has(key)) issues.push({ message: `${key} is named in two ${field} entries`, path });
        seen.add(key);
      }),
    );
  };
  checkLists(t.regionRules, 'regionRules', true);
  checkLists(t.regionDeliveryDays, 'regionDeliveryDays', true);
  // Several free conditions may name the same region: 满 ¥99 或 满 3 件 are two conditions.
  checkLists(t.freeShipping, 'freeShipping', false);
  return issues;
}

/** A template as staff write it. Units are pieces for `piece`, grams for `weight`. */
export const shippingTemplateInput = templateShape.superRefine((t, ctx) => {
  for (const issue of templateIssues(t)) ctx.addIssue({ code: 'custom', ...issue });
});
export type ShippingTemplateInput = z.input<typeof shippingTemplateInput>;
export type ShippingTemplate = z.output<typeof shippingTemplateInput>;

/** What a template answers for one destination. */
export const shippingQuote = z.discriminatedUnion('deliverable', [
  z.object({
    deliverable: z.literal(true),
    /** Fen; 0 when free. */
    fee: z.number().int(),
    free: z.boolean(),
    /** Pieces or grams the fee was worked out on. */
    units: z.number().int(),
    deliveryDays: z.object({ minDays: z.number().int(), maxDays: z.number().int() }).nullable(),
  }),
  z.object({ deliverable: z.literal(false), region: shippingRegion, regionName: z.string() }),
]);
export type ShippingQuote = z.infer<typeof shippingQuote>;

// ---------- carriers, stored templates, product delivery ----------

const trimmed = (max: number) =>
  z
    .string()
    .max(max * 8)
    .transform(normaliseText)
    .refine((v) => v.length > 0 && [...v].length <= max, `must be 1 to ${max} characters`);

/** A carrier (物流公司): `trackingUrl` is an https URL with {trackingNo} where the tracking number goes. */
export const carrierBody = z.strictObject({
  name: trimmed(40),
  code: z.string().trim().regex(/^[A-Z0-9_]{2,20}$/, 'must be 2 to 20 capital letters, digits or _'),
  trackingUrl: z
    .string()
    .trim()
    .max(500)
    .regex(/^https:\/\/[^\s]+$/, 'must be an https URL')
    .refine((u) => u.includes('{trackingNo}'), 'must contain {trackingNo}'),
  active: z.boolean().default(true),
});
export type CarrierBody = z.input<typeof carrierBody>;
export const carrierPatch = carrierBody.partial();
export type CarrierPatch = z.output<typeof carrierPatch>;
export const carrier = z.object({ id: z.number().int(), name: z.string(), code: z.string(), trackingUrl: z.string(), active: z.boolean() });
export type Carrier = z.infer<typeof carrier>;
export const carrierList = z.object({ items: z.array(carrier) });
export const carrierListQuery = z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });

// Output shapes carry no transforms (responses are encoded, and a transform cannot be).
const regionOut = z.object({ province: z.string(), city: z.string().optional() });
const feeRuleOut = z.object({ firstUnits: z.number().int(), firstFee: z.number().int(), additionalUnits: z.number().int(), additionalFee: z.number().int() });

/** A stored template: what staff wrote, and whether it is the default (exactly one is, once any exists). */
export const shippingTemplateView = z.object({
  id: z.number().int(),
  name: z.string(),
  chargeBy: shippingChargeBy,
  defaultRule: feeRuleOut,
  regionRules: z.array(feeRuleOut.extend({ regions: z.array(regionOut) })),
  freeShipping: z.array(z.object({ regions: z.array(regionOut).optional(), minAmount: z.number().int().optional(), minQuantity: z.number().int().optional() })),
  excludedRegions: z.array(regionOut),
  deliveryDays: z.object({ minDays: z.number().int(), maxDays: z.number().int() }).optional(),
  regionDeliveryDays: z.array(z.object({ regions: z.array(regionOut), minDays: z.number().int(), maxDays: z.number().int() })),
  isDefault: z.boolean(),
  productCount: z.number().int(),
});
export type ShippingTemplateView = z.infer<typeof shippingTemplateView>;
export const shippingTemplateList = z.object({ items: z.array(shippingTemplateView) });
export const templateProductsBody = z.strictObject({ productIds: z.array(z.number().int().positive()).min(1).max(500) });

/** Where the shopper looks at delivery for: names as in the address book. */
export const productDeliveryQuery = z.object({ province: z.string().trim().min(1).max(40), city: z.string().trim().min(1).max(40) });
/** One unit of the product to the region: the fee and estimated days, or the region refused. */
export const productDelivery = z.discriminatedUnion('deliverable', [
  z.object({
    deliverable: z.literal(true),
    fee: z.number().int(),
    free: z.boolean(),
    deliveryDays: z.object({ minDays: z.number().int(), maxDays: z.number().int() }).nullable(),
  }),
  z.object({ deliverable: z.literal(false), regionName: z.string(), message: z.string(), messageEn: z.string() }),
]);
export type ProductDelivery = z.infer<typeof productDelivery>;
