import { DEFAULT_COUNTRY, type CreateAddressBody, type ShopperAddress, type UpdateAddressBody } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { AddressSnapshot } from '../orders/index.ts';
import * as repo from './addresses.repo.ts';
import { assertRealRegion, assertRoomForAddress, defaultChange, isDefaultOnCreate, toSnapshot } from './addresses.rules.ts';

export const ADDRESS = { zh: '收货地址', en: 'Address' };

const view = (row: repo.AddressRow): ShopperAddress => ({
  id: row.id,
  receiver: row.receiver,
  phone: row.phone,
  province: row.province,
  city: row.city,
  district: row.district,
  detail: row.detail,
  postalCode: row.postalCode,
  tag: row.tag,
  country: row.country,
  isDefault: row.isDefault,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/**
 * The delivery snapshot of one of the shopper's addresses, for an order placed in `tx`.
 * Another shopper's address is "not found", like one that does not exist.
 */
export async function getAddressForOrder(tx: DbOrTx, shopperId: number, addressId: number): Promise<AddressSnapshot> {
  const row = await repo.findAddress(tx, shopperId, addressId);
  if (!row) throw notFound(ADDRESS, addressId);
  return toSnapshot(row);
}

const touchesRegion = (body: UpdateAddressBody) =>
  body.country !== undefined || body.province !== undefined || body.city !== undefined || body.district !== undefined;

/** The shopper's address book. A shopper only ever sees and changes their own addresses. */
export function createAddressService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function list(shopperId: number) {
    const rows = await repo.listAddresses(db, shopperId);
    return { items: rows.map(view), total: rows.length };
  }

  async function get(shopperId: number, id: number): Promise<ShopperAddress> {
    const row = await repo.findAddress(db, shopperId, id);
    if (!row) throw notFound(ADDRESS, id);
    return view(row);
  }

  async function create(shopperId: number, body: CreateAddressBody): Promise<ShopperAddress> {
    const country = body.country ?? DEFAULT_COUNTRY;
    assertRealRegion({ country, province: body.province, city: body.city, district: body.district });
    return db.transaction(async (tx) => {
      await repo.lockAddressBook(tx, shopperId);
      const existing = await repo.countAddresses(tx, shopperId);
      assertRoomForAddress(existing);
      const isDefault = isDefaultOnCreate(existing, body.isDefault);
      const now = clock.now();
      if (isDefault) await repo.clearDefaults(tx, shopperId, null, now);
      const row = await repo.insertAddress(tx, {
        shopperId,
        receiver: body.receiver,
        phone: body.phone,
        province: body.province,
        city: body.city,
        district: body.district,
        detail: body.detail,
        postalCode: body.postalCode ?? null,
        tag: body.tag ?? null,
        country,
        isDefault,
        createdAt: now,
        updatedAt: now,
      });
      return view(row);
    });
  }

  async function update(shopperId: number, id: number, body: UpdateAddressBody): Promise<ShopperAddress> {
    return db.transaction(async (tx) => {
      await repo.lockAddressBook(tx, shopperId);
      const current = await repo.findAddress(tx, shopperId, id);
      if (!current) throw notFound(ADDRESS, id);
      // Judged as it will be after the change (a new city must fit the kept province), and only when
      // the change touches the region, so an address saved before regions were checked stays usable.
      if (touchesRegion(body)) {
        assertRealRegion({
          country: body.country ?? current.country,
          province: body.province ?? current.province,
          city: body.city ?? current.city,
          district: body.district ?? current.district,
        });
      }
      const change = defaultChange(current.isDefault, body.isDefault);
      const now = clock.now();
      if (change === 'set') await repo.clearDefaults(tx, shopperId, id, now);
      const { isDefault: _ignored, ...fields } = body;
      const values = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const row = await repo.updateAddress(tx, shopperId, id, { ...values, ...(change === 'set' ? { isDefault: true } : {}), updatedAt: now });
      return view(row!);
    });
  }

  async function setDefault(shopperId: number, id: number): Promise<ShopperAddress> {
    return update(shopperId, id, { isDefault: true });
  }

  /** Deletes an address; when it was the default, the most recently added one becomes the default. */
  async function remove(shopperId: number, id: number): Promise<{ ok: true }> {
    return db.transaction(async (tx) => {
      await repo.lockAddressBook(tx, shopperId);
      const deleted = await repo.deleteAddress(tx, shopperId, id);
      if (!deleted) throw notFound(ADDRESS, id);
      if (deleted.isDefault) {
        const next = await repo.newestAddress(tx, shopperId);
        if (next) await repo.updateAddress(tx, shopperId, next.id, { isDefault: true, updatedAt: clock.now() });
      }
      return { ok: true as const };
    });
  }

  return { list, get, create, update, setDefault, remove, getAddressForOrder };
}

export type AddressService = ReturnType<typeof createAddressService>;
