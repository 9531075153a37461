import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createAppI18n } from '../src/i18n.ts';
import type { Withdrawal } from '../src/api/distribution.ts';
import WithdrawalList from '../src/views/distribution/WithdrawalList.vue';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function withdrawal(overrides: Partial<Withdrawal> = {}): Withdrawal {
  return {
    id: 11,
    shopperId: 5,
    amount: 5_000,
    status: 'approved',
    payee: { channel: 'bank', account: '6222020000000000000', name: '王五' },
    payoutRef: null,
    payoutRoute: 'manual',
    payoutBy: null,
    failureReason: null,
    reviewNote: '',
    reviewedAt: '2026-11-23T03:00:00.000Z',
    paidAt: null,
    createdAt: '2026-11-23T02:00:00.000Z',
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountWith(rows: Withdrawal[], answer: (url: string, body: Record<string, unknown>) => Response) {
  const posts: { url: string; body: Record<string, unknown> }[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
      posts.push({ url: String(url), body });
      return answer(String(url), body);
    }
    if (String(url).includes('/settings')) return json({ timeZone: 'Asia/Shanghai' });
    return json({ items: rows, total: rows.length, page: 1, pageSize: 20 });
  });
  vi.stubGlobal('fetch', fetchMock);
  const wrapper = mount(WithdrawalList, { global: { plugins: [ElementPlus, createPinia(), createAppI18n('zh-CN')] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, posts };
}

async function fillPrompt(text: string) {
  await vi.waitFor(() => expect(document.body.querySelector('.el-message-box input')).not.toBeNull());
  const input = document.body.querySelector<HTMLInputElement>('.el-message-box input')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
  document.body.querySelector<HTMLButtonElement>('.el-message-box .el-button--primary')!.click();
  await flushPromises();
}

describe('WithdrawalList (提现)', () => {
  it('offers 标记已打款 / 打款失败 only on approved manual payouts; marking paid needs a reference and updates the row in place', async () => {
    const rows = [withdrawal(), withdrawal({ id: 12, payoutRoute: 'alipay', payee: { channel: 'alipay', account: 'a@example.com', name: '李四' } }), withdrawal({ id: 13, status: 'requested', payoutRoute: null })];
    const { wrapper, posts } = await mountWith(rows, (_url, body) => json(withdrawal({ status: 'paid', payoutRef: String(body.reference), payoutBy: 'owner' })));
    expect(wrapper.findAll('[data-testid=withdrawal-mark-paid]')).toHaveLength(1);
    expect(wrapper.findAll('[data-testid=withdrawal-mark-failed]')).toHaveLength(1);
    expect(wrapper.findAll('[data-testid=withdrawal-approve]')).toHaveLength(1);
    expect(wrapper.findAll('[data-testid=withdrawal-route]').map((r) => r.text())).toEqual(['手工打款', '支付宝转账']);

    await wrapper.get('[data-testid=withdrawal-mark-paid]').trigger('click');
    await fillPrompt('   ');
    expect(posts).toEqual([]);
    expect(document.body.textContent).toContain('请填写流水号');
    await fillPrompt('ICBC-20261123-0001');
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: expect.stringContaining('/api/admin/distribution/withdrawals/11/mark-paid'), body: { reference: 'ICBC-20261123-0001' } });
    await flushPromises();
    expect(wrapper.findAll('[data-testid=withdrawal-status]').map((s) => s.text())).toEqual(['已打款', '打款中', '待审核']);
    expect(wrapper.get('[data-testid=withdrawal-ref]').text()).toContain('ICBC-20261123-0001');
    expect(wrapper.findAll('[data-testid=withdrawal-mark-paid]')).toHaveLength(0);
  });

  it('an approved request stays in the list, showing that it waits for a manual payout', async () => {
    const { wrapper, posts } = await mountWith([withdrawal({ status: 'requested', payoutRoute: null })], () => json(withdrawal()));
    await wrapper.get('[data-testid=withdrawal-approve]').trigger('click');
    await vi.waitFor(() => expect(document.body.querySelector('.el-message-box .el-button--primary')).not.toBeNull());
    document.body.querySelector<HTMLButtonElement>('.el-message-box .el-button--primary')!.click();
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    await flushPromises();
    expect(wrapper.findAll('[data-testid=withdrawal-status]').map((s) => s.text())).toEqual(['打款中']);
    expect(wrapper.find('[data-testid=withdrawal-mark-paid]').exists()).toBe(true);
    await vi.waitFor(() => expect(document.body.textContent).toContain('请自行转账后点击「标记已打款」'));
  });
});
