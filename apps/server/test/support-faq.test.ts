import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows } from './catalog-fixtures.ts';

type Headers = { authorization: string };

describeEachDatabase('support: FAQ', (ctx) => {
  let staff: Headers;
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Headers | null = staff) =>
    ctx().app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });

  async function category(name: string, visible = true) {
    const res = await send('POST', '/api/admin/support/faq/categories', { name, visible });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number };
  }
  async function article(categoryId: number, title: string, body: string, extra: Record<string, unknown> = {}) {
    const res = await send('POST', '/api/admin/support/faq/articles', { categoryId, title, body, published: true, ...extra });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: number; body: string };
  }

  it('lets owner, operator and customer service manage; warehouse gets 403, anonymous 401', async () => {
    staff = (await ctx().staffSession('customer_service')).headers;
    for (const role of ['owner', 'operator'] as const) {
      const headers = (await ctx().staffSession(role)).headers;
      expect((await send('GET', '/api/admin/support/faq/categories', undefined, headers)).statusCode).toBe(200);
    }
    const warehouse = (await ctx().staffSession('warehouse')).headers;
    const denied = await send('POST', '/api/admin/support/faq/categories', { name: '售后' }, warehouse);
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect((await send('GET', '/api/admin/support/faq/categories', undefined, null)).statusCode).toBe(401);
    const shopper = (await ctx().shopperSession()).headers;
    expect((await send('GET', '/api/admin/support/service-points', undefined, shopper)).statusCode).toBe(403);
  });

  it('creates, edits and deletes categories and articles with audit rows; a category with articles stays', async () => {
    const cat = await category('配送问题');
    const audit = await auditRows(ctx(), 'faq_category.create', cat.id);
    expect(audit).toHaveLength(1);
    const a = await article(cat.id, '多久能送到', '<p>一般 3 天</p>');
    const renamed = await send('PATCH', `/api/admin/support/faq/categories/${cat.id}`, { name: '配送与签收', sort: 5 });
    expect(renamed.json()).toMatchObject({ name: '配送与签收', sort: 5, articleCount: 1 });
    const blocked = await send('DELETE', `/api/admin/support/faq/categories/${cat.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('FAQ_CATEGORY_NOT_EMPTY');
    const edited = await send('PATCH', `/api/admin/support/faq/articles/${a.id}`, { title: '多久能送到？', published: false });
    expect(edited.json()).toMatchObject({ title: '多久能送到？', published: false, body: '<p>一般 3 天</p>' });
    expect((await auditRows(ctx(), 'faq_article.update', a.id))[0]?.changes).toMatchObject({ published: [true, false] });
    expect((await send('DELETE', `/api/admin/support/faq/articles/${a.id}`)).statusCode).toBe(200);
    expect((await send('DELETE', `/api/admin/support/faq/categories/${cat.id}`)).statusCode).toBe(200);
    expect((await send('GET', `/api/admin/support/faq/articles/${a.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input with clear 4xx problems', async () => {
    const noName = await send('POST', '/api/admin/support/faq/categories', { name: '   ' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors[0].path).toContain('name');
    const noCategory = await send('POST', '/api/admin/support/faq/articles', { categoryId: 999999, title: 'x', body: '' });
    expect(noCategory.statusCode).toBe(400);
    expect(noCategory.json()).toMatchObject({ code: 'FAQ_CATEGORY_UNKNOWN', title: '帮助分类 999999 不存在', errors: [expect.objectContaining({ path: 'categoryId' })] });
    const nothing = await send('PATCH', '/api/admin/support/faq/categories/1', {});
    expect(nothing.statusCode).toBe(400);
    expect((await send('GET', '/api/admin/support/faq/articles/abc')).statusCode).toBe(400);
  });

  it('sanitises rich text on save: scripts and event handlers go, formatting stays', async () => {
    const cat = await category('安全');
    const saved = await article(cat.id, '富文本', '<p onclick="x()">你好<script>alert(1)</script><img src="https://x.example/a.png" onerror="steal()"><strong>加粗</strong><a href="javascript:evil()">链接</a></p>');
    expect(saved.body).not.toMatch(/script|onerror|onclick|javascript/i);
    expect(saved.body).toContain('<strong>加粗</strong>');
    expect(saved.body).toContain('<img src="https://x.example/a.png" />');
    const patched = await send('PATCH', `/api/admin/support/faq/articles/${saved.id}`, { body: '<div><iframe src="https://evil.example"></iframe>ok</div>' });
    expect(patched.json().body).toBe('<div>ok</div>');
  });

  it('searches Chinese text: every term must match, title hits first, wildcards literal, empty refused', async () => {
    const cat = await category('退款售后');
    const inBody = await article(cat.id, '售后服务说明', '<p>如需<b>退款</b>，请在订单页怎么操作都可以：点击申请</p>', { sort: 100 });
    const inTitle = await article(cat.id, '退款怎么申请', '<p>在订单详情页申请即可</p>');
    await article(cat.id, '退款多久到账', '<p>原路退回，1-3 个工作日</p>');
    await article(cat.id, '隐藏的退款申请怎么办', '<p>草稿</p>', { published: false });
    const percent = await article(cat.id, '满100减20%的活动', '<p>优惠说明</p>');
    await article(cat.id, '满100减200的活动', '<p>另一个</p>');

    const res = await send('GET', `/api/support/faq/search?q=${encodeURIComponent('退款 怎么 申请')}`, undefined, null);
    expect(res.statusCode).toBe(200);
    expect(res.json().terms).toEqual(['退款', '怎么', '申请']);
    expect(res.json().items.map((i: { id: number }) => i.id)).toEqual([inTitle.id, inBody.id]);
    expect(res.json().items[0]).toMatchObject({ titleHits: 3, categoryName: '退款售后' });

    const tagText = await send('GET', `/api/support/faq/search?q=${encodeURIComponent('b')}`, undefined, null);
    expect(tagText.json().items.map((i: { id: number }) => i.id)).not.toContain(inBody.id);

    const wildcard = await send('GET', `/api/support/faq/search?q=${encodeURIComponent('20%')}`, undefined, null);
    expect(wildcard.json().items.map((i: { id: number }) => i.id)).toEqual([percent.id]);
    const underscore = await send('GET', `/api/support/faq/search?q=${encodeURIComponent('退_')}`, undefined, null);
    expect(underscore.json().items).toEqual([]);

    for (const q of ['', '%20%20', '%E3%80%80']) {
      const empty = await send('GET', `/api/support/faq/search?q=${q}`, undefined, null);
      expect(empty.statusCode).toBe(400);
      expect(empty.json().code).toBe('FAQ_SEARCH_EMPTY');
    }
  });

  it('lists the shop by category, hiding unpublished articles and hidden categories', async () => {
    const shown = await category('会员');
    const hidden = await category('内部', false);
    const visible = await article(shown.id, '如何成为会员', '<p>注册即可</p>');
    await article(shown.id, '草稿', '<p>x</p>', { published: false });
    const secret = await article(hidden.id, '会员内部规则', '<p>x</p>');
    const cats = (await send('GET', '/api/support/faq/categories', undefined, null)).json().items;
    expect(cats.find((c: { id: number }) => c.id === shown.id)).toMatchObject({ name: '会员', articleCount: 1 });
    expect(cats.find((c: { id: number }) => c.id === hidden.id)).toBeUndefined();
    const list = (await send('GET', `/api/support/faq/articles?categoryId=${shown.id}`, undefined, null)).json().items;
    expect(list.map((a: { id: number }) => a.id)).toEqual([visible.id]);
    expect((await send('GET', `/api/support/faq/articles/${secret.id}`, undefined, null)).statusCode).toBe(404);
    const search = await send('GET', `/api/support/faq/search?q=${encodeURIComponent('会员')}`, undefined, null);
    expect(search.json().items.map((a: { id: number }) => a.id)).toEqual([visible.id]);
  });

  it('counts "was this helpful" once per shopper, lets them change their mind, refuses anonymous votes', async () => {
    const cat = await category('投票');
    const a = await article(cat.id, '能开发票吗', '<p>可以</p>');
    const url = `/api/support/faq/articles/${a.id}/vote`;
    const anonymous = await send('PUT', url, { vote: 'yes' }, null);
    expect(anonymous.statusCode).toBe(401);
    const alice = (await ctx().shopperSession()).headers;
    const bob = (await ctx().shopperSession()).headers;
    expect((await send('PUT', url, { vote: 'yes' }, alice)).json()).toMatchObject({ helpfulYes: 1, helpfulNo: 0, myVote: 'yes' });
    expect((await send('PUT', url, { vote: 'yes' }, alice)).json()).toMatchObject({ helpfulYes: 1, helpfulNo: 0 });
    expect((await send('PUT', url, { vote: 'no' }, bob)).json()).toMatchObject({ helpfulYes: 1, helpfulNo: 1, myVote: 'no' });
    expect((await send('PUT', url, { vote: 'no' }, alice)).json()).toMatchObject({ helpfulYes: 0, helpfulNo: 2, myVote: 'no' });
    expect((await send('GET', `/api/support/faq/articles/${a.id}`, undefined, bob)).json().myVote).toBe('no');
    expect((await send('GET', `/api/support/faq/articles/${a.id}`, undefined, null)).json()).toMatchObject({ myVote: null, helpfulNo: 2 });
    expect((await send('PUT', url, { vote: 'maybe' }, alice)).statusCode).toBe(400);
    expect((await send('PUT', '/api/support/faq/articles/999999/vote', { vote: 'yes' }, alice)).statusCode).toBe(404);
    const admin = (await send('GET', `/api/admin/support/faq/articles/${a.id}`)).json();
    expect(admin).toMatchObject({ helpfulYes: 0, helpfulNo: 2 });
  });
});
