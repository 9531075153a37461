import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { addAddress, payOnSandbox, placeOrder, skuByCode } from '../support/shop-data.ts';

/**
 * Issue 8: a distributor withdraws commission to Alipay in 推广中心 → 提现 on the phone; staff
 * approve it on the back office 提现 page; the payout goes through the payment provider interface
 * (the sandbox here: no Alipay keys in tests) and the distributor sees it 已到账.
 */
const scenario = useScenario('withdrawal');

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

interface Me {
  balances: { available: number; frozen: number; withdrawn: number };
}

describe('distribution: withdraw commission to Alipay, staff approve, it arrives', () => {
  it('a distributor requests a withdrawal on the phone, staff approve it on 提现, the shopper sees 已到账 and a lower balance', async () => {
    const s = scenario();
    const owner = await s.owner();
    // Commission settles when the order is paid, at 10%.
    await s.api.request('PATCH', '/api/admin/settings', { body: { commission: { settleOn: 'paid' }, distributors: { level1Permille: 100, minWithdrawal: 1000 } }, token: owner.token });
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');

    const phone = await s.phone();
    const earner = await s.shopper(phone);
    await s.api.post('/api/distribution/apply', { realName: '赵提现', phone: '13800000003' }, { token: earner.token });
    await s.api.post(`/api/admin/distribution/distributors/${earner.id}/approve`, {}, { token: owner.token });
    const buyer = await s.shopper();
    await s.api.post('/api/admin/distribution/referrals', { shopperId: buyer.id, referrerId: earner.id }, { token: owner.token });
    await payOnSandbox(s.api, buyer, await placeOrder(s.api, buyer, await addAddress(s.api, buyer.token), { items: [{ skuId: sku.skuId, quantity: 1 }] }));
    // Payment notice → order paid → commission earned → settled: a few rounds of jobs.
    const availableNow = async () => {
      await s.runJobs();
      return (await s.api.get<Me>('/api/distribution/me', earner.token)).balances.available;
    };
    await expect.poll(availableNow, { timeout: 20_000 }).toBeGreaterThanOrEqual(1000);
    const before = await s.api.get<Me>('/api/distribution/me', earner.token);

    // 推广中心 → 提现: ¥10.00 to an Alipay account.
    const a = phone.page;
    await a.goto('/distribution');
    await expect(a.getByTestId('distribution-available').textContent()).resolves.toContain(yuan(before.balances.available));
    await a.getByTestId('distribution-withdraw-link').click();
    await a.waitForURL(/\/distribution\/withdraw$/);
    await expect(a.getByTestId('withdraw-available').textContent()).resolves.toContain(yuan(before.balances.available));
    await a.getByTestId('withdraw-amount').locator('input').fill('10');
    await a.getByTestId('withdraw-channel-alipay').click();
    await a.getByTestId('withdraw-account').locator('input').fill('zhao.tixian@example.com');
    await a.getByTestId('withdraw-name').locator('input').fill('赵提现');
    await s.shot(a, 'request-phone');
    await a.getByTestId('withdraw-submit').click();
    await a.getByText('提现申请已提交').waitFor();
    const row = a.getByTestId('withdrawal-row').first();
    await expect(row.getByTestId('withdrawal-status').textContent()).resolves.toBe('待审核');
    await expect(a.getByTestId('withdraw-available').textContent()).resolves.toContain(yuan(before.balances.available - 1000));

    // Staff approve it on the back office 提现 page; the row stays, showing how it is paid.
    const desk = await s.desktop();
    await s.owner(desk);
    const b = desk.page;
    await b.goto('/admin/distribution/withdrawals');
    const staffRow = b.getByTestId('withdrawal-table').locator('.el-table__body tr').filter({ hasText: 'zhao.tixian@example.com' }).first();
    await staffRow.waitFor();
    await s.shot(b, 'requested-desktop');
    await staffRow.getByTestId('withdrawal-approve').click();
    await b.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
    await b.locator('.el-message--success').filter({ hasText: '已通过，正在通过沙箱打款' }).first().waitFor();
    await expect(staffRow.getByTestId('withdrawal-status').textContent()).resolves.toContain('打款中');
    await expect(staffRow.getByTestId('withdrawal-route').textContent()).resolves.toContain('沙箱');
    await b.locator('.el-message-box').waitFor({ state: 'hidden' });
    await s.shot(b, 'approved-desktop');

    // The payout runs through the payment provider (jobs); staff see it paid with the provider's reference.
    await s.runJobs();
    await b.getByTestId('withdrawal-status-filter').click();
    await b.locator('.el-select-dropdown__item').filter({ hasText: '已打款' }).click();
    const paidRow = b.getByTestId('withdrawal-table').locator('.el-table__body tr').filter({ hasText: 'zhao.tixian@example.com' }).first();
    await paidRow.getByTestId('withdrawal-ref').waitFor();
    await expect(paidRow.getByTestId('withdrawal-ref').textContent()).resolves.toMatch(/SBT[0-9a-f]+/);
    await b.locator('.el-select-dropdown').first().waitFor({ state: 'hidden' });
    await s.shot(b, 'paid-desktop');

    // The shopper sees it arrived (已到账) and the available balance lowered by ¥10.00.
    await a.reload();
    await expect(a.getByTestId('withdrawal-row').first().getByTestId('withdrawal-status').textContent()).resolves.toBe('已到账');
    await expect(a.getByTestId('withdraw-available').textContent()).resolves.toContain(yuan(before.balances.available - 1000));
    await s.shot(a, 'paid-phone');
    await a.goto('/distribution');
    await expect(a.getByTestId('distribution-available').textContent()).resolves.toContain(yuan(before.balances.available - 1000));
    const after = await s.api.get<Me>('/api/distribution/me', earner.token);
    expect(after.balances).toMatchObject({ available: before.balances.available - 1000, frozen: 0, withdrawn: before.balances.withdrawn + 1000 });
    await s.shot(a, 'center-after-phone');
  });
});
