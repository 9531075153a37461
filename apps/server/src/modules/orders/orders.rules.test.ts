import { stagePaymentOutcome } from './orders-presale.rules.ts';
import type { OrderStatus } from './orders.tables.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ORDER_STATUS_VALUES, type PriceBreakdown } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import { ORDER_STATUSES } from './orders.tables.ts';
import {
  ORDER_TRANSITIONS,
  assertTransition,
  canTransition,
  everythingRefunded,
  everythingShipped,
  isTerminal,
  planLineRefunds,
  planShipment,
  shippableOf,
  shopperActions,
} from './orders.rules.ts';
import { buildOrderLines, checkoutProblemOf, couponUsed, mergeItems, newOrderNo, type SkuNow } from './orders-checkout.rules.ts';
import { guardFormula, localTime, ordersToCsv } from './orders-csv.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return 'no error';
};

describe('order transitions', () => {
  it('knows the same statuses as the contract', () => {
    expect([...ORDER_STATUSES]).toEqual([...ORDER_STATUS_VALUES]);
  });

  it('allows exactly the listed moves', () => {
    expect(canTransition('awaiting_payment', 'awaiting_shipment')).toBe(true);
    expect(canTransition('awaiting_payment', 'cancelled')).toBe(true);
    expect(canTransition('awaiting_shipment', 'shipped')).toBe(true);
    expect(canTransition('shipped', 'completed')).toBe(true);
    expect(canTransition('awaiting_payment', 'shipped')).toBe(false);
    expect(canTransition('awaiting_deposit', 'awaiting_balance')).toBe(true);
    expect(canTransition('awaiting_balance', 'awaiting_shipment')).toBe(true);
    expect(canTransition('awaiting_deposit', 'awaiting_shipment')).toBe(false);
    expect(canTransition('awaiting_balance', 'awaiting_deposit')).toBe(false);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    expect(canTransition('cancelled', 'awaiting_shipment')).toBe(false);
    expect(codeOf(() => assertTransition('completed', 'shipped'))).toBe('ORDER_STATE_INVALID');
    for (const status of ORDER_STATUSES) expect(codeOf(() => assertTransition(status, status))).toBe('ORDER_STATE_INVALID');
  });

  it('has cancelled and closed as the only terminal states', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['cancelled', 'closed']);
    for (const [from, moves] of Object.entries(ORDER_TRANSITIONS)) {
      for (const to of Object.keys(moves)) {
        expect(ORDER_STATUSES).toContain(to);
        expect(from).not.toBe(to);
      }
    }
  });
});

describe('shopper actions', () => {
  const now = new Date('2026-11-23T02:00:00Z');
  const base = { totalAmount: 1000, paymentDueAt: new Date('2026-11-23T02:30:00Z'), completedAt: null };
  const lines = [{ quantity: 2, refundedQuantity: 0, afterSalesAllowed: true }];

  it('offers pay and cancel while unpaid and before the deadline', () => {
    expect(shopperActions({ ...base, status: 'awaiting_payment' }, lines, now, 7)).toEqual({
      canPay: true,
      canCancel: true,
      canConfirm: false,
      canApplyAfterSales: false,
      payStage: 'full',
      cancelRefunds: false,
    });
    const late = shopperActions({ ...base, status: 'awaiting_payment' }, lines, new Date('2026-11-23T02:31:00Z'), 7);
    expect(late.canPay).toBe(false);
  });

  it('offers confirmation once shipped and after-sales within the window after completion', () => {
    expect(shopperActions({ ...base, status: 'shipped' }, lines, now, 7)).toMatchObject({ canConfirm: true, canApplyAfterSales: true, canPay: false });
    const completed = { ...base, status: 'completed' as const, completedAt: new Date('2026-11-20T00:00:00Z') };
    expect(shopperActions(completed, lines, now, 7).canApplyAfterSales).toBe(true);
    expect(shopperActions(completed, lines, now, 2).canApplyAfterSales).toBe(false);
    expect(shopperActions({ ...base, status: 'shipped' }, [{ quantity: 2, refundedQuantity: 2, afterSalesAllowed: true }], now, 7).canApplyAfterSales).toBe(false);
    expect(shopperActions({ ...base, status: 'shipped' }, [{ quantity: 2, refundedQuantity: 0, afterSalesAllowed: false }], now, 7).canApplyAfterSales).toBe(false);
    expect(shopperActions({ ...base, status: 'cancelled' }, lines, now, 7)).toEqual({
      canPay: false,
      canCancel: false,
      canConfirm: false,
      canApplyAfterSales: false,
      payStage: null,
      cancelRefunds: false,
    });
  });
});

