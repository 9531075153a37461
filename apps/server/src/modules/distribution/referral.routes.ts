import { myReferral, referralAdminQuery, referralBindingList, referralBindingView, referralStaffBindBody, referralVisitBody, referralVisitResult } from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { App } from '../../platform/http.ts';
import type { ReferralService } from './referral.service.ts';

/** Referral codes and bindings: the shopper's own code, first-visit binding, and the staff lookup / manual binding. */
export function referralRoutes(app: App, deps: { auth: Auth; referrals: ReferralService }) {
  const { auth, referrals } = deps;
  const shopTags = ['shop: sharing'];
  app.get(
    '/api/me/referral',
    { preHandler: auth.requireShopper(), schema: { tags: shopTags, summary: 'My referral code (made on first use) and share base link', response: { 200: myReferral } } },
    async (request) => referrals.myReferral(shopperOf(request).id),
  );
  app.post(
    '/api/referral/visit',
    {
      preHandler: auth.requireShopper(),
      schema: {
        tags: shopTags,
        summary: "I opened a share link: binds me to the sharer when the shop binds on first visit and I'm not bound (unknown or own code: ignored)",
        body: referralVisitBody,
        response: { 200: referralVisitResult },
      },
    },
    async (request) => referrals.visit(shopperOf(request).id, request.body),
  );

  const adminTags = ['admin: distribution'];
  app.get(
    '/api/admin/distribution/referrals',
    {
      preHandler: auth.requireStaff('distribution.manage'),
      schema: { tags: adminTags, summary: 'Referral bindings involving a shopper (either side) and/or made by a referrer', querystring: referralAdminQuery, response: { 200: referralBindingList } },
    },
    async (request) => referrals.list(request.query),
  );
  app.post(
    '/api/admin/distribution/referrals',
    {
      preHandler: auth.requireStaff('distribution.manage'),
      schema: { tags: adminTags, summary: 'Set who referred a shopper (replaces any binding; audited)', body: referralStaffBindBody, response: { 200: referralBindingView } },
    },
    async (request) => referrals.staffBind(staffContext(request), request.body),
  );
}
