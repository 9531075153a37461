import { http } from './http.ts';
import type { Reminder, ReminderPage } from './types.ts';
import type { DemandTarget } from '@mall/contract';

export const demandApi = {
  notifyMe: (target: DemandTarget, targetId: number) => http.post<Reminder>('/api/notify-me', { target, targetId }),
  cancel: (id: number) => http.del<{ ok: true }>(`/api/notify-me/${id}`),
  mine: (query: { page: number; pageSize: number }) => http.get<ReminderPage>('/api/me/notify-me', { ...query }),
};
