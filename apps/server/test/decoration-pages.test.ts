import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, createProduct, multipart, PNG_1x1 } from './catalog-fixtures.ts';
import { homePage, saveAndPublish, saveDraft, sender, type Headers } from './decoration-fixtures.ts';

describeEachDatabase('decoration: pages, drafts and validation', (ctx) => {
  const send = sender(ctx);
  let staff: Headers;
  beforeAll(async () => {
    staff = (await ctx().staffSession('operator')).headers;
  });

  it('lets owner and operator decorate; customer service and warehouse get 403, anonymous 401', async () => {
    expect((await send('GET', '/api/admin/decoration/pages', (await ctx().staffSession('owner')).headers)).statusCode).toBe(200);
    for (const role of ['customer_service', 'warehouse'] as const) {
      const denied = await send('GET', '/api/admin/decoration/pages', (await ctx().staffSession(role)).headers);
      expect(denied.statusCode).toBe(403);
    }
    expect((await send('GET', '/api/admin/decoration/pages', null)).statusCode).toBe(401);
    const shopper = (await ctx().shopperSession()).headers;
    expect((await send('POST', '/api/admin/decoration/pages', shopper, { slug: 'x', title: 'x' })).statusCode).toBe(403);
  });

  it('keeps exactly one home page, even when listed concurrently', async () => {
    const lists = await Promise.all([1, 2, 3].map(() => send('GET', '/api/admin/decoration/pages', staff)));
    for (const res of lists) expect(res.json().items.filter((p: { kind: string }) => p.kind === 'home')).toHaveLength(1);
    const home = await homePage(ctx(), staff);
    const refused = await send('DELETE', `/api/admin/decoration/pages/${home.id}`, staff);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('DECORATION_HOME_UNDELETABLE');
  });

  it('refuses bad blocks with 4xx and field paths', async () => {
    const home = await homePage(ctx(), staff);
    const badColumns = await saveDraft(ctx(), staff, home.id, home.revision, {
      title: '首页',
      blocks: [{ type: 'imageGroup', key: 'g', columns: 5, images: [{ url: 'javascript:alert(1)', link: { type: 'product', id: 1 } }] }],
    });
    expect(badColumns.statusCode).toBe(400);
    const paths = badColumns.json().errors.map((e: { path: string }) => e.path).join(' ');
    expect(paths).toMatch(/blocks.*0.*columns/);
    expect(paths).toMatch(/images.*0.*url/);
    const unknownType = await saveDraft(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'video', key: 'v' }] });
    expect(unknownType.statusCode).toBe(400);
    const tooMany = await saveDraft(ctx(), staff, home.id, home.revision, { title: '首页', blocks: Array.from({ length: 51 }, (_, i) => ({ type: 'notice', key: `n${i}`, text: 'x' })) });
    expect(tooMany.statusCode).toBe(400);
    const repeated = await saveDraft(ctx(), staff, home.id, home.revision, {
      title: '首页',
      blocks: [{ type: 'notice', key: 'a', text: 'x' }, { type: 'notice', key: 'a', text: 'y' }],
    });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json()).toMatchObject({ code: 'DECORATION_BLOCKS_INVALID', errors: [{ path: 'body.blocks.1.key' }] });
    expect((await homePage(ctx(), staff)).revision).toBe(home.revision);
  });

  it('saves drafts with a revision: a stale save gets 409 and changes nothing; saves are audited', async () => {
    const home = await homePage(ctx(), staff);
    const first = await saveDraft(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'notice', key: 'n', text: '第一版' }] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().page.revision).toBe(home.revision + 1);
    const stale = await saveDraft(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'notice', key: 'n', text: '旧的' }] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DECORATION_DRAFT_STALE');
    const view = await send('GET', `/api/admin/decoration/pages/${home.id}`, staff);
    expect(view.json().body.blocks[0].text).toBe('第一版');
    expect((await auditRows(ctx(), 'decoration.draft.save', home.id)).length).toBeGreaterThan(0);
    // Two saves racing from the same revision: exactly one wins.
    const rev = view.json().page.revision;
    const raced = await Promise.all(['甲', '乙'].map((text) => saveDraft(ctx(), staff, home.id, rev, { title: '首页', blocks: [{ type: 'notice', key: 'n', text }] })));
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('sanitises rich text on the server', async () => {
    const home = await homePage(ctx(), staff);
    const saved = await saveDraft(ctx(), staff, home.id, home.revision, {
      title: '首页',
      blocks: [{ type: 'richText', key: 'r', html: '<p onclick="steal()">你好<script>alert(1)</script><img src="x" onerror="boom()"></p>' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const html = saved.json().body.blocks[0].html as string;
    expect(html).toContain('你好');
    expect(html).not.toMatch(/script|onclick|onerror/);
  });

  it('shows shoppers only the published version', async () => {
    const home = await homePage(ctx(), staff);
    const revision = await saveAndPublish(ctx(), staff, home.id, home.revision, { title: '首页', blocks: [{ type: 'notice', key: 'n', text: '已发布' }] });
    await saveDraft(ctx(), staff, home.id, revision, { title: '首页', blocks: [{ type: 'notice', key: 'n', text: '草稿' }] });
    const shop = await send('GET', '/api/pages/home', null);
    expect(shop.statusCode).toBe(200);
    expect(shop.json().blocks).toEqual([{ type: 'notice', key: 'n', text: '已发布', link: null }]);
    const preview = await send('GET', `/api/admin/decoration/pages/${home.id}/preview`, staff);
    expect(preview.json().blocks[0].text).toBe('草稿');
    const list = await send('GET', '/api/admin/decoration/pages', staff);
    expect(list.json().items[0]).toMatchObject({ kind: 'home', unpublishedChanges: true });
    expect((await auditRows(ctx(), 'decoration.page.publish', home.id)).length).toBeGreaterThan(0);
  });

  it('creates, duplicates and deletes custom pages; unpublished ones are 404 in the shop', async () => {
    const created = await send('POST', '/api/admin/decoration/pages', staff, { slug: 'Spring-Sale', title: '春季上新' });
    expect(created.statusCode, created.body).toBe(201);
    const page = created.json().page;
    expect(page).toMatchObject({ kind: 'custom', slug: 'spring-sale', publishedAt: null });
    expect((await send('GET', '/api/pages/spring-sale', null)).statusCode).toBe(404);
    const taken = await send('POST', '/api/admin/decoration/pages', staff, { slug: 'spring-sale', title: 'x' });
    expect(taken.json().code).toBe('DECORATION_SLUG_TAKEN');
    expect((await send('POST', '/api/admin/decoration/pages', staff, { slug: 'home', title: 'x' })).statusCode).toBe(400);
    const product = await createProduct(ctx(), staff, { title: '春季新品' });
    await saveAndPublish(ctx(), staff, page.id, page.revision, { title: '春季上新', blocks: [{ type: 'productGrid', key: 'g', source: { kind: 'products', productIds: [product.id] } }] });
    const shop = await send('GET', '/api/pages/spring-sale', null);
    expect(shop.json().blocks[0].products[0]).toMatchObject({ id: product.id, title: '春季新品', minPrice: 10_000 });
    const copy = await send('POST', `/api/admin/decoration/pages/${page.id}/duplicate`, staff, { slug: 'spring-copy', title: '副本' });
    expect(copy.statusCode).toBe(201);
    expect(copy.json().body.blocks).toHaveLength(1);
    expect((await send('DELETE', `/api/admin/decoration/pages/${page.id}`, staff)).statusCode).toBe(200);
    expect((await send('GET', '/api/pages/spring-sale', null)).statusCode).toBe(404);
  });

  it('uploads decoration images checked by their bytes', async () => {
    const ok = multipart('file', 'banner.png', 'image/png', PNG_1x1);
    const uploaded = await ctx().app.inject({ method: 'POST', url: '/api/admin/decoration/images', headers: { ...staff, ...ok.headers }, payload: ok.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().url).toMatch(/^\/uploads\/decoration\/[0-9a-f]+\.png$/);
    const fake = multipart('file', 'evil.png', 'image/png', Buffer.from('<svg onload="x()"></svg>'));
    const refused = await ctx().app.inject({ method: 'POST', url: '/api/admin/decoration/images', headers: { ...staff, ...fake.headers }, payload: fake.payload });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().code).toBe('IMAGE_TYPE_UNSUPPORTED');
  });
});
