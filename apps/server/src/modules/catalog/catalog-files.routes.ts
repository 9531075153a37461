import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { csvImportQuery, csvImportResult, idParam, imageOrderBody, imageParams, okSchema, productImage } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { CatalogService } from './catalog.service.ts';

/** The one file part of a multipart request, read whole (over the size limit: 413). */
async function singleFile(request: FastifyRequest, missing: AppError): Promise<{ file: MultipartFile; data: Buffer }> {
  const file = await request.file();
  if (!file) throw missing;
  return { file, data: await file.toBuffer() };
}

/** CSV text from a text/csv body or a multipart file; it must be UTF-8. */
async function csvTextOf(request: FastifyRequest): Promise<string> {
  let data: Buffer;
  if (request.isMultipart()) data = (await singleFile(request, new AppError('VALIDATION_FAILED', {}, [{ path: 'file', message: 'no file sent' }]))).data;
  else if (Buffer.isBuffer(request.body)) data = request.body;
  else throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new AppError('CSV_INVALID', { count: 1 }, [{ path: 'file', message: 'must be UTF-8 text (save as "CSV UTF-8")' }]);
  }
}

/** Product images (multipart upload) and the product CSV (export, import). */
export function catalogFileRoutes(app: App, deps: { auth: Auth; catalog: CatalogService; uploadBytes: number }) {
  const { auth, catalog } = deps;
  const write = auth.requireStaff('catalog.write');
  const tags = ['admin: catalog'];
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: deps.uploadBytes }, (_request, body, done) => done(null, body));
  }

  app.post(
    '/api/admin/products/:id/images',
    {
      preHandler: write,
      schema: { tags, summary: 'Upload an image (multipart field "file"; PNG, JPEG, WebP or GIF)', consumes: ['multipart/form-data'], params: idParam, response: { 201: productImage } },
    },
    async (request, reply) => {
      const { file, data } = await singleFile(request, new AppError('IMAGE_MISSING'));
      const image = await catalog.addProductImage(staffContext(request), request.params.id, { data, declaredType: file.mimetype });
      reply.status(201);
      return image;
    },
  );
  app.delete(
    '/api/admin/products/:id/images/:imageId',
    { preHandler: write, schema: { tags, summary: 'Remove an image', params: imageParams, response: { 200: okSchema } } },
    async (request) => {
      await catalog.deleteProductImage(staffContext(request), request.params.id, request.params.imageId);
      return { ok: true as const };
    },
  );
  app.put(
    '/api/admin/products/:id/images/order',
    { preHandler: write, schema: { tags, summary: 'Reorder images (list every image id once)', params: idParam, body: imageOrderBody } },
    async (request) => catalog.reorderProductImages(staffContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/admin/products/export.csv',
    { preHandler: auth.requireStaff('catalog.read'), schema: { tags, summary: 'All products as CSV (one row per SKU, UTF-8 with BOM)', produces: ['text/csv'] } },
    async (_request, reply) => {
      const csv = await catalog.exportCsv();
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="products.csv"');
      return csv;
    },
  );
  app.post(
    '/api/admin/products/import',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Import products from CSV (text/csv body or multipart file): upsert by code, all or nothing; ?dryRun=true only reports',
        consumes: ['text/csv', 'multipart/form-data'],
        querystring: csvImportQuery,
        response: { 200: csvImportResult },
      },
    },
    async (request) => catalog.importCsv(staffContext(request), await csvTextOf(request), { dryRun: request.query.dryRun ?? false }),
  );
}
