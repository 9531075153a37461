import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Permission } from '@mall/contract';
import { useSessionStore } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page needs one of these permissions. */
    permission?: Permission | Permission[];
    /** Open without signing in. */
    public?: boolean;
  }
}

const children: RouteRecordRaw[] = [
  { path: '', name: 'dashboard', component: () => import('./views/dashboard/DashboardView.vue') },
  { path: 'presale', name: 'campaigns', component: () => import('./views/presale/CampaignList.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'presale/new', name: 'campaign-new', component: () => import('./views/presale/CampaignEdit.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'presale/:id/edit', name: 'campaign-edit', component: () => import('./views/presale/CampaignEdit.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'presale/:id', name: 'campaign', component: () => import('./views/presale/CampaignDetail.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'orders', name: 'orders', component: () => import('./views/orders/OrderList.vue'), meta: { permission: 'orders.read' } },
  { path: 'orders/:id', name: 'order', component: () => import('./views/orders/OrderDetail.vue'), meta: { permission: 'orders.read' } },
  { path: 'products', name: 'products', component: () => import('./views/catalog/ProductList.vue'), meta: { permission: 'catalog.read' } },
  { path: 'products/new', name: 'product-new', component: () => import('./views/catalog/ProductEdit.vue'), meta: { permission: 'catalog.write' } },
  { path: 'products/:id', name: 'product', component: () => import('./views/catalog/ProductEdit.vue'), meta: { permission: 'catalog.read' } },
  { path: 'categories', name: 'categories', component: () => import('./views/catalog/CategoryList.vue'), meta: { permission: 'catalog.read' } },
  { path: 'inventory', name: 'inventory', component: () => import('./views/inventory/InventoryList.vue'), meta: { permission: 'inventory.read' } },
  { path: 'inventory/ledger', name: 'ledger', component: () => import('./views/inventory/StockLedger.vue'), meta: { permission: 'inventory.read' } },
  { path: 'aftersales', name: 'aftersales', component: () => import('./views/aftersales/TicketList.vue'), meta: { permission: 'aftersales.read' } },
  { path: 'aftersales/:id', name: 'ticket', component: () => import('./views/aftersales/TicketDetail.vue'), meta: { permission: 'aftersales.read' } },
  { path: 'coupons', name: 'coupons', component: () => import('./views/marketing/CouponList.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'promotions', name: 'promotions', component: () => import('./views/marketing/PromotionList.vue'), meta: { permission: 'marketing.manage' } },
  { path: 'members/levels', name: 'member-levels', component: () => import('./views/members/MemberLevelList.vue'), meta: { permission: 'members.manage' } },
  { path: 'members', name: 'members', component: () => import('./views/members/MemberList.vue'), meta: { permission: 'members.manage' } },
  { path: 'members/lookup', redirect: { name: 'members' } },
  { path: 'distribution/referrals', name: 'distribution-referrals', component: () => import('./views/distribution/ReferralList.vue'), meta: { permission: 'distribution.manage' } },
  { path: 'staff', name: 'staff', component: () => import('./views/system/StaffList.vue'), meta: { permission: 'staff.manage' } },
  { path: 'audit', name: 'audit', component: () => import('./views/system/AuditLog.vue'), meta: { permission: 'audit.read' } },
  { path: 'settings', name: 'settings', component: () => import('./views/system/SettingsView.vue'), meta: { permission: 'settings.manage' } },
  { path: 'support/faq', name: 'support-faq', component: () => import('./views/support/FaqList.vue'), meta: { permission: 'support.manage' } },
  { path: 'support/warranty', name: 'support-warranty', component: () => import('./views/support/WarrantyList.vue'), meta: { permission: 'support.manage' } },
  { path: 'support/service-points', name: 'support-service-points', component: () => import('./views/support/ServicePointList.vue'), meta: { permission: 'support.manage' } },
  { path: 'support/chat', name: 'support-chat', component: () => import('./views/support/chat/ChatConsole.vue'), meta: { permission: 'support.chat' } },
  { path: 'logistics/carriers', name: 'logistics-carriers', component: () => import('./views/logistics/CarrierList.vue'), meta: { permission: 'logistics.manage' } },
  { path: 'logistics/templates', name: 'logistics-templates', component: () => import('./views/logistics/TemplateList.vue'), meta: { permission: 'logistics.manage' } },
  { path: 'installation', name: 'installation', component: () => import('./views/installation/InstallationView.vue'), meta: { permission: 'installation.manage' } },
  { path: 'decoration', name: 'decoration', component: () => import('./views/decoration/PageList.vue'), meta: { permission: 'decoration.manage' } },
  { path: 'decoration/:id', name: 'decoration-edit', component: () => import('./views/decoration/PageEditor.vue'), meta: { permission: 'decoration.manage' } },
  { path: 'distribution/distributors', name: 'distribution-distributors', component: () => import('./views/distribution/DistributorList.vue'), meta: { permission: 'distribution.manage' } },
  { path: 'distribution/commissions', name: 'distribution-commissions', component: () => import('./views/distribution/CommissionList.vue'), meta: { permission: 'distribution.manage' } },
  { path: 'distribution/withdrawals', name: 'distribution-withdrawals', component: () => import('./views/distribution/WithdrawalList.vue'), meta: { permission: 'distribution.manage' } },
];

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', component: () => import('./views/AppLayout.vue'), children },
  { path: '/:rest(.*)*', redirect: '/' },
];

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSessionStore();
    const me = await session.ensureLoaded().catch(() => null);
    if (!me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    if (!session.can(to.meta.permission)) return to.name === 'dashboard' ? true : { name: 'dashboard' };
    return true;
  });
  return router;
}
