import type { StaffContext } from '../../platform/audit.ts';
import type { DbOrTx, Tx } from '../../platform/db.ts';

/**
 * What after-sales needs of orders and payments, as plain shapes. app.ts passes the orders'
 * and payments' own functions (through their index.ts); nothing here reads their tables.
 */
export type OrderStatusForAfterSales = 'awaiting_deposit' | 'awaiting_balance' | 'awaiting_payment' | 'awaiting_stock' | 'awaiting_shipment' | 'shipped' | 'completed' | 'cancelled' | 'closed';

export interface AfterSalesOrderLine {
  id: number;
  /** The SKU sold: a replacement of an exchange leaves stock from it, returned goods go back to it. */
  skuId: number;
  title: string;
  imageUrl: string | null;
  specValues: Record<string, string>;
  afterSalesAllowed: boolean;
  quantity: number;
  /** What the line cost the shopper after discounts (shipping excluded). */
  payAmount: number;
  shippedQuantity: number;
  refundedQuantity: number;
  refundedAmount: number;
}

export interface AfterSalesOrder {
  id: number;
  orderNo: string;
  shopperId: number;
  status: OrderStatusForAfterSales;
  shippingFee: number;
  /** Refunded on the whole order so far (lines and shipping). */
  refundedAmount: number;
  paidAt: Date | null;
  completedAt: Date | null;
  lines: AfterSalesOrderLine[];
}

export interface LineRefund {
  orderLineId: number;
  quantity: number;
  amount: number;
}

export interface OrdersPort {
  /** The shopper's order with its lines, or undefined (another's or unknown). */
  getOrderForAfterSales(tx: DbOrTx, shopperId: number, orderId: number): Promise<AfterSalesOrder | undefined>;
  /** Adds refunds to the order lines; closes the order when everything is refunded. */
  recordLineRefund(tx: Tx, input: { orderId: number; lines: LineRefund[]; shippingAmount: number; reason: string; actor: string }): Promise<void>;
}

/** A succeeded payment of the order, with what can still be refunded of it. */
export interface RefundablePayment {
  paymentId: number;
  stage: 'full' | 'deposit' | 'balance';
  /** Paid minus refunds already made or under way. */
  refundable: number;
  paidAt: Date | null;
}

export interface PaymentsPort {
  /** The order's succeeded payments. */
  refundablePayments(tx: Tx, orderId: number): Promise<RefundablePayment[]>;
  refund(
    tx: Tx,
    input: { paymentId: number; amount: number; reason: string; refType: string; refId: string; requestedBy: string },
  ): Promise<{ refundId: number; refundNo: string; status: 'pending' | 'succeeded' | 'failed' }>;
}

/** What the payments core tells us when a refund succeeded. */
export interface RefundSucceeded {
  refundId: number;
  paymentId: number;
  refId: string;
  amount: number;
  at: Date;
}

/** What the payments core tells us when a refund failed for good. */
export interface RefundFailed extends RefundSucceeded {
  failureReason?: string;
}

/**
 * What after-sales needs of the inventory (its adjust, in the caller's transaction): units out
 * for an exchange's replacement, back in for returned goods, each ledger row referencing the
 * ticket. A removal beyond sellable stock is refused with 409 INSUFFICIENT_STOCK.
 */
export interface InventoryPort {
  adjustForRef(
    tx: Tx,
    input: { skuId: number; delta: number; reason: 'exchange' | 'return'; refType: string; refId: string; note?: string; actor: StaffContext | string },
  ): Promise<unknown>;
}
