import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ProductWarranty from '../src/components/ProductWarranty.vue';
import { i18n } from '../src/i18n.ts';

const POLICY = { productId: 7, policyId: 1, name: '大家电全国联保', months: 12, terms: '<p>条款</p>', covers: ['整机'] };

function answer(status: number, body: unknown) {
  return vi.fn(async (_url: string) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}
const stubs = { 'van-cell': { props: ['title', 'value'], template: '<div class="cell">{{ title }} {{ value }}</div>' }, 'van-action-sheet': true, 'van-tag': true, 'van-icon': true };

afterEach(() => vi.unstubAllGlobals());

describe('ProductWarranty', () => {
  it('shows the policy of the product, full or as one line', async () => {
    i18n.global.locale.value = 'zh-CN';
    const fetch = answer(200, POLICY);
    vi.stubGlobal('fetch', fetch);
    const full = mount(ProductWarranty, { props: { productId: 7 }, global: { plugins: [i18n], stubs } });
    const line = mount(ProductWarranty, { props: { productId: 7, compact: true }, global: { plugins: [i18n], stubs } });
    await flushPromises();
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/products/7/warranty');
    expect(full.find('[data-testid="product-warranty"]').text()).toContain('大家电全国联保 · 保修 12 个月');
    expect(line.find('[data-testid="line-warranty"]').text()).toBe('大家电全国联保 · 保修 12 个月');
  });

  it('shows nothing when the product has no policy (404)', async () => {
    vi.stubGlobal('fetch', answer(404, { code: 'NOT_FOUND', title: '商品保修政策不存在', status: 404 }));
    const wrapper = mount(ProductWarranty, { props: { productId: 8 }, global: { plugins: [i18n], stubs } });
    await flushPromises();
    expect(wrapper.html()).not.toContain('product-warranty');
    expect(wrapper.text()).toBe('');
  });
});
