import {
  brokenCountIn,
  type DecorationBlock,
  type DecorationLink,
  type DecorationPageBody,
  type ResolvedBlock,
  type ResolvedCampaign,
  type ResolvedLink,
  type ResolvedPage,
} from '@mall/contract';
import type { FieldError } from '../../platform/errors.ts';

export interface ProductFacts {
  id: number;
  title: string;
  minPrice: number;
  maxPrice: number;
  imageUrl: string | null;
}
export interface CouponFacts {
  id: number;
  name: string;
  kind: 'fixed' | 'percent';
  amount: number | null;
  payPercent: number | null;
  threshold: number;
}

/** What a page refers to, collected before anything is read. */
export interface References {
  productIds: Set<number>;
  categoryIds: Set<number>;
  pageIds: Set<number>;
  campaignIds: Set<number>;
  couponIds: Set<number>;
  /** Category grids: category id → the largest limit asked for. */
  categoryGrids: Map<number, number>;
  /** The largest "live campaigns" limit asked for, 0 when none. */
  liveLimit: number;
}

/**
 * What exists now, as the shop sees it. Anything a page names that is missing here is broken:
 * products only when on the shelf, pages only when published, campaigns only while not ended,
 * coupons only while claimable, categories when they exist.
 */
export interface World {
  products: Map<number, ProductFacts>;
  categories: Set<number>;
  categoryProducts: Map<number, ProductFacts[]>;
  publishedPages: Map<number, string>;
  campaigns: Map<number, ResolvedCampaign>;
  liveCampaigns: ResolvedCampaign[];
  coupons: Map<number, CouponFacts>;
}

function linksOf(block: DecorationBlock): (DecorationLink | null)[] {
  if (block.type === 'banner' || block.type === 'imageGroup') return block.images.map((i) => i.link);
  if (block.type === 'notice') return [block.link];
  return [];
}

export function referencesOf(body: DecorationPageBody): References {
  const refs: References = {
    productIds: new Set(),
    categoryIds: new Set(),
    pageIds: new Set(),
    campaignIds: new Set(),
    couponIds: new Set(),
    categoryGrids: new Map(),
    liveLimit: 0,
  };
  for (const block of body.blocks) {
    for (const link of linksOf(block)) {
      if (!link || link.type === 'url') continue;
      const target = { product: refs.productIds, category: refs.categoryIds, page: refs.pageIds, presale: refs.campaignIds }[link.type];
      target.add(link.id);
    }
    if (block.type === 'productGrid') {
      if (block.source.kind === 'products') block.source.productIds.forEach((id) => refs.productIds.add(id));
      else refs.categoryGrids.set(block.source.categoryId, Math.max(refs.categoryGrids.get(block.source.categoryId) ?? 0, block.source.limit));
    }
    if (block.type === 'presale') {
      if (block.source.kind === 'campaigns') block.source.campaignIds.forEach((id) => refs.campaignIds.add(id));
      else refs.liveLimit = Math.max(refs.liveLimit, block.source.limit);
    }
    if (block.type === 'coupons') block.templateIds.forEach((id) => refs.couponIds.add(id));
  }
  for (const id of refs.categoryGrids.keys()) refs.categoryIds.add(id);
  return refs;
}

/** The shop route a link opens, and whether its target is gone. */
export function resolveLink(link: DecorationLink, world: World): ResolvedLink {
  switch (link.type) {
    case 'url':
      return { type: 'url', id: null, path: link.url, broken: false };
    case 'product':
      return { type: 'product', id: link.id, path: `/product/${link.id}`, broken: !world.products.has(link.id) };
    case 'category':
      return { type: 'category', id: link.id, path: `/c/${link.id}`, broken: !world.categories.has(link.id) };
    case 'presale':
      return { type: 'presale', id: link.id, path: `/presale/${link.id}`, broken: !world.campaigns.has(link.id) };
    case 'page': {
      const slug = world.publishedPages.get(link.id);
      return { type: 'page', id: link.id, path: slug === undefined ? '' : slug === 'home' ? '/' : `/p/${slug}`, broken: slug === undefined };
    }
  }
}

const brokenProduct = (id: number) => ({ id, title: '', minPrice: 0, maxPrice: 0, imageUrl: null, broken: true });
const brokenCampaign = (id: number): ResolvedCampaign => ({
  id,
  name: '',
  status: 'ended',
  startsAt: null,
  endsAt: null,
  countdown: null,
  imageUrl: null,
  fromPrice: null,
  broken: true,
});

