// Using a held coupon on an order and giving it back: called by order placement and cancel, in their transaction.
import type { Clock } from '../../platform/clock.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './coupons.repo.ts';
import { toCouponForPricing, useRefusal, type HeldCoupon, type UseRefusal } from './coupons.rules.ts';
import type { CouponForPricing } from './pricing.rules.ts';

const notYours = (couponId: number) => new AppError('COUPON_UNAVAILABLE', { couponId });
const refused = (code: UseRefusal, coupon: HeldCoupon & { id: number }) =>
  new AppError(code, { couponId: coupon.id, validFrom: coupon.validFrom.toISOString(), validUntil: coupon.validUntil.toISOString() });

export function createCouponUsageUseCases(deps: { clock: Clock }) {
  const { clock } = deps;

  /**
   * The shopper's coupon as pricing takes it. 409 unless theirs (COUPON_UNAVAILABLE), unused
   * (COUPON_ALREADY_USED) and inside its window (COUPON_NOT_STARTED, COUPON_EXPIRED).
   */
  async function couponForPricing(tx: DbOrTx, shopperId: number | null, couponId: number): Promise<CouponForPricing> {
    const held = await repo.findHeldCoupon(tx, couponId);
    if (!held || shopperId === null || held.coupon.shopperId !== shopperId) throw notYours(couponId);
    const refusal = useRefusal(held.coupon, clock.now());
    if (refusal) throw refused(refusal, held.coupon);
    return toCouponForPricing({ id: held.coupon.id, templateId: held.template.id, name: held.template.name }, held.template);
  }

  /**
   * Marks the coupon used by the order (compare-and-set unused → used). Repeating it for the
   * same order is a no-op. Not the shopper's: 409 COUPON_UNAVAILABLE; another order got there
   * first: COUPON_ALREADY_USED; outside its window: COUPON_NOT_STARTED / COUPON_EXPIRED.
   */
  async function useCoupon(tx: DbOrTx, input: { shopperId: number; couponId: number; orderId: number }): Promise<void> {
    const now = clock.now();
    if (await repo.markUsed(tx, { ...input, now })) return;
    const held = await repo.findHeldCoupon(tx, input.couponId);
    if (!held || held.coupon.shopperId !== input.shopperId) throw notYours(input.couponId);
    if (held.coupon.status === 'used' && held.coupon.orderId === input.orderId) return;
    throw refused(useRefusal(held.coupon, now) ?? 'COUPON_ALREADY_USED', held.coupon);
  }

  /**
   * Gives the coupon back when the unpaid order that used it is cancelled: unused again while
   * inside its window, expired otherwise. Idempotent: only a coupon used by this order changes.
   */
  async function restoreCoupon(tx: DbOrTx, input: { couponId: number; orderId: number }): Promise<{ restored: boolean; status: 'unused' | 'expired' | null }> {
    const row = await repo.markRestored(tx, { ...input, now: clock.now() });
    if (!row) return { restored: false, status: null };
    return { restored: row.status === 'unused', status: row.status === 'unused' ? 'unused' : 'expired' };
  }

  return { couponForPricing, useCoupon, restoreCoupon };
}
