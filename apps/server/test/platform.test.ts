import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { describeEachDatabase } from './harness.ts';
import { MIGRATIONS_FOLDER } from '../src/platform/migrate.ts';

describeEachDatabase('platform', (ctx) => {
  it('reports health with database kind and migration version', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.database.kind).toBe(ctx().kind);
    const journal = JSON.parse(fs.readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: { tag: string }[] };
    expect(body.migrations.applied).toBe(journal.entries.length);
    expect(body.migrations.latest).toBe(journal.entries.at(-1)!.tag);
    expect(body.migrations.pending).toBe(0);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const spec = await ctx().app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toMatch(/^3\./);
    expect(Object.keys(spec.json().paths)).toContain('/api/health');
    const docs = await ctx().app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('exposes Prometheus metrics', async () => {
    await ctx().app.inject({ method: 'GET', url: '/api/health' });
    const res = await ctx().app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('answers unknown routes with problem+json in the requested language', async () => {
    const zh = await ctx().app.inject({ method: 'GET', url: '/api/nope' });
    expect(zh.statusCode).toBe(404);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, title: '接口不存在' });
    const en = await ctx().app.inject({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().title).toBe('No such endpoint');
    expect(en.headers['x-request-id']).toBeTruthy();
    expect(en.json().requestId).toBe(en.headers['x-request-id']);
  });

  it('refuses staff routes without a session and with a shopper session', async () => {
    const anonymous = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    const shopper = await ctx().shopperSession();
    const res = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications', headers: shopper.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    const staff = await ctx().staffSession('warehouse');
    const ok = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications', headers: staff.headers });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('rejects a bad query with a field-level validation problem', async () => {
    const staff = await ctx().staffSession('owner');
    const res = await ctx().app.inject({ method: 'GET', url: '/api/admin/notifications?pageSize=100000', headers: staff.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().errors[0].path).toContain('pageSize');
  });
});

describe('harness', () => {
  it('runs', () => expect(true).toBe(true));
});

describeEachDatabase('platform: hostile input', (ctx) => {
  const post = (payload: string) =>
    ctx().app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload });

  it('refuses a NUL character in a JSON body before it reaches the database', async () => {
    const res = await post('{"email":"a\\u0000b@example.com","password":"secret-pass-1"}');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses prototype poisoning, broken and empty JSON as malformed', async () => {
    for (const payload of ['{"__proto__":{"admin":true},"email":"a@b.cn","password":"x"}', '{"email":', '']) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code, payload).toBe('MALFORMED_BODY');
    }
  });

  it('turns a value the database refuses (NUL in a query string) into a 400, not a 500', async () => {
    const res = await ctx().app.inject({ method: 'GET', url: '/api/products?q=a%00b' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'A value was not accepted by the database' });
  });
});
