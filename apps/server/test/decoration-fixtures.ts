import { expect } from 'vitest';
import type { TestContext } from './harness.ts';
import { createCampaign, fullBody, presaleProduct } from './presale-fixtures.ts';

export type Headers = { authorization: string };
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function sender(ctx: () => TestContext) {
  return (method: Method, url: string, headers: Headers | null, payload?: unknown) =>
    ctx().app.inject({ method, url, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** The home page's id and current revision (the list creates it when missing). */
export async function homePage(ctx: TestContext, headers: Headers) {
  const res = await ctx.app.inject({ method: 'GET', url: '/api/admin/decoration/pages', headers });
  expect(res.statusCode, res.body).toBe(200);
  const home = res.json().items.find((p: { kind: string }) => p.kind === 'home');
  return home as { id: number; revision: number };
}

export async function saveDraft(ctx: TestContext, headers: Headers, id: number, revision: number, body: unknown) {
  return ctx.app.inject({ method: 'PUT', url: `/api/admin/decoration/pages/${id}/draft`, headers, payload: { revision, body } as object });
}

export async function saveAndPublish(ctx: TestContext, headers: Headers, id: number, revision: number, body: unknown) {
  const saved = await saveDraft(ctx, headers, id, revision, body);
  expect(saved.statusCode, saved.body).toBe(200);
  const next = saved.json().page.revision as number;
  const published = await ctx.app.inject({ method: 'POST', url: `/api/admin/decoration/pages/${id}/publish`, headers, payload: { revision: next } });
  expect(published.statusCode, published.body).toBe(200);
  return next;
}

/** An on-shelf product and an upcoming full-payment campaign selling it. */
export async function campaignWithProduct(ctx: TestContext, headers: Headers) {
  const { productId, skuId } = await presaleProduct(ctx, headers);
  const campaign = await createCampaign(ctx, headers, fullBody(ctx, skuId));
  return { productId, campaignId: campaign.id as number };
}
