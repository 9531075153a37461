// The orders export: one row per order line, amounts in yuan, UTF-8 with a BOM for Excel. Pure.
import { stringify } from 'csv-stringify/sync';
import { formatMinorUnits, shopTime } from '@mall/contract';
import type { OrderLineRow, OrderRow } from './orders.repo.ts';

export const ORDER_CSV_COLUMNS = [
  '订单号',
  '下单时间',
  '状态',
  '买家手机',
  '买家邮箱',
  '收货人',
  '收货电话',
  '收货地址',
  '商品',
  '规格',
  'SKU编码',
  '单价',
  '数量',
  '商品金额',
  '优惠',
  '实付',
  '已发货数量',
  '已退款数量',
  '已退款金额',
  '运费',
  '订单应付',
  '订单已付',
  '付款时间',
  '买家留言',
  '商家备注',
] as const;

export const STATUS_ZH: Record<OrderRow['status'], string> = {
  awaiting_deposit: '待付定金',
  awaiting_balance: '待付尾款',
  awaiting_payment: '待付款',
  awaiting_stock: '预订待到货',
  awaiting_shipment: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
  closed: '已关闭',
};

/** A cell a spreadsheet would run as a formula (= + - @) is made text with a leading apostrophe. */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
export const guardFormula = (cell: string): string => (FORMULA_LIKE.test(cell) ? `'${cell}` : cell);

/** "2026-11-23 10:00:00" in the shop's time zone. */
export function localTime(date: Date | null, timeZone: string): string {
  return date ? shopTime(date, timeZone, true) : '';
}

export interface CsvOrder {
  order: OrderRow;
  shopper: { phone: string | null; email: string | null };
  lines: readonly OrderLineRow[];
}

export function ordersToCsv(orders: readonly CsvOrder[], timeZone: string): string {
  const yuan = formatMinorUnits;
  const rows = orders.flatMap(({ order: o, shopper, lines }) => {
    const a = o.address;
    const address = [a.province, a.city, a.district, a.detail].filter(Boolean).join(' ');
    return lines.map((l) => [
      o.orderNo,
      localTime(o.createdAt, timeZone),
      STATUS_ZH[o.status],
      shopper.phone ?? '',
      shopper.email ?? '',
      a.receiver,
      a.phone,
      address,
      l.title,
      Object.entries(l.specValues)
        .map(([k, v]) => `${k}:${v}`)
        .join('; '),
      l.skuCode ?? '',
      yuan(l.unitPrice),
      String(l.quantity),
      yuan(l.goodsAmount),
      yuan(l.discountAmount),
      yuan(l.payAmount),
      String(l.shippedQuantity),
      String(l.refundedQuantity),
      yuan(l.refundedAmount),
      yuan(o.shippingFee),
      yuan(o.totalAmount),
      yuan(o.paidAmount),
      localTime(o.paidAt, timeZone),
      o.shopperNote,
      o.staffRemark,
    ]);
  });
  const guarded = rows.map((row) => row.map(guardFormula));
  return `\uFEFF${stringify([[...ORDER_CSV_COLUMNS], ...guarded], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })}`;
}
