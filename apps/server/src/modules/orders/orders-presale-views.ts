// The presale part of an order as the shopper and staff see it, and what it adds to the buttons.
import { DEPOSIT_KIND_LABELS, type PaymentView, type PresaleOrderView } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { estimatedShipDate } from '../presale/index.ts';
import type { OrderDeps } from './orders-effects.ts';
import { buyerCancel } from './orders-presale.rules.ts';
import { findPresaleOrder, partlyShipped } from './orders-presale.repo.ts';
import type { PresaleForActions } from './orders.rules.ts';
import type { OrderRow } from './orders.repo.ts';

const shipView = (ship: { kind: 'date'; shipDate: Date } | { kind: 'days_after_paid'; shipDays: number }) =>
  ship.kind === 'date' ? { kind: 'date' as const, shipDate: ship.shipDate } : { kind: 'days_after_paid' as const, shipDays: ship.shipDays };

export async function presaleDetailOf(
  db: DbOrTx,
  deps: Pick<OrderDeps, 'presale'>,
  order: OrderRow,
  payments: readonly PaymentView[],
): Promise<{ view: PresaleOrderView; actions: PresaleForActions } | null> {
  if (order.kind === 'normal') return null;
  const row = await findPresaleOrder(db, order.id);
  if (!row) return null;
  const campaign = await deps.presale.campaignForOrder(db, row.campaignId, row.batchId);
  if (!campaign) return null;
  const history = await deps.presale.shipHistoryForOrder(db, row.campaignId, campaign.batch?.seq ?? null);
  const paymentNo = (id: number | null) => payments.find((p) => p.id === id)?.paymentNo ?? null;
  const deposit = row.type === 'deposit' ? { amount: row.depositAmount, paidAt: row.depositPaidAt, paymentNo: paymentNo(row.depositPaymentId) } : null;
  const view: PresaleOrderView = {
    campaignId: campaign.id,
    campaignName: campaign.name,
    type: row.type,
    depositKind: row.depositKind,
    depositKindLabel: row.depositKind ? DEPOSIT_KIND_LABELS[row.depositKind] : null,
    deposit,
    balance: { amount: row.balanceAmount, paidAt: row.balancePaidAt, paymentNo: paymentNo(row.balancePaymentId) },
    balanceStartsAt: campaign.balanceStartsAt,
    balanceEndsAt: campaign.balanceEndsAt,
    batch: campaign.batch ? { seq: campaign.batch.seq, of: campaign.batch.of } : null,
    tierDiscount: row.tierDiscount,
    ship: shipView(campaign.ship),
    estimatedShipDate: estimatedShipDate(campaign.ship, order.paidAt),
    termsVersion: row.termsVersion,
    termsAcceptedAt: row.termsAcceptedAt,
    forfeitedAmount: row.forfeitedAmount,
    delayedAt: row.delayedAt,
    shipDateChanges: history,
    commission: { distribution: row.distribution, agentDividend: row.agentDividend, regionalRebate: row.regionalRebate, eligibleAt: row.commissionEligibleAt },
  };
  const actions: PresaleForActions = {
    balanceStartsAt: campaign.balanceStartsAt,
    balanceEndsAt: campaign.balanceEndsAt,
    settled: campaign.settlementOutcome === 'succeeded',
    cancel: buyerCancel(order, row, row.delayedAt !== null && (await partlyShipped(db, order))),
  };
  return { view, actions };
}
