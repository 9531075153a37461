import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import PresaleCountdown from '../src/components/PresaleCountdown.vue';
import { i18n } from '../src/i18n.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');
const START = '2026-12-02T01:02:03.000Z'; // 1 d 1 h 2 m 3 s after NOW
const END = '2026-12-04T00:00:00.000Z';

type Props = { startsAt?: string; endsAt?: string; kind?: 'order' | 'balance'; endLabel?: string };
const mountWith = (props: Props) => mount(PresaleCountdown, { props, global: { plugins: [i18n] } });
const parts = (wrapper: ReturnType<typeof mountWith>) => ['d', 'h', 'm', 's'].map((u) => wrapper.find(`[data-unit="${u}"]`).text());
const label = (wrapper: ReturnType<typeof mountWith>) => wrapper.find('.presale-countdown__label').text();

async function tick(ms: number) {
  vi.advanceTimersByTime(ms);
  await nextTick();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  i18n.global.locale.value = 'zh-CN';
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PresaleCountdown', () => {
  it('counts down to the start in days, hours, minutes and seconds before the window opens', () => {
    const wrapper = mountWith({ startsAt: START, endsAt: END });
    expect(wrapper.attributes('data-phase')).toBe('before');
    expect(label(wrapper)).toBe('距开始');
    expect(parts(wrapper)).toEqual(['1', '01', '02', '03']);
  });

  it('ticks every second', async () => {
    const wrapper = mountWith({ startsAt: START, endsAt: END });
    await tick(1_000);
    expect(parts(wrapper)).toEqual(['1', '01', '02', '02']);
    await tick(3_000);
    expect(parts(wrapper)).toEqual(['1', '01', '01', '59']);
  });

  it('switches to counting to the end when the window opens, and says so', async () => {
    const wrapper = mountWith({ startsAt: START, endsAt: END });
    await tick(Date.parse(START) - NOW.getTime() - 1_000);
    expect(wrapper.attributes('data-phase')).toBe('before');
    expect(parts(wrapper)).toEqual(['0', '00', '00', '01']);
    await tick(1_000);
    expect(wrapper.attributes('data-phase')).toBe('during');
    expect(label(wrapper)).toBe('距结束');
    // from 2026-12-02T01:02:03Z to 2026-12-04T00:00:00Z: 1 d 22 h 57 m 57 s
    expect(parts(wrapper)).toEqual(['1', '22', '57', '57']);
    expect(wrapper.emitted('phase')?.[0]).toEqual(['during']);
  });

  it('says the window is over at its end and shows no time', async () => {
    const wrapper = mountWith({ startsAt: START, endsAt: END });
    await tick(Date.parse(END) - NOW.getTime());
    expect(wrapper.attributes('data-phase')).toBe('after');
    expect(label(wrapper)).toBe('已结束');
    expect(wrapper.find('[data-unit="s"]').exists()).toBe(false);
  });

  it('counts to the end at once when the window is already open or has no start', () => {
    const wrapper = mountWith({ endsAt: '2026-12-01T00:01:30.000Z' });
    expect(wrapper.attributes('data-phase')).toBe('during');
    expect(parts(wrapper)).toEqual(['0', '00', '01', '30']);
  });

  it('uses the balance labels for the balance window', async () => {
    const wrapper = mountWith({ kind: 'balance', startsAt: START, endsAt: END });
    expect(label(wrapper)).toBe('距尾款支付开始');
    await tick(Date.parse(START) - NOW.getTime());
    expect(label(wrapper)).toBe('距尾款支付结束');
    await tick(Date.parse(END) - Date.parse(START));
    expect(label(wrapper)).toBe('尾款支付已结束');
  });

  it('takes labels given by the page', () => {
    const wrapper = mountWith({ endsAt: END, endLabel: '请在 12-04 08:00 前支付' });
    expect(label(wrapper)).toBe('请在 12-04 08:00 前支付');
  });

  it('stops its timer when unmounted', () => {
    const wrapper = mountWith({ startsAt: START, endsAt: END });
    expect(vi.getTimerCount()).toBe(1);
    wrapper.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
