import { referralApi } from '../api/referral.ts';
import { useSessionStore } from '../stores/session.ts';
import { pendingReferral, referralVia } from '../utils/referral.ts';

/** A signed-in shopper opened a share link: tell the server, which binds only under its first-visit rule. */
export async function reportReferralVisit(code: string, path: string): Promise<void> {
  const session = useSessionStore();
  await session.ensureLoaded().catch(() => undefined);
  if (!session.signedIn) return;
  await referralApi.visit(code, referralVia(path)).catch(() => undefined);
}

/** Just signed in (not signed up): the link that brought this visitor counts as their visit. */
export function reportPendingReferral(): void {
  const code = pendingReferral();
  if (code) void referralApi.visit(code).catch(() => undefined);
}
