import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import PriceBreakdown from '../src/components/PriceBreakdown.vue';
import { i18n } from '../src/i18n.ts';
import type { BreakdownStep } from '@mall/contract';
import type { StageSplit } from '../src/utils/presale.ts';

type Line = { step: BreakdownStep; label: string; labelEn: string; amount: number };

function breakdown(lines: Line[], totals: { goodsAmount: number; shippingFee: number; totalAmount: number }) {
  return { lines, ...totals };
}

const mountWith = (props: { breakdown: ReturnType<typeof breakdown>; stages?: StageSplit }) => mount(PriceBreakdown, { props, global: { plugins: [i18n] } });
const row = (wrapper: ReturnType<typeof mountWith>, step: string) => wrapper.find(`[data-step="${step}"]`);
const amountOf = (wrapper: ReturnType<typeof mountWith>, step: string) => row(wrapper, step).find('.price-breakdown__amount').text();

afterEach(() => {
  i18n.global.locale.value = 'zh-CN';
});

describe('PriceBreakdown', () => {
  const normal = breakdown(
    [
      { step: 'goods', label: '商品金额', labelEn: 'Goods', amount: 129_901 },
      { step: 'promotion', label: '满300减30', labelEn: '¥30 off', amount: -3_000 },
      { step: 'coupon', label: '优惠券 满100减10', labelEn: 'Coupon', amount: 0 },
      { step: 'points', label: '积分抵扣 (1,001 积分)', labelEn: 'Points', amount: -1_001 },
      { step: 'shipping', label: '免运费', labelEn: 'Free shipping', amount: 0 },
    ],
    { goodsAmount: 129_901, shippingFee: 0, totalAmount: 125_900 },
  );

  it('renders every amount in fen exactly, as yuan with two decimals', () => {
    const wrapper = mountWith({ breakdown: normal });
    expect(amountOf(wrapper, 'goods')).toBe('¥1299.01');
    expect(amountOf(wrapper, 'promotion')).toBe('-¥30.00');
    expect(amountOf(wrapper, 'points')).toBe('-¥10.01');
    expect(amountOf(wrapper, 'total')).toBe('¥1259.00');
    expect(row(wrapper, 'promotion').text()).toContain('满300减30');
  });

  it('leaves out lines of zero (the unused coupon, free shipping)', () => {
    const wrapper = mountWith({ breakdown: normal });
    expect(row(wrapper, 'coupon').exists()).toBe(false);
    expect(row(wrapper, 'shipping').exists()).toBe(false);
    expect(wrapper.findAll('.price-breakdown__row').map((r) => r.attributes('data-step'))).toEqual(['goods', 'promotion', 'points', 'total']);
  });

  it('adds the goods and shipping lines from the totals when the server sent none', () => {
    const wrapper = mountWith({ breakdown: breakdown([], { goodsAmount: 5_000, shippingFee: 1_000, totalAmount: 6_000 }) });
    expect(amountOf(wrapper, 'goods')).toBe('¥50.00');
    expect(amountOf(wrapper, 'shipping')).toBe('¥10.00');
    expect(row(wrapper, 'shipping').text()).toContain('运费');
    expect(amountOf(wrapper, 'total')).toBe('¥60.00');
  });

  it('splits a deposit presale into the deposit paid now and the balance paid later', () => {
    const presale = breakdown(
      [
        { step: 'goods', label: '商品金额（预售价）', labelEn: 'Goods (presale price)', amount: 149_900 },
        { step: 'promotion', label: '定金膨胀', labelEn: 'Deposit worth more', amount: -10_000 },
      ],
      { goodsAmount: 149_900, shippingFee: 0, totalAmount: 139_900 },
    );
    const wrapper = mountWith({ breakdown: presale, stages: { depositLabel: '定金', deposit: 20_000, balance: 119_900, balanceNote: '2026-12-04 06:00 ~ 2026-12-07 06:00' } });
    expect(amountOf(wrapper, 'deposit')).toBe('¥200.00');
    expect(row(wrapper, 'deposit').text()).toContain('定金（现在付）');
    expect(amountOf(wrapper, 'balance')).toBe('¥1199.00');
    expect(row(wrapper, 'balance').text()).toContain('2026-12-04 06:00');
    expect(amountOf(wrapper, 'total')).toBe('¥1399.00');
    expect(row(wrapper, 'tier').exists()).toBe(false);
  });

  it('names 订金 as given and shows a tier discount when there is one', () => {
    const wrapper = mountWith({
      breakdown: breakdown([{ step: 'goods', label: '商品金额', labelEn: 'Goods', amount: 10_000 }], { goodsAmount: 10_000, shippingFee: 0, totalAmount: 10_000 }),
      stages: { depositLabel: '订金', deposit: 1_000, balance: 8_500, tierDiscount: 500, placed: true },
    });
    expect(row(wrapper, 'deposit').text()).toContain('订金');
    expect(row(wrapper, 'deposit').text()).not.toContain('现在付');
    expect(amountOf(wrapper, 'tier')).toBe('-¥5.00');
  });

  it('has no stage lines for a normal order', () => {
    const wrapper = mountWith({ breakdown: normal });
    expect(row(wrapper, 'deposit').exists()).toBe(false);
    expect(row(wrapper, 'balance').exists()).toBe(false);
  });

  it('reads the English labels in English', async () => {
    i18n.global.locale.value = 'en';
    const wrapper = mountWith({ breakdown: normal });
    expect(row(wrapper, 'promotion').text()).toContain('¥30 off');
    expect(row(wrapper, 'total').text()).toContain('Total');
  });
});