describe('shipping plans', () => {
  const lines = [
    { id: 1, skuId: 11, quantity: 3, shippedQuantity: 0, refundedQuantity: 0 },
    { id: 2, skuId: 12, quantity: 1, shippedQuantity: 0, refundedQuantity: 1 },
  ];

  it('ships everything left by default, leaving refunded units out', () => {
    expect(planShipment(lines).map((p) => [p.line.id, p.quantity])).toEqual([[1, 3]]);
    expect(shippableOf(lines[1]!)).toBe(0);
  });

  it('ships the given part, and refuses more than is left, unknown lines and an empty shipment', () => {
    expect(planShipment(lines, [{ orderLineId: 1, quantity: 2 }]).map((p) => p.quantity)).toEqual([2]);
    expect(codeOf(() => planShipment(lines, [{ orderLineId: 1, quantity: 4 }]))).toBe('SHIPMENT_QUANTITY_INVALID');
    expect(codeOf(() => planShipment(lines, [{ orderLineId: 2, quantity: 1 }]))).toBe('SHIPMENT_QUANTITY_INVALID');
    expect(codeOf(() => planShipment(lines, [{ orderLineId: 99, quantity: 1 }]))).toBe('ORDER_LINE_UNKNOWN');
    expect(codeOf(() => planShipment(lines.map((l) => ({ ...l, shippedQuantity: l.quantity }))))).toBe('SHIPMENT_NOTHING_TO_SHIP');
  });

  it('is fully shipped when nothing is left', () => {
    expect(everythingShipped(lines)).toBe(false);
    expect(everythingShipped([{ ...lines[0]!, shippedQuantity: 3 }, lines[1]!])).toBe(true);
  });
});

describe('line refunds', () => {
  const line = { id: 1, skuId: 11, quantity: 3, shippedQuantity: 1, refundedQuantity: 0, payAmount: 3000, refundedAmount: 0 };

  it('gives unshipped units back to stock while awaiting shipment, and nothing once shipped', () => {
    expect(planLineRefunds('awaiting_shipment', [line], [{ orderLineId: 1, quantity: 3, amount: 3000 }])[0]!.release).toBe(2);
    expect(planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: 1, amount: 1000 }])[0]!.release).toBe(0);
  });

  it('refuses more than is left, negative or empty refunds, and lines of other orders', () => {
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: 4, amount: 0 }]))).toBe('ORDER_REFUND_EXCEEDS');
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: 1, amount: 3001 }]))).toBe('ORDER_REFUND_EXCEEDS');
    expect(codeOf(() => planLineRefunds('shipped', [{ ...line, refundedAmount: 2500 }], [{ orderLineId: 1, quantity: 0, amount: 501 }]))).toBe('ORDER_REFUND_EXCEEDS');
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: -1, amount: 10 }]))).toBe('ORDER_REFUND_EXCEEDS');
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: 0, amount: 0 }]))).toBe('ORDER_REFUND_EXCEEDS');
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 2, quantity: 1, amount: 1 }]))).toBe('ORDER_LINE_UNKNOWN');
    expect(codeOf(() => planLineRefunds('shipped', [line], [{ orderLineId: 1, quantity: 1, amount: 1 }, { orderLineId: 1, quantity: 1, amount: 1 }]))).toBe('ORDER_LINE_UNKNOWN');
  });

  it('is fully refunded only when every unit of every line is', () => {
    expect(everythingRefunded([{ quantity: 2, refundedQuantity: 2 }, { quantity: 1, refundedQuantity: 1 }])).toBe(true);
    expect(everythingRefunded([{ quantity: 2, refundedQuantity: 2 }, { quantity: 1, refundedQuantity: 0 }])).toBe(false);
    expect(everythingRefunded([])).toBe(false);
  });
});

describe('payment outcomes', () => {
  it('pays an unpaid order with the right amount, and refunds everything else', () => {
    const full = (status: OrderStatus, amount: number) => stagePaymentOutcome({ status, totalAmount: 500 }, null, 'full', amount);
    expect(full('awaiting_payment', 500)).toBe('mark_paid');
    expect(full('awaiting_payment', 499)).toBe('refund_mismatch');
    expect(full('cancelled', 500)).toBe('refund_late');
    expect(full('closed', 500)).toBe('refund_late');
    expect(full('awaiting_shipment', 500)).toBe('refund_duplicate');
    expect(full('completed', 500)).toBe('refund_duplicate');
  });
});

