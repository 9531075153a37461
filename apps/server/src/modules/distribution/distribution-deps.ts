import { formatMinorUnits } from '@mall/contract';
// What the distribution money side needs from elsewhere.
import type { ShopSettings } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';

export type { CommissionKind, CommissionView, DistributorView, WithdrawalView } from '@mall/contract';
export interface SettingsService {
  get(db?: DbOrTx): Promise<ShopSettings>;
}

/** The message centre (站内信), as distribution uses it. */
export interface ShopperNotifier {
  notifyShopper(tx: DbOrTx, message: { shopperId: number; kind: string; title: string; body: string; data: Record<string, unknown>; dedupeKey?: string }): Promise<boolean>;
}

export const yuan = formatMinorUnits;
