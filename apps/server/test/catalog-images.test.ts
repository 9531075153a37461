import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { auditRows, countRows, createProduct, multipart, PNG_1x1, type Headers } from './catalog-fixtures.ts';
import { detectImageType, LocalDiskStorage } from '../src/platform/storage.ts';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const GIF = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(30, 0)]);
const WEBP = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.alloc(4), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(30)]);

describeEachDatabase('catalog images', (ctx) => {
  let owner: { id: number; headers: Headers };
  let productId: number;
  const upload = (id: number, file: ReturnType<typeof multipart>, headers: Headers = owner.headers) =>
    ctx().app.inject({ method: 'POST', url: `/api/admin/products/${id}/images`, headers: { ...headers, ...file.headers }, payload: file.payload });
  const filesOnDisk = () => {
    const root = (ctx().storage as LocalDiskStorage).rootDir;
    return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).filter((f) => String(f).includes('.')).length : 0;
  };

  it('uploads an image, names it randomly, serves it at its URL, audited', async () => {
    owner = await ctx().staffSession('owner');
    productId = (await createProduct(ctx(), owner.headers)).id;
    const res = await upload(productId, multipart('file', '../../etc/passwd.png', 'image/png', PNG_1x1));
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json();
    expect(image.url).toMatch(new RegExp(`^/uploads/products/${productId}/[0-9a-f]{32}\\.png$`));
    const served = await ctx().app.inject({ method: 'GET', url: image.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(PNG_1x1)).toBe(true);
    expect((await ctx().app.inject({ method: 'GET', url: `/api/admin/products/${productId}`, headers: owner.headers })).json().images).toEqual([image]);
    expect(await auditRows(ctx(), 'product.image.add', productId)).toHaveLength(1);
    for (const [data, name, ext] of [[JPEG, 'a.jpg', 'jpg'], [GIF, 'a.gif', 'gif'], [WEBP, 'a.webp', 'webp']] as const) {
      const other = await upload(productId, multipart('file', name, 'application/octet-stream', data));
      expect(other.statusCode, other.body).toBe(201);
      expect(other.json().url.endsWith(`.${ext}`)).toBe(true);
    }
  });

  it('refuses files that are not PNG/JPEG/WebP/GIF by their bytes, whatever they claim', async () => {
    const before = [await countRows(ctx(), 'product_images'), filesOnDisk()];
    const cases = [
      multipart('file', 'notes.txt', 'text/plain', Buffer.from('hello')),
      multipart('file', 'fake.png', 'image/png', Buffer.from('this is not a png at all, only its name says so')),
      multipart('file', 'half.png', 'image/png', PNG_1x1.subarray(0, 10)),
      multipart('file', 'x.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
      multipart('file', 'real.png', 'text/html', PNG_1x1),
    ];
    for (const file of cases) {
      const res = await upload(productId, file);
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('IMAGE_TYPE_UNSUPPORTED');
    }
    expect([await countRows(ctx(), 'product_images'), filesOnDisk()]).toEqual(before);
  });

  it('refuses a file over the upload limit with 413, leaving nothing behind', async () => {
    const before = [await countRows(ctx(), 'product_images'), filesOnDisk()];
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const res = await upload(productId, multipart('file', 'big.png', 'image/png', big));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    expect([await countRows(ctx(), 'product_images'), filesOnDisk()]).toEqual(before);
  });

  it('answers a missing file, a JSON body, an unknown product and a shopper clearly', async () => {
    const boundary = 'xyzxyz';
    const noFile = await ctx().app.inject({
      method: 'POST',
      url: `/api/admin/products/${productId}/images`,
      headers: { ...owner.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().code).toBe('IMAGE_MISSING');
    const json = await ctx().app.inject({ method: 'POST', url: `/api/admin/products/${productId}/images`, headers: owner.headers, payload: { url: 'x' } });
    expect(json.statusCode).toBe(415);
    const files = filesOnDisk();
    expect((await upload(999_999, multipart('file', 'a.png', 'image/png', PNG_1x1))).statusCode).toBe(404);
    expect(filesOnDisk()).toBe(files);
    const service = await ctx().staffSession('customer_service');
    expect((await upload(productId, multipart('file', 'a.png', 'image/png', PNG_1x1), service.headers)).statusCode).toBe(403);
    const shopper = await ctx().shopperSession();
    expect((await upload(productId, multipart('file', 'a.png', 'image/png', PNG_1x1), shopper.headers)).statusCode).toBe(403);
  });

  it('reorders images (each exactly once) and deletes one with its file', async () => {
    const images = (await ctx().app.inject({ method: 'GET', url: `/api/admin/products/${productId}`, headers: owner.headers })).json().images as { id: number; url: string }[];
    expect(images.length).toBe(4);
    const order = images.map((i) => i.id).reverse();
    for (const bad of [order.slice(1), [...order, order[0]], [...order.slice(1), 999_999], []]) {
      const res = await ctx().app.inject({ method: 'PUT', url: `/api/admin/products/${productId}/images/order`, headers: owner.headers, payload: { imageIds: bad } });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const ok = await ctx().app.inject({ method: 'PUT', url: `/api/admin/products/${productId}/images/order`, headers: owner.headers, payload: { imageIds: order } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.map((i: { id: number }) => i.id)).toEqual(order);
    const shop = (await ctx().app.inject({ method: 'GET', url: `/api/products/${productId}` })).json();
    expect(shop.images.map((i: { id: number }) => i.id)).toEqual(order);

    const first = images[0]!;
    const del = await ctx().app.inject({ method: 'DELETE', url: `/api/admin/products/${productId}/images/${first.id}`, headers: owner.headers });
    expect(del.statusCode).toBe(200);
    expect((await ctx().app.inject({ method: 'GET', url: first.url })).statusCode).toBe(404);
    expect(await ctx().storage.get(first.url.replace('/uploads/', ''))).toBeUndefined();
    expect((await ctx().app.inject({ method: 'DELETE', url: `/api/admin/products/${productId}/images/${first.id}`, headers: owner.headers })).statusCode).toBe(404);
    expect(await auditRows(ctx(), 'product.image.delete', productId)).toHaveLength(1);
  });

  it('caps images per product at 20 (409) and removes the stored file again', async () => {
    const urls = Array.from({ length: 20 }, (_, i) => `https://img.example/${i}.png`);
    const full = await createProduct(ctx(), owner.headers, { imageUrls: urls });
    const files = filesOnDisk();
    const res = await upload(full.id, multipart('file', 'a.png', 'image/png', PNG_1x1));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IMAGE_LIMIT_REACHED');
    expect(filesOnDisk()).toBe(files);
  });

  it('deleting a product removes its uploaded files', async () => {
    const p = await createProduct(ctx(), owner.headers);
    const image = (await upload(p.id, multipart('file', 'a.png', 'image/png', PNG_1x1))).json();
    expect((await ctx().app.inject({ method: 'DELETE', url: `/api/admin/products/${p.id}`, headers: owner.headers })).statusCode).toBe(200);
    expect((await ctx().app.inject({ method: 'GET', url: image.url })).statusCode).toBe(404);
  });

  it('storage refuses keys that escape its folder; the type sniffer reads signatures', async () => {
    const storage = new LocalDiskStorage({ rootDir: path.join((ctx().storage as LocalDiskStorage).rootDir, 'sandbox') });
    for (const key of ['../x.png', '/etc/passwd', 'a/../../b', '.hidden', 'a//b', 'a/.b']) {
      await expect(storage.put(key, PNG_1x1, 'image/png')).rejects.toThrow(RangeError);
    }
    expect((await storage.put('ok/one.png', PNG_1x1, 'image/png')).url).toBe('/uploads/ok/one.png');
    expect(await storage.get('ok/one.png')).toEqual(PNG_1x1);
    await storage.delete('ok/one.png');
    await storage.delete('ok/one.png');
    expect(await storage.get('ok/one.png')).toBeUndefined();
    expect([PNG_1x1, JPEG, GIF, WEBP, Buffer.from('GIF8'), Buffer.alloc(0)].map(detectImageType)).toEqual(['png', 'jpeg', 'gif', 'webp', undefined, undefined]);
  });
});
