import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import type { StaffContext } from '../platform/audit.ts';
import { staff } from '../modules/accounts/accounts.tables.ts';

/** The demo seeds act as the shop owner, so the audit log shows who created the demo data. Undefined without an owner. */
export async function demoOwnerContext(db: Db): Promise<StaffContext | undefined> {
  const [owner] = await db.select().from(staff).where(eq(staff.role, 'owner')).limit(1);
  if (!owner) return undefined;
  return {
    actor: { kind: 'staff', id: owner.id, role: owner.role, username: owner.username, displayName: owner.displayName },
    ip: null,
    requestId: 'demo-seed',
  };
}
