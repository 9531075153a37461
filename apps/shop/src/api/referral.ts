import { http } from './http.ts';

export type ShareType = 'product' | 'presale';
export interface ShareLink {
  url: string;
  title: string;
  imageUrl: string | null;
  code: string;
}

export const referralApi = {
  mine: () => http.get<{ code: string; shareUrl: string }>('/api/me/referral'),
  share: (type: ShareType, id: number) => http.get<ShareLink>('/api/share', { type, id }),
  posterUrl: (type: ShareType, id: number) => `/api/share/poster.png?type=${type}&id=${id}`,
  visit: (code: string, via?: { type: ShareType; id: number }) => http.post<{ bound: boolean }>('/api/referral/visit', via ? { code, via } : { code }),
};
