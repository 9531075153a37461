import { eq, sql } from 'drizzle-orm';
import { shopSettingsSchema, type ShopSettings, type ShopSettingsPatch } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { shopSettings } from './settings.tables.ts';

const SETTINGS_ROW = 1;

/** Applies a partial update, nested objects field by field. Pure. */
export function mergeSettings(current: ShopSettings, patch: ShopSettingsPatch): ShopSettings {
  const merged = {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && (typeof v !== 'object' || v === null))),
    shipping: { ...current.shipping, ...stripUndefined(patch.shipping) },
    points: { ...current.points, ...stripUndefined(patch.points) },
    presale: { ...current.presale, ...stripUndefined(patch.presale) },
    commission: { ...current.commission, ...stripUndefined(patch.commission) },
    installation: { ...current.installation, ...stripUndefined(patch.installation) },
    distributors: { ...current.distributors, ...stripUndefined(patch.distributors) },
    referral: { ...current.referral, ...stripUndefined(patch.referral) },
  };
  return shopSettingsSchema.parse(merged);
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return value ? (Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>) : {};
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function createSettingsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** The current settings; defaults for anything never set. Pass `tx` to read inside a use case. */
  async function get(tx: DbOrTx = db): Promise<ShopSettings> {
    const [row] = await tx.select().from(shopSettings).where(eq(shopSettings.id, SETTINGS_ROW));
    const parsed = shopSettingsSchema.safeParse(row?.document ?? {});
    // A stored document that no longer validates (a setting's range narrowed) falls back field by field.
    return parsed.success ? parsed.data : shopSettingsSchema.parse({});
  }

  async function update(ctx: StaffContext, patch: ShopSettingsPatch): Promise<ShopSettings> {
    if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
      throw new AppError('VALIDATION_FAILED', {}, [{ path: 'timeZone', message: `unknown time zone ${patch.timeZone}` }]);
    }
    return db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(4242002)`); // settings writers take turns
      const before = await get(tx);
      const after = mergeSettings(before, patch);
      const now = clock.now();
      await tx
        .insert(shopSettings)
        .values({ id: SETTINGS_ROW, document: after, updatedAt: now, updatedBy: ctx.actor.username })
        .onConflictDoUpdate({ target: shopSettings.id, set: { document: after, updatedAt: now, updatedBy: ctx.actor.username } });
      const changes = diffFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
      if (Object.keys(changes).length > 0) await recordAudit(tx, clock, ctx, { action: 'settings.update', entityType: 'settings', entityId: SETTINGS_ROW, changes });
      return after;
    });
  }

  return { get, update };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
