import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../src/platform/http.ts';

/** How database failures that are not the client's doing, and those that are, reach the client. */
describe('problem answers for database errors', () => {
  async function appThrowing(error: unknown) {
    const { app } = await createHttpApp({ logLevel: 'silent', bodyLimit: 1024 });
    app.get('/boom', async () => {
      throw error;
    });
    await app.ready();
    return app;
  }
  const dbError = (code: string) => Object.assign(new Error(`db said ${code}`), { code });

  it('a deadlock, a serialization failure or a unique rule won by a concurrent request is a 409 the client may retry, not a 500', async () => {
    for (const code of ['40P01', '40001', '23505']) {
      const app = await appThrowing(dbError(code));
      const res = await app.inject({ method: 'GET', url: '/boom', headers: { 'accept-language': 'en' } });
      expect(res.statusCode, code).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CONFLICT', title: 'The data changed meanwhile; refresh and try again' });
      await app.close();
    }
  });

  it('a data exception, also when wrapped by the ORM, is a 400', async () => {
    const wrapped = Object.assign(new Error('Failed query'), { cause: dbError('22P05') });
    const app = await appThrowing(wrapped);
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    await app.close();
  });

  it('anything else is a 500 with no internals in the answer', async () => {
    const app = await appThrowing(dbError('XX000'));
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('INTERNAL');
    expect(res.body).not.toContain('db said');
    await app.close();
  });
});
