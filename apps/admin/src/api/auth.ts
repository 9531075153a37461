import type { z } from 'zod';
import type { staffMe, staffSession, StaffLoginBody } from '@mall/contract';
import { http } from './http.ts';

export type Me = z.input<typeof staffMe>;
export type Session = z.input<typeof staffSession>;

export const authApi = {
  login: (body: StaffLoginBody) => http.post<Session>('/admin/auth/login', body),
  logout: () => http.post<{ ok: true }>('/admin/auth/logout'),
  me: () => http.get<Me>('/admin/me'),
};
