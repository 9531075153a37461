// What orders needs of the modules it calls, narrowed to the calls it makes. app.ts passes the
// real services (promotions, points, cart, addresses, payments); tests of pure parts pass fakes.
import type { PaymentView, PresaleShip, PriceBreakdown, ShopSettings } from '@mall/contract';
import type { DbOrTx, Tx } from '../../platform/db.ts';
import type { CampaignForOrder, ItemForOrder, PlacedBatch, UnitsInput } from '../presale/index.ts';
import type { AddressSnapshot } from './orders.tables.ts';

export interface QuoteLine {
  skuId: number;
  productId: number;
  categoryIds: number[];
  unitPrice: number;
  quantity: number;
}

export interface PricingPort {
  quote(
    tx: Tx,
    input: {
      shopperId: number;
      lines: QuoteLine[];
      couponId?: number;
      points?: number;
      allow?: { coupons?: boolean; points?: boolean; promotions?: boolean };
      shippingFee?: number;
      /** The shop settings the use case already read (read again when absent). */
      settings?: ShopSettings;
    },
  ): Promise<PriceBreakdown>;
  useCoupon(tx: Tx, input: { shopperId: number; couponId: number; orderId: number }): Promise<unknown>;
  restoreCoupon(tx: Tx, input: { couponId: number; orderId: number }): Promise<unknown>;
  /** One coupon of the template to each shopper (a ship-date compensation); refusals (sold out, inactive) are AppErrors. */
  issueCouponsInTx(tx: Tx, input: { templateId: number; shopperIds: number[]; note: string; actor: null; issuedBy: string }): Promise<{ issued: number; couponIds: number[] }>;
}

export interface PointsPort {
  spend(tx: Tx, input: { shopperId: number; points: number; orderId: number }): Promise<unknown>;
  refundSpent(tx: Tx, input: { shopperId: number; orderId: number }): Promise<unknown>;
  earnForOrder(tx: Tx, input: { shopperId: number; orderId: number; paidAmount: number }): Promise<unknown>;
  compensate(tx: Tx, input: { shopperId: number; points: number; orderId: number; key: string }): Promise<{ granted: number }>;
}

export interface CartLineForCheckout {
  cartItemId: number;
  skuId: number;
  quantity: number;
}

export interface CartPort {
  selectedLinesForCheckout(tx: Tx, shopperId: number): Promise<readonly CartLineForCheckout[]>;
  removeItems(tx: Tx, shopperId: number, cartItemIds: readonly number[]): Promise<unknown>;
}

export interface AddressPort {
  getAddressForOrder(tx: Tx, shopperId: number, addressId: number): Promise<AddressSnapshot>;
}

export type PaymentProviderName = 'sandbox' | 'alipay' | 'wechat';

export interface PaymentsPort {
  start(
    tx: Tx,
    input: {
      refType: string;
      refId: string;
      stage: 'full' | 'deposit' | 'balance';
      amount: number;
      currency: 'CNY';
      subject: string;
      shopperId: number;
      provider: PaymentProviderName;
      capture?: 'auto' | 'manual';
      expiresAt: Date;
    },
  ): Promise<{ paymentId: number; paymentNo: string; status: string }>;
  prepare(paymentNo: string, options: { clientIp?: string }): Promise<{ payUrl?: string; clientParams?: Record<string, unknown> }>;
  refund(
    tx: Tx,
    input: { paymentId: number; amount: number; reason: string; refType: string; refId: string; requestedBy: string },
  ): Promise<{ refundId: number; refundNo: string; status: string }>;
  /** The reference's payments with their refunds (the payments module's PaymentView). */
  listForRef(db: DbOrTx, refType: string, refId: string): Promise<readonly PaymentView[]>;
  /** Takes the money of an authorised payment (manual capture), through the outbox. */
  capture(tx: Tx, paymentId: number): Promise<unknown>;
  /** Releases an authorised payment without taking money, through the outbox. */
  void(tx: Tx, paymentId: number): Promise<unknown>;
}

/** A verified, applied payment of an order, as the payments module reports it. */
export interface OrderPaymentEvent {
  paymentId: number;
  paymentNo: string;
  refType: string;
  refId: string;
  stage: 'full' | 'deposit' | 'balance';
  amount: number;
  provider: PaymentProviderName;
  providerTxnId: string;
  at: Date;
}

/** A refund of an order's payment that the gateway confirmed. */
export interface OrderRefundEvent {
  refundId: number;
  refundNo: string;
  paymentId: number;
  refType: string;
  refId: string;
  amount: number;
  at: Date;
}

/** What orders uses of presale campaigns: the open item of each SKU, the quota, the campaign. */
export interface PresalePort {
  openItemsForSkus(tx: DbOrTx, skuIds: readonly number[]): Promise<Map<number, { item: ItemForOrder; campaign: CampaignForOrder }>>;
  /** With `batchId`, the batch's balance window and ship date replace the campaign's. */
  campaignForOrder(tx: DbOrTx, campaignId: number, batchId?: number | null): Promise<CampaignForOrder | undefined>;
  shipHistoryForOrder(tx: DbOrTx, campaignId: number, batchSeq?: number | null): Promise<{ from: PresaleShip; to: PresaleShip; reason: string; at: Date }[]>;
  holdUnits(tx: Tx, input: UnitsInput): Promise<{ item: ItemForOrder; buyerUnits: number }>;
  /** The hold as the last statement of the order's transaction (its refusal must roll that transaction back). */
  holdUnitsBeforeCommit(tx: Tx, input: UnitsInput): Promise<{ soldUnits: number; buyerUnits: number }>;
  releaseUnits(tx: Tx, input: UnitsInput): Promise<number>;
  /** 分批发货: places a paid deposit in a batch (null when the campaign has none), and takes it out again. */
  placeInBatch(tx: Tx, campaignId: number, units: number): Promise<PlacedBatch | null>;
  takeOutOfBatch(tx: Tx, campaignId: number, batchId: number, units: number): Promise<void>;
}

/** The waitlist: units freed in a sold-out campaign are offered to its subscribers. */
export interface DemandPort {
  offerFreedUnits(tx: DbOrTx, input: { campaignId?: number; productId?: number; skuId?: number; units: number }): Promise<unknown>;
}

/** One order line as the shipping fee sees it: `amount` is what free-shipping thresholds compare against. */
export interface ShippingLineInput {
  productId: number;
  skuId: number;
  quantity: number;
  amount: number;
}

/** The shipping module's fee templates. */
export interface ShippingPort {
  /**
   * The order's shipping fee by the templates of its lines, or null when no template applies (the
   * shop settings' flat fee does, as pricing works it out). Refuses a region a template does not
   * deliver to (SHIPPING_REGION_NOT_DELIVERED, naming it). No destination: nothing is refused.
   */
  orderFee(
    tx: DbOrTx,
    input: { destination: { province: string; city: string } | null; lines: ShippingLineInput[]; flat: ShopSettings['shipping'] },
  ): Promise<{ fee: number; free: boolean; deliveryDays: { minDays: number; maxDays: number } | null } | null>;
}
