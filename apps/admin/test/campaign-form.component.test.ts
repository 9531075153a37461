import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createAppI18n } from '../src/i18n.ts';
import CampaignForm from '../src/views/presale/CampaignForm.vue';
import { campaignDetail } from './fixtures.ts';

function problem(status: number, body: Record<string, unknown>) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

function mountForm(props: Record<string, unknown>) {
  return mount(CampaignForm, { props: { timeZone: 'Asia/Shanghai', ...props }, global: { plugins: [ElementPlus, createPinia(), createAppI18n('zh-CN')] }, attachTo: document.body });
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('CampaignForm', () => {
  it('shows the field error of a problem+json answer on the field it names', async () => {
    const fetchMock = vi.fn(async () =>
      problem(422, {
        type: 'about:blank',
        status: 422,
        code: 'PRESALE_DEPOSIT_ABOVE_CAP',
        title: '定金不得超过预售价的 20%',
        errors: [{ path: 'items.0.deposit', message: '定金超过上限' }],
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountForm({ campaign: campaignDetail() });
    await wrapper.get('[data-testid=campaign-name]').setValue('新名字');
    await wrapper.get('[data-testid=campaign-save]').trigger('click');
    await flushPromises();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/admin/presale/campaigns/7');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ name: '新名字' });
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('zh-CN');

    await vi.waitFor(() => {
      const depositField = wrapper.get('[data-testid=item-deposit-0]').element.closest('.el-form-item');
      expect(depositField?.textContent).toContain('定金超过上限');
      expect(depositField?.classList.contains('is-error')).toBe(true);
    }, { timeout: 5000 });
    wrapper.unmount();
  });

  it('checks the form with the contract schema before sending anything', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountForm({ campaign: null });
    await wrapper.get('[data-testid=item-price-0]').setValue('12.345');
    await wrapper.get('[data-testid=campaign-save]').trigger('click');
    await flushPromises();

    expect(fetchMock).not.toHaveBeenCalled();
    await vi.waitFor(() => {
      const priceField = wrapper.get('[data-testid=item-price-0]').element.closest('.el-form-item');
      expect(priceField?.textContent).toContain('请输入金额，最多两位小数');
    }, { timeout: 5000 });
    wrapper.unmount();
  });

  it('saves the changed item and emits the campaign when the API accepts', async () => {
    const saved = campaignDetail({ id: 9 });
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(saved), { status: 201, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountForm({ campaign: campaignDetail() });
    await wrapper.get('[data-testid=item-quota-0] input').setValue('120');
    await wrapper.get('[data-testid=campaign-save]').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.emitted('saved')?.[0]).toEqual([saved]), { timeout: 5000 });
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ items: [{ skuId: 11, presalePrice: 149900, deposit: 20000, depositValue: 30000, quota: 120, perBuyerLimit: 2 }] });
    wrapper.unmount();
  });
});
