import { describe, expect, it } from 'vitest';
import { shopSettingsSchema } from '@mall/contract';
import { describeEachDatabase } from './harness.ts';
import { mergeSettings } from '../src/modules/settings/index.ts';

describe('mergeSettings', () => {
  const defaults = shopSettingsSchema.parse({});
  it('changes only the fields given, nested objects field by field', () => {
    const merged = mergeSettings(defaults, { paymentTimeoutMinutes: 15, shipping: { freeThreshold: 19900 } });
    expect(merged.paymentTimeoutMinutes).toBe(15);
    expect(merged.shipping).toEqual({ flatFee: defaults.shipping.flatFee, freeThreshold: 19900 });
    expect(merged.points).toEqual(defaults.points);
    expect(merged.shopName).toBe(defaults.shopName);
  });
  it('merges the presale settings field by field, with the defaults of spec §1 (20% deposit cap, art. 586)', () => {
    expect(defaults.presale).toEqual({
      depositCapPercent: 20,
      allowBalanceDuringOrderWindow: false,
      cartRule: 'alone',
      earnestDoubleReturn: true,
      shipGraceDays: 7,
      defaultReminders: [{ kind: 'window_open' }, { kind: 'before_close', hours: 24 }, { kind: 'before_close', hours: 1 }],
    });
    const merged = mergeSettings(defaults, { presale: { depositCapPercent: 30, defaultReminders: [{ kind: 'before_close', hours: 2 }] } });
    expect(merged.presale).toEqual({ ...defaults.presale, depositCapPercent: 30, defaultReminders: [{ kind: 'before_close', hours: 2 }] });
    expect(mergeSettings(merged, { presale: { cartRule: 'together' } }).presale).toMatchObject({ depositCapPercent: 30, cartRule: 'together' });
  });
  it('can clear the merchant e-mail with null', () => {
    const withMail = mergeSettings(defaults, { merchantEmail: 'boss@example.com' });
    expect(mergeSettings(withMail, { merchantEmail: null }).merchantEmail).toBeNull();
  });
});

describeEachDatabase('shop settings', (ctx) => {
  it('starts from defaults that the storefront can read without signing in', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/api/settings' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ timeZone: 'Asia/Shanghai', paymentTimeoutMinutes: 30, shipping: { flatFee: 1000, freeThreshold: 9900 } });
  });

  it('lets the owner change settings, audited, and refuses other roles', async () => {
    const owner = await ctx().staffSession('owner');
    const patch = await ctx().app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { paymentTimeoutMinutes: 45, points: { pointsPerYuan: 50 }, timeZone: 'Europe/Paris' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ paymentTimeoutMinutes: 45, timeZone: 'Europe/Paris', points: { pointsPerYuan: 50, maxPercentOfOrder: 50 } });
    expect((await ctx().services.settings.get()).paymentTimeoutMinutes).toBe(45);
    const audit = await ctx().app.inject({ method: 'GET', url: '/api/admin/audit-log?entityType=settings', headers: owner.headers });
    expect(audit.json().items[0]).toMatchObject({ action: 'settings.update', changes: { paymentTimeoutMinutes: [30, 45] } });

    for (const role of ['warehouse', 'customer_service'] as const) {
      const member = await ctx().staffSession(role);
      const res = await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: member.headers, payload: { paymentTimeoutMinutes: 5 } });
      expect(res.statusCode).toBe(403);
    }
    const shopper = await ctx().shopperSession();
    expect((await ctx().app.inject({ method: 'GET', url: '/api/admin/settings', headers: shopper.headers })).statusCode).toBe(403);
    expect((await ctx().services.settings.get()).paymentTimeoutMinutes).toBe(45);
  });

  it('refuses out-of-range values and unknown time zones, changing nothing', async () => {
    const owner = await ctx().staffSession('owner');
    const before = await ctx().services.settings.get();
    for (const payload of [
      { paymentTimeoutMinutes: 1 },
      { paymentTimeoutMinutes: '30' },
      { shipping: { flatFee: -1 } },
      { shipping: { flatFee: 1.5 } },
      { points: { maxPercentOfOrder: 101 } },
      { timeZone: 'Mars/Olympus' },
      { merchantEmail: 'not-an-email' },
      { presale: { depositCapPercent: 0 } },
      { presale: { depositCapPercent: 101 } },
      { presale: { cartRule: 'mixed' } },
      { presale: { shipGraceDays: -1 } },
      { presale: { defaultReminders: [{ kind: 'before_close' }] } },
    ]) {
      const res = await ctx().app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: owner.headers, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await ctx().services.settings.get()).toEqual(before);
  });
});
