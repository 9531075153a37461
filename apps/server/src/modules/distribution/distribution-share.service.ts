// Share links and posters of products and presale campaigns, carrying the sharer's referral code.
import { formatMinorUnits, shopTime, type ShareLink, type ShareQuery, type ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { FileStorage } from '../../platform/storage.ts';
import { shopperNickname } from './referral.repo.ts';
import { shopBaseUrl, type ReferralService } from './referral.service.ts';
import { sharedCampaign, sharedProduct, type ShareImage } from './distribution-share.repo.ts';
import { imageMime, renderPoster, renderShopPoster, type PosterContent, type ShopPosterContent } from './distribution-share-poster.ts';

export interface ShareDeps {
  db: Db;
  clock: Clock;
  settings: { get(db?: DbOrTx): Promise<ShopSettings> };
  storage: FileStorage;
  referrals: Pick<ReferralService, 'codeOf'>;
  publicBaseUrl: string;
  /** Posters kept per (shopper, type, id) and how long; fresh renders allowed per shopper per minute. */
  posterCache?: { entries: number; ttlMs: number; rendersPerMinute: number };
}

const yuan = (fen: number) => `¥${formatMinorUnits(fen)}`;

interface Subject {
  title: string;
  path: string;
  image: ShareImage | null;
  priceLine: string;
  detailLine: string | null;
}

/**
 * Posters are cached in this process only (an LRU by insertion order) and fresh renders are
 * limited per shopper per minute, so the endpoint cannot be used to burn CPU. With several
 * instances each keeps its own cache and limit: at worst a shopper gets `instances ×` the renders.
 */
export function createShareService(deps: ShareDeps) {
  const { db, clock, settings, storage, referrals } = deps;
  const limits = deps.posterCache ?? { entries: 500, ttlMs: 10 * 60_000, rendersPerMinute: 20 };
  const posters = new Map<string, { png: Buffer; at: number }>();
  const renders = new Map<number, number[]>();

  /** A product or presale subject ('shop' shares have none: see shopInvite). */
  async function subjectOf(query: ShareQuery, timeZone: string): Promise<Subject> {
    const id = query.id ?? 0;
    if (query.type === 'product') {
      const product = await sharedProduct(db, id);
      if (!product) throw notFound({ zh: '商品', en: 'Product' }, id);
      return { title: product.title, path: `/product/${product.id}`, image: product.image, priceLine: yuan(product.priceAmount), detailLine: null };
    }
    const campaign = await sharedCampaign(db, id);
    if (!campaign) throw notFound({ zh: '预售活动', en: 'Presale campaign' }, id);
    const now = clock.now();
    const end = campaign.endedEarlyAt ?? campaign.endsAt;
    const phase =
      now < campaign.startsAt ? `${shopTime(campaign.startsAt, timeZone)} 开售` : now < end ? `${shopTime(end, timeZone)} 截止` : '预售已结束';
    const deposit =
      campaign.type === 'deposit' && campaign.depositAmount !== null
        ? `${campaign.depositKind === 'earnest' ? '定金' : '订金'} ${yuan(campaign.depositAmount)}${campaign.depositValue && campaign.depositValue > campaign.depositAmount ? ` 抵 ${yuan(campaign.depositValue)}` : ''} · `
        : '全款预售 · ';
    return {
      title: `【预售】${campaign.name}`,
      path: `/presale/${campaign.id}`,
      image: campaign.image,
      priceLine: `预售价 ${yuan(campaign.presalePrice)}`,
      detailLine: deposit + phase,
    };
  }

  const withRef = (path: string, code: string) => `${shopBaseUrl(deps.publicBaseUrl)}${path}${path.includes('?') ? '&' : '?'}ref=${code}`;
  const absolute = (url: string) => (url.startsWith('/') ? `${shopBaseUrl(deps.publicBaseUrl)}${url}` : url);

  async function link(shopperId: number, query: ShareQuery): Promise<ShareLink> {
    const shop = await settings.get();
    if (query.type === 'shop') {
      const invite = await shopInvite(shopperId, shop.shopName);
      return { url: invite.url, title: shop.shopName, imageUrl: null, code: invite.code };
    }
    const subject = await subjectOf(query, shop.timeZone);
    const code = await referrals.codeOf(shopperId);
    return { url: withRef(subject.path, code), title: subject.title, imageUrl: subject.image ? absolute(subject.image.url) : null, code };
  }

  async function imageBytes(image: ShareImage | null): Promise<PosterContent['image']> {
    // Only our own stored files (by key, or by a URL under our storage): never fetched from elsewhere.
    const prefix = storage.urlFor('x').slice(0, -1);
    const key = image?.storageKey ?? (image?.url.startsWith(prefix) ? image.url.slice(prefix.length) : null);
    if (!key) return null;
    const bytes = await storage.get(key).catch(() => undefined);
    const mime = bytes && imageMime(bytes);
    return bytes && mime ? { bytes, mime } : null;
  }

  function allowRender(shopperId: number, nowMs: number) {
    const recent = (renders.get(shopperId) ?? []).filter((t) => nowMs - t < 60_000);
    if (recent.length >= limits.rendersPerMinute) {
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + 60_000 - nowMs) / 1000)), reason: 'poster_renders' });
    }
    recent.push(nowMs);
    renders.set(shopperId, recent);
    if (renders.size > limits.entries * 4) renders.delete(renders.keys().next().value!);
  }

  /** What a poster shows; `beforeWork` runs once the subject is known to exist (the render limit). */
  async function posterContent(shopperId: number, query: ShareQuery, beforeWork: () => void = () => undefined): Promise<PosterContent> {
    const shop = await settings.get();
    const subject = await subjectOf(query, shop.timeZone);
    beforeWork();
    const code = await referrals.codeOf(shopperId);
    return {
      title: subject.title,
      priceLine: subject.priceLine,
      detailLine: subject.detailLine,
      sharerNickname: (await shopperNickname(db, shopperId)) ?? '',
      shopName: shop.shopName,
      url: withRef(subject.path, code),
      image: await imageBytes(subject.image),
    };
  }

  /** The shop invite (邀请好友): the shop's home page with my code, as GET /api/me/referral gives it. */
  async function shopInvite(shopperId: number, shopName: string): Promise<ShopPosterContent> {
    const code = await referrals.codeOf(shopperId);
    return { shopName, sharerNickname: (await shopperNickname(db, shopperId)) ?? '', code, url: withRef('/', code) };
  }

  async function renderFresh(shopperId: number, query: ShareQuery, nowMs: number): Promise<Buffer> {
    if (query.type !== 'shop') return renderPoster(await posterContent(shopperId, query, () => allowRender(shopperId, nowMs)));
    const shop = await settings.get();
    allowRender(shopperId, nowMs);
    return renderShopPoster(await shopInvite(shopperId, shop.shopName));
  }

  /** The poster PNG; the same (shopper, type, id) within the cache time is served from memory. */
  async function poster(shopperId: number, query: ShareQuery): Promise<{ png: Buffer; cached: boolean }> {
    const key = `${shopperId}:${query.type}:${query.id ?? 0}`;
    const nowMs = clock.now().getTime();
    const hit = posters.get(key);
    if (hit && nowMs - hit.at < limits.ttlMs) {
      posters.delete(key); // most recently used goes last
      posters.set(key, hit);
      return { png: hit.png, cached: true };
    }
    const png = await renderFresh(shopperId, query, nowMs);
    posters.delete(key);
    posters.set(key, { png, at: nowMs });
    while (posters.size > limits.entries) posters.delete(posters.keys().next().value!);
    return { png, cached: false };
  }

  return { link, poster, posterContent, shopInvite };
}

export type ShareService = ReturnType<typeof createShareService>;
