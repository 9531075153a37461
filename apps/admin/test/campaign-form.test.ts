import { describe, expect, it } from 'vitest';
import { buildCampaignInput, buildCampaignPatch, emptyCampaignForm, emptyItem, formFromDetail, patchPathToFormPath } from '../src/views/presale/campaign-form.ts';
import { campaignDetail } from './fixtures.ts';

const messages = { money: 'bad money', percent: 'bad percent', required: 'required' };
const zone = 'Asia/Shanghai';

function filledForm() {
  const form = emptyCampaignForm();
  Object.assign(form, {
    name: '新品预售',
    startsAt: '2026-11-24T10:00:00',
    endsAt: '2026-12-01T10:00:00',
    balanceStartsAt: '2026-12-02T10:00:00',
    balanceEndsAt: '2026-12-04T10:00:00',
    shipDate: '2026-12-20T10:00:00',
  });
  form.items = [{ ...emptyItem(), skuId: 11, presalePrice: '1499', deposit: '200', depositValue: '300', quota: 100, perBuyerLimit: 2 }];
  return form;
}

describe('campaign form → create body', () => {
  it('converts yuan to fen and shop-zone times to UTC', () => {
    const { payload, errors } = buildCampaignInput(filledForm(), zone, messages);
    expect(errors).toEqual([]);
    expect(payload).toMatchObject({
      type: 'deposit',
      depositKind: 'earnest',
      startsAt: '2026-11-24T02:00:00.000Z',
      balanceEndsAt: '2026-12-04T02:00:00.000Z',
      ship: { kind: 'date', shipDate: '2026-12-20T02:00:00.000Z' },
      items: [{ skuId: 11, presalePrice: 149900, deposit: 20000, depositValue: 30000, quota: 100, perBuyerLimit: 2 }],
      minTarget: null,
      tiers: [],
    });
    expect(payload).not.toHaveProperty('reminders'); // the shop's defaults apply
  });
  it('sends a percentage deposit as depositPercent, not an amount', () => {
    const form = filledForm();
    form.items[0] = { ...form.items[0]!, depositMode: 'percent', deposit: '12.5', depositValue: '' };
    const item = buildCampaignInput(form, zone, messages).payload?.items[0];
    expect(item).toMatchObject({ depositPercent: 12.5 });
    expect(item).not.toHaveProperty('deposit');
    expect(item).not.toHaveProperty('depositValue');
  });
  it('leaves deposits, balance window, tiers and terms out of a full-payment campaign', () => {
    const form = filledForm();
    form.type = 'full';
    form.tiers = [{ deposits: 10, balanceOff: '5' }];
    form.shipKind = 'days_after_paid';
    form.shipDays = 15;
    const { payload } = buildCampaignInput(form, zone, messages);
    expect(payload?.items[0]).toEqual({ skuId: 11, presalePrice: 149900, quota: 100, perBuyerLimit: 2 });
    expect(payload).not.toHaveProperty('balanceStartsAt');
    expect(payload).not.toHaveProperty('depositKind');
    expect(payload?.tiers).toEqual([]);
    expect(payload?.ship).toEqual({ kind: 'days_after_paid', shipDays: 15 });
  });
  it('maps tiers and custom reminders', () => {
    const form = filledForm();
    form.tiers = [{ deposits: 50, balanceOff: '10.5' }];
    form.customReminders = true;
    form.reminders = [{ kind: 'window_open', hours: null }, { kind: 'before_close', hours: 6 }];
    const { payload } = buildCampaignInput(form, zone, messages);
    expect(payload?.tiers).toEqual([{ deposits: 50, balanceOff: 1050 }]);
    expect(payload?.reminders).toEqual([{ kind: 'window_open' }, { kind: 'before_close', hours: 6 }]);
  });
  it('reports typing mistakes on the fields that hold them', () => {
    const form = filledForm();
    form.items[0] = { ...form.items[0]!, presalePrice: '1499.999', deposit: '' };
    form.startsAt = '';
    const { payload, errors } = buildCampaignInput(form, zone, messages);
    expect(payload).toBeNull();
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'items.0.presalePrice', message: 'bad money' },
        { path: 'items.0.deposit', message: 'required' },
        { path: 'startsAt', message: 'required' },
      ]),
    );
  });
  it('runs the contract schema too (a name is needed)', () => {
    const form = filledForm();
    form.name = '';
    const { payload, errors } = buildCampaignInput(form, zone, messages);
    expect(payload).toBeNull();
    expect(errors.map((e) => e.path)).toContain('name');
  });
});

describe('campaign form → patch body', () => {
  it('fills the form from a saved campaign in the shop zone', () => {
    const form = formFromDetail(campaignDetail(), zone);
    expect(form.startsAt).toBe('2026-11-24T08:00:00');
    expect(form.items[0]).toMatchObject({ skuId: 11, presalePrice: '1499.00', deposit: '200.00', depositValue: '300.00' });
    expect(form.tiers).toEqual([{ deposits: 50, balanceOff: '10.00' }]);
  });
  it('sends only what changed', () => {
    const original = formFromDetail(campaignDetail(), zone);
    const form = structuredClone(original);
    expect(buildCampaignPatch(original, form, zone, messages).payload).toEqual({});
    form.name = '改名';
    form.items[0]!.quota = 150;
    form.endsAt = '2026-12-02T08:00:00';
    const { payload } = buildCampaignPatch(original, form, zone, messages);
    expect(payload).toEqual({
      name: '改名',
      endsAt: '2026-12-02T00:00:00.000Z',
      items: [{ skuId: 11, presalePrice: 149900, deposit: 20000, depositValue: 30000, quota: 150, perBuyerLimit: 2 }],
    });
  });
  it('removes SKUs taken off the form and adds new ones', () => {
    const original = formFromDetail(campaignDetail(), zone);
    const form = structuredClone(original);
    form.items = [{ ...emptyItem(), skuId: 12, presalePrice: '99', deposit: '10', quota: 5, perBuyerLimit: 1 }];
    const { payload } = buildCampaignPatch(original, form, zone, messages);
    expect(payload?.removeSkuIds).toEqual([11]);
    expect(payload?.items).toEqual([{ skuId: 12, presalePrice: 9900, deposit: 1000, quota: 5, perBuyerLimit: 1 }]);
  });
  it("points an error on a patch item back at the form's row", () => {
    const original = formFromDetail(campaignDetail(), zone);
    const form = structuredClone(original);
    form.items.unshift({ ...emptyItem(), skuId: 12, presalePrice: '99', deposit: '10', quota: 5, perBuyerLimit: 1 });
    form.items[1]!.quota = 150;
    const { payload } = buildCampaignPatch(original, form, zone, messages);
    // patch.items keeps the form's order of changed rows; SKU 11 is patch row 1 and form row 1
    const skuIndexInPatch = payload?.items?.findIndex((i) => i.skuId === 11) ?? -1;
    expect(patchPathToFormPath(`items.${skuIndexInPatch}.quota`, payload, form)).toBe('items.1.quota');
  });
});
