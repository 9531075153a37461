import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { payOnSandboxPage, skuByCode } from '../support/shop-data.ts';

/** Issue 8: a distributor shares a product, a friend signs up through the link and buys, the distributor sees the commission. */
const scenario = useScenario('distribution');

interface Commission {
  orderNo: string;
  amount: number;
  status: string;
  kind: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe('distribution: share, sign up through the link, buy, see the commission', () => {
  it('shopper A shares a product; shopper B signs up through the link, buys and pays; A sees the pending commission in 推广中心', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');

    // A is an approved distributor (set up through the API).
    const sharerPage = await s.phone();
    const sharer = await s.shopper(sharerPage);
    await s.api.post('/api/distribution/apply', { realName: '李分享', phone: '13800000001' }, { token: sharer.token });
    await s.api.post(`/api/admin/distribution/distributors/${sharer.id}/approve`, {}, { token: owner.token });

    // A opens the product, taps share → 复制链接, and gets the link with their referral code.
    const a = sharerPage.page;
    await sharerPage.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await a.goto(`/product/${sku.productId}`);
    await a.getByText(sku.productTitle).first().waitFor();
    await a.getByTestId('share-button').click();
    await a.getByText('分享给好友').waitFor();
    const copyLink = a.getByText('复制链接');
    await copyLink.waitFor();
    await a.waitForTimeout(400); // the sheet slides up; let it settle for the screenshot
    await s.shot(a, 'share-sheet-phone');
    await copyLink.click();
    await a.getByText('链接已复制，快去分享吧').waitFor();
    const copied = await a.evaluate(() => navigator.clipboard.readText());
    const sharedUrl = copied.match(/https?:\/\/\S+/)?.[0];
    expect(copied).toContain(sku.productTitle);
    expect(sharedUrl, copied).toBeTruthy();
    const shared = new URL(sharedUrl!);
    expect(shared.pathname).toBe(`/product/${sku.productId}`);
    const code = shared.searchParams.get('ref');
    expect(code).toBe((await s.api.get<{ code: string }>('/api/me/referral', sharer.token)).code);

    // …and 生成海报 draws a poster server-side (750×1200 PNG) that the phone shows to long-press.
    await a.getByTestId('share-button').click();
    await a.getByText('生成海报').click();
    const poster = a.getByTestId('share-poster');
    await poster.waitFor();
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : null)), { timeout: 30_000 }).toEqual([750, 1200]);
    await a.getByText('长按图片保存到相册').waitFor();
    await s.shot(a, 'share-poster-phone');

    // B follows the link and signs up (e-mail) in the browser.
    const { page } = await s.phone();
    await page.goto(`${shared.pathname}${shared.search}`);
    await page.getByText(sku.productTitle).first().waitFor();
    await page.goto(`/login?redirect=${encodeURIComponent(shared.pathname)}`);
    await page.getByRole('tab', { name: '邮箱密码' }).click();
    await page.getByText('没有账号？去注册').click();
    const email = `e2e-friend-${Date.now().toString(36)}@example.com`;
    await page.getByPlaceholder('请输入邮箱').fill(email);
    await page.getByPlaceholder('至少 8 位').fill('friend-pass-2026');
    await page.getByTestId('email-submit').click();
    await page.waitForURL((url) => url.pathname === shared.pathname, { timeout: 20_000 });
    const team = await s.api.get<{ team: { level1: number } }>('/api/distribution/me', sharer.token);
    expect(team.team.level1).toBe(1);

    // B adds an address (in their own session) and buys on the product page, paying on the sandbox page.
    const added = await page.evaluate(async () => {
      const res = await fetch('/api/me/addresses', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receiver: '王朋友', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道100号', isDefault: true }),
      });
      return res.status;
    });
    expect(added).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: '立即购买' }).click();
    await page.waitForURL(/\/checkout\?/);
    await page.getByText('价格明细').waitFor();
    await page.getByRole('button', { name: '提交订单' }).click();
    await payOnSandboxPage(page);
    await page.getByText('支付成功').first().waitFor({ timeout: 30_000 });
    await s.runJobs();

    const commissions = await s.api.get<{ items: Commission[] }>('/api/distribution/commissions', sharer.token);
    expect(commissions.items).toHaveLength(1);
    const [commission] = commissions.items;
    expect(commission).toMatchObject({ kind: 'level1', status: 'pending' });
    expect(commission!.amount).toBeGreaterThan(0);

    // A opens 推广中心 from 我的 and sees it pending.
    await a.goto('/mine');
    await a.getByTestId('mine-distribution').click();
    await a.waitForURL(/\/distribution$/);
    await expect(a.getByTestId('distribution-pending-amount').textContent()).resolves.toContain(yuan(commission!.amount));
    await s.shot(a, 'center-phone');
    await a.getByTestId('distribution-commissions-link').click();
    await a.waitForURL(/\/distribution\/commissions$/);
    const row = a.getByTestId('commission-row').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(commission!.orderNo);
    await expect(row.textContent()).resolves.toContain('待结算');
    await expect(row.textContent()).resolves.toContain(yuan(commission!.amount));
    await s.shot(a, 'commissions-phone');
  });

  it('back office 分销: staff approve an application on 分销员 and see commissions on 佣金', async () => {
    const s = scenario();
    const applicant = await s.shopper();
    await s.api.post('/api/distribution/apply', { realName: '陈申请', phone: '13800000002' }, { token: applicant.token });

    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/distribution/distributors');
    const row = page.getByTestId('distributor-table').locator('tr', { hasText: '陈申请' });
    await row.waitFor();
    await s.shot(page, 'admin-distributors-desktop');
    await row.getByTestId('distributor-approve').click();
    await row.getByText('已通过').waitFor();
    const me = await s.api.get<{ distributor: { status: string } }>('/api/distribution/me', applicant.token);
    expect(me.distributor.status).toBe('approved');

    await page.getByTestId('side-menu').getByText('佣金').click();
    await page.waitForURL(/\/admin\/distribution\/commissions$/);
    await page.getByTestId('commission-table').getByText('一级佣金').first().waitFor();
    // The sharer of the first test is named, and their pending commission is in the totals.
    await page.getByTestId('commission-table').getByText('李分享').first().waitFor();
    await expect.poll(() => page.getByTestId('commission-total-pending').innerText()).not.toBe('¥0.00');
    await s.shot(page, 'admin-commissions-desktop');
  });
});
