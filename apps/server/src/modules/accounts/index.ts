import type { ShopperLookup, StaffLookup } from '../../platform/auth.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { findShopperById, findStaffById } from './accounts.repo.ts';

/** Read by orders (staff search by phone or e-mail, the shopper shown with an order); written only here. */
export { shoppers } from './accounts.tables.ts';
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

/** How to reach a shopper outside the app (for e-mail and SMS copies of messages); undefined when unknown. */
export async function contactOf(db: DbOrTx, shopperId: number): Promise<{ email: string | null; phone: string | null } | undefined> {
  const row = await findShopperById(db, shopperId);
  return row && { email: row.email, phone: row.phone };
}
