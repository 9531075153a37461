import { ADDRESS_LIMITS, DEFAULT_COUNTRY, type ErrorCode } from '@mall/contract';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { regionProblems } from '../../platform/regions.ts';
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

export interface AddressRegion {
  country: string;
  province: string;
  city: string;
  district: string;
}

const REGION_FIELD_CODE: Record<'province' | 'city' | 'district', ErrorCode> = {
  province: 'ADDRESS_PROVINCE_UNKNOWN',
  city: 'ADDRESS_CITY_UNKNOWN',
  district: 'ADDRESS_DISTRICT_UNKNOWN',
};

/**
 * What is wrong with the province/city/district of an address, field by field. Only mainland
 * (CN) addresses are checked against the administrative divisions; other countries keep free text.
 * Names are as @vant/area-data has them: a municipality is its own city (北京市 / 北京市 / 朝阳区),
 * and county-level cities directly under a province sit under a pseudo-city (湖北省 / 省直辖县 / 仙桃市).
 */
export function addressRegionErrors(region: AddressRegion): FieldError[] {
  if (region.country !== DEFAULT_COUNTRY) return [];
  return regionProblems(region).map((problem) => ({
    path: problem.path,
    message: problem.message,
    code: REGION_FIELD_CODE[problem.path],
    params: { province: region.province, city: region.city, district: region.district },
  }));
}

/** Refuses (422) a CN address whose province, city and district are not real or do not belong together. */
export function assertRealRegion(region: AddressRegion): void {
  const errors = addressRegionErrors(region);
  if (errors.length > 0) throw new AppError('ADDRESS_REGION_INVALID', {}, errors);
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
