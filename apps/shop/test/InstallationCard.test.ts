import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import InstallationCard from '../src/views/orders/InstallationCard.vue';
import { i18n } from '../src/i18n.ts';

const APPOINTMENT = {
  id: 3,
  orderId: 5,
  orderNo: '202611230001',
  status: 'requested',
  slotDate: '2026-11-28',
  slotPeriod: 'morning',
  contactName: '张三',
  contactPhone: '13800138000',
  note: '',
  staffNote: '',
  technician: '',
  confirmedAt: null,
  completedAt: null,
  cancelledAt: null,
  createdAt: '2026-11-23T02:00:00.000Z',
  updatedAt: '2026-11-23T02:00:00.000Z',
};

function answer(body: unknown) {
  return vi.fn(async (_url: string) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
}
const stubs = {
  'van-cell-group': { template: '<div><slot /></div>' },
  'van-cell': { props: ['title', 'value', 'label'], template: '<div class="cell">{{ title }} {{ value }} {{ label }}<slot name="value" /></div>' },
  'van-tag': { template: '<span><slot /></span>' },
  'van-button': { template: '<button><slot /></button>' },
  InstallationSlotPicker: true,
};
const mountCard = () => mount(InstallationCard, { props: { orderId: 5 }, global: { plugins: [i18n], stubs } });

afterEach(() => vi.unstubAllGlobals());

describe('InstallationCard', () => {
  it('shows a requested appointment with its slot, and lets the shopper change or cancel it', async () => {
    i18n.global.locale.value = 'zh-CN';
    const fetch = answer({ offered: true, canBook: false, canChange: true, appointment: APPOINTMENT });
    vi.stubGlobal('fetch', fetch);
    const card = mountCard();
    await flushPromises();
    expect(fetch.mock.calls.map((call) => call[0])).toContain('/api/orders/5/installation');
    expect(card.text()).toContain('11月28日 上午');
    expect(card.find('[data-testid="installation-status"]').text()).toBe('待确认');
    expect(card.find('[data-testid="installation-change"]').exists()).toBe(true);
    expect(card.find('[data-testid="installation-cancel"]').exists()).toBe(true);
    expect(card.find('[data-testid="installation-book"]').exists()).toBe(false);
  });

  it('once confirmed shows the technician and sends changes to customer service', async () => {
    vi.stubGlobal('fetch', answer({ offered: true, canBook: false, canChange: false, appointment: { ...APPOINTMENT, status: 'confirmed', technician: '王师傅' } }));
    const card = mountCard();
    await flushPromises();
    expect(card.find('[data-testid="installation-status"]').text()).toBe('已确认');
    expect(card.text()).toContain('王师傅');
    expect(card.text()).toContain('预约已确认，如需改期或取消请联系客服');
    expect(card.find('[data-testid="installation-change"]').exists()).toBe(false);
  });

  it('offers booking when there is no live appointment, and shows nothing for orders without installable goods', async () => {
    vi.stubGlobal('fetch', answer({ offered: true, canBook: true, canChange: false, appointment: { ...APPOINTMENT, status: 'cancelled', staffNote: '师傅请假' } }));
    const card = mountCard();
    await flushPromises();
    expect(card.text()).toContain('11月28日 上午 的预约已取消：师傅请假');
    expect(card.find('[data-testid="installation-book"]').exists()).toBe(true);

    vi.stubGlobal('fetch', answer({ offered: false, canBook: false, canChange: false, appointment: null }));
    const none = mountCard();
    await flushPromises();
    expect(none.text()).toBe('');
  });
});
