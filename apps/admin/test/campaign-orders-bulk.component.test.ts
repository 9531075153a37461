import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createAppI18n } from '../src/i18n.ts';
import CampaignOrders from '../src/views/presale/CampaignOrders.vue';

vi.mock('vue-router', () => ({ useRouter: () => ({ push: vi.fn() }) }));

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('CampaignOrders bulk action', () => {
  it('turns the run button off once a run is answered, and on again when the inputs change', async () => {
    const fetchMock = vi.fn(async (url: string) =>
      url.includes('/orders/bulk') ? json({ action: 'message', succeeded: 2, failed: 0, results: [] }) : json({ items: [], total: 0, page: 1, pageSize: 20 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mount(CampaignOrders, { props: { campaignId: 7, depositType: false }, global: { plugins: [ElementPlus, createPinia(), createAppI18n('zh-CN')] }, attachTo: document.body });
    await flushPromises();
    await wrapper.get('[data-testid=bulk-message]').trigger('click');
    await flushPromises();
    const dialog = () => document.body.querySelector('.el-dialog') as HTMLElement;
    const inputs = () => dialog().querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
    const run = () => document.body.querySelector('[data-testid=bulk-run]') as HTMLButtonElement;
    const type = async (field: HTMLInputElement | HTMLTextAreaElement, text: string) => {
      field.value = text;
      field.dispatchEvent(new Event('input'));
      await flushPromises();
    };
    await type(inputs()[0]!, '到货通知');
    await type(inputs()[1]!, '您预订的商品已到货');
    expect(run().disabled).toBe(false);

    run().click();
    await flushPromises();
    expect(fetchMock.mock.calls.filter(([url]) => String(url).includes('/orders/bulk'))).toHaveLength(1);
    await vi.waitFor(() => expect(run().disabled).toBe(true));

    await type(inputs()[0]!, '到货通知（更正）');
    expect(run().disabled).toBe(false);
  });
});
