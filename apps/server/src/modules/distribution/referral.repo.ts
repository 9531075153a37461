// Queries of referral codes and bindings (written only by the referral service).
import { and, desc, eq, isNotNull, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db.ts';
import { shoppers } from '../accounts/index.ts';
import { referralBindings, referralCodes } from './distribution.tables.ts';

export type ReferralBindingRow = typeof referralBindings.$inferSelect;
export type NewReferralBinding = typeof referralBindings.$inferInsert;

export async function codeOfShopper(db: DbOrTx, shopperId: number): Promise<string | undefined> {
  const [row] = await db.select({ code: referralCodes.code }).from(referralCodes).where(eq(referralCodes.shopperId, shopperId));
  return row?.code;
}

export async function shopperOfCode(db: DbOrTx, code: string): Promise<number | undefined> {
  const [row] = await db.select({ shopperId: referralCodes.shopperId }).from(referralCodes).where(eq(referralCodes.code, code));
  return row?.shopperId;
}

/** Inserts the code unless the shopper already has one or the code is taken; true when inserted. */
export async function insertCode(db: DbOrTx, shopperId: number, code: string, at: Date): Promise<boolean> {
  const rows = await db.insert(referralCodes).values({ shopperId, code, createdAt: at }).onConflictDoNothing().returning({ shopperId: referralCodes.shopperId });
  return rows.length > 0;
}

export async function bindingOfShopper(db: DbOrTx, shopperId: number, lock = false): Promise<ReferralBindingRow | undefined> {
  const query = db.select().from(referralBindings).where(eq(referralBindings.shopperId, shopperId));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** A new binding unless the shopper has one (concurrent links bind once); true when inserted. */
export async function insertBinding(db: DbOrTx, row: NewReferralBinding): Promise<boolean> {
  const rows = await db.insert(referralBindings).values(row).onConflictDoNothing().returning({ shopperId: referralBindings.shopperId });
  return rows.length > 0;
}

/** Replaces a binding only while it is still expired at `now` (so two rebinds cannot both win). */
export async function replaceExpiredBinding(db: DbOrTx, row: NewReferralBinding & { boundAt: Date }): Promise<boolean> {
  const rows = await db
    .update(referralBindings)
    .set({ referrerId: row.referrerId, source: row.source, via: row.via ?? null, boundAt: row.boundAt, expiresAt: row.expiresAt ?? null })
    .where(and(eq(referralBindings.shopperId, row.shopperId), isNotNull(referralBindings.expiresAt), lte(referralBindings.expiresAt, row.boundAt)))
    .returning({ shopperId: referralBindings.shopperId });
  return rows.length > 0;
}

/** Staff override: sets the binding whatever was there. */
export async function upsertBinding(db: DbOrTx, row: NewReferralBinding): Promise<void> {
  await db
    .insert(referralBindings)
    .values(row)
    .onConflictDoUpdate({
      target: referralBindings.shopperId,
      set: { referrerId: row.referrerId, source: row.source, via: row.via ?? null, boundAt: row.boundAt, expiresAt: row.expiresAt ?? null },
    });
}

export async function shopperNickname(db: DbOrTx, shopperId: number): Promise<string | undefined> {
  const [row] = await db.select({ nickname: shoppers.nickname }).from(shoppers).where(eq(shoppers.id, shopperId));
  return row?.nickname;
}

const referrer = alias(shoppers, 'referrer');

/** Bindings involving a shopper (who referred them and whom they referred) and/or made by a referrer, newest first. */
export async function listBindings(db: DbOrTx, filter: { shopperId?: number; referrerId?: number }, limit = 200) {
  const conditions: SQL[] = [];
  if (filter.shopperId !== undefined) conditions.push(or(eq(referralBindings.shopperId, filter.shopperId), eq(referralBindings.referrerId, filter.shopperId))!);
  if (filter.referrerId !== undefined) conditions.push(eq(referralBindings.referrerId, filter.referrerId));
  return db
    .select({
      binding: referralBindings,
      shopperNickname: shoppers.nickname,
      referrerNickname: referrer.nickname,
    })
    .from(referralBindings)
    .leftJoin(shoppers, eq(shoppers.id, referralBindings.shopperId))
    .leftJoin(referrer, eq(referrer.id, referralBindings.referrerId))
    .where(and(...conditions))
    .orderBy(desc(referralBindings.boundAt), desc(referralBindings.shopperId))
    .limit(limit);
}

