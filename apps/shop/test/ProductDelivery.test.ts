import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import Vant, { Area } from 'vant';
import ProductDelivery from '../src/components/ProductDelivery.vue';
import { i18n } from '../src/i18n.ts';
import { deliveryApi } from '../src/api/support.ts';
import { useSessionStore } from '../src/stores/session.ts';

const TIBET_REFUSED = { deliverable: false as const, regionName: '西藏自治区', message: '抱歉，西藏自治区不在配送范围内', messageEn: 'Sorry, we do not deliver to 西藏自治区' };

function mountDelivery() {
  const pinia = createPinia();
  setActivePinia(pinia);
  vi.spyOn(useSessionStore(), 'ensureLoaded').mockResolvedValue();
  return mount(ProductDelivery, { props: { productId: 7 }, attachTo: document.body, global: { plugins: [i18n, Vant, pinia] } });
}

async function pick(wrapper: ReturnType<typeof mountDelivery>, cityCode: string) {
  await wrapper.find('[data-testid="delivery-region"]').trigger('click');
  wrapper.findComponent(Area).vm.$emit('update:modelValue', cityCode);
  await flushPromises();
  (document.body.querySelector('.van-picker__confirm') as HTMLElement).click();
  await flushPromises();
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN';
  vi.spyOn(deliveryApi, 'productDelivery').mockImplementation(async (_id, to) =>
    to.province === '西藏自治区' ? TIBET_REFUSED : { deliverable: true, fee: 800, free: false, deliveryDays: { minDays: 1, maxDays: 3 } },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('ProductDelivery', () => {
  it('estimates to Beijing for a guest, then to the region the shopper picks', async () => {
    const wrapper = mountDelivery();
    await flushPromises();
    expect(deliveryApi.productDelivery).toHaveBeenLastCalledWith(7, { province: '北京市', city: '北京市' });
    expect(wrapper.text()).toContain('配送至 北京市');
    expect(wrapper.text()).toContain('预计 1–3 天送达');

    await pick(wrapper, '440300');
    expect(deliveryApi.productDelivery).toHaveBeenLastCalledWith(7, { province: '广东省', city: '深圳市' });
    expect(wrapper.text()).toContain('配送至 广东省 深圳市');
  });

  it('shows the API’s words when the picked region is not delivered', async () => {
    const wrapper = mountDelivery();
    await flushPromises();
    await pick(wrapper, '540100');
    expect(deliveryApi.productDelivery).toHaveBeenLastCalledWith(7, { province: '西藏自治区', city: '拉萨市' });
    expect(wrapper.find('.delivery--refused').text()).toBe('抱歉，西藏自治区不在配送范围内');
  });
});
