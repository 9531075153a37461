import type { Auth } from '../../platform/auth.ts';
import { DAY, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { purgeLoginAttempts, purgeOtpCodes } from './accounts.repo.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createShopperAuth, type SignUpReferrals } from './shopper-auth.service.ts';
import { createStaffAdmin } from './staff-admin.service.ts';
import { createStaffAuth } from './staff-auth.service.ts';
import type { SmsProvider } from './sms.ts';

export interface AccountsDeps {
  db: Db;
  clock: Clock;
  auth: Auth;
  sms: SmsProvider;
  /** Sign-ups through a share link bind to the sharer (distribution); optional. */
  referrals?: SignUpReferrals;
}

/** Shopper and staff sign-in, staff management and the audit-log view. */
export function createAccountsService(deps: AccountsDeps) {
  const { db, clock } = deps;
  const throttle = createLoginThrottle({ db, clock });
  const shopperAuth = createShopperAuth({ ...deps, throttle });
  const staffAuth = createStaffAuth({ ...deps, throttle });
  const staffAdmin = createStaffAdmin(deps);

  /** Housekeeping: sign-in attempts and one-time codes older than two days are of no further use. */
  async function purgeExpired(): Promise<number> {
    const before = new Date(clock.now().getTime() - 2 * DAY);
    return (await purgeLoginAttempts(db, before)) + (await purgeOtpCodes(db, before));
  }

  return { shopperAuth, staffAuth, staffAdmin, ensureOwner: staffAdmin.ensureOwner, purgeExpired };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
