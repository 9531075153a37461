import { z } from 'zod';
import { timestamp } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';

/** Store decoration (店铺装修): pages built from blocks, a draft and a published snapshot each. */
export const decorationErrors = {
  DECORATION_DRAFT_STALE: {
    status: 409,
    zh: '页面已被他人修改（当前版本 {current}），请刷新后再保存',
    en: 'Someone else changed the page (now revision {current}); reload before saving',
  },
  DECORATION_VERSION_UNKNOWN: { status: 404, zh: '页面 {pageId} 没有版本 {versionId}', en: 'Page {pageId} has no version {versionId}' },
  DECORATION_HOME_UNDELETABLE: { status: 409, zh: '首页不能删除', en: 'The home page cannot be deleted' },
  DECORATION_SLUG_TAKEN: { status: 409, zh: '页面路径「{slug}」已被使用', en: 'The page path "{slug}" is already used' },
  DECORATION_BLOCKS_INVALID: { status: 400, zh: '页面内容有误，请检查标红的模块', en: 'Some blocks are not valid; check the ones marked' },
} as const satisfies Record<string, ErrorSpec>;

export const DECORATION_LIMITS = {
  blocksMax: 50,
  titleMax: 60,
  slugMax: 40,
  bannerImagesMax: 10,
  groupImagesMax: 8,
  productIdsMax: 30,
  gridLimitMax: 30,
  campaignIdsMax: 10,
  couponIdsMax: 10,
  noticeMax: 200,
  richTextMax: 20_000,
  urlMax: 500,
} as const;
const L = DECORATION_LIMITS;

const refId = z.number().int().positive().max(2_147_483_647);
const optionalTitle = z.string().trim().max(L.titleMax).default('');
/** Uploaded images (/uploads/...) or https images only: nothing that could run script. */
export const decorationImageUrl = z
  .string()
  .trim()
  .max(L.urlMax)
  .regex(/^(\/uploads\/[A-Za-z0-9/_.-]+|https:\/\/[^\s"'<>]+)$/, 'must be an uploaded image or an https URL');
const externalUrl = z
  .string()
  .trim()
  .max(L.urlMax)
  .regex(/^(https?:\/\/[^\s"'<>]+|\/[^\s"'<>]*)$/, 'must be an http(s) URL or a path starting with /');

export const DECORATION_LINK_TYPES = ['product', 'category', 'page', 'presale', 'url'] as const;
export const decorationLink = z.discriminatedUnion('type', [
  z.object({ type: z.literal('product'), id: refId }),
  z.object({ type: z.literal('category'), id: refId }),
  z.object({ type: z.literal('page'), id: refId }),
  z.object({ type: z.literal('presale'), id: refId }),
  z.object({ type: z.literal('url'), url: externalUrl }),
]);
export type DecorationLink = z.infer<typeof decorationLink>;

export const decorationImage = z.object({ url: decorationImageUrl, link: decorationLink.nullable().default(null) });
export type DecorationImage = z.infer<typeof decorationImage>;

/** A client-side key, so editors and renderers keep track of a block while it moves. */
const blockKey = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/);
const uniqueIds = (ids: number[]) => new Set(ids).size === ids.length;

export const bannerBlock = z.object({
  type: z.literal('banner'),
  key: blockKey,
  images: z.array(decorationImage).min(1).max(L.bannerImagesMax),
  autoplay: z.boolean().default(true),
});
export const imageGroupBlock = z.object({
  type: z.literal('imageGroup'),
  key: blockKey,
  columns: z.number().int().min(1).max(4),
  images: z.array(decorationImage).min(1).max(L.groupImagesMax),
});
export const productGridBlock = z.object({
  type: z.literal('productGrid'),
  key: blockKey,
  title: optionalTitle,
  columns: z.number().int().min(1).max(3).default(2),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('products'), productIds: z.array(refId).min(1).max(L.productIdsMax).refine(uniqueIds, 'ids must not repeat') }),
    z.object({ kind: z.literal('category'), categoryId: refId, limit: z.number().int().min(1).max(L.gridLimitMax) }),
  ]),
});
export const presaleBlock = z.object({
  type: z.literal('presale'),
  key: blockKey,
  title: optionalTitle,
  countdown: z.boolean().default(true),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('campaigns'), campaignIds: z.array(refId).min(1).max(L.campaignIdsMax).refine(uniqueIds, 'ids must not repeat') }),
    z.object({ kind: z.literal('live'), limit: z.number().int().min(1).max(L.campaignIdsMax) }),
  ]),
});
export const couponBlock = z.object({
  type: z.literal('coupons'),
  key: blockKey,
  title: optionalTitle,
  templateIds: z.array(refId).min(1).max(L.couponIdsMax).refine(uniqueIds, 'ids must not repeat'),
});
export const noticeBlock = z.object({
  type: z.literal('notice'),
  key: blockKey,
  text: z.string().trim().min(1).max(L.noticeMax),
  link: decorationLink.nullable().default(null),
});
export const richTextBlock = z.object({ type: z.literal('richText'), key: blockKey, html: z.string().max(L.richTextMax) });

