import {
  decorationCreateBody,
  decorationEditorView,
  decorationImageUpload,
  decorationPageList,
  decorationPreviewBody,
  decorationPublishBody,
  decorationRestoreBody,
  decorationSaveBody,
  decorationSlugParam,
  decorationVersionList,
  decorationVersionParams,
  idParam,
  okSchema,
  resolvedPage,
} from '@mall/contract';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { FileStorage } from '../../platform/storage.ts';
import { storeDecorationImage } from './decoration-images.ts';
import type { DecorationService } from './decoration.service.ts';

export interface DecorationRouteDeps {
  auth: Auth;
  decoration: DecorationService;
  db: Db;
  clock: Clock;
  storage: FileStorage;
}

/** Store decoration: the back office's page editor and the storefront's published pages. */
export function decorationRoutes(app: App, deps: DecorationRouteDeps) {
  const { auth, decoration } = deps;
  const shopTags = ['shop: pages'];
  app.get('/api/pages/home', { schema: { tags: shopTags, summary: 'The published home page, resolved (404 when none is published)', response: { 200: resolvedPage } } }, async () =>
    decoration.storefront({ home: true }),
  );
  app.get(
    '/api/pages/:slug',
    { schema: { tags: shopTags, summary: 'A published custom page, resolved; broken links and empty blocks hidden', params: decorationSlugParam, response: { 200: resolvedPage } } },
    async (request) => decoration.storefront({ slug: request.params.slug }),
  );

  const tags = ['admin: decoration'];
  const preHandler = auth.requireStaff('decoration.manage');
  const base = '/api/admin/decoration/pages';
  app.get(base, { preHandler, schema: { tags, summary: 'Pages: the home page first, then custom pages', response: { 200: decorationPageList } } }, async () => decoration.listPages());
  app.post(
    base,
    { preHandler, schema: { tags, summary: 'Add a custom page (empty draft)', body: decorationCreateBody, response: { 201: decorationEditorView } } },
    async (request, reply) => reply.status(201).send(await decoration.createPage(staffContext(request), request.body)),
  );
  app.post(
    `${base}/:id/duplicate`,
    { preHandler, schema: { tags, summary: "Copy a page's draft into a new custom page", params: idParam, body: decorationCreateBody, response: { 201: decorationEditorView } } },
    async (request, reply) => reply.status(201).send(await decoration.createPage(staffContext(request), request.body, request.params.id)),
  );
  app.get(
    `${base}/:id`,
    { preHandler, schema: { tags, summary: 'The draft for the editor, with its resolved preview (broken links marked)', params: idParam, response: { 200: decorationEditorView } } },
    async (request) => decoration.editorView(request.params.id),
  );
  app.get(
    `${base}/:id/preview`,
    { preHandler, schema: { tags, summary: 'The saved draft resolved as the storefront would, broken links marked', params: idParam, response: { 200: resolvedPage } } },
    async (request) => decoration.previewDraft(request.params.id),
  );
  app.post(
    `${base}/:id/preview`,
    { preHandler, schema: { tags, summary: 'Resolve an unsaved body for the live preview', params: idParam, body: decorationPreviewBody, response: { 200: resolvedPage } } },
    async (request) => decoration.previewBody(request.params.id, request.body.body),
  );
  app.put(
    `${base}/:id/draft`,
    { preHandler, schema: { tags, summary: 'Save the draft; 409 when the revision is stale', params: idParam, body: decorationSaveBody, response: { 200: decorationEditorView } } },
    async (request) => decoration.saveDraft(staffContext(request), request.params.id, request.body),
  );
  app.post(
    `${base}/:id/publish`,
    { preHandler, schema: { tags, summary: 'Publish the draft at this revision (atomic); 409 when stale', params: idParam, body: decorationPublishBody, response: { 200: decorationEditorView } } },
    async (request) => decoration.publish(staffContext(request), request.params.id, request.body.revision),
  );
  app.get(
    `${base}/:id/versions`,
    { preHandler, schema: { tags, summary: 'Published versions (历史版本), newest first, the live one marked', params: idParam, response: { 200: decorationVersionList } } },
    async (request) => decoration.listVersions(request.params.id),
  );
  app.post(
    `${base}/:id/versions/:versionId/restore`,
    { preHandler, schema: { tags, summary: 'Put a published version back into the draft at this revision (409 when stale); publish separately', params: decorationVersionParams, body: decorationRestoreBody, response: { 200: decorationEditorView } } },
    async (request) => decoration.restoreVersion(staffContext(request), request.params.id, request.params.versionId, request.body.revision),
  );
  app.delete(
    `${base}/:id`,
    { preHandler, schema: { tags, summary: 'Delete a custom page and its versions', params: idParam, response: { 200: okSchema } } },
    async (request) => decoration.removePage(staffContext(request), request.params.id),
  );
  app.post(
    '/api/admin/decoration/images',
    { preHandler, schema: { tags, summary: 'Upload a decoration image (multipart field "file"; PNG, JPEG, WebP or GIF)', consumes: ['multipart/form-data'], response: { 201: decorationImageUpload } } },
    async (request, reply) => {
      const file = await request.file();
      if (!file) throw new AppError('IMAGE_MISSING');
      const data = await file.toBuffer();
      reply.status(201);
      return storeDecorationImage(deps, staffContext(request), { data, declaredType: file.mimetype });
    },
  );
}
