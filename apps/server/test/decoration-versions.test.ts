// 历史版本: a page's published versions, and putting one back into the draft (published separately).
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { saveAndPublish, saveDraft, sender, type Headers } from './decoration-fixtures.ts';

describeEachDatabase('decoration: version history and restore', (ctx) => {
  const send = sender(ctx);
  let staff: Headers;
  beforeAll(async () => {
    staff = (await ctx().staffSession('owner')).headers;
  });
  const notices = (tag: string, n: number) => ({ title: tag, blocks: Array.from({ length: n }, (_, i) => ({ type: 'notice', key: `n${i}`, text: `${tag}-${i}` })) });

  async function newPage(slug: string) {
    const res = await send('POST', '/api/admin/decoration/pages', staff, { slug, title: slug });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().page as { id: number; revision: number };
  }

  it('lists versions newest first with who published them; restoring puts an old body in the draft without touching the storefront', async () => {
    const page = await newPage('versions-a');
    const first = await saveAndPublish(ctx(), staff, page.id, page.revision, notices('一', 1));
    const second = await saveAndPublish(ctx(), staff, page.id, first, notices('二', 2));
    const listed = await send('GET', `/api/admin/decoration/pages/${page.id}/versions`, staff);
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as { id: number; revision: number; blockCount: number; live: boolean; publishedBy: string }[];
    expect(items.map((v) => [v.revision, v.blockCount, v.live])).toEqual([
      [second, 2, true],
      [first, 1, false],
    ]);
    expect(items[0]!.publishedBy).toBeTruthy();

    const restored = await send('POST', `/api/admin/decoration/pages/${page.id}/versions/${items[1]!.id}/restore`, staff, { revision: second });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().body).toMatchObject(notices('一', 1));
    expect(restored.json().page).toMatchObject({ revision: second + 1, unpublishedChanges: true });
    // The shop still shows the live version until the restored draft is published.
    expect((await send('GET', '/api/pages/versions-a', null)).json().title).toBe('二');
    const published = await send('POST', `/api/admin/decoration/pages/${page.id}/publish`, staff, { revision: second + 1 });
    expect(published.statusCode, published.body).toBe(200);
    expect((await send('GET', '/api/pages/versions-a', null)).json().title).toBe('一');
    const after = (await send('GET', `/api/admin/decoration/pages/${page.id}/versions`, staff)).json().items;
    expect(after.map((v: { revision: number; live: boolean }) => [v.revision, v.live])).toEqual([
      [second + 1, true],
      [second, false],
      [first, false],
    ]);
  });

  it('refuses a stale draft revision, a version of another page, unknown pages and staff without decoration.manage', async () => {
    const page = await newPage('versions-b');
    const other = await newPage('versions-c');
    const published = await saveAndPublish(ctx(), staff, page.id, page.revision, notices('甲', 1));
    const otherRevision = await saveAndPublish(ctx(), staff, other.id, other.revision, notices('乙', 1));
    const version = (await send('GET', `/api/admin/decoration/pages/${page.id}/versions`, staff)).json().items[0].id as number;
    // Someone saved the draft meanwhile: restoring over what this merchant has not seen is refused.
    expect((await saveDraft(ctx(), staff, page.id, published, notices('丙', 3))).statusCode).toBe(200);
    const stale = await send('POST', `/api/admin/decoration/pages/${page.id}/versions/${version}/restore`, staff, { revision: published });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'DECORATION_DRAFT_STALE']);
    const foreign = await send('POST', `/api/admin/decoration/pages/${other.id}/versions/${version}/restore`, staff, { revision: otherRevision });
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'DECORATION_VERSION_UNKNOWN']);
    expect((await send('GET', '/api/admin/decoration/pages/999999/versions', staff)).statusCode).toBe(404);
    expect((await send('POST', `/api/admin/decoration/pages/${page.id}/versions/abc/restore`, staff, { revision: 1 })).statusCode).toBe(400);
    const clerk = (await ctx().staffSession('warehouse')).headers;
    expect((await send('GET', `/api/admin/decoration/pages/${page.id}/versions`, clerk)).statusCode).toBe(403);
    expect((await send('POST', `/api/admin/decoration/pages/${page.id}/versions/${version}/restore`, clerk, { revision: published + 1 })).statusCode).toBe(403);
    // Nothing refused changed the draft.
    expect((await send('GET', `/api/admin/decoration/pages/${page.id}`, staff)).json().body).toMatchObject(notices('丙', 3));
  });
});
