// Distribution money (issue 8): distributors, commissions, agents, regional rebates and withdrawals.
// Share links, referral codes and bindings live in the referral contract, not here.
import { z } from 'zod';
import type { ErrorSpec } from './errors-common.ts';
import { isoDateTime, pageOf, pageQuery } from './common.ts';
import { moneyAmount } from './money.ts';

export const distributionErrors = {
  DISTRIBUTOR_ALREADY_APPLIED: { status: 409, zh: '您已提交过分销员申请', en: 'You have already applied to be a distributor' },
  DISTRIBUTOR_NOT_FOUND: { status: 404, zh: '分销员 {id} 不存在', en: 'No distributor {id}' },
  DISTRIBUTOR_NOT_APPROVED: { status: 409, zh: '您还不是已审核的分销员', en: 'You are not an approved distributor' },
  DISTRIBUTOR_STATUS_INVALID: { status: 409, zh: '分销员当前状态（{from}）不能变为 {to}', en: 'A distributor in status {from} cannot become {to}' },
  WITHDRAWAL_NOT_FOUND: { status: 404, zh: '提现申请 {id} 不存在', en: 'No withdrawal {id}' },
  WITHDRAWAL_OPEN_EXISTS: { status: 409, zh: '您已有一笔处理中的提现申请', en: 'You already have a withdrawal in progress' },
  WITHDRAWAL_EXCEEDS_AVAILABLE: { status: 409, zh: '提现金额超过可提现余额 ¥{available}', en: 'The amount exceeds your withdrawable balance of ¥{available}' },
  WITHDRAWAL_BELOW_MINIMUM: { status: 400, zh: '单笔提现至少 ¥{minimum}', en: 'A withdrawal must be at least ¥{minimum}' },
  WITHDRAWAL_STATUS_INVALID: { status: 409, zh: '提现申请当前状态（{from}）不能变为 {to}', en: 'A withdrawal in status {from} cannot become {to}' },
  WITHDRAWAL_NOT_MANUAL: { status: 409, zh: '提现 {id} 由 {route} 自动打款，不能手工登记结果', en: 'Withdrawal {id} is paid out through {route}; its outcome cannot be recorded by hand' },
} as const satisfies Record<string, ErrorSpec>;

