import type { AfterSalesDeps } from './aftersales-moves.ts';
import { createTicketMoves } from './aftersales-moves.ts';
import { createApplyUseCases } from './aftersales-apply.service.ts';
import { createRefundUseCases } from './aftersales-refunds.service.ts';
import { createHandleUseCases } from './aftersales-handle.service.ts';
import { createTicketStock } from './aftersales-stock.ts';

export type { AfterSalesDeps } from './aftersales-moves.ts';

/** After-sales work tickets: application, review, returns, refunds through the payments, exchanges. */
export function createAfterSalesService(deps: AfterSalesDeps) {
  const moves = createTicketMoves(deps);
  const refunds = createRefundUseCases(deps, moves);
  return {
    ...createApplyUseCases(deps, moves),
    ...createHandleUseCases(deps, moves, refunds, createTicketStock(deps)),
    /** Register with the payments core: registerPaymentListener('aftersales', { onRefunded, onRefundFailed }). */
    onRefunded: refunds.onRefunded,
    onRefundFailed: refunds.onRefundFailed,
  };
}

export type AfterSalesService = ReturnType<typeof createAfterSalesService>;
