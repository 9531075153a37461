import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useScenario } from '../support/scenario.ts';

/** A shopper looks up a service point (服务网点) by region on a phone; the demo data has points in three cities. */
const scenario = useScenario('service-point');

/** Picks province, city and district in the Vant Area picker (a tap on an option selects it) and confirms. */
async function pickRegion(page: Page, names: [string, string, string]): Promise<void> {
  await page.getByTestId('region-field').click();
  const picker = page.locator('.van-popup .van-picker');
  await picker.waitFor();
  for (const [column, name] of names.entries()) {
    const option = picker.locator('.van-picker-column').nth(column).locator('.van-picker-column__item', { hasText: name }).first();
    await option.waitFor({ state: 'attached' });
    await option.dispatchEvent('click');
    await expect.poll(() => option.getAttribute('class')).toContain('van-picker-column__item--selected');
  }
  await picker.locator('.van-picker__confirm').click();
  await picker.waitFor({ state: 'hidden' });
}

describe('service point lookup', () => {
  it('from 我的 → 服务网点: finds the point in the district, then the province’s points when the city has none', async () => {
    const s = scenario();
    const { page, errors } = await s.phone();
    await page.goto('/mine');
    await page.getByTestId('mine-service-points').click();
    await page.waitForURL(/\/service-points$/);

    await pickRegion(page, ['广东省', '深圳市', '南山区']);
    const points = page.getByTestId('service-point');
    await expect.poll(() => points.allInnerTexts()).toEqual([expect.stringContaining('深圳南山授权服务中心')]);
    await page.getByText('0755-86001234').waitFor();
    await expect(page.getByTestId('fell-back').count()).resolves.toBe(0);
    await s.shot(page, 'district-phone', { fullPage: true });

    await pickRegion(page, ['广东省', '珠海市', '香洲区']);
    await page.getByTestId('fell-back').getByText('所选区县暂无服务网点，以下为全省的网点').waitFor();
    await expect.poll(async () => (await points.allInnerTexts()).join('|')).toMatch(/深圳南山授权服务中心.*\|.*广州天河家电服务站|广州天河家电服务站.*\|.*深圳南山授权服务中心/s);
    await s.shot(page, 'fallback-phone', { fullPage: true });

    await page.getByTestId('keyword-field').locator('input').fill('洗衣机');
    await page.getByTestId('find-points').click();
    await expect.poll(() => points.allInnerTexts()).toEqual([expect.stringContaining('广州天河家电服务站')]);
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
