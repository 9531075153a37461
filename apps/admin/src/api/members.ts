import type { z } from 'zod';
import type { growthAdjustInput, memberLevel, memberLevelInput, memberLevelList, memberListItem, memberPage, memberStaffView } from '@mall/contract';
import { http, type Query } from './http.ts';

export type MemberLevel = z.input<typeof memberLevel>;
export type MemberLevelBody = z.input<typeof memberLevelInput>;
export type MemberStaffView = z.input<typeof memberStaffView>;
export type MemberListItem = z.input<typeof memberListItem>;

const base = '/admin/members';

export const membersApi = {
  list: (query: Query) => http.get<z.input<typeof memberPage>>(base, query),
  levels: () => http.get<z.input<typeof memberLevelList>>(`${base}/levels`),
  createLevel: (body: MemberLevelBody) => http.post<MemberLevel>(`${base}/levels`, body),
  updateLevel: (id: number, body: MemberLevelBody) => http.put<MemberLevel>(`${base}/levels/${id}`, body),
  deleteLevel: (id: number) => http.delete<{ ok: true }>(`${base}/levels/${id}`),
  member: (shopperId: number) => http.get<MemberStaffView>(`${base}/${shopperId}`),
  adjustGrowth: (shopperId: number, body: z.input<typeof growthAdjustInput>) => http.post<MemberStaffView>(`${base}/${shopperId}/growth-adjust`, body),
};