export const DECORATION_BLOCK_TYPES = ['banner', 'imageGroup', 'productGrid', 'presale', 'coupons', 'notice', 'richText'] as const;
export type DecorationBlockType = (typeof DECORATION_BLOCK_TYPES)[number];
export const decorationBlock = z.discriminatedUnion('type', [bannerBlock, imageGroupBlock, productGridBlock, presaleBlock, couponBlock, noticeBlock, richTextBlock]);
export type DecorationBlock = z.infer<typeof decorationBlock>;

export const decorationPageBody = z.object({
  title: z.string().trim().min(1).max(L.titleMax),
  shareTitle: optionalTitle,
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#f7f8fa'),
  blocks: z.array(decorationBlock).max(L.blocksMax),
});
export type DecorationPageBody = z.infer<typeof decorationPageBody>;

// ---------- resolved (what the storefront renders; the editor sees broken markers too) ----------

export const resolvedLink = z.object({
  type: z.enum(DECORATION_LINK_TYPES),
  id: z.number().int().nullable(),
  /** Where the shop goes: its own route (/product/1, /p/spring, /presale/3) or the external URL. */
  path: z.string(),
  broken: z.boolean(),
});
export type ResolvedLink = z.infer<typeof resolvedLink>;
const resolvedImage = z.object({ url: z.string(), link: resolvedLink.nullable() });
export const resolvedProduct = z.object({
  id: z.number().int(),
  title: z.string(),
  minPrice: z.number().int(),
  maxPrice: z.number().int(),
  imageUrl: z.string().nullable(),
  broken: z.boolean(),
});
export const resolvedCampaign = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['upcoming', 'active', 'ended']),
  startsAt: timestamp.nullable(),
  endsAt: timestamp.nullable(),
  countdown: z.object({ kind: z.enum(['starts', 'ends']), at: timestamp }).nullable(),
  imageUrl: z.string().nullable(),
  /** Lowest presale price among its items, in fen. */
  fromPrice: z.number().int().nullable(),
  broken: z.boolean(),
});
export type ResolvedCampaign = z.infer<typeof resolvedCampaign>;
export const resolvedCoupon = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(['fixed', 'percent']),
  amount: z.number().int().nullable(),
  payPercent: z.number().int().nullable(),
  threshold: z.number().int(),
  broken: z.boolean(),
});
export const resolvedBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('banner'), key: z.string(), autoplay: z.boolean(), images: z.array(resolvedImage) }),
  z.object({ type: z.literal('imageGroup'), key: z.string(), columns: z.number().int(), images: z.array(resolvedImage) }),
  z.object({
    type: z.literal('productGrid'),
    key: z.string(),
    title: z.string(),
    columns: z.number().int(),
    /** The chosen category no longer exists. */
    broken: z.boolean(),
    products: z.array(resolvedProduct),
  }),
  z.object({ type: z.literal('presale'), key: z.string(), title: z.string(), countdown: z.boolean(), campaigns: z.array(resolvedCampaign) }),
  z.object({ type: z.literal('coupons'), key: z.string(), title: z.string(), coupons: z.array(resolvedCoupon) }),
  z.object({ type: z.literal('notice'), key: z.string(), text: z.string(), link: resolvedLink.nullable() }),
  z.object({ type: z.literal('richText'), key: z.string(), html: z.string() }),
]);
export type ResolvedBlock = z.infer<typeof resolvedBlock>;
export const resolvedPage = z.object({
  id: z.number().int(),
  kind: z.enum(['home', 'custom']),
  slug: z.string(),
  title: z.string(),
  shareTitle: z.string(),
  background: z.string(),
  blocks: z.array(resolvedBlock),
  /** How many links or items are broken (always 0 in the storefront, where they are hidden). */
  brokenCount: z.number().int(),
});
export type ResolvedPage = z.infer<typeof resolvedPage>;

