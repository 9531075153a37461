import type { z } from 'zod';
import type { PromoProductSort, promoProductList, teamMemberList } from '@mall/contract';
import { http } from './http.ts';

export type PromoProductPage = z.output<typeof promoProductList>;
export type PromoProduct = PromoProductPage['items'][number];
export type TeamMemberPage = z.output<typeof teamMemberList>;
export type TeamMember = TeamMemberPage['items'][number];
export type { PromoProductSort };

/** 推广中心 lists (approved distributors only) and the shop invite poster. */
export const distributionCenterApi = {
  products: (query: { page: number; pageSize: number; sort: PromoProductSort; q?: string }) => http.get<PromoProductPage>('/api/distribution/center/products', query),
  team: (query: { page: number; pageSize: number; level: 1 | 2 }) => http.get<TeamMemberPage>('/api/distribution/center/team', query),
  invitePosterUrl: () => '/api/share/poster.png?type=shop',
};
