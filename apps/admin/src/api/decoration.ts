import type { z } from 'zod';
import type {
  DecorationBlock,
  DecorationLink,
  DecorationPageBody,
  decorationEditorView,
  decorationPageSummary,
  decorationVersionView,
  resolvedBlock,
  resolvedPage,
} from '@mall/contract';
import { http } from './http.ts';

export type DecorationPage = z.input<typeof decorationPageSummary>;
export type EditorView = z.input<typeof decorationEditorView>;
export type ResolvedPage = z.input<typeof resolvedPage>;
export type ResolvedBlock = z.input<typeof resolvedBlock>;
export type VersionView = z.input<typeof decorationVersionView>;
export type { DecorationBlock, DecorationLink, DecorationPageBody };

const base = '/admin/decoration/pages';

export const decorationApi = {
  list: () => http.get<{ items: DecorationPage[] }>(base),
  get: (id: number) => http.get<EditorView>(`${base}/${id}`),
  create: (slug: string, title: string) => http.post<EditorView>(base, { slug, title }),
  duplicate: (id: number, slug: string, title: string) => http.post<EditorView>(`${base}/${id}/duplicate`, { slug, title }),
  remove: (id: number) => http.delete<{ ok: true }>(`${base}/${id}`),
  saveDraft: (id: number, revision: number, body: DecorationPageBody) => http.put<EditorView>(`${base}/${id}/draft`, { revision, body }),
  publish: (id: number, revision: number) => http.post<EditorView>(`${base}/${id}/publish`, { revision }),
  versions: (id: number) => http.get<{ items: VersionView[] }>(`${base}/${id}/versions`),
  restore: (id: number, versionId: number, revision: number) => http.post<EditorView>(`${base}/${id}/versions/${versionId}/restore`, { revision }),
  preview: (id: number, body: DecorationPageBody) => http.post<ResolvedPage>(`${base}/${id}/preview`, { body }),
  uploadImage: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<{ url: string }>('/admin/decoration/images', form);
  },
};
