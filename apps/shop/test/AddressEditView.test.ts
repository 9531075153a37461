import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import Vant, { Area } from 'vant';
import AddressEditView from '../src/views/account/AddressEditView.vue';
import { i18n } from '../src/i18n.ts';
import { ApiError } from '../src/api/http.ts';
import { addressesApi } from '../src/api/addresses.ts';

const router = { back: vi.fn(), replace: vi.fn() };
vi.mock('vue-router', () => ({ useRoute: () => ({ query: {} }), useRouter: () => router }));

const saved = {
  id: 7,
  receiver: '张三',
  phone: '13812345678',
  province: '北京市',
  city: '北京市',
  district: '朝阳区',
  detail: '建国路 88 号',
  postalCode: null,
  tag: null,
  country: 'CN',
  isDefault: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const mountView = (id?: number) => mount(AddressEditView, { props: { id }, attachTo: document.body, global: { plugins: [i18n, Vant] } });

async function pickRegion(wrapper: ReturnType<typeof mountView>, code: string) {
  await wrapper.find('[data-testid="address-region"]').trigger('click');
  const area = wrapper.findComponent(Area);
  area.vm.$emit('update:modelValue', code);
  await flushPromises();
  (document.body.querySelector('.van-picker__confirm') as HTMLElement).click();
  await flushPromises();
}

beforeEach(() => {
  vi.spyOn(addressesApi, 'get').mockResolvedValue(saved as never);
  vi.spyOn(addressesApi, 'create').mockResolvedValue(saved as never);
  vi.spyOn(addressesApi, 'update').mockResolvedValue(saved as never);
});

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  i18n.global.locale.value = 'zh-CN';
});

describe('address form regions', () => {
  it('shows a mainland address as one region field, a municipality named once', async () => {
    const wrapper = mountView(7);
    await flushPromises();
    const field = wrapper.find('[data-testid="address-region"] input');
    expect((field.element as HTMLInputElement).value).toBe('北京市 朝阳区');
    expect(wrapper.find('input[name="province"]').exists()).toBe(false);
  });

  it('takes province, city and district from the picker and sends them', async () => {
    const wrapper = mountView(7);
    await flushPromises();
    await pickRegion(wrapper, '440305');
    expect((wrapper.find('[data-testid="address-region"] input').element as HTMLInputElement).value).toBe('广东省 深圳市 南山区');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(addressesApi.update).toHaveBeenCalledWith(7, expect.objectContaining({ province: '广东省', city: '深圳市', district: '南山区', country: 'CN' }));
  });

  it('picks a county-level city directly under a province as the data has it', async () => {
    const wrapper = mountView(7);
    await flushPromises();
    await pickRegion(wrapper, '429004');
    expect((wrapper.find('[data-testid="address-region"] input').element as HTMLInputElement).value).toBe('湖北省 省直辖县 仙桃市');
  });

  it('keeps free text for an address abroad', async () => {
    vi.mocked(addressesApi.get).mockResolvedValue({ ...saved, country: 'US', province: 'California', city: 'San Francisco', district: 'Mission' } as never);
    const wrapper = mountView(7);
    await flushPromises();
    expect(wrapper.find('[data-testid="address-region"]').exists()).toBe(false);
    expect((wrapper.find('input[name="province"]').element as HTMLInputElement).value).toBe('California');
  });

  it('shows the server’s localised words for a region it refuses on the region field', async () => {
    vi.mocked(addressesApi.update).mockRejectedValue(
      new ApiError(422, { code: 'ADDRESS_REGION_INVALID', title: '省市区不存在或不匹配', errors: [{ path: 'city', message: 'x is not a city of y', title: '北京市没有「深圳市」' }] }),
    );
    const wrapper = mountView(7);
    await flushPromises();
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="address-region"]').text()).toContain('北京市没有「深圳市」');
  });

  it('asks for a region before a new address is sent', async () => {
    const wrapper = mountView();
    await flushPromises();
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(addressesApi.create).not.toHaveBeenCalled();
    expect(wrapper.find('[data-testid="address-region"]').text()).toContain('请选择所在地区');
  });
});
