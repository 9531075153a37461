// The presale campaign form: what the person edits (strings for money, wall-clock times in the
// shop's zone) and how it becomes the API's create or patch body, with field errors on the way.
import { presaleCampaignInput, presaleCampaignPatch, type DepositKind, type EndAction, type PresaleType } from '@mall/contract';
import type { FieldError } from '../../api/http.ts';
import type { CampaignDetail, CampaignInput, CampaignPatch } from '../../api/presale.ts';
import { fenToInput, parsePercentInput, parseYuanInput } from '../../utils/money.ts';
import { toZonedWall, zonedWallToIso } from '../../utils/time.ts';
import { zodFieldErrors } from '../../utils/field-errors.ts';

export type DepositMode = 'amount' | 'percent';

export interface CampaignItemForm {
  skuId: number | null;
  /** What the picker showed (product title and spec), for the person only. */
  label: string;
  presalePrice: string;
  depositMode: DepositMode;
  /** Yuan in amount mode, percent in percent mode. */
  deposit: string;
  depositValue: string;
  quota: number | null;
  perBuyerLimit: number | null;
}

export interface CampaignForm {
  type: PresaleType;
  name: string;
  depositKind: DepositKind;
  startsAt: string;
  endsAt: string;
  balanceStartsAt: string;
  balanceEndsAt: string;
  shipKind: 'date' | 'days_after_paid';
  shipDate: string;
  shipDays: number | null;
  allowCoupons: boolean;
  allowPoints: boolean;
  commission: { distribution: boolean; agentDividend: boolean; regionalRebate: boolean };
  endAction: EndAction;
  minTarget: number | null;
  tiers: { deposits: number | null; balanceOff: string }[];
  /** False: the shop's default reminders. */
  customReminders: boolean;
  reminders: { kind: 'window_open' | 'before_close'; hours: number | null }[];
  rulesText: string;
  termsText: string;
  items: CampaignItemForm[];
}

export function emptyItem(): CampaignItemForm {
  return { skuId: null, label: '', presalePrice: '', depositMode: 'amount', deposit: '', depositValue: '', quota: 100, perBuyerLimit: 1 };
}

export function emptyCampaignForm(): CampaignForm {
  return {
    type: 'deposit',
    name: '',
    depositKind: 'earnest',
    startsAt: '',
    endsAt: '',
    balanceStartsAt: '',
    balanceEndsAt: '',
    shipKind: 'date',
    shipDate: '',
    shipDays: null,
    allowCoupons: false,
    allowPoints: false,
    commission: { distribution: false, agentDividend: false, regionalRebate: false },
    endAction: 'back_to_normal',
    minTarget: null,
    tiers: [],
    customReminders: false,
    reminders: [],
    rulesText: '',
    termsText: '',
    items: [emptyItem()],
  };
}

/** The form as a saved campaign fills it. */
export function formFromDetail(detail: CampaignDetail, timeZone: string): CampaignForm {
  const wall = (iso: string | null | undefined) => (iso ? toZonedWall(iso, timeZone) : '');
  return {
    type: detail.type,
    name: detail.name,
    depositKind: detail.depositKind ?? 'earnest',
    startsAt: wall(detail.startsAt),
    endsAt: wall(detail.endsAt),
    balanceStartsAt: wall(detail.balanceStartsAt),
    balanceEndsAt: wall(detail.balanceEndsAt),
    shipKind: detail.ship.kind,
    shipDate: detail.ship.kind === 'date' ? wall(detail.ship.shipDate) : '',
    shipDays: detail.ship.kind === 'days_after_paid' ? detail.ship.shipDays : null,
    allowCoupons: detail.allowCoupons,
    allowPoints: detail.allowPoints,
    commission: { ...detail.commission },
    endAction: detail.endAction,
    minTarget: detail.minTarget,
    tiers: detail.tiers.map((t) => ({ deposits: t.deposits, balanceOff: fenToInput(t.balanceOff) })),
    customReminders: true,
    reminders: detail.reminders.map((r) => ({ kind: r.kind, hours: r.kind === 'before_close' ? r.hours : null })),
    rulesText: detail.rulesText,
    termsText: detail.termsText,
    items: detail.items.map((item) => ({
      skuId: item.skuId,
      label: `${item.productTitle} ${Object.values(item.specValues).join(' / ')}`.trim(),
      presalePrice: fenToInput(item.presalePrice),
      depositMode: 'amount',
      deposit: fenToInput(item.deposit),
      depositValue: item.depositValue !== null && item.depositValue !== item.deposit ? fenToInput(item.depositValue) : '',
      quota: item.quota,
      perBuyerLimit: item.perBuyerLimit,
    })),
  };
}

/** Turns a payload path the API or zod reports into the key of the form field that edits it. */
export function campaignFieldKey(path: string): string {
  const item = /^items\.(\d+)\.(depositPercent|deposit)$/.exec(path);
  if (item) return `items.${item[1]}.deposit`;
  if (path.startsWith('ship')) return 'ship';
  if (/^skus\.\d+/.test(path) || path === 'removeSkuIds') return 'items';
  const tier = /^tiers\.(\d+)/.exec(path);
  if (tier) return `tiers.${tier[1]}`;
  const reminder = /^reminders\.(\d+)/.exec(path);
  if (reminder) return `reminders.${reminder[1]}`;
  return path;
}

interface Built<T> {
  payload: T | null;
  errors: FieldError[];
}

