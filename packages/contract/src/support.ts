import { z } from 'zod';
import { timestamp } from './common.ts';
import { addressPhone, normaliseText } from './addresses.ts';
import type { ErrorSpec } from './errors-common.ts';

/** Customer-service information (客户服务): FAQ self-service, warranty policies, the repair network. */
export const supportErrors = {
  FAQ_SEARCH_EMPTY: { status: 400, zh: '请输入要搜索的内容', en: 'Type something to search for' },
  FAQ_CATEGORY_UNKNOWN: { status: 400, zh: '帮助分类 {id} 不存在', en: 'No FAQ category {id}' },
  WARRANTY_PRODUCT_UNKNOWN: { status: 400, zh: '商品 {id} 不存在', en: 'No product {id}' },
  FAQ_CATEGORY_NOT_EMPTY: { status: 409, zh: '该分类下还有 {count} 篇文章，请先移走或删除', en: 'The category still has {count} articles; move or delete them first' },
  WARRANTY_POLICY_IN_USE: { status: 409, zh: '该保修政策仍关联 {count} 个商品，请先解除', en: 'The warranty policy is still attached to {count} products; detach them first' },
  REGION_INVALID: { status: 400, zh: '省市区不正确', en: 'The province, city or district is not a real region' },
  REGION_UNKNOWN_PROVINCE: { status: 400, zh: '没有叫「{name}」的省份', en: 'There is no province called "{name}"' },
  REGION_UNKNOWN_CITY: { status: 400, zh: '{within}没有叫「{name}」的城市', en: 'There is no city called "{name}" in {within}' },
  REGION_UNKNOWN_DISTRICT: { status: 400, zh: '{within}没有叫「{name}」的区县', en: 'There is no district called "{name}" in {within}' },
  REGION_CITY_REQUIRED: { status: 400, zh: '填写区县时请同时填写城市', en: 'A district needs its city' },
  SERVICE_POINT_SEARCH_NEEDS_REGION: { status: 400, zh: '请选择省份或输入关键词', en: 'Choose a province or type a keyword' },
} as const satisfies Record<string, ErrorSpec>;

export const SUPPORT_LIMITS = {
  nameMax: 40,
  titleMax: 100,
  bodyMax: 50_000,
  queryMax: 60,
  tagMax: 20,
  tagsMax: 20,
  addressMax: 120,
  hoursMax: 100,
  warrantyMonthsMax: 240,
} as const;

/** Text of 1..max characters after normalising white space. */
const text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform(normaliseText)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const richText = z.string().max(SUPPORT_LIMITS.bodyMax);
const sort = z.number().int().min(-100_000).max(100_000);
const tagList = z
  .array(text(SUPPORT_LIMITS.tagMax))
  .max(SUPPORT_LIMITS.tagsMax)
  .transform((tags) => [...new Set(tags)]);

// ---------- FAQ ----------

