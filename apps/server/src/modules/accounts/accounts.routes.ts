import type { Auth } from '../../platform/auth.ts';
import type { App } from '../../platform/http.ts';
import type { AccountsService } from './accounts.service.ts';
import { shopperAuthRoutes } from './shopper-auth.routes.ts';
import { staffAdminRoutes, staffAuthRoutes } from './staff.routes.ts';

/** Every HTTP route of the accounts module. */
export function accountRoutes(app: App, deps: { auth: Auth; accounts: AccountsService }) {
  shopperAuthRoutes(app, deps);
  staffAuthRoutes(app, deps);
  staffAdminRoutes(app, deps);
}