/** The create body (as JSON sends it) and the errors of fields the person typed wrong. */
export function buildCampaignInput(form: CampaignForm, timeZone: string, messages: { money: string; percent: string; required: string }): Built<CampaignInput> {
  const errors: FieldError[] = [];
  const money = (text: string, path: string, required: boolean): number | undefined => {
    const fen = parseYuanInput(text);
    if (fen === undefined) errors.push({ path, message: messages.money });
    else if (fen === null && required) errors.push({ path, message: messages.required });
    return fen ?? undefined;
  };
  const time = (wall: string, path: string, required: boolean): string | undefined => {
    if (!wall) {
      if (required) errors.push({ path, message: messages.required });
      return undefined;
    }
    return zonedWallToIso(wall, timeZone);
  };
  const isDeposit = form.type === 'deposit';
  const items = form.items.map((item, i) => {
    const path = `items.${i}`;
    const out: CampaignInput['items'][number] = {
      skuId: item.skuId ?? 0,
      presalePrice: money(item.presalePrice, `${path}.presalePrice`, true) ?? 0,
      quota: item.quota ?? 0,
      perBuyerLimit: item.perBuyerLimit ?? 0,
    };
    if (item.skuId === null) errors.push({ path: `${path}.skuId`, message: messages.required });
    if (isDeposit) {
      if (item.depositMode === 'percent') {
        const percent = parsePercentInput(item.deposit);
        if (percent === undefined) errors.push({ path: `${path}.deposit`, message: messages.percent });
        else if (percent === null) errors.push({ path: `${path}.deposit`, message: messages.required });
        else out.depositPercent = percent;
      } else {
        const deposit = money(item.deposit, `${path}.deposit`, true);
        if (deposit !== undefined) out.deposit = deposit;
      }
      const value = money(item.depositValue, `${path}.depositValue`, false);
      if (value !== undefined) out.depositValue = value;
    }
    return out;
  });
  const shipDate = form.shipKind === 'date' ? time(form.shipDate, 'ship', true) : undefined;
  const payload: CampaignInput = {
    type: form.type,
    name: form.name,
    rulesText: form.rulesText,
    termsText: isDeposit ? form.termsText : '',
    ...(isDeposit ? { depositKind: form.depositKind } : {}),
    startsAt: time(form.startsAt, 'startsAt', true) ?? '',
    endsAt: time(form.endsAt, 'endsAt', true) ?? '',
    ...(isDeposit ? { balanceStartsAt: time(form.balanceStartsAt, 'balanceStartsAt', true), balanceEndsAt: time(form.balanceEndsAt, 'balanceEndsAt', true) } : {}),
    ship: form.shipKind === 'date' ? { kind: 'date', shipDate: shipDate ?? '' } : { kind: 'days_after_paid', shipDays: form.shipDays ?? 0 },
    allowCoupons: form.allowCoupons,
    allowPoints: form.allowPoints,
    commission: { ...form.commission },
    endAction: form.endAction,
    minTarget: form.minTarget ?? null,
    tiers: isDeposit ? form.tiers.map((t, i) => ({ deposits: t.deposits ?? 0, balanceOff: money(t.balanceOff, `tiers.${i}`, true) ?? 0 })) : [],
    ...(form.customReminders && isDeposit
      ? { reminders: form.reminders.map((r) => (r.kind === 'window_open' ? { kind: 'window_open' as const } : { kind: 'before_close' as const, hours: r.hours ?? 0 })) }
      : {}),
    items,
  };
  if (errors.length > 0) return { payload: null, errors };
  const checked = presaleCampaignInput.safeParse(payload);
  if (!checked.success) return { payload: null, errors: zodFieldErrors(checked.error.issues) };
  return { payload, errors: [] };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The patch body for an edit: only what differs from the saved campaign (the API refuses
 * touching some fields of an ended or frozen campaign even with the same value).
 */
export function buildCampaignPatch(
  original: CampaignForm,
  form: CampaignForm,
  timeZone: string,
  messages: { money: string; percent: string; required: string },
): Built<CampaignPatch> {
  const after = buildCampaignInput(form, timeZone, messages);
  if (!after.payload) return { payload: null, errors: after.errors };
  const before = buildCampaignInput(original, timeZone, messages).payload;
  const next = after.payload;
  const patch: CampaignPatch = {};
  const fields = ['type', 'name', 'rulesText', 'termsText', 'depositKind', 'startsAt', 'endsAt', 'ship', 'allowCoupons', 'allowPoints', 'commission', 'endAction', 'minTarget', 'tiers', 'reminders'] as const;
  for (const key of fields) {
    if (!before || !same(before[key], next[key])) Object.assign(patch, { [key]: next[key] });
  }
  for (const key of ['balanceStartsAt', 'balanceEndsAt'] as const) {
    if (!before || !same(before[key], next[key])) Object.assign(patch, { [key]: next[key] ?? null });
  }
  const beforeItems = new Map((before?.items ?? []).map((i) => [i.skuId, i]));
  const changed = next.items.filter((item) => !same(beforeItems.get(item.skuId), item));
  if (changed.length > 0) patch.items = changed;
  const kept = new Set(next.items.map((i) => i.skuId));
  const removed = [...beforeItems.keys()].filter((skuId) => !kept.has(skuId));
  if (removed.length > 0) patch.removeSkuIds = removed;
  const checked = presaleCampaignPatch.safeParse(patch);
  if (!checked.success) return { payload: null, errors: zodFieldErrors(checked.error.issues) };
  return { payload: patch, errors: [] };
}

/** Changed items' paths point into patch.items; map them back to the form's item index. */
export function patchPathToFormPath(path: string, patch: CampaignPatch | null, form: CampaignForm): string {
  const match = /^items\.(\d+)(.*)$/.exec(path);
  if (!match || !patch?.items) return path;
  const skuId = patch.items[Number(match[1])]?.skuId;
  const index = form.items.findIndex((i) => i.skuId === skuId);
  return index < 0 ? path : `items.${index}${match[2]}`;
}
