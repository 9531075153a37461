import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decorationPageBody, type DecorationPageBody } from '@mall/contract';
import { bodyProblems, forStorefront, referencesOf, resolvePage, sanitiseBody, type World } from './decoration.rules.ts';

const meta = { id: 1, kind: 'home' as const, slug: 'home' };
const campaign = (id: number) => ({ id, name: `C${id}`, status: 'active' as const, startsAt: new Date(0), endsAt: new Date(1e12), countdown: null, imageUrl: null, fromPrice: 100, broken: false });
const world = (overrides: Partial<World> = {}): World => ({
  products: new Map([[10, { id: 10, title: '手办', minPrice: 9900, maxPrice: 9900, imageUrl: null }]]),
  categories: new Set([5]),
  categoryProducts: new Map([[5, [{ id: 10, title: '手办', minPrice: 9900, maxPrice: 9900, imageUrl: null }]]]),
  publishedPages: new Map([[2, 'spring']]),
  campaigns: new Map([[7, campaign(7)]]),
  liveCampaigns: [campaign(7)],
  coupons: new Map(),
  ...overrides,
});
const body = (blocks: unknown[]): DecorationPageBody => decorationPageBody.parse({ title: '首页', blocks });
const sample = body([
  { type: 'banner', key: 'b', images: [{ url: '/uploads/a.png', link: { type: 'presale', id: 7 } }, { url: '/uploads/b.png', link: { type: 'product', id: 99 } }] },
  { type: 'productGrid', key: 'g', source: { kind: 'products', productIds: [10, 11] } },
  { type: 'presale', key: 'p', source: { kind: 'campaigns', campaignIds: [8] } },
  { type: 'notice', key: 'n', text: '上新', link: { type: 'page', id: 3 } },
  { type: 'imageGroup', key: 'i', columns: 2, images: [{ url: '/uploads/c.png', link: { type: 'page', id: 2 } }] },
]);

describe('decoration rules', () => {
  it('collects every reference a page makes', () => {
    const refs = referencesOf(sample);
    expect([...refs.productIds].sort()).toEqual([10, 11, 99]);
    expect([...refs.campaignIds].sort()).toEqual([7, 8]);
    expect([...refs.pageIds].sort()).toEqual([2, 3]);
  });

  it('marks broken links and items for the editor and hides them in the storefront', () => {
    const resolved = resolvePage(meta, sample, world());
    expect(resolved.brokenCount).toBe(4); // product 99, product 11, campaign 8, page 3
    const banner = resolved.blocks[0]!;
    expect(banner.type === 'banner' && banner.images.map((i) => i.link?.broken)).toEqual([false, true]);
    const shop = forStorefront(resolved);
    expect(shop.blocks.map((b) => b.type)).toEqual(['banner', 'productGrid', 'notice', 'imageGroup']);
    const notice = shop.blocks.find((b) => b.type === 'notice');
    expect(notice?.type === 'notice' && notice.link).toBeNull();
    const group = shop.blocks.find((b) => b.type === 'imageGroup');
    expect(group?.type === 'imageGroup' && group.images[0]!.link?.path).toBe('/p/spring');
  });

  it('refuses repeated block keys and a page linking to itself, with field paths', () => {
    const problems = bodyProblems(body([
      { type: 'notice', key: 'x', text: 'a', link: { type: 'page', id: 1 } },
      { type: 'richText', key: 'x', html: '' },
    ]), 1);
    expect(problems.map((p) => p.path)).toEqual(['body.blocks.0.link', 'body.blocks.1.key']);
  });

  it('runs rich text through the sanitiser only', () => {
    const out = sanitiseBody(body([{ type: 'richText', key: 'r', html: '<b>x</b>' }, { type: 'notice', key: 'n', text: '<b>' }]), (h) => `S${h}`);
    expect(out.blocks.map((b) => (b.type === 'richText' ? b.html : b.type === 'notice' ? b.text : ''))).toEqual(['S<b>x</b>', '<b>']);
  });

  it('never shows a broken thing or an empty block in the storefront', () => {
    const ids = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }).map((a) => [...new Set(a)]);
    fc.assert(
      fc.property(ids, ids, ids, (productIds, campaignIds, linkIds) => {
        const page = body([
          { type: 'productGrid', key: 'g', source: { kind: 'products', productIds } },
          { type: 'presale', key: 'p', source: { kind: 'campaigns', campaignIds } },
          { type: 'banner', key: 'b', images: linkIds.map((id) => ({ url: '/uploads/x.png', link: { type: 'product', id } })) },
        ]);
        const shop = forStorefront(resolvePage(meta, page, world()));
        for (const block of shop.blocks) {
          if (block.type === 'productGrid') expect(block.products.length > 0 && block.products.every((p) => !p.broken)).toBe(true);
          if (block.type === 'presale') expect(block.campaigns.length > 0 && block.campaigns.every((c) => !c.broken)).toBe(true);
          if (block.type === 'banner') expect(block.images.length > 0 && block.images.every((i) => !i.link?.broken)).toBe(true);
        }
        expect(shop.brokenCount).toBe(0);
      }),
    );
  });
});
