// Pricing use cases: a quote for a cart or an order, the checkout's coupon picker, the rules in words.
import type { CouponChoice, PriceBreakdown, PricingRulesView, ShopSettings } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { SettingsService } from '../settings/index.ts';
import type { PointsService } from '../points/index.ts';
import { listRunningPromotions } from './promotions.repo.ts';
import { listUsableCoupons } from './coupons.repo.ts';
import { toCouponForPricing } from './coupons.rules.ts';
import { pricingRules, toActivePromotion } from './promotions.rules.ts';
import { heldCouponView } from './promotions.views.ts';
import { priceOrder, type ActivePromotion, type MemberPricing, type PricingInput, type PricingLine } from './pricing.rules.ts';

/** The shopper's member level for pricing (the members module); null: none. */
export interface MemberPricingPort {
  pricingFor(tx: DbOrTx, shopperId: number): Promise<MemberPricing | null>;
}
import type { createCouponUsageUseCases } from './coupon-usage.service.ts';

export interface QuoteInput {
  shopperId: number | null;
  lines: PricingLine[];
  /** A coupon this shopper claimed. */
  couponId?: number | null;
  points?: number;
  allow?: PricingInput['allow'];
  shippingFee?: number;
  /** The shop settings when the caller already read them in this transaction. */
  settings?: ShopSettings;
}

const MAX_LINES = 200;
const MAX_POINTS = 1_000_000_000_000;

function lineProblems(lines: readonly PricingLine[]): FieldError[] {
  const problems: FieldError[] = [];
  if (lines.length > MAX_LINES) problems.push({ path: 'lines', message: `at most ${MAX_LINES} lines` });
  lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) problems.push({ path: `lines.${i}.unitPrice`, message: 'must be a non-negative integer (fen)' });
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) problems.push({ path: `lines.${i}.quantity`, message: 'must be a positive integer' });
    else if (!Number.isSafeInteger(l.unitPrice * l.quantity)) problems.push({ path: `lines.${i}.quantity`, message: 'line amount too large' });
  });
  return problems;
}

export function createPricingUseCases(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  points: PointsService;
  usage: ReturnType<typeof createCouponUsageUseCases>;
  members?: MemberPricingPort;
}) {
  const { db, clock } = deps;

  const memberOf = async (tx: DbOrTx, shopperId: number | null) => (shopperId === null || !deps.members ? null : deps.members.pricingFor(tx, shopperId));

  async function activePromotions(tx: DbOrTx): Promise<ActivePromotion[]> {
    return (await listRunningPromotions(tx, clock.now())).map(toActivePromotion);
  }

  /**
   * Prices lines for a shopper (or a guest): running promotions by the clock, the shopper's
   * coupon (409 COUPON_UNAVAILABLE unless theirs, unused and valid now), their points balance
   * and the shop settings, through the one pricing function. Runs in the caller's transaction.
   */
  async function quote(tx: DbOrTx, input: QuoteInput): Promise<PriceBreakdown> {
    const problems = lineProblems(input.lines);
    const points = input.points ?? 0;
    if (!Number.isSafeInteger(points) || points < 0 || points > MAX_POINTS) problems.push({ path: 'points', message: 'must be a non-negative integer' });
    if (input.shippingFee !== undefined && (!Number.isSafeInteger(input.shippingFee) || input.shippingFee < 0)) problems.push({ path: 'shippingFee', message: 'must be a non-negative integer (fen)' });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    const settings = input.settings ?? (await deps.settings.get(tx));
    const coupon = input.couponId ? await deps.usage.couponForPricing(tx, input.shopperId, input.couponId) : null;
    // Only what the pricing will look at: no promotions when they are switched off, no balance when no points are asked for.
    return priceOrder({
      lines: input.lines,
      promotions: input.allow?.promotions === false ? [] : await activePromotions(tx),
      coupon,
      pointsRequested: points,
      pointsBalance: input.shopperId === null || points === 0 ? 0 : await deps.points.balance(tx, input.shopperId),
      settings,
      allow: input.allow,
      member: await memberOf(tx, input.shopperId),
      shippingFee: input.shippingFee,
    });
  }

  /** The shopper's coupons usable now, with what each would take off these lines; the best first. */
  async function availableCoupons(dbOrTx: DbOrTx, shopperId: number, lines: PricingLine[]): Promise<CouponChoice[]> {
    const problems = lineProblems(lines);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, problems);
    const now = clock.now();
    const [settings, promotions, held, member] = [await deps.settings.get(dbOrTx), await activePromotions(dbOrTx), await listUsableCoupons(dbOrTx, shopperId, now), await memberOf(dbOrTx, shopperId)];
    const choices = held.map((h) => {
      const coupon = toCouponForPricing({ id: h.coupon.id, templateId: h.template.id, name: h.template.name }, h.template);
      const priced = priceOrder({ lines, promotions, coupon, pointsRequested: 0, pointsBalance: 0, settings, member });
      const notice = priced.notices.find((n) => n.code.startsWith('COUPON_')) ?? null;
      return { coupon: heldCouponView(h, now), discount: priced.couponDiscount, usable: priced.couponDiscount > 0, notice };
    });
    return choices.sort((a, b) => Number(b.usable) - Number(a.usable) || b.discount - a.discount || a.coupon.validUntil.getTime() - b.coupon.validUntil.getTime());
  }

  async function rules(): Promise<PricingRulesView> {
    return pricingRules(await deps.settings.get(db));
  }

  return { quote, availableCoupons, rules, activePromotions };
}
