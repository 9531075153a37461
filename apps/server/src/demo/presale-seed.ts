import { count, inArray } from 'drizzle-orm';
import { presaleCampaignInput } from '@mall/contract';
import type { Db } from '../platform/db.ts';
import type { Clock } from '../platform/clock.ts';
import { DAY, HOUR } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { skus } from '../modules/catalog/index.ts';
import { presaleCampaigns, type PresaleService } from '../modules/presale/index.ts';
import { demoOwnerContext } from './demo-owner.ts';

/**
 * Demo presales, relative to the clock, created by the demo owner through the presale service (so
 * they are validated and audited like any other): a live deposit presale of a limited figure, a
 * live full-payment presale, and an upcoming campaign shoppers can ask to be told about. Only when
 * the shop has no campaign yet and the demo catalogue is there. The demo has no shopper account, so
 * nobody is subscribed to the upcoming campaign.
 */
const SKU_CODES = { limitedFigure: 'FIG-001-LTD', clearKit: 'MDL-001-CLR', soldOutFigure: 'FIG-003' } as const;

export async function seedDemoPresale(deps: { db: Db; clock: Clock; presale: PresaleService }): Promise<boolean> {
  const { db, clock, presale } = deps;
  const [existing] = await db.select({ n: count() }).from(presaleCampaigns);
  if ((existing?.n ?? 0) > 0) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  const rows = await db.select({ id: skus.id, code: skus.skuCode }).from(skus).where(inArray(skus.skuCode, Object.values(SKU_CODES)));
  const skuId = (code: string) => rows.find((r) => r.code === code)?.id;
  const [limitedFigure, clearKit, soldOutFigure] = [skuId(SKU_CODES.limitedFigure), skuId(SKU_CODES.clearKit), skuId(SKU_CODES.soldOutFigure)];
  if (limitedFigure === undefined || clearKit === undefined || soldOutFigure === undefined) return false;
  const hour = Math.floor(clock.now().getTime() / HOUR) * HOUR;
  const at = (offsetMs: number) => new Date(hour + offsetMs).toISOString();

  try {
    await presale.createCampaign(
      ctx,
      presaleCampaignInput.parse({
        type: 'deposit',
        depositKind: 'earnest',
        name: '初音未来 魔法未来2025 限定版 定金预售',
        rulesText: '定金 ¥200 可抵 ¥300（定金膨胀）。活动结束后 3 天内支付尾款，预计 45 天后发货。满 30 / 80 人付定金，尾款再减 ¥50 / ¥100；付定金不足 20 件则活动失败并全额退款。',
        termsText: [
          '1. 本商品为预售商品，定金 ¥200 一经支付不予退还（定金不退）；支付尾款时定金可抵扣 ¥300。',
          '2. 尾款须在尾款支付时间内付清，逾期未付视为放弃购买，定金不予退还，名额释放给其他买家。',
          '3. 因商家原因无法按期发货或取消订单的，定金全额退还，并另行赔付与定金等额的积分。',
          '4. 每人限购 2 件；预计发货时间仅供参考，如有调整将另行通知。',
        ].join('\n'),
        startsAt: at(0),
        endsAt: at(10 * DAY),
        balanceStartsAt: at(10 * DAY),
        balanceEndsAt: at(13 * DAY),
        ship: { kind: 'date', shipDate: at(45 * DAY) },
        commission: { distribution: true },
        minTarget: 20,
        tiers: [
          { deposits: 30, balanceOff: 5_000 },
          { deposits: 80, balanceOff: 10_000 },
        ],
        items: [{ skuId: limitedFigure, presalePrice: 149_900, deposit: 20_000, depositValue: 30_000, quota: 100, perBuyerLimit: 2 }],
      }),
    );
    await presale.createCampaign(
      ctx,
      presaleCampaignInput.parse({
        type: 'full',
        name: '自由高达 2.0 透明版 全款预售',
        rulesText: '全款预售，付款后 20 天内发货；可使用优惠券。每人限购 3 件。',
        termsText: '预售商品付款后 20 天内发货；发货前可申请取消并全额退款。',
        startsAt: at(0),
        endsAt: at(14 * DAY),
        ship: { kind: 'days_after_paid', shipDays: 20 },
        allowCoupons: true,
        items: [{ skuId: clearKit, presalePrice: 35_900, quota: 50, perBuyerLimit: 3 }],
      }),
    );
    await presale.createCampaign(
      ctx,
      presaleCampaignInput.parse({
        type: 'deposit',
        depositKind: 'earnest',
        name: '灶门炭治郎 水之呼吸 再版预售（即将开始）',
        rulesText: '3 天后开始预售，可点击“开售提醒”。定金 ¥100 抵 ¥150，预计 60 天后发货。',
        termsText: '本商品为预售商品，定金 ¥100 一经支付不予退还（定金不退）；尾款须在尾款支付时间内付清，逾期未付定金不退。',
        startsAt: at(3 * DAY),
        endsAt: at(10 * DAY),
        balanceStartsAt: at(10 * DAY),
        balanceEndsAt: at(13 * DAY),
        ship: { kind: 'date', shipDate: at(60 * DAY) },
        items: [{ skuId: soldOutFigure, presalePrice: 64_900, deposit: 10_000, depositValue: 15_000, quota: 200, perBuyerLimit: 2 }],
      }),
    );
  } catch (error) {
    // Another instance seeding at the same moment took the SKUs first (PRESALE_SKU_IN_OTHER_CAMPAIGN),
    // or the merchant changed the demo products so a campaign no longer fits them: the demo goes
    // without, rather than stopping the server at every start.
    if (error instanceof AppError) return false;
    throw error;
  }
  return true;
}