/**
 * How many broken links or items a resolved block has: the server sums it into `brokenCount`,
 * the editor marks the block red. Takes the block as sent (dates as strings) or as parsed.
 */
export function brokenCountIn(block: ResolvedBlock | z.input<typeof resolvedBlock>): number {
  switch (block.type) {
    case 'banner':
    case 'imageGroup':
      return block.images.filter((i) => i.link?.broken).length;
    case 'productGrid':
      return (block.broken ? 1 : 0) + block.products.filter((p) => p.broken).length;
    case 'presale':
      return block.campaigns.filter((c) => c.broken).length;
    case 'coupons':
      return block.coupons.filter((c) => c.broken).length;
    case 'notice':
      return block.link?.broken ? 1 : 0;
    case 'richText':
      return 0;
  }
}

// ---------- back office ----------

export const decorationSlug = z
  .string()
  .trim()
  .toLowerCase()
  .max(L.slugMax)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
  .refine((s) => s !== 'home', 'home is the home page');
export const decorationPageSummary = z.object({
  id: z.number().int(),
  kind: z.enum(['home', 'custom']),
  slug: z.string(),
  title: z.string(),
  revision: z.number().int(),
  draftUpdatedAt: timestamp,
  publishedAt: timestamp.nullable(),
  /** The draft differs from what is published (or nothing is published yet). */
  unpublishedChanges: z.boolean(),
});
export type DecorationPageSummary = z.infer<typeof decorationPageSummary>;
export const decorationPageList = z.object({ items: z.array(decorationPageSummary) });
export const decorationCreateBody = z.object({ slug: decorationSlug, title: z.string().trim().min(1).max(L.titleMax) });
export type DecorationCreateBody = z.infer<typeof decorationCreateBody>;
export const decorationEditorView = z.object({ page: decorationPageSummary, body: decorationPageBody, preview: resolvedPage });
export type DecorationEditorView = z.infer<typeof decorationEditorView>;
export const decorationSaveBody = z.object({ revision: z.number().int().min(0), body: decorationPageBody });
export type DecorationSaveBody = z.infer<typeof decorationSaveBody>;
export const decorationPublishBody = z.object({ revision: z.number().int().min(0) });
export const decorationPreviewBody = z.object({ body: decorationPageBody });
export const decorationImageUpload = z.object({ url: z.string() });
export const decorationSlugParam = z.object({ slug: z.string().max(L.slugMax) });

/** A published version of a page (历史版本), newest first; `live` is the one the storefront shows. */
export const decorationVersionView = z.object({
  id: z.number().int(),
  /** The draft revision it was published from. */
  revision: z.number().int(),
  publishedAt: timestamp,
  publishedBy: z.string().nullable(),
  blockCount: z.number().int(),
  live: z.boolean(),
});
export type DecorationVersionView = z.output<typeof decorationVersionView>;
export const decorationVersionList = z.object({ items: z.array(decorationVersionView) });
export const decorationVersionParams = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  versionId: z.coerce.number().int().positive().max(2_147_483_647),
});
/** Restores a version into the draft the merchant is looking at (`revision`); publishing stays a separate step. */
export const decorationRestoreBody = z.object({ revision: z.number().int().min(0) });
