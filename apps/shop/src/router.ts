import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSessionStore } from './stores/session.ts';
import { captureReferral } from './utils/referral.ts';
import { reportReferralVisit } from './composables/referralVisit.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shows the bottom tab bar. */
    tab?: boolean;
    /** Needs a signed-in shopper: guests go to the sign-in page first. */
    auth?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/home/HomeView.vue'), meta: { tab: true } },
  { path: '/category', name: 'category', component: () => import('./views/catalog/CategoryView.vue'), meta: { tab: true } },
  { path: '/search', name: 'search', component: () => import('./views/catalog/SearchView.vue') },
  { path: '/product/:id', name: 'product', component: () => import('./views/product/ProductView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/presale', name: 'presale', component: () => import('./views/presale/PresaleZoneView.vue') },
  { path: '/cart', name: 'cart', component: () => import('./views/cart/CartView.vue'), meta: { tab: true } },
  { path: '/checkout', name: 'checkout', component: () => import('./views/checkout/CheckoutView.vue'), meta: { auth: true } },
  { path: '/payment/result', name: 'pay-result', component: () => import('./views/checkout/PayResultView.vue'), meta: { auth: true } },
  { path: '/login', name: 'login', component: () => import('./views/account/LoginView.vue') },
  { path: '/mine', name: 'mine', component: () => import('./views/account/MineView.vue'), meta: { tab: true } },
  { path: '/addresses', name: 'addresses', component: () => import('./views/account/AddressListView.vue'), meta: { auth: true } },
  { path: '/addresses/new', name: 'address-new', component: () => import('./views/account/AddressEditView.vue'), meta: { auth: true } },
  { path: '/addresses/:id', name: 'address-edit', component: () => import('./views/account/AddressEditView.vue'), meta: { auth: true }, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/orders', name: 'orders', component: () => import('./views/orders/OrderListView.vue'), meta: { auth: true } },
  { path: '/orders/:id', name: 'order', component: () => import('./views/orders/OrderDetailView.vue'), meta: { auth: true }, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/orders/:id/aftersales', name: 'aftersales-apply', component: () => import('./views/aftersales/AftersalesApplyView.vue'), meta: { auth: true }, props: (r) => ({ orderId: Number(r.params.id) }) },
  { path: '/aftersales', name: 'aftersales', component: () => import('./views/aftersales/AftersalesListView.vue'), meta: { auth: true } },
  { path: '/aftersales/:id', name: 'aftersales-detail', component: () => import('./views/aftersales/AftersalesDetailView.vue'), meta: { auth: true }, props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/messages', name: 'messages', component: () => import('./views/account/MessagesView.vue'), meta: { auth: true } },
  { path: '/coupons', name: 'coupons', component: () => import('./views/account/MyCouponsView.vue'), meta: { auth: true } },
  { path: '/coupon-center', name: 'coupon-center', component: () => import('./views/account/CouponCenterView.vue') },
  { path: '/points', name: 'points', component: () => import('./views/account/PointsView.vue'), meta: { auth: true } },
  { path: '/membership', name: 'membership', component: () => import('./views/account/MembershipView.vue'), meta: { auth: true } },
  { path: '/reminders', name: 'reminders', component: () => import('./views/account/RemindersView.vue'), meta: { auth: true } },
  { path: '/help', name: 'help', component: () => import('./views/support/HelpCenterView.vue') },
  { path: '/help/:id', name: 'help-article', component: () => import('./views/support/FaqArticleView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/service-points', name: 'service-points', component: () => import('./views/support/ServicePointsView.vue') },
  { path: '/chat', name: 'chat', component: () => import('./views/chat/ChatView.vue'), meta: { auth: true } },
  { path: '/p/:slug', name: 'custom-page', component: () => import('./views/decoration/CustomPageView.vue'), props: (r) => ({ slug: String(r.params.slug) }) },
  { path: '/presale/:id(\\d+)', name: 'presale-campaign', component: () => import('./views/decoration/CampaignView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/c/:id(\\d+)', name: 'category-products', component: () => import('./views/decoration/CategoryProductsView.vue'), props: (r) => ({ id: Number(r.params.id) }) },
  { path: '/decoration-preview', name: 'decoration-preview', component: () => import('./views/decoration/PreviewView.vue') },
  { path: '/distribution', name: 'distribution', component: () => import('./views/distribution/DistributionCenterView.vue'), meta: { auth: true } },
  { path: '/distribution/apply', name: 'distribution-apply', component: () => import('./views/distribution/DistributionApplyView.vue'), meta: { auth: true } },
  { path: '/distribution/commissions', name: 'distribution-commissions', component: () => import('./views/distribution/DistributionCommissionsView.vue'), meta: { auth: true } },
  { path: '/distribution/products', name: 'distribution-products', component: () => import('./views/distribution/DistributionProductsView.vue'), meta: { auth: true } },
  { path: '/distribution/team', name: 'distribution-team', component: () => import('./views/distribution/DistributionTeamView.vue'), meta: { auth: true } },
  { path: '/distribution/withdraw', name: 'distribution-withdraw', component: () => import('./views/distribution/DistributionWithdrawView.vue'), meta: { auth: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const referral = captureReferral(to.query);
  if (referral) void reportReferralVisit(referral, to.path);
  // The sandbox pay page sends the shopper back to /?paymentNo=...: show the result.
  if (to.path === '/' && typeof to.query.paymentNo === 'string') {
    return { name: 'pay-result', query: { paymentNo: to.query.paymentNo } };
  }
  if (!to.meta.auth) return true;
  const session = useSessionStore();
  await session.ensureLoaded().catch(() => undefined);
  if (session.signedIn) return true;
  return { name: 'login', query: { redirect: to.fullPath } };
});
