import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './http.ts';

/** Paths the shop never answers, so the API keeps its problem+json 404 for unknown routes. (The shop has /pay/result.) */
const SERVER_PATHS = ['/api', '/uploads', '/pay/sandbox', '/metrics', '/admin'];
/** Vite names everything under assets/ by its content hash, so a file there never changes. */
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
/** index.html (and unhashed files) are revalidated on every visit so a new build shows at once. */
const REVALIDATE = 'no-cache';

const commonOptions = { decorateReply: false, cacheControl: false, dotfiles: 'ignore' as const, index: ['index.html'] };

interface SpaOptions {
  /** The vite output folder (holds index.html and assets/). */
  dir: string;
  /** URL prefix ending in '/': '/' for the shop, '/admin/' for the back office. */
  prefix: string;
  /** Paths under this prefix that belong to someone else (the API, the other app). */
  reserved: string[];
  label: string;
}

/**
 * Serves the built storefront at / and the back office at /admin: files as they are, any other
 * page path answered with the app's index.html (client-side routing). A missing build never
 * stops the server: the app's paths then answer with a page saying how to build it.
 */
export async function webAppRoutes(app: App, options: { shopDir: string; adminDir: string }): Promise<void> {
  await serveSpa(app, { dir: options.adminDir, prefix: '/admin/', reserved: [], label: 'back office (apps/admin)' });
  await serveSpa(app, { dir: options.shopDir, prefix: '/', reserved: SERVER_PATHS, label: 'storefront (apps/shop)' });
}

async function serveSpa(app: App, spa: SpaOptions): Promise<void> {
  const indexFile = path.join(spa.dir, 'index.html');
  // The static plugin serves the prefix itself (index.html); everything below it falls back here.
  const fallbackRoute = `${spa.prefix}*`;
  if (!fs.existsSync(indexFile)) {
    app.log.warn(`The ${spa.label} is not built (no ${indexFile}); run "npm run build" to serve it at ${spa.prefix}`);
    for (const url of [spa.prefix, fallbackRoute]) {
      app.get(url, { schema: { hide: true } }, async (request, reply) => (isReserved(request, spa) ? reply.callNotFound() : sendNotBuilt(reply, spa)));
    }
    return;
  }
  // Hashed assets come from disk at each request, so a rebuild while the server runs is served
  // whole (index.html is read per request too); the few other files are listed at start.
  const assetsDir = path.join(spa.dir, 'assets');
  if (fs.existsSync(assetsDir)) {
    await app.register(fastifyStatic, {
      ...commonOptions,
      root: assetsDir,
      prefix: `${spa.prefix}assets/`,
      setHeaders: (reply) => void reply.header('cache-control', HASHED_ASSET_CACHE),
    });
  }
  await app.register(fastifyStatic, {
    ...commonOptions,
    root: spa.dir,
    prefix: spa.prefix,
    wildcard: false,
    globIgnore: ['assets/**'],
    setHeaders: (reply) => void reply.header('cache-control', REVALIDATE),
  });
  app.get(fallbackRoute, { schema: { hide: true } }, async (request, reply) => {
    if (isReserved(request, spa) || looksLikeFile(request)) return reply.callNotFound();
    let html: Buffer;
    try {
      html = await fsp.readFile(indexFile);
    } catch {
      return sendNotBuilt(reply, spa);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(html);
  });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0]!;
}

function isReserved(request: FastifyRequest, spa: SpaOptions): boolean {
  const pathname = pathOf(request);
  return spa.reserved.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** A missing /assets/x.js must be a 404, not the index page served as JavaScript. */
function looksLikeFile(request: FastifyRequest): boolean {
  const last = pathOf(request).split('/').pop() ?? '';
  return path.posix.extname(last) !== '';
}

function sendNotBuilt(reply: FastifyReply, spa: SpaOptions) {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Not built yet · 尚未构建</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6">
<h1>The ${spa.label} is not built yet</h1>
<p>Run <code>npm run build</code> in the repository and restart the server, or simply <code>npm start</code>, which builds both apps first.</p>
<p>页面尚未构建：请在仓库根目录运行 <code>npm run build</code> 后重启服务，或直接运行 <code>npm start</code>（会先构建）。</p>
<p>The API is running: <a href="/api/health">/api/health</a>, <a href="/api/docs">/api/docs</a>.</p>
</body></html>
`;
  return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}
