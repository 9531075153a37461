import { describe, expect, it } from 'vitest';
import { presaleCampaignInput } from '@mall/contract';
import { normalizePath, toFieldErrors, zodFieldErrors } from '../src/utils/field-errors.ts';
import { campaignFieldKey } from '../src/views/presale/campaign-form.ts';

describe('API errors → form fields', () => {
  it('drops the request location from the path', () => {
    expect(normalizePath('body.items.0.presalePrice')).toBe('items.0.presalePrice');
    expect(normalizePath('/items/1/quota')).toBe('items.1.quota');
    expect(normalizePath('querystring.page')).toBe('page');
    expect(normalizePath('name')).toBe('name');
  });
  it('keeps the first message per field and renames payload paths to form keys', () => {
    const map = toFieldErrors(
      [
        { path: 'body.items.0.depositPercent', message: 'too big' },
        { path: 'items.0.deposit', message: 'second' },
        { path: 'ship.shipDate', message: 'bad date' },
        { path: 'body.name', message: 'required' },
      ],
      campaignFieldKey,
    );
    expect(map).toEqual({ 'items.0.deposit': 'too big', ship: 'bad date', name: 'required' });
  });
  it("shows the server's words for a broken business rule, else the developer message", () => {
    const map = toFieldErrors([
      { path: 'items.0.deposit', message: 'deposit above cap', code: 'PRESALE_DEPOSIT_ABOVE_CAP', title: '定金不得超过预售价的 20%' },
      { path: 'name', message: 'required' },
    ]);
    expect(map).toEqual({ 'items.0.deposit': '定金不得超过预售价的 20%', name: 'required' });
  });
  it('maps zod issues of the contract schema the same way', () => {
    const checked = presaleCampaignInput.safeParse({ type: 'deposit', name: '', items: [] });
    expect(checked.success).toBe(false);
    if (checked.success) return;
    const map = toFieldErrors(zodFieldErrors(checked.error.issues), campaignFieldKey);
    expect(Object.keys(map)).toEqual(expect.arrayContaining(['name', 'startsAt', 'endsAt', 'ship', 'items']));
  });
});
