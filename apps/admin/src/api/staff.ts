import type { z } from 'zod';
import type { auditPage, createStaffBody, staffPage, updateStaffBody } from '@mall/contract';
import { http, type Query } from './http.ts';

export type StaffPage = z.input<typeof staffPage>;
export type StaffMember = StaffPage['items'][number];
export type CreateStaff = z.input<typeof createStaffBody>;
export type UpdateStaff = z.input<typeof updateStaffBody>;
export type AuditPage = z.input<typeof auditPage>;

export const staffApi = {
  list: (query: Query) => http.get<StaffPage>('/admin/staff', query),
  create: (body: CreateStaff) => http.post<StaffMember>('/admin/staff', body),
  update: (id: number, body: UpdateStaff) => http.patch<StaffMember>(`/admin/staff/${id}`, body),
  resetPassword: (id: number, password: string) => http.post<StaffMember>(`/admin/staff/${id}/password`, { password }),
  auditLog: (query: Query) => http.get<AuditPage>('/admin/audit-log', query),
};
