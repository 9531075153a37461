import type { ShopperLookup, StaffLookup } from '../../platform/auth.ts';
import { findShopperById, findStaffById } from './accounts.repo.ts';

export { createSmsSandbox, type SmsProvider, type SandboxSms } from './sms.ts';
export { createAccountsService, type AccountsService } from './accounts.service.ts';
export { accountRoutes } from './accounts.routes.ts';
export { ensureOwner } from './staff-admin.service.ts';

export const loadStaffForAuth: StaffLookup = async (db, id) => {
  const row = await findStaffById(db, id);
  return row && { role: row.role, username: row.username, displayName: row.displayName, active: row.active };
};

export const loadShopperForAuth: ShopperLookup = async (db, id) => {
  const row = await findShopperById(db, id);
  return row && { active: row.status === 'active' };
};
