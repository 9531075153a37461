import { describe, expect, it } from 'vitest';
import { CHINESE, DAY, HOUR, useScenario } from '../support/scenario.ts';

/** The built apps load in a real browser against the real server, and the test controls work. */
const scenario = useScenario('smoke');

describe('smoke', () => {
  it('the shop home loads at phone and desktop size and shows Chinese text', async () => {
    const s = scenario();
    for (const open of [s.phone, s.desktop]) {
      const { page, errors } = await open();
      const response = await page.goto('/');
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(CHINESE);
      const size = page.viewportSize()!.width < 500 ? 'phone' : 'desktop';
      await s.shot(page, `shop-home-${size}`);
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    }
  });

  it('a page path of the shop is answered by the app (client-side routing), not a 404', async () => {
    const { page } = await scenario().phone();
    const response = await page.goto('/presale');
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toMatch(CHINESE);
  });

  it('the back office sign-in page loads', async () => {
    const s = scenario();
    const { page, errors } = await s.desktop();
    const response = await page.goto('/admin/');
    expect(response?.status()).toBe(200);
    await expect(page.locator('input[type="password"]').first().waitFor({ state: 'visible' })).resolves.toBeUndefined();
    await expect.poll(() => page.locator('body').innerText()).toMatch(CHINESE);
    await s.shot(page, 'admin-sign-in-desktop');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('hands a shopper session and the owner session to the browser', async () => {
    const s = scenario();
    const opened = await s.phone();
    await opened.page.goto('/');
    const shopper = await s.shopper(opened);
    const me = await opened.page.evaluate(async () => {
      const res = await fetch('/api/me');
      return { status: res.status, body: (await res.json()) as { email?: string; shopper?: { email?: string } } };
    });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).toContain(shopper.email);

    const admin = await s.desktop();
    await admin.page.goto('/admin/');
    await s.owner(admin);
    const staffMe = await admin.page.evaluate(async () => (await fetch('/api/admin/me')).status);
    expect(staffMe).toBe(200);
  });

  it('moves the server clock and runs the jobs on demand', async () => {
    const { api } = scenario();
    const before = await api.clock.now();
    expect(Math.abs(before.getTime() - Date.now())).toBeLessThan(5 * 60_000);
    const after = await api.clock.advance(2 * DAY);
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(2 * DAY);
    expect(after.getTime() - before.getTime()).toBeLessThan(2 * DAY + HOUR);
    const health = await api.get<{ time: string }>('/api/health');
    expect(new Date(health.time).getTime()).toBeGreaterThanOrEqual(after.getTime());
    const run = await api.runJobs();
    expect(run.swept).toBeGreaterThanOrEqual(0);
    expect(run.delivered).toBeGreaterThanOrEqual(0);
    expect(new Date(run.now).getTime()).toBeGreaterThanOrEqual(after.getTime());
  });
});