describe('checkout rules', () => {
  const sku = (over: Partial<SkuNow> = {}): SkuNow => ({
    skuId: 1,
    productId: 10,
    title: '手办',
    imageUrl: null,
    specValues: { 尺寸: '大' },
    skuCode: 'A-1',
    price: 1000,
    kind: 'physical',
    afterSalesAllowed: true,
    onShelf: true,
    active: true,
    ...over,
  });

  it('merges items per SKU in the order given and refuses too many units', () => {
    expect(mergeItems([{ skuId: 2, quantity: 1 }, { skuId: 1, quantity: 2 }, { skuId: 2, quantity: 3, id: 7 }])).toEqual([
      { skuId: 2, quantity: 4, cartItemIds: [7] },
      { skuId: 1, quantity: 2, cartItemIds: [] },
    ]);
    expect(codeOf(() => mergeItems([{ skuId: 2, quantity: 9_999 }, { skuId: 2, quantity: 1 }]))).toBe('VALIDATION_FAILED');
  });

  it('names the problem of a SKU that cannot be bought', () => {
    expect(checkoutProblemOf(undefined, 5, 1, 0)?.code).toBe('SKU_NOT_FOUND');
    expect(checkoutProblemOf(sku({ onShelf: false }), 1, 1, 9)?.code).toBe('OFF_SHELF');
    expect(checkoutProblemOf(sku({ active: false }), 1, 1, 9)?.code).toBe('NOT_PURCHASABLE');
    expect(checkoutProblemOf(sku({ kind: 'course' }), 1, 1, 9)?.code).toBe('NOT_PURCHASABLE');
    expect(checkoutProblemOf(sku({ kind: 'virtual' }), 1, 1, 9)).toBeNull();
    expect(checkoutProblemOf(sku(), 1, 3, 2)).toMatchObject({ code: 'INSUFFICIENT_STOCK', sellable: 2, message: '「手办（大）」库存不足：可售 2 件' });
  });

  const breakdown = (over: Partial<PriceBreakdown> = {}): PriceBreakdown => ({
    currency: 'CNY',
    goodsAmount: 5000,
    promotionDiscount: 500,
    couponDiscount: 0,
    pointsDiscount: 100,
    pointsUsed: 1000,
    shippingFee: 1000,
    totalAmount: 5400,
    lines: [],
    perLine: [
      { skuId: 1, quantity: 2, unitPrice: 1000, goodsAmount: 2000, promotionDiscount: 200, couponDiscount: 0, pointsDiscount: 40, payAmount: 1760 },
      { skuId: 2, quantity: 1, unitPrice: 3000, goodsAmount: 3000, promotionDiscount: 300, couponDiscount: 0, pointsDiscount: 60, payAmount: 2640 },
    ],
    notices: [],
    ...over,
  });

  it('builds order lines with snapshots and each line’s share of the discounts', () => {
    const skus = new Map([
      [1, sku()],
      [2, sku({ skuId: 2, title: '盲盒', specValues: {}, afterSalesAllowed: false })],
    ]);
    const lines = buildOrderLines(
      [
        { skuId: 1, quantity: 2, cartItemIds: [] },
        { skuId: 2, quantity: 1, cartItemIds: [] },
      ],
      skus,
      breakdown(),
    );
    expect(lines.map((l) => [l.skuId, l.title, l.discountAmount, l.payAmount, l.afterSalesAllowed])).toEqual([
      [1, '手办', 240, 1760, true],
      [2, '盲盒', 360, 2640, false],
    ]);
    expect(codeOf(() => buildOrderLines([{ skuId: 1, quantity: 2, cartItemIds: [] }], skus, breakdown()))).toBe('CONFLICT');
  });

  it('knows whether the coupon was applied', () => {
    expect(couponUsed(breakdown(), undefined)).toBeNull();
    expect(couponUsed(breakdown(), 5)).toBeNull();
    expect(couponUsed(breakdown({ couponDiscount: 300 }), 5)).toBe(5);
  });

  it('numbers orders by the shop’s local date', () => {
    expect(newOrderNo(new Date('2026-11-23T17:00:00Z'), 'Asia/Shanghai', '123456789012')).toBe('20261124123456789012');
    expect(newOrderNo(new Date('2026-11-23T17:00:00Z'), 'UTC', '000000000001')).toBe('20261123000000000001');
  });
});

describe('orders CSV', () => {
  it('guards cells a spreadsheet would run as formulas', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = guardFormula(text);
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
      }),
    );
    expect(guardFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(guardFormula('普通')).toBe('普通');
  });

  it('writes a BOM, a header, one row per line and yuan amounts in the shop’s time', () => {
    const order = {
      orderNo: '20261123000000000001',
      createdAt: new Date('2026-11-23T02:00:00Z'),
      paidAt: null,
      status: 'awaiting_shipment',
      address: { receiver: '=HYPERLINK(1)', phone: '13800000000', province: '上海市', city: '上海市', district: '浦东新区', detail: '=1+1' },
      shippingFee: 1000,
      totalAmount: 12345,
      paidAmount: 12345,
      shopperNote: '',
      staffRemark: '',
    };
    const line = { title: '手办', specValues: { 尺寸: '大' }, skuCode: 'A-1', unitPrice: 5000, quantity: 2, goodsAmount: 10000, discountAmount: 0, payAmount: 10000, shippedQuantity: 0, refundedQuantity: 0, refundedAmount: 0 };
    const csv = ordersToCsv([{ order: order as never, shopper: { phone: null, email: 'a@b.c' }, lines: [line, { ...line, title: '盲盒' }] as never }], 'Asia/Shanghai');
    expect(csv.startsWith('\uFEFF订单号,下单时间,状态')).toBe(true);
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('20261123000000000001,2026-11-23 10:00:00,待发货');
    expect(rows[1]).toContain(",'=HYPERLINK(1),13800000000,上海市 上海市 浦东新区 =1+1,");
    expect(rows[1]).toContain(',50.00,2,100.00,0.00,100.00,');
    expect(rows[1]).toContain(',10.00,123.45,123.45,');
    expect(localTime(null, 'UTC')).toBe('');
  });
});
