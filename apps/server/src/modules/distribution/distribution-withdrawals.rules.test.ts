import { describe, expect, it } from 'vitest';
import { nextPayoutCheck, payoutRouteFor, withdrawalMoveRefusal } from './distribution-withdrawals.rules.ts';

describe('payoutRouteFor', () => {
  it('pays Alipay payees through Alipay when configured, everything else through the sandbox when on, else by hand', () => {
    const cases = [
      ['alipay', { alipay: true, sandbox: true }, 'alipay'],
      ['alipay', { alipay: true, sandbox: false }, 'alipay'],
      ['alipay', { alipay: false, sandbox: true }, 'sandbox'],
      ['alipay', { alipay: false, sandbox: false }, 'manual'],
      ['wechat', { alipay: true, sandbox: true }, 'sandbox'],
      ['wechat', { alipay: true, sandbox: false }, 'manual'],
      ['bank', { alipay: true, sandbox: false }, 'manual'],
      ['bank', { alipay: false, sandbox: true }, 'sandbox'],
    ] as const;
    for (const [channel, available, route] of cases) expect([channel, available, payoutRouteFor(channel, available)]).toEqual([channel, available, route]);
  });
});

describe('withdrawal moves', () => {
  it('staff review; the provider settles its own routes, staff settle the manual one', () => {
    expect(withdrawalMoveRefusal('requested', 'approved', 'staff', null)).toBeNull();
    expect(withdrawalMoveRefusal('requested', 'paid', 'staff', 'manual')).toBe('status');
    expect(withdrawalMoveRefusal('approved', 'paid', 'staff', 'manual')).toBeNull();
    expect(withdrawalMoveRefusal('approved', 'failed', 'staff', 'manual')).toBeNull();
    expect(withdrawalMoveRefusal('approved', 'paid', 'staff', 'alipay')).toBe('actor');
    expect(withdrawalMoveRefusal('approved', 'paid', 'provider', 'sandbox')).toBeNull();
    expect(withdrawalMoveRefusal('approved', 'failed', 'provider', 'manual')).toBe('actor');
    for (const final of ['paid', 'failed', 'rejected'] as const) {
      for (const to of ['requested', 'approved', 'paid', 'failed', 'rejected'] as const) expect(withdrawalMoveRefusal(final, to, 'staff', 'manual')).toBe('status');
    }
  });
});

describe('nextPayoutCheck', () => {
  it('backs off 1, 2, 4 … minutes, never more than an hour', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    const waits = [0, 1, 2, 6, 7, 50].map((n) => (nextPayoutCheck(now, n).getTime() - now.getTime()) / 60_000);
    expect(waits).toEqual([1, 2, 4, 60, 60, 60]);
  });
});
