import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { AppError } from '../src/platform/errors.ts';

export type Headers = { authorization: string };

export function couponBody(overrides: Record<string, unknown> = {}) {
  return {
    name: '满100减10',
    kind: 'fixed',
    amount: 1000,
    threshold: 10_000,
    validity: { kind: 'days', days: 7 },
    totalQuantity: 100,
    perShopperLimit: 1,
    ...overrides,
  };
}

export async function createTemplate(ctx: TestContext, headers: Headers, overrides: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/admin/coupon-templates', headers, payload: couponBody(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string; claimedCount: number; remaining: number; label: string };
}

export async function claim(ctx: TestContext, headers: Headers, templateId: number) {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/coupons/${templateId}/claim`, headers });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; validFrom: string; validUntil: string };
}

export const inHours = (ctx: TestContext, hours: number) => new Date(ctx.clock.now().getTime() + hours * 3_600_000).toISOString();

export async function createPromotion(ctx: TestContext, headers: Headers, overrides: Record<string, unknown> = {}) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/admin/promotions',
    headers,
    payload: {
      name: '满减',
      kind: 'full_reduction',
      tiers: [
        { threshold: 30_000, amount: 4000 },
        { threshold: 50_000, amount: 8000 },
      ],
      startsAt: inHours(ctx, -1),
      endsAt: inHours(ctx, 24),
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; state: string; label: string };
}

/** null on success, the AppError code otherwise; anything else (a deadlock, a 500) is rethrown. */
export async function outcome(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** The error an async call throws (fails the test if it does not throw an AppError). */
export async function appError(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
