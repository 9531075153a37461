import type { z } from 'zod';
import type { resolvedBlock, resolvedPage } from '@mall/contract';
import { ApiError, http } from './http.ts';

/** A decorated page as it arrives on the wire (times are ISO strings). */
export type DecoratedPage = z.input<typeof resolvedPage>;
export type DecoratedBlock = z.input<typeof resolvedBlock>;

async function orNull(work: Promise<DecoratedPage>): Promise<DecoratedPage | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const pagesApi = {
  /** The published home page, or null when the merchant has not published one. */
  home: () => orNull(http.get<DecoratedPage>('/api/pages/home')),
  bySlug: (slug: string) => orNull(http.get<DecoratedPage>(`/api/pages/${encodeURIComponent(slug)}`)),
};
