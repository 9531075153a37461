import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';

/** 会员中心: the demo's three levels; staff raise a shopper's growth, the shopper sees the new level and what the next one needs. */
const scenario = useScenario('members');

describe('member levels', () => {
  it('staff see the levels; a shopper at ¥2,500 growth sees 黄金会员 in 会员中心 and how far 钻石会员 is', async () => {
    const s = scenario();
    const admin = await s.desktop();
    const owner = await s.owner(admin);
    await admin.page.goto('/admin/members/levels');
    const table = admin.page.getByTestId('member-levels');
    await expect.poll(() => table.innerText()).toMatch(/普通会员[\s\S]*黄金会员[\s\S]*钻石会员/);
    await s.shot(admin.page, 'levels-desktop');

    const phone = await s.phone();
    const shopper = await s.shopper(phone);
    await s.api.post(`/api/admin/members/${shopper.id}/growth-adjust`, { delta: 250_000, note: 'e2e 老客补录' }, { token: owner.token });
    await phone.page.goto('/mine');
    await phone.page.getByTestId('mine-membership').click();
    await phone.page.waitForURL(/\/membership$/);
    await expect.poll(() => phone.page.getByTestId('member-level').innerText()).toBe('黄金会员');
    await expect.poll(() => phone.page.getByTestId('member-next').innerText()).toContain('再消费 7,500 元升级为 钻石会员');
    await phone.page.getByText('会员价 9.8 折').waitFor();
    await s.shot(phone.page, 'membership-phone', { fullPage: true });
    expect(phone.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
