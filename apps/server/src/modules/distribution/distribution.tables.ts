import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdUpdated, utc } from '../../platform/columns.ts';

/** Each shopper's referral code (推广码), carried by their share links and posters. */
export const referralCodes = pgTable(
  'referral_codes',
  {
    shopperId: integer('shopper_id').primaryKey(),
    code: text('code').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [uniqueIndex('referral_codes_code_uq').on(t.code)],
);

/**
 * Who referred a shopper (上下级绑定): at most one binding per shopper, made by the shop's binding
 * rule when they sign up (or first visit) through a share link; `expiresAt` when the rule limits it.
 */
export const referralBindings = pgTable(
  'referral_bindings',
  {
    shopperId: integer('shopper_id').primaryKey(),
    referrerId: integer('referrer_id').notNull(),
    /** signup, visit, staff */
    source: text('source').notNull(),
    /** What the visitor followed, e.g. { type: 'product', id: 12 }. */
    via: jsonb('via').$type<Record<string, unknown>>(),
    boundAt: utc('bound_at').notNull(),
    expiresAt: utc('expires_at'),
  },
  (t) => [index('referral_bindings_referrer_idx').on(t.referrerId), check('referral_bindings_self_ck', sql`${t.shopperId} <> ${t.referrerId}`)],
);

/**
 * Distributors (分销员), agents (代理, dividend share) and regional agents (区域代理, rebate on orders
 * shipped to their region): a shopper applies, staff approve. Roles are flags on one row.
 */
export const distributors = pgTable(
  'distributors',
  {
    shopperId: integer('shopper_id').primaryKey(),
    /** pending, approved, rejected, disabled */
    status: text('status').notNull(),
    realName: text('real_name').notNull(),
    phone: text('phone').notNull(),
    reason: text('reason').notNull().default(''),
    isAgent: boolean('is_agent').notNull().default(false),
    /** Agent dividend share in per mille of the order's commission base. */
    agentPermille: integer('agent_permille').notNull().default(0),
    /** Regional agent: the province (and city) whose shipped orders earn a rebate; null when not one. */
    regionProvince: text('region_province'),
    regionCity: text('region_city'),
    regionPermille: integer('region_permille').notNull().default(0),
    reviewedBy: text('reviewed_by'),
    reviewedAt: utc('reviewed_at'),
    reviewNote: text('review_note').notNull().default(''),
    ...createdUpdated(),
  },
  (t) => [
    index('distributors_status_idx').on(t.status),
    index('distributors_region_idx').on(t.regionProvince, t.regionCity).where(sql`region_province IS NOT NULL`),
    check('distributors_permille_ck', sql`${t.agentPermille} BETWEEN 0 AND 1000 AND ${t.regionPermille} BETWEEN 0 AND 1000`),
  ],
);

/** Commission rates of a product (else the shop's default): level 1 and level 2, in per mille. */
export const productCommissionRates = pgTable(
  'product_commission_rates',
  {
    productId: integer('product_id').primaryKey(),
    level1Permille: integer('level1_permille').notNull(),
    level2Permille: integer('level2_permille').notNull(),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [check('product_commission_rates_ck', sql`${t.level1Permille} BETWEEN 0 AND 1000 AND ${t.level2Permille} BETWEEN 0 AND 1000`)],
);

/**
 * One beneficiary's commission on one order (level1, level2, agent_dividend, regional_rebate).
 * pending → settled (money moves to the distributor's balance) or clawed_back / cancelled.
 * `amount` may be lowered by partial claw-backs while pending; every change is a ledger row.
 */
export const commissions = pgTable(
  'commissions',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id').notNull(),
    beneficiaryId: integer('beneficiary_id').notNull(),
    kind: text('kind').notNull(),
    baseAmount: bigint('base_amount', { mode: 'number' }).notNull(),
    permille: integer('permille').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** pending, settled, clawed_back, cancelled */
    status: text('status').notNull(),
    /** When it may be settled (full payment, or completion + the rights-protection days); null until known. */
    settleAt: utc('settle_at'),
    settledAt: utc('settled_at'),
    ...createdUpdated(),
  },
  (t) => [
    uniqueIndex('commissions_once_uq').on(t.orderId, t.beneficiaryId, t.kind),
    index('commissions_beneficiary_idx').on(t.beneficiaryId, t.id),
    index('commissions_due_idx').on(t.settleAt).where(sql`status = 'pending'`),
    check('commissions_amount_ck', sql`${t.amount} >= 0 AND ${t.baseAmount} >= 0`),
  ],
);

/** A distributor's money: pending (earned, not settled), available (withdrawable), frozen (in a withdrawal), withdrawn. */
export const distributorAccounts = pgTable(
  'distributor_accounts',
  {
    shopperId: integer('shopper_id').primaryKey(),
    pending: bigint('pending', { mode: 'number' }).notNull().default(0),
    available: bigint('available', { mode: 'number' }).notNull().default(0),
    frozen: bigint('frozen', { mode: 'number' }).notNull().default(0),
    withdrawn: bigint('withdrawn', { mode: 'number' }).notNull().default(0),
    updatedAt: utc('updated_at').notNull(),
  },
  (t) => [check('distributor_accounts_ck', sql`${t.pending} >= 0 AND ${t.available} >= 0 AND ${t.frozen} >= 0 AND ${t.withdrawn} >= 0`)],
);

/** Every change of a distributor's money, bucket by bucket, with why. */
export const distributorLedger = pgTable(
  'distributor_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    /** pending, available, frozen, withdrawn */
    bucket: text('bucket').notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull(),
    balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
    /** commission_earned, commission_settled, commission_clawed_back, withdrawal_requested, withdrawal_paid, withdrawal_rejected, withdrawal_failed */
    reason: text('reason').notNull(),
    commissionId: integer('commission_id'),
    withdrawalId: integer('withdrawal_id'),
    actor: text('actor').notNull(),
    createdAt: utc('created_at').notNull(),
  },
  (t) => [index('distributor_ledger_shopper_idx').on(t.shopperId, t.id), check('distributor_ledger_after_ck', sql`${t.balanceAfter} >= 0`)],
);