export const faqCategoryBody = z.object({ name: text(SUPPORT_LIMITS.nameMax), sort: sort.default(0), visible: z.boolean().default(true) });
export type FaqCategoryBody = z.infer<typeof faqCategoryBody>;
export const faqCategoryPatch = z
  .object({ name: text(SUPPORT_LIMITS.nameMax).optional(), sort: sort.optional(), visible: z.boolean().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change');
export type FaqCategoryPatch = z.infer<typeof faqCategoryPatch>;

export const faqCategory = z.object({
  id: z.number().int(),
  name: z.string(),
  sort: z.number().int(),
  visible: z.boolean(),
  articleCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type FaqCategory = z.infer<typeof faqCategory>;
export const faqCategoryList = z.object({ items: z.array(faqCategory) });

export const faqArticleBody = z.object({
  categoryId: z.number().int().positive(),
  title: text(SUPPORT_LIMITS.titleMax),
  /** Rich text; sanitised on save. */
  body: richText,
  published: z.boolean().default(false),
  sort: sort.default(0),
});
export type FaqArticleBody = z.infer<typeof faqArticleBody>;
export const faqArticlePatch = z
  .object({
    categoryId: z.number().int().positive().optional(),
    title: text(SUPPORT_LIMITS.titleMax).optional(),
    body: richText.optional(),
    published: z.boolean().optional(),
    sort: sort.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change');
export type FaqArticlePatch = z.infer<typeof faqArticlePatch>;

export const faqArticle = z.object({
  id: z.number().int(),
  categoryId: z.number().int(),
  title: z.string(),
  body: z.string(),
  published: z.boolean(),
  sort: z.number().int(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type FaqArticle = z.infer<typeof faqArticle>;
export const faqArticleList = z.object({ items: z.array(faqArticle) });

export const faqArticleQuery = z.object({ categoryId: z.coerce.number().int().positive().optional() });

/** What the shop lists: no body, to keep lists small. */
export const faqArticleSummary = faqArticle.pick({ id: true, categoryId: true, title: true, helpfulYes: true, helpfulNo: true });
export type FaqArticleSummary = z.infer<typeof faqArticleSummary>;

export const faqShopCategory = faqCategory.pick({ id: true, name: true, articleCount: true });
export const faqShopCategoryList = z.object({ items: z.array(faqShopCategory) });
export const faqShopArticleList = z.object({ items: z.array(faqArticleSummary) });

export const helpfulVote = z.enum(['yes', 'no']);
export type HelpfulVote = z.infer<typeof helpfulVote>;
export const faqShopArticle = faqArticle
  .pick({ id: true, categoryId: true, title: true, body: true, helpfulYes: true, helpfulNo: true, updatedAt: true })
  .extend({ categoryName: z.string(), myVote: helpfulVote.nullable() });
export type FaqShopArticle = z.infer<typeof faqShopArticle>;
export const helpfulVoteBody = z.object({ vote: helpfulVote });

/** Space-separated terms; every one must appear in the title or the text. Empty is refused with FAQ_SEARCH_EMPTY. */
export const faqSearchQuery = z.object({ q: z.string().max(SUPPORT_LIMITS.queryMax * 4).default('') });
export const faqSearchResult = z.object({ items: z.array(faqArticleSummary.extend({ categoryName: z.string(), titleHits: z.number().int() })), terms: z.array(z.string()) });

// ---------- warranty ----------

export const warrantyPolicyBody = z.object({
  name: text(SUPPORT_LIMITS.nameMax),
  months: z.number().int().min(0).max(SUPPORT_LIMITS.warrantyMonthsMax),
  /** Rich text; sanitised on save. */
  terms: richText,
  /** What it covers, e.g. 整机, 压缩机, 上门维修. */
  covers: tagList.default([]),
});
export type WarrantyPolicyBody = z.infer<typeof warrantyPolicyBody>;
export const warrantyPolicyPatch = z
  .object({
    name: text(SUPPORT_LIMITS.nameMax).optional(),
    months: z.number().int().min(0).max(SUPPORT_LIMITS.warrantyMonthsMax).optional(),
    terms: richText.optional(),
    covers: tagList.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change');
export type WarrantyPolicyPatch = z.infer<typeof warrantyPolicyPatch>;

export const warrantyPolicy = z.object({
  id: z.number().int(),
  name: z.string(),
  months: z.number().int(),
  terms: z.string(),
  covers: z.array(z.string()),
  productCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type WarrantyPolicy = z.infer<typeof warrantyPolicy>;
export const warrantyPolicyList = z.object({ items: z.array(warrantyPolicy) });

/** Attaches the policy to these products; a product's previous policy is replaced (one per product). */
export const warrantyAttachBody = z.object({ productIds: z.array(z.number().int().positive()).min(1).max(200) });
export const warrantyProducts = z.object({ items: z.array(z.object({ productId: z.number().int(), title: z.string() })) });

export const productWarranty = z.object({
  productId: z.number().int(),
  policyId: z.number().int(),
  name: z.string(),
  months: z.number().int(),
  terms: z.string(),
  covers: z.array(z.string()),
});
export type ProductWarranty = z.infer<typeof productWarranty>;

// ---------- repair network ----------

const regionName = text(20);
const optionalRegion = z.union([z.literal('').transform(() => null), z.null(), regionName]).optional();

export const servicePointBody = z.object({
  name: text(SUPPORT_LIMITS.nameMax),
  province: regionName,
  city: regionName,
  district: regionName,
  address: text(SUPPORT_LIMITS.addressMax),
  phone: addressPhone,
  hours: text(SUPPORT_LIMITS.hoursMax),
  /** Categories and brands served, e.g. 空调, 冰箱, 美的. */
  tags: tagList.default([]),
  active: z.boolean().default(true),
});
export type ServicePointBody = z.infer<typeof servicePointBody>;
export const servicePointPatch = z
  .object({
    name: servicePointBody.shape.name.optional(),
    province: regionName.optional(),
    city: regionName.optional(),
    district: regionName.optional(),
    address: servicePointBody.shape.address.optional(),
    phone: addressPhone.optional(),
    hours: servicePointBody.shape.hours.optional(),
    tags: tagList.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to change');
export type ServicePointPatch = z.infer<typeof servicePointPatch>;

export const servicePoint = z.object({
  id: z.number().int(),
  name: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  tags: z.array(z.string()),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ServicePoint = z.infer<typeof servicePoint>;
export const servicePointList = z.object({ items: z.array(servicePoint) });

export const servicePointAdminQuery = z.object({ q: z.string().max(SUPPORT_LIMITS.queryMax * 4).optional(), province: z.string().max(40).optional() });

/** By region (province, then optionally city and district) and/or keyword; at least one of province or q. */
export const servicePointSearchQuery = z.object({
  province: optionalRegion,
  city: optionalRegion,
  district: optionalRegion,
  q: z.string().max(SUPPORT_LIMITS.queryMax * 4).optional(),
});
export type ServicePointSearchQuery = z.infer<typeof servicePointSearchQuery>;

export const SERVICE_POINT_SCOPES = ['district', 'city', 'province', 'keyword'] as const;
export const servicePointSearchResult = z.object({
  items: z.array(servicePoint.omit({ active: true, createdAt: true, updatedAt: true })),
  /** Where the points shown were found: the level asked for, or a wider one when it had none. */
  scope: z.enum(SERVICE_POINT_SCOPES),
  /** True when nothing was found at the level asked for and the answer shows the wider region instead. */
  fellBack: z.boolean(),
  requestedScope: z.enum(SERVICE_POINT_SCOPES),
});
export type ServicePointSearchResult = z.infer<typeof servicePointSearchResult>;