export const DISTRIBUTOR_STATUSES = ['pending', 'approved', 'rejected', 'disabled'] as const;
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number];
export const COMMISSION_KINDS = ['level1', 'level2', 'agent_dividend', 'regional_rebate'] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];
export const COMMISSION_STATUSES = ['pending', 'settled', 'clawed_back', 'cancelled'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];
export const WITHDRAWAL_STATUSES = ['requested', 'approved', 'paid', 'failed', 'rejected'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
/** How an approved withdrawal is paid: the sandbox or Alipay transfer, or by staff themselves (manual). */
export const PAYOUT_ROUTES = ['sandbox', 'alipay', 'manual'] as const;
export type PayoutRoute = (typeof PAYOUT_ROUTES)[number];

const permille = z.number().int().min(0).max(1000);
const phone = z.string().regex(/^1\d{10}$/, 'an 11-digit mainland mobile number');

export const distributionApplyBody = z.object({ realName: z.string().trim().min(1).max(40), phone, reason: z.string().max(200).optional() });
export const distributorReviewBody = z.object({ note: z.string().max(200).optional() });
/** Agent dividend and regional agent role of an approved distributor. */
export const distributorRolesBody = z.object({
  isAgent: z.boolean(),
  agentPermille: permille,
  regionProvince: z.string().trim().min(1).max(40).nullable(),
  regionCity: z.string().trim().min(1).max(40).nullable(),
  regionPermille: permille,
});
export const productCommissionRateBody = z.object({ level1Permille: permille, level2Permille: permille });
export const productCommissionRate = productCommissionRateBody.extend({ productId: z.number().int() });

export const distributorView = z.object({
  shopperId: z.number().int(),
  status: z.enum(DISTRIBUTOR_STATUSES),
  realName: z.string(),
  phone: z.string(),
  reason: z.string(),
  isAgent: z.boolean(),
  agentPermille: z.number().int(),
  regionProvince: z.string().nullable(),
  regionCity: z.string().nullable(),
  regionPermille: z.number().int(),
  reviewedBy: z.string().nullable(),
  reviewedAt: isoDateTime.nullable(),
  reviewNote: z.string(),
  createdAt: isoDateTime,
});
export type DistributorView = z.infer<typeof distributorView>;
export const distributorAdminQuery = pageQuery.extend({ status: z.enum(DISTRIBUTOR_STATUSES).optional() });
export const distributorList = pageOf(distributorView);

export const distributionBalances = z.object({ pending: z.number().int(), available: z.number().int(), frozen: z.number().int(), withdrawn: z.number().int() });
export const myDistribution = z.object({
  distributor: distributorView.nullable(),
  balances: distributionBalances,
  /** Shoppers bound to me (level 1) and to them (level 2). */
  team: z.object({ level1: z.number().int(), level2: z.number().int() }),
  minWithdrawal: z.number().int(),
});

export const commissionView = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string(),
  /** The buyer, masked (e.g. 李*). */
  buyer: z.string(),
  beneficiaryId: z.number().int(),
  /** The distributor's real name (their nickname when they have none). */
  beneficiaryName: z.string(),
  kind: z.enum(COMMISSION_KINDS),
  baseAmount: z.number().int(),
  permille: z.number().int(),
  amount: z.number().int(),
  status: z.enum(COMMISSION_STATUSES),
  settleAt: isoDateTime.nullable(),
  settledAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type CommissionView = z.infer<typeof commissionView>;
export const commissionQuery = pageQuery.extend({ status: z.enum(COMMISSION_STATUSES).optional() });
export const commissionAdminQuery = commissionQuery.extend({ beneficiaryId: z.coerce.number().int().positive().optional() });
export const commissionList = pageOf(commissionView);
/** The back office's list, with the totals of the same distributor (or all): still pending, settled, and taken back. */
export const commissionAdminList = commissionList.extend({
  totals: z.object({ pending: z.number().int(), settled: z.number().int(), clawedBack: z.number().int() }),
});
export type CommissionAdminList = z.infer<typeof commissionAdminList>;

export const withdrawalPayee = z.object({
  channel: z.enum(['alipay', 'wechat', 'bank']),
  account: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(40),
  /** The bank (and branch) of a bank account: staff need it to transfer by hand. */
  bankName: z.string().trim().min(1).max(60).optional(),
});
export const withdrawalBody = z
  .object({ amount: moneyAmount.refine((v) => v > 0, 'must be positive'), payee: withdrawalPayee })
  .superRefine((body, check) => {
    if (body.payee.channel === 'bank' && !body.payee.bankName) check.addIssue({ code: 'custom', path: ['payee', 'bankName'], message: 'required for a bank account' });
  });
export const withdrawalView = z.object({
  id: z.number().int(),
  shopperId: z.number().int(),
  amount: z.number().int(),
  status: z.enum(WITHDRAWAL_STATUSES),
  payee: withdrawalPayee,
  payoutRef: z.string().nullable(),
  /** Chosen on approval; null before. */
  payoutRoute: z.enum(PAYOUT_ROUTES).nullable(),
  /** Staff who recorded a manual payout's outcome. */
  payoutBy: z.string().nullable(),
  failureReason: z.string().nullable(),
  reviewNote: z.string(),
  reviewedAt: isoDateTime.nullable(),
  paidAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type WithdrawalView = z.infer<typeof withdrawalView>;
export const withdrawalQuery = pageQuery.extend({ status: z.enum(WITHDRAWAL_STATUSES).optional() });
export const withdrawalList = pageOf(withdrawalView);
/** The back office's list: each withdrawal with the distributor's real name, and whether the payee's name differs from it (a payout to someone else). */
export const withdrawalAdminList = pageOf(withdrawalView.extend({ distributorName: z.string().nullable(), payeeNameDiffers: z.boolean() }));
/** 标记已打款: staff paid a manual withdrawal themselves; the bank or transfer reference is required. */
export const withdrawalMarkPaidBody = z.object({ reference: z.string().trim().min(1).max(64), note: z.string().max(200).optional() });
/** 打款失败: a manual payout did not go through; the money returns to the distributor's available balance. */
export const withdrawalMarkFailedBody = z.object({ reason: z.string().trim().min(1).max(200) });
