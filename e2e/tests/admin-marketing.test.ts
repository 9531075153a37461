import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DAY, useScenario } from '../support/scenario.ts';

/** A merchant sets up marketing (a coupon template, a full-reduction promotion) and a staff member in the back office. */
const scenario = useScenario('admin-marketing');

function tableRow(page: Page, text: string): Locator {
  return page.locator('.el-table__body tr').filter({ hasText: text }).first();
}

function successMessage(page: Page, text: string): Locator {
  return page.locator('.el-message--success').filter({ hasText: text }).first();
}

/** A time as the back office's pickers take it, in the shop's time zone. */
function pickerText(at: Date): string {
  return at.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 19);
}

/** Types both ends of an Element Plus datetimerange picker. */
async function typeRange(scope: Locator, from: Date, until: Date): Promise<void> {
  const inputs = scope.locator('.el-range-input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(pickerText(from));
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(pickerText(until));
  await inputs.nth(1).press('Enter');
}

async function login(baseUrl: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/admin/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return res.status;
}

describe('marketing', () => {
  it('creates a coupon template: 满 200 减 30, valid 15 days after claiming', async () => {
    const s = scenario();
    const owner = await s.owner();
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/coupons');
    await page.getByRole('button', { name: '新建优惠券' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '新建优惠券' });
    await dialog.getByLabel('名称').fill('E2E 满200减30');
    await dialog.getByLabel('减（元）').fill('30');
    await dialog.getByLabel('门槛（元）').fill('200');
    await dialog.locator('.el-form-item').filter({ hasText: '有效期' }).locator('input[role=spinbutton], .el-input-number input').first().fill('15');
    await dialog.locator('.el-form-item').filter({ hasText: '发行量' }).locator('input').fill('500');
    await dialog.locator('.el-form-item').filter({ hasText: '每人限领' }).locator('input').fill('2');
    await s.shot(page, 'coupon-form-desktop');
    await dialog.getByRole('button', { name: '保存' }).click();
    await successMessage(page, '已保存').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await tableRow(page, 'E2E 满200减30').waitFor();
    await expect.poll(() => tableRow(page, 'E2E 满200减30').textContent()).toContain('0 / 500');
    await s.shot(page, 'coupons-desktop');

    const list = await s.api.get<{ items: { name: string; kind: string; amount: number | null; threshold: number; validity: unknown; totalQuantity: number; perShopperLimit: number; claimable: boolean }[] }>(
      '/api/admin/coupon-templates?q=E2E',
      owner.token,
    );
    const coupon = list.items.find((c) => c.name === 'E2E 满200减30');
    expect(coupon).toMatchObject({ kind: 'fixed', amount: 3_000, threshold: 20_000, validity: { kind: 'days', days: 15 }, totalQuantity: 500, perShopperLimit: 2, claimable: true });
  });

  it('creates a full-reduction promotion running for a week', async () => {
    const s = scenario();
    const owner = await s.owner();
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    const now = await s.api.clock.now();
    const from = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
    const until = new Date(from.getTime() + 7 * DAY);
    await page.goto('/admin/promotions');
    await page.getByRole('button', { name: '新建促销' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '新建促销' });
    await dialog.getByLabel('名称').fill('E2E 满300减40');
    const tier = dialog.locator('.el-form-item').filter({ hasText: '满 X 减 Y' }).locator('input');
    await tier.nth(0).fill('300');
    await tier.nth(1).fill('40');
    await typeRange(dialog, from, until);
    await s.shot(page, 'promotion-form-desktop');
    await dialog.getByRole('button', { name: '保存' }).click();
    await successMessage(page, '已保存').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await tableRow(page, 'E2E 满300减40').waitFor();
    await expect.poll(() => tableRow(page, 'E2E 满300减40').textContent()).toContain('进行中');
    await s.shot(page, 'promotions-desktop');

    const list = await s.api.get<{ items: { name: string; kind: string; tiers: { threshold: number; amount: number }[] | null; startsAt: string; endsAt: string; state: string }[] }>(
      '/api/admin/promotions?q=E2E',
      owner.token,
    );
    const promotion = list.items.find((p) => p.name === 'E2E 满300减40');
    expect(promotion).toMatchObject({ kind: 'full_reduction', tiers: [{ threshold: 30_000, amount: 4_000 }] });
    expect(new Date(promotion!.startsAt).getTime()).toBe(from.getTime());
    expect(new Date(promotion!.endsAt).getTime()).toBe(until.getTime());
  });
});

describe('staff', () => {
  it('adds a staff member who can sign in, then resets their password', async () => {
    const s = scenario();
    const owner = await s.owner();
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/staff');
    await page.getByRole('button', { name: '新增员工' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '新增员工' });
    await dialog.getByLabel('用户名').fill('e2e_clerk');
    await dialog.getByLabel('姓名').fill('E2E 小王');
    await dialog.locator('.el-form-item').filter({ hasText: '角色' }).locator('.el-select').click();
    await page.getByRole('option', { name: '客服' }).click();
    await dialog.getByLabel('密码').fill('short');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('.el-form-item').filter({ hasText: '密码' }).locator('.el-form-item__error').waitFor();
    await dialog.getByLabel('密码').fill('first-pass-2026');
    await dialog.getByRole('button', { name: '保存' }).click();
    await successMessage(page, '已保存').waitFor();
    await tableRow(page, 'e2e_clerk').waitFor();
    await expect.poll(() => tableRow(page, 'e2e_clerk').textContent()).toContain('客服');

    const staff = await s.api.get<{ items: { id: number; username: string; displayName: string; role: string; active: boolean }[] }>('/api/admin/staff?pageSize=100', owner.token);
    expect(staff.items.find((m) => m.username === 'e2e_clerk')).toMatchObject({ displayName: 'E2E 小王', role: 'customer_service', active: true });
    expect(await login(s.baseUrl, 'e2e_clerk', 'first-pass-2026')).toBe(200);

    // Reset the password.
    await tableRow(page, 'e2e_clerk').getByRole('button', { name: '重置密码' }).click();
    const box = page.locator('.el-message-box');
    await box.locator('input').fill('second-pass-2026');
    await s.shot(page, 'staff-reset-password-desktop');
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await successMessage(page, '操作成功').waitFor();
    await s.shot(page, 'staff-desktop');
    expect(await login(s.baseUrl, 'e2e_clerk', 'second-pass-2026')).toBe(200);
    expect(await login(s.baseUrl, 'e2e_clerk', 'first-pass-2026')).toBe(401);
  });
});
