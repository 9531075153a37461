import { ADDRESS_LIMITS } from '@mall/contract';
import { AppError } from '../../platform/errors.ts';
import type { AddressSnapshot } from '../orders/index.ts';

/** Refuses a new address when the shopper already has the most allowed. */
export function assertRoomForAddress(existing: number, max: number = ADDRESS_LIMITS.perShopper): void {
  if (existing >= max) throw new AppError('ADDRESS_LIMIT_REACHED', { max });
}

/** A new address is the default when asked, or when it is the shopper's first. */
export function isDefaultOnCreate(existing: number, requested: boolean | undefined): boolean {
  return existing === 0 || requested === true;
}

/**
 * What an update asks of the default flag: 'set' makes the address the default, 'keep' leaves
 * things as they are. Unsetting the default is refused: exactly one address is the default.
 */
export function defaultChange(isDefaultNow: boolean, requested: boolean | undefined): 'set' | 'keep' {
  if (requested === undefined) return 'keep';
  if (requested) return isDefaultNow ? 'keep' : 'set';
  if (isDefaultNow) throw new AppError('ADDRESS_DEFAULT_REQUIRED');
  return 'keep';
}

export interface AddressFields {
  receiver: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
  country: string;
}

/** The address as an order keeps it. */
export function toSnapshot(row: AddressFields): AddressSnapshot {
  return {
    receiver: row.receiver,
    phone: row.phone,
    province: row.province,
    city: row.city,
    district: row.district,
    detail: row.detail,
    postalCode: row.postalCode,
    country: row.country,
  };
}
