import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { createAppI18n } from '../src/i18n.ts';
import BatchesEditor from '../src/views/presale/BatchesEditor.vue';
import { campaignDetail } from './fixtures.ts';

const batch = (seq: number, units: number, assignedUnits: number) => ({
  seq,
  units,
  assignedUnits,
  balanceStartsAt: `2026-12-0${seq + 1}T00:00:00.000Z`,
  balanceEndsAt: `2026-12-0${seq + 3}T00:00:00.000Z`,
  shipDate: `2026-12-1${seq}T02:00:00.000Z`,
});

function mountEditor(campaign = campaignDetail()) {
  return mount(BatchesEditor, { props: { campaign, timeZone: 'Asia/Shanghai' }, global: { plugins: [ElementPlus, createPinia(), createAppI18n('zh-CN')] }, attachTo: document.body });
}

const field = (wrapper: ReturnType<typeof mountEditor>, testId: string) => wrapper.get(`[data-testid=${testId}]`).element.closest('.el-form-item');

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('BatchesEditor', () => {
  it('puts the batches to the API and shows a row error on the field its path names', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(
        JSON.stringify({ type: 'about:blank', status: 422, code: 'PRESALE_WINDOW_INVALID', title: '时间不合理', errors: [{ path: 'body.batches.1.shipDate', message: '不能早于上一批发货' }] }),
        { status: 422, headers: { 'content-type': 'application/problem+json' } },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = mountEditor();
    await wrapper.get('[data-testid=batch-add]').trigger('click');
    await wrapper.get('[data-testid=batch-units-0] input').setValue('60');
    await wrapper.get('[data-testid=batch-add]').trigger('click');
    expect(wrapper.get('[data-testid=batches-total]').text()).toContain('100 / 100');
    await wrapper.get('[data-testid=batches-save]').trigger('click');
    await flushPromises();

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/admin/presale/campaigns/7/batches');
    expect(init.method).toBe('PUT');
    const body = JSON.parse(String(init.body));
    expect(body.batches.map((b: { units: number }) => b.units)).toEqual([60, 40]);
    expect(body.batches[1]).toEqual({ units: 40, balanceStartsAt: '2026-12-02T00:00:00.000Z', balanceEndsAt: '2026-12-05T00:00:00.000Z', shipDate: '2026-12-20T02:00:00.000Z' });
    await vi.waitFor(() => {
      expect(field(wrapper, 'batch-shipDate-1')?.textContent).toContain('不能早于上一批发货');
      expect(field(wrapper, 'batch-shipDate-0')?.textContent).not.toContain('不能早于上一批发货');
    }, { timeout: 5000 });
    wrapper.unmount();
  });

  it('once deposits are placed, only the balance closing time stays editable and placed units are shown', async () => {
    const wrapper = mountEditor(campaignDetail({ batches: [batch(1, 60, 12), batch(2, 40, 0)] }));
    await flushPromises();
    expect(wrapper.find('[data-testid=batches-locked]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=batch-add]').exists()).toBe(false);
    const disabled = (testId: string) => (wrapper.get(`[data-testid=${testId}] input`).element as HTMLInputElement).disabled;
    expect(disabled('batch-units-0')).toBe(true);
    expect(disabled('batch-balanceStartsAt-0')).toBe(true);
    expect(disabled('batch-shipDate-1')).toBe(true);
    expect(disabled('batch-balanceEndsAt-0')).toBe(false);
    expect(disabled('batch-balanceEndsAt-1')).toBe(false);
    expect(wrapper.get('[data-testid=batches-table]').text()).toContain('12 / 60');
    wrapper.unmount();
  });
});
