import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { buildApp, type BuiltApp } from '../src/app.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from './harness.ts';

/** The built storefront at /, the back office at /admin, the API untouched at /api. */

function writeDist(root: string, name: string, base: string) {
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), `<!doctype html><title>${name}</title><script type="module" src="${base}assets/${name}-Ab12Cd34.js"></script>`);
  fs.writeFileSync(path.join(root, 'assets', `${name}-Ab12Cd34.js`), `console.log(${JSON.stringify(name)});`);
  fs.writeFileSync(path.join(root, 'favicon.ico'), 'icon');
}

async function appServing(kind: (typeof databaseKinds)[number], dirs: { shop: string; admin: string }) {
  const testDb = await openTestDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(os.tmpdir(), `mall-web-${process.pid}`),
    DEMO_DATA: 'false',
    JOBS_ENABLED: 'false',
    SHOP_DIST_DIR: dirs.shop,
    ADMIN_DIST_DIR: dirs.admin,
  });
  const built = await buildApp({ config, database: testDb.database });
  await built.app.ready();
  return { built, testDb };
}

for (const kind of databaseKinds) {
  describe(`web apps, built [${kind}]`, () => {
    let built: BuiltApp;
    let testDb: TestDatabase;
    let tmp: string;
    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mall-dist-'));
      writeDist(path.join(tmp, 'shop'), 'shop', '/');
      writeDist(path.join(tmp, 'admin'), 'admin', '/admin/');
      ({ built, testDb } = await appServing(kind, { shop: path.join(tmp, 'shop'), admin: path.join(tmp, 'admin') }));
    });
    afterAll(async () => {
      await built?.app.close();
      await testDb?.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });
    const get = (url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') => built.app.inject({ method, url, headers: { accept: 'text/html,*/*' } });

    it('serves the shop at / and its index for any page path, never cached', async () => {
      for (const url of ['/', '/product/12', '/orders?status=shipped', '/pay/result?paymentNo=P1', '/index.html']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toContain('text/html');
        expect(res.body, url).toContain('<title>shop</title>');
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
      expect((await get('/', 'HEAD')).statusCode).toBe(200);
    });

    it('serves the back office at /admin, with its index for its page paths', async () => {
      for (const url of ['/admin', '/admin/', '/admin/orders/5', '/admin/presale/campaigns/new']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain('<title>admin</title>');
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
    });

    it('serves hashed assets with a long cache, other files revalidated', async () => {
      const shopJs = await get('/assets/shop-Ab12Cd34.js');
      expect(shopJs.statusCode).toBe(200);
      expect(shopJs.headers['content-type']).toContain('javascript');
      expect(shopJs.body).toBe('console.log("shop");');
      expect(shopJs.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const adminJs = await get('/admin/assets/admin-Ab12Cd34.js');
      expect(adminJs.body).toBe('console.log("admin");');
      expect(adminJs.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const icon = await get('/favicon.ico');
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['cache-control']).toBe('no-cache');
    });

    it('a missing file is a 404, not the index page', async () => {
      for (const url of ['/assets/x.js', '/admin/assets/x.css', '/robots.txt']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toContain('application/problem+json');
      }
    });

    it('leaves the API alone: unknown API paths stay 404 problem+json, known ones answer', async () => {
      for (const [method, url] of [['GET', '/api/unknown'], ['GET', '/api'], ['POST', '/api/unknown'], ['GET', '/uploads/none.png'], ['GET', '/pay/sandbox/P1/x/y']] as const) {
        const res = await get(url, method);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toContain('application/problem+json');
        expect(res.json().code, url).toBe('ROUTE_NOT_FOUND');
      }
      expect((await get('/api/health')).statusCode).toBe(200);
      expect((await get('/metrics')).statusCode).toBe(200);
    });

    it('serves a rebuild made while the server runs (new index, new hashed assets)', async () => {
      const shopDir = path.join(tmp, 'shop');
      fs.writeFileSync(path.join(shopDir, 'assets', 'shop-Zz98Yy76.js'), 'console.log("rebuilt");');
      fs.writeFileSync(path.join(shopDir, 'index.html'), '<!doctype html><title>shop v2</title>');
      const asset = await get('/assets/shop-Zz98Yy76.js');
      expect(asset.statusCode).toBe(200);
      expect(asset.body).toBe('console.log("rebuilt");');
      expect((await get('/')).body).toContain('shop v2');
      expect((await get('/product/3')).body).toContain('shop v2');
    });

    it('does not serve files outside the build folder', async () => {
      for (const url of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/admin/..%2fshop%2findex.html']) {
        const res = await get(url);
        expect(res.body, url).not.toContain('"name"');
        expect(res.statusCode === 404 || res.statusCode === 403 || res.body.includes('<title>'), url).toBe(true);
      }
    });

    it('has no test clock routes unless TEST_CLOCK_CONTROL is on', async () => {
      for (const [method, url] of [['GET', '/api/test/clock'], ['POST', '/api/test/clock'], ['POST', '/api/test/jobs/run']] as const) {
        const res = await get(url, method);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code, url).toBe('ROUTE_NOT_FOUND');
      }
    });
  });

  describe(`web apps, not built [${kind}]`, () => {
    let built: BuiltApp;
    let testDb: TestDatabase;
    beforeAll(async () => {
      const missing = path.join(os.tmpdir(), `mall-no-dist-${process.pid}`);
      ({ built, testDb } = await appServing(kind, { shop: path.join(missing, 'shop'), admin: path.join(missing, 'admin') }));
    });
    afterAll(async () => {
      await built?.app.close();
      await testDb?.drop();
    });

    it('starts anyway and says how to build the apps', async () => {
      for (const url of ['/', '/products/1', '/admin', '/admin/orders/5']) {
        const res = await built.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['content-type'], url).toContain('text/html');
        expect(res.body, url).toContain('npm run build');
      }
      expect((await built.app.inject({ method: 'GET', url: '/admin' })).body).toContain('back office');
      expect((await built.app.inject({ method: 'GET', url: '/' })).body).toContain('storefront');
    });

    it('still answers the API', async () => {
      expect((await built.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const unknown = await built.app.inject({ method: 'GET', url: '/api/unknown' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('ROUTE_NOT_FOUND');
    });
  });
}
