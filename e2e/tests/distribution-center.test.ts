import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';

/** 推广中心: a distributor finds products to promote with what one sale earns, shares one, sees their team and the invite poster. */
const scenario = useScenario('distribution-center');

interface PromoProduct {
  productId: number;
  title: string;
  priceAmount: number;
  estimatedCommission: number;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe('distribution centre: 推广商品, 我的团队, 邀请好友', () => {
  it('an approved distributor sees a product’s estimated commission and shares it, sees a bound friend masked, and opens the invite poster', async () => {
    const s = scenario();
    const owner = await s.owner();
    const phone = await s.phone();
    const me = await s.shopper(phone);
    await s.api.post('/api/distribution/apply', { realName: '李推广', phone: '13800000011' }, { token: me.token });
    await s.api.post(`/api/admin/distribution/distributors/${me.id}/approve`, {}, { token: owner.token });
    const friend = await s.api.signUpShopper({ nickname: '王小明' });
    await s.api.post('/api/admin/distribution/referrals', { shopperId: friend.id, referrerId: me.id }, { token: owner.token });
    const { code } = await s.api.get<{ code: string }>('/api/me/referral', me.token);
    const top = (await s.api.get<{ items: PromoProduct[] }>('/api/distribution/center/products?pageSize=1&sort=commission', me.token)).items[0]!;
    expect(top.estimatedCommission).toBeGreaterThan(0);

    const { page } = phone;
    await phone.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/distribution');
    await page.getByTestId('invite-code').waitFor();
    await expect(page.getByTestId('invite-code').textContent()).resolves.toBe(code);
    await s.shot(page, 'center-phone');

    // 推广商品: the top row is the highest commission, "分享赚 ¥X.XX" for one unit at its price.
    await page.getByTestId('distribution-products-link').click();
    await page.waitForURL(/\/distribution\/products$/);
    const row = page.getByTestId('promo-product').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(top.title);
    await expect(row.getByTestId('promo-commission').textContent()).resolves.toBe(`分享赚 ${yuan(top.estimatedCommission)}`);
    await expect(row.textContent()).resolves.toContain(yuan(top.priceAmount));
    await s.shot(page, 'products-phone');

    // Share it: 复制链接 carries my code to the product page.
    await row.getByTestId('share-button').click();
    const copyLink = page.getByText('复制链接');
    await copyLink.waitFor();
    await page.waitForTimeout(400);
    await copyLink.click();
    await page.getByText('链接已复制，快去分享吧').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shared = new URL(copied.match(/https?:\/\/\S+/)![0]);
    expect(shared.pathname).toBe(`/product/${top.productId}`);
    expect(shared.searchParams.get('ref')).toBe(code);
    expect(page.url()).toMatch(/\/distribution\/products$/);

    // 我的团队: the bound friend, masked.
    await page.goto('/distribution');
    await page.getByTestId('distribution-team-link').click();
    await page.waitForURL(/\/distribution\/team$/);
    const member = page.getByTestId('team-member').first();
    await member.waitFor();
    await expect(member.getByTestId('team-member-name').textContent()).resolves.toBe('王**');
    await expect(member.getByTestId('team-member-earned').textContent()).resolves.toBe('¥0.00');
    await expect(page.getByText('王小明').count()).resolves.toBe(0);
    await s.shot(page, 'team-phone');
    await page.getByRole('tab', { name: '间接成员' }).click();
    await page.getByText('还没有成员，快去邀请好友吧').waitFor();

    // 邀请好友: copy the invite link, and the invite poster drawn by the server.
    await page.goto('/distribution');
    await page.getByTestId('invite-copy').click();
    await page.getByText('邀请链接已复制，快去分享吧').waitFor();
    const invite = new URL(await page.evaluate(() => navigator.clipboard.readText()));
    expect(invite.pathname).toBe('/');
    expect(invite.searchParams.get('ref')).toBe(code);
    await page.getByTestId('invite-poster-button').click();
    const poster = page.getByTestId('invite-poster');
    await poster.waitFor();
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : null)), { timeout: 30_000 }).toEqual([750, 1200]);
    await s.shot(page, 'invite-poster-phone');

    // Then the row opens the product page.
    await page.goto('/distribution/products');
    await page.getByTestId('promo-product').first().click();
    await page.waitForURL(new RegExp(`/product/${top.productId}$`));

    // A shopper who is not a distributor is told so, not shown a blank list.
    const other = await s.phone();
    await s.shopper(other);
    await other.page.goto('/distribution/products');
    await expect(other.page.getByTestId('center-error').textContent()).resolves.toContain('仅已审核的分销员可以使用推广中心');
    await s.shot(other.page, 'not-distributor-phone');
  });
});
