import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createCategory, createProduct, multipart, PNG_1x1 } from './catalog-fixtures.ts';
import { createTemplate } from './promotions-fixtures.ts';
import { campaignWithProduct, homePage, saveAndPublish, saveDraft, sender, type Headers } from './decoration-fixtures.ts';

describeEachDatabase('decoration: publishing and broken links', (ctx) => {
  const send = sender(ctx);
  let staff: Headers;
  beforeAll(async () => {
    staff = (await ctx().staffSession('owner')).headers;
  });

  it('publishes atomically: concurrent publishes leave one consistent version, readers never see a half page', async () => {
    const home = await homePage(ctx(), staff);
    const blocks = (tag: string) => Array.from({ length: 6 }, (_, i) => ({ type: 'notice', key: `n${i}`, text: `${tag}-${i}` }));
    let revision = await saveAndPublish(ctx(), staff, home.id, home.revision, { title: 'A', blocks: blocks('A') });
    const saved = await saveDraft(ctx(), staff, home.id, revision, { title: 'B', blocks: blocks('B') });
    revision = saved.json().page.revision;
    const reads: Promise<{ title: string; blocks: { text: string }[] }>[] = [];
    const publishes = Array.from({ length: 4 }, () => send('POST', `/api/admin/decoration/pages/${home.id}/publish`, staff, { revision }));
    for (let i = 0; i < 6; i++) reads.push(send('GET', '/api/pages/home', null).then((r) => r.json()));
    const results = await Promise.all(publishes);
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    for (const page of await Promise.all(reads)) {
      // Every block of a page read comes from the same version as its title.
      expect(page.blocks.every((b) => b.text.startsWith(`${page.title}-`))).toBe(true);
      expect(page.blocks).toHaveLength(6);
    }
    const after = await send('GET', '/api/pages/home', null);
    expect(after.json().title).toBe('B');
    const view = await send('GET', `/api/admin/decoration/pages/${home.id}`, staff);
    expect(view.json().page).toMatchObject({ revision, unpublishedChanges: false });
    // Publishing a revision that is no longer the draft is refused.
    const stale = await send('POST', `/api/admin/decoration/pages/${home.id}/publish`, staff, { revision: revision - 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('resolves products, campaigns and links with prices in fen, phases and countdowns', async () => {
    const home = await homePage(ctx(), staff);
    const { productId, campaignId } = await campaignWithProduct(ctx(), staff);
    const category = await createCategory(ctx(), staff, '装修分类');
    await createProduct(ctx(), staff, { title: '分类商品', categoryId: category.id });
    await saveAndPublish(ctx(), staff, home.id, home.revision, {
      title: '首页',
      blocks: [
        { type: 'banner', key: 'b', images: [{ url: '/uploads/decoration/a.png', link: { type: 'presale', id: campaignId } }] },
        { type: 'presale', key: 'p', source: { kind: 'campaigns', campaignIds: [campaignId] } },
        { type: 'productGrid', key: 'g', source: { kind: 'category', categoryId: category.id, limit: 4 } },
        { type: 'notice', key: 'n', text: '新品', link: { type: 'product', id: productId } },
      ],
    });
    const shop = (await send('GET', '/api/pages/home', null)).json();
    expect(shop.blocks[0].images[0].link).toMatchObject({ type: 'presale', path: `/presale/${campaignId}`, broken: false });
    expect(shop.blocks[1].campaigns[0]).toMatchObject({ id: campaignId, status: 'upcoming', fromPrice: 90_000, countdown: { kind: 'starts' } });
    expect(shop.blocks[2].products.map((p: { title: string }) => p.title)).toEqual(['分类商品']);
    expect(shop.blocks[3].link.path).toBe(`/product/${productId}`);
  });

  it('flags links to deleted products and ended campaigns in the editor and hides them in the shop', async () => {
    const home = await homePage(ctx(), staff);
    const { campaignId } = await campaignWithProduct(ctx(), staff);
    const doomed = await createProduct(ctx(), staff, { title: '将删除', skus: [{ specValues: {}, price: 500, initialStock: 0 }] });
    const kept = await createProduct(ctx(), staff, { title: '保留' });
    await saveAndPublish(ctx(), staff, home.id, home.revision, {
      title: '首页',
      blocks: [
        { type: 'imageGroup', key: 'i', columns: 2, images: [
          { url: '/uploads/decoration/a.png', link: { type: 'presale', id: campaignId } },
          { url: '/uploads/decoration/b.png', link: { type: 'product', id: kept.id } },
        ] },
        { type: 'productGrid', key: 'g', source: { kind: 'products', productIds: [doomed.id, kept.id] } },
        { type: 'presale', key: 'p', source: { kind: 'campaigns', campaignIds: [campaignId] } },
      ],
    });
    expect((await send('DELETE', `/api/admin/products/${doomed.id}`, staff)).statusCode).toBe(200);
    expect((await send('POST', `/api/admin/presale/campaigns/${campaignId}/end`, staff)).statusCode).toBe(200);

    const editor = (await send('GET', `/api/admin/decoration/pages/${home.id}`, staff)).json().preview;
    expect(editor.brokenCount).toBe(3);
    expect(editor.blocks[0].images.map((i: { link: { broken: boolean } }) => i.link.broken)).toEqual([true, false]);
    expect(editor.blocks[1].products.map((p: { broken: boolean }) => p.broken)).toEqual([true, false]);
    expect(editor.blocks[2].campaigns[0]).toMatchObject({ id: campaignId, broken: true });

    const shop = (await send('GET', '/api/pages/home', null)).json();
    expect(shop.brokenCount).toBe(0);
    expect(shop.blocks.map((b: { type: string }) => b.type)).toEqual(['imageGroup', 'productGrid']);
    expect(shop.blocks[0].images).toHaveLength(1);
    expect(shop.blocks[1].products.map((p: { id: number }) => p.id)).toEqual([kept.id]);
  });

  it("shows each product's own main image", async () => {
    const home = await homePage(ctx(), staff);
    const images: string[] = [];
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const product = await createProduct(ctx(), staff, { title: `有图 ${i}` });
      const file = multipart('file', 'p.png', 'image/png', PNG_1x1);
      const res = await ctx().app.inject({ method: 'POST', url: `/api/admin/products/${product.id}/images`, headers: { ...staff, ...file.headers }, payload: file.payload });
      images.push(res.json().url);
      ids.push(product.id);
    }
    await saveAndPublish(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'productGrid', key: 'g', source: { kind: 'products', productIds: [ids[2], ids[0]] } }] });
    const shop = (await send('GET', '/api/pages/home', null)).json();
    expect(shop.blocks[0].products.map((p: { imageUrl: string }) => p.imageUrl)).toEqual([images[2], images[0]]);
  });

  it('fills coupon blocks in and hides a coupon that can no longer be claimed', async () => {
    const home = await homePage(ctx(), staff);
    const live = await createTemplate(ctx(), staff, { name: '满100减10' });
    const stopped = await createTemplate(ctx(), staff, { name: '停用券' });
    await saveAndPublish(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'coupons', key: 'c', templateIds: [live.id, stopped.id] }] });
    expect((await send('PATCH', `/api/admin/coupon-templates/${stopped.id}`, staff, { active: false })).statusCode).toBe(200);
    const editor = (await send('GET', `/api/admin/decoration/pages/${home.id}/preview`, staff)).json();
    expect(editor.blocks[0].coupons).toMatchObject([{ id: live.id, name: '满100减10', kind: 'fixed', amount: 1000, threshold: 10_000, broken: false }, { id: stopped.id, broken: true }]);
    const shop = (await send('GET', '/api/pages/home', null)).json();
    expect(shop.blocks[0].coupons.map((c: { id: number }) => c.id)).toEqual([live.id]);
  });

  it('previews an unsaved body with broken links marked, without saving it', async () => {
    const home = await homePage(ctx(), staff);
    const res = await send('POST', `/api/admin/decoration/pages/${home.id}/preview`, staff, {
      body: { title: '预览', blocks: [{ type: 'notice', key: 'n', text: '看看', link: { type: 'page', id: 999_999 } }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: '预览', brokenCount: 1, blocks: [{ link: { broken: true } }] });
    expect((await homePage(ctx(), staff)).revision).toBe(home.revision);
  });
});
