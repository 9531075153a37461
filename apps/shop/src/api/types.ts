/**
 * The API's answers as they arrive on the wire (times are ISO strings): the input side of the
 * contract's response schemas.
 */
import type { z } from 'zod';
import type {
  aftersalesEligibility,
  aftersalesPage,
  aftersalesTicketDetail,
  aftersalesTicketView,
  cartView,
  checkoutPreview,
  claimableCouponList,
  notifyMePage,
  notifyMeSubscription,
  orderDetail,
  orderPage,
  orderSummary,
  payOrderResult,
  pointsAccountPage,
  preorderOrderView,
  presaleCampaignShopView,
  presaleZonePage,
  priceBreakdown,
  shopperAddress,
  shopperAddressList,
  shopperCouponPage,
  shopperCouponView,
  shopperMessagePage,
  shopperMessageSchema,
  shopperPaymentView,
  shopperProfile,
  shopperSession,
  shopPreorderSku,
  shopProductDetail,
  shopProductListItem,
  shopProductPage,
  shopProductPreorder,
  otpSent,
  CategoryNode,
  activePromotionList,
  presaleQuoteView,
  presaleOrderView,
} from '@mall/contract';

type Wire<T extends z.ZodType> = z.input<T>;

export type CategoryTree = { items: CategoryNode[] };
export type ProductListItem = Wire<typeof shopProductListItem>;
export type ProductPage = Wire<typeof shopProductPage>;
export type ProductDetail = Wire<typeof shopProductDetail>;
export type ProductSku = ProductDetail['skus'][number];
export type PresaleCampaign = Wire<typeof presaleCampaignShopView>;
export type PresaleItem = PresaleCampaign['items'][number];
export type PresaleZonePage = Wire<typeof presaleZonePage>;
export type ProductPreorder = Wire<typeof shopProductPreorder>;
export type PreorderSku = Wire<typeof shopPreorderSku>;
export type Profile = Wire<typeof shopperProfile>;
export type Session = Wire<typeof shopperSession>;
export type OtpSent = Wire<typeof otpSent>;
export type Cart = Wire<typeof cartView>;
export type CartLine = Cart['items'][number];
export type Breakdown = Wire<typeof priceBreakdown>;
export type CheckoutPreview = Wire<typeof checkoutPreview>;
export type PresaleQuote = Wire<typeof presaleQuoteView>;
export type OrderDetail = Wire<typeof orderDetail>;
export type OrderSummary = Wire<typeof orderSummary>;
export type OrderPage = Wire<typeof orderPage>;
export type PresaleOrder = Wire<typeof presaleOrderView>;
export type PreorderOrder = Wire<typeof preorderOrderView>;
export type PayResult = Wire<typeof payOrderResult>;
export type ShopperPayment = Wire<typeof shopperPaymentView>;
export type Address = Wire<typeof shopperAddress>;
export type AddressList = Wire<typeof shopperAddressList>;
export type MyCoupon = Wire<typeof shopperCouponView>;
export type MyCouponPage = Wire<typeof shopperCouponPage>;
export type ClaimableCoupons = Wire<typeof claimableCouponList>;
export type ClaimableCoupon = ClaimableCoupons['items'][number];
export type PointsPage = Wire<typeof pointsAccountPage>;
export type Message = Wire<typeof shopperMessageSchema>;
export type MessagePage = Wire<typeof shopperMessagePage>;
export type Reminder = Wire<typeof notifyMeSubscription>;
export type ReminderPage = Wire<typeof notifyMePage>;
export type Eligibility = Wire<typeof aftersalesEligibility>;
export type AftersalesTicket = Wire<typeof aftersalesTicketView>;
export type AftersalesDetail = Wire<typeof aftersalesTicketDetail>;
export type AftersalesPage = Wire<typeof aftersalesPage>;
export type ActivePromotions = Wire<typeof activePromotionList>;

export interface ShopSettings {
  shopName: string;
  timeZone: string;
  currency: string;
  paymentTimeoutMinutes: number;
  shipping: { flatFee: number; freeThreshold: number };
  points: { pointsPerYuan: number; maxPercentOfOrder: number };
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
