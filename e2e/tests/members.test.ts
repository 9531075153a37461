import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { skuByCode } from '../support/shop-data.ts';

/** 会员中心: the demo's three levels; staff find a shopper in 会员列表 and raise their growth, the shopper sees the new level and what the next one needs. */
const scenario = useScenario('members');

describe('member levels', () => {
  it('staff see the levels, find a shopper in 会员列表 and add ¥2,500 growth; the shopper sees 黄金会员 in 会员中心 and how far 钻石会员 is', async () => {
    const s = scenario();
    const admin = await s.desktop();
    const owner = await s.owner(admin);
    await admin.page.goto('/admin/members/levels');
    const table = admin.page.getByTestId('member-levels');
    await expect.poll(() => table.innerText()).toMatch(/普通会员[\s\S]*黄金会员[\s\S]*钻石会员/);
    await s.shot(admin.page, 'levels-desktop');

    const phone = await s.phone();
    const shopper = await s.shopper(phone);
    expect(owner.token).toBeTruthy();

    // 会员列表: search by e-mail, open the member, add growth with a reason; the level follows at once.
    await admin.page.getByTestId('side-menu').getByText('会员列表').click();
    await admin.page.waitForURL(/\/admin\/members$/);
    await admin.page.getByTestId('member-search').fill(shopper.email);
    await admin.page.getByTestId('member-search-button').click();
    const row = admin.page.getByTestId('member-table').locator('tr', { hasText: shopper.email });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('普通会员');
    await s.shot(admin.page, 'member-list-desktop');
    await row.click();
    const drawer = admin.page.getByTestId('member-drawer');
    await drawer.getByTestId('member-adjust-yuan').fill('2500');
    await drawer.getByTestId('member-adjust-note').fill('e2e 老客补录');
    await drawer.getByTestId('member-adjust-submit').click();
    await expect.poll(() => drawer.getByTestId('member-summary').innerText()).toContain('黄金会员');
    await drawer.getByText('e2e 老客补录').waitFor();
    await s.shot(admin.page, 'member-detail-desktop');
    await admin.page.keyboard.press('Escape');
    await expect.poll(() => row.textContent()).toContain('黄金会员');
    await phone.page.goto('/mine');
    await phone.page.getByTestId('mine-membership').click();
    await phone.page.waitForURL(/\/membership$/);
    await expect.poll(() => phone.page.getByTestId('member-level').innerText()).toBe('黄金会员');
    await expect.poll(() => phone.page.getByTestId('member-next').innerText()).toContain('再消费 7,500 元升级为 钻石会员');
    await phone.page.getByText('会员价 9.8 折').waitFor();
    await s.shot(phone.page, 'membership-phone', { fullPage: true });

    // The product page shows the gold member what checkout will charge: 98% of ¥299.00, the discount floored.
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    await phone.page.goto(`/product/${sku.productId}?sku=${sku.skuId}`);
    const expected = sku.price - Math.floor((sku.price * 20) / 1000);
    const memberPrice = phone.page.getByTestId('member-price');
    await expect.poll(() => memberPrice.innerText()).toMatch(/黄金会员\s*会员价/);
    await expect(memberPrice.innerText()).resolves.toContain(`¥${(expected / 100).toFixed(2)}`);
    await s.shot(phone.page, 'member-price-phone');
    // …which is what checkout takes off.
    const preview = await s.api.post<{ breakdown: { lines: { step: string; amount: number }[] } }>('/api/checkout/preview', { items: [{ skuId: sku.skuId, quantity: 1 }] }, { token: shopper.token });
    expect(preview.breakdown.lines.find((l) => l.step === 'member')?.amount).toBe(expected - sku.price);
    expect(phone.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