/** A payout request (提现): requested → approved → paid (through the payment provider, or by staff for a manual payout) or failed; or rejected. */
export const withdrawals = pgTable(
  'withdrawals',
  {
    id: serial('id').primaryKey(),
    shopperId: integer('shopper_id').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** requested, approved, paid, failed, rejected */
    status: text('status').notNull(),
    /** Where the money goes, as the shopper gave it (e.g. { channel: 'alipay', account: '...' , name: '...' }). */
    payee: jsonb('payee').$type<Record<string, unknown>>().notNull(),
    /** The payout's reference at the payment provider, or the bank/transfer reference staff recorded for a manual payout. */
    payoutRef: text('payout_ref'),
    /** How it is paid, chosen on approval: sandbox, alipay (the payment provider's transfer) or manual (staff pay it themselves). */
    payoutRoute: text('payout_route'),
    /** When the sweeper next asks the provider about an unfinished payout (approved, provider route). */
    payoutCheckAt: utc('payout_check_at'),
    payoutChecks: integer('payout_checks').notNull().default(0),
    /** The staff member who recorded a manual payout's outcome. */
    payoutBy: text('payout_by'),
    failureReason: text('failure_reason'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: utc('reviewed_at'),
    reviewNote: text('review_note').notNull().default(''),
    paidAt: utc('paid_at'),
    ...createdUpdated(),
  },
  (t) => [
    index('withdrawals_shopper_idx').on(t.shopperId, t.id),
    index('withdrawals_status_idx').on(t.status, t.id),
    index('withdrawals_payout_check_idx').on(t.payoutCheckAt).where(sql`${t.status} = 'approved'`),
    check('withdrawals_amount_ck', sql`${t.amount} > 0`),
  ],
);
