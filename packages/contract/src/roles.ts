/**
 * Staff roles and what each may do. Routes name the permission they need; the role table is
 * the one place that decides. The back office uses the same table to hide what a role can't do.
 */
export const STAFF_ROLES = ['owner', 'operator', 'customer_service', 'warehouse'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  'catalog.read',
  'catalog.write', // create/edit products, categories, images, shelf status, import
  'catalog.price', // change SKU prices (and import files that change prices)
  'inventory.read',
  'inventory.write', // adjustments, stocktakes, thresholds
  'staff.manage',
  'audit.read',
  'notifications.read',
  'settings.manage', // shop settings: payment timeout, points, shipping fee, ...
  'orders.read',
  'orders.ship', // ship, add remarks
  'orders.manage', // close with refund, export
  'marketing.manage', // coupons, promotions
  'aftersales.read',
  'aftersales.handle', // review, receive returns, refund, exchange, reject
  'support.manage', // FAQ, warranty policies, service points
  'logistics.manage', // carriers, shipping fee templates
  'support.chat', // answer customer-service chat, take and transfer conversations
  'installation.manage', // confirm, reschedule and complete installation appointments
  'members.manage', // member levels, growth and points rules
  'distribution.manage', // distributors, commissions, withdrawals
  'decoration.manage', // store decoration: pages, blocks, publishing
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  operator: [
    'catalog.read',
    'catalog.write',
    'catalog.price',
    'inventory.read',
    'inventory.write',
    'notifications.read',
    'orders.read',
    'orders.ship',
    'orders.manage',
    'marketing.manage',
    'aftersales.read',
    'aftersales.handle',
    'support.manage',
    'logistics.manage',
    'support.chat',
    'installation.manage',
    'members.manage',
    'distribution.manage',
    'decoration.manage',
  ],
  customer_service: ['catalog.read', 'inventory.read', 'notifications.read', 'orders.read', 'aftersales.read', 'aftersales.handle', 'support.manage', 'support.chat', 'installation.manage'],
  warehouse: ['catalog.read', 'inventory.read', 'inventory.write', 'notifications.read', 'orders.read', 'orders.ship', 'aftersales.read', 'logistics.manage', 'installation.manage'],
};

export function roleAllows(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