function resolveBlock(block: DecorationBlock, world: World): ResolvedBlock {
  const image = (i: { url: string; link: DecorationLink | null }) => ({ url: i.url, link: i.link ? resolveLink(i.link, world) : null });
  switch (block.type) {
    case 'banner':
      return { type: 'banner', key: block.key, autoplay: block.autoplay, images: block.images.map(image) };
    case 'imageGroup':
      return { type: 'imageGroup', key: block.key, columns: block.columns, images: block.images.map(image) };
    case 'productGrid': {
      const base = { type: 'productGrid' as const, key: block.key, title: block.title, columns: block.columns };
      if (block.source.kind === 'products') {
        const products = block.source.productIds.map((id) => {
          const found = world.products.get(id);
          return found ? { ...found, broken: false } : brokenProduct(id);
        });
        return { ...base, broken: false, products };
      }
      const { categoryId, limit } = block.source;
      const products = (world.categoryProducts.get(categoryId) ?? []).slice(0, limit).map((p) => ({ ...p, broken: false }));
      return { ...base, broken: !world.categories.has(categoryId), products };
    }
    case 'presale': {
      const base = { type: 'presale' as const, key: block.key, title: block.title, countdown: block.countdown };
      if (block.source.kind === 'live') return { ...base, campaigns: world.liveCampaigns.slice(0, block.source.limit) };
      return { ...base, campaigns: block.source.campaignIds.map((id) => world.campaigns.get(id) ?? brokenCampaign(id)) };
    }
    case 'coupons':
      return {
        type: 'coupons',
        key: block.key,
        title: block.title,
        coupons: block.templateIds.map((id) => {
          const found = world.coupons.get(id);
          return found ? { ...found, broken: false } : { id, name: '', kind: 'fixed' as const, amount: null, payPercent: null, threshold: 0, broken: true };
        }),
      };
    case 'notice':
      return { type: 'notice', key: block.key, text: block.text, link: block.link ? resolveLink(block.link, world) : null };
    case 'richText':
      return { type: 'richText', key: block.key, html: block.html };
  }
}

export interface PageMeta {
  id: number;
  kind: 'home' | 'custom';
  slug: string;
}

/** The page as the editor sees it: everything kept, broken things marked. */
export function resolvePage(meta: PageMeta, body: DecorationPageBody, world: World): ResolvedPage {
  const blocks = body.blocks.map((b) => resolveBlock(b, world));
  return {
    ...meta,
    title: body.title,
    shareTitle: body.shareTitle || body.title,
    background: body.background,
    blocks,
    brokenCount: blocks.reduce((n, b) => n + brokenCountIn(b), 0),
  };
}

/** What a shopper sees: broken items and images with broken links hidden, broken notice links dropped, empty blocks dropped. */
export function forStorefront(page: ResolvedPage): ResolvedPage {
  const blocks: ResolvedBlock[] = [];
  for (const block of page.blocks) {
    const shown = storefrontBlock(block);
    if (shown) blocks.push(shown);
  }
  return { ...page, blocks, brokenCount: 0 };
}

function storefrontBlock(block: ResolvedBlock): ResolvedBlock | null {
  switch (block.type) {
    case 'banner':
    case 'imageGroup': {
      const images = block.images.filter((i) => !i.link?.broken);
      return images.length ? { ...block, images } : null;
    }
    case 'productGrid': {
      const products = block.products.filter((p) => !p.broken);
      return products.length && !block.broken ? { ...block, products } : null;
    }
    case 'presale': {
      const campaigns = block.campaigns.filter((c) => !c.broken);
      return campaigns.length ? { ...block, campaigns } : null;
    }
    case 'coupons': {
      const coupons = block.coupons.filter((c) => !c.broken);
      return coupons.length ? { ...block, coupons } : null;
    }
    case 'notice':
      return { ...block, link: block.link?.broken ? null : block.link };
    case 'richText':
      return block.html.trim() ? block : null;
  }
}

/** Checks the schema cannot express: block keys unique, a page not linking to itself. Field paths as the body's. */
export function bodyProblems(body: DecorationPageBody, ownPageId: number | null): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  body.blocks.forEach((block, index) => {
    if (seen.has(block.key)) problems.push({ path: `body.blocks.${index}.key`, message: 'block keys must not repeat' });
    seen.add(block.key);
    linksOf(block).forEach((link, linkIndex) => {
      if (link?.type === 'page' && link.id === ownPageId) {
        const where = block.type === 'notice' ? 'link' : `images.${linkIndex}.link`;
        problems.push({ path: `body.blocks.${index}.${where}`, message: 'a page cannot link to itself' });
      }
    });
  });
  return problems;
}

/** The body with every rich text run through the sanitiser. */
export function sanitiseBody(body: DecorationPageBody, sanitise: (html: string) => string): DecorationPageBody {
  return { ...body, blocks: body.blocks.map((b) => (b.type === 'richText' ? { ...b, html: sanitise(b.html) } : b)) };
}
