// The sandbox carrier: a realistic, deterministic Chinese tracking timeline for any parcel, from its
// ship time. The same parcel always gets the same events; an event shows once its time has passed.
import type { TrackingEventStatus } from '@mall/contract';
import { HOUR, MINUTE } from '../../platform/clock.ts';

export interface Destination {
  province: string;
  city: string;
  district: string;
}

export interface TrackedParcel {
  carrierCode: string | null;
  trackingNo: string;
  shippedAt: Date;
  destination: Destination;
}

export interface ProviderEvent {
  eventKey: string;
  status: TrackingEventStatus;
  description: string;
  location: string | null;
  occurredAt: Date;
}

const ORIGINS = [
  { city: '深圳市', centre: '深圳华南转运中心' },
  { city: '广州市', centre: '广州白云转运中心' },
  { city: '杭州市', centre: '杭州萧山转运中心' },
  { city: '东莞市', centre: '东莞虎门转运中心' },
  { city: '上海市', centre: '上海青浦转运中心' },
] as const;
const COURIERS = ['王师傅', '李师傅', '张师傅', '刘师傅', '陈师傅', '赵师傅'] as const;

/** FNV-1a: a stable number from a string (no randomness: the timeline must repeat exactly). */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of text) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The n-th pseudo-random number in [0, range) for the seed. */
const pick = (seed: number, n: number, range: number) => seedOf(`${seed}:${n}`) % range;

export function sandboxTimeline(parcel: TrackedParcel): ProviderEvent[] {
  const seed = seedOf(`${parcel.carrierCode ?? ''}:${parcel.trackingNo}`);
  const origin = ORIGINS[pick(seed, 1, ORIGINS.length)]!;
  const courier = COURIERS[pick(seed, 2, COURIERS.length)]!;
  const phone = `13${String(100_000_000 + pick(seed, 3, 900_000_000)).padStart(9, '0')}`;
  const dest = parcel.destination;
  const destCity = dest.city || dest.province;
  const start = parcel.shippedAt.getTime();
  // Hours after shipping, each step a little later than the last, varied per parcel.
  let at = start + HOUR + pick(seed, 4, 120) * MINUTE;
  const steps: { status: TrackingEventStatus; description: string; location: string }[] = [];
  const times: number[] = [];
  const add = (status: TrackingEventStatus, description: string, location: string, gapMinutes: number) => {
    steps.push({ status, description, location });
    times.push(at);
    at += gapMinutes * MINUTE;
  };
  add('collected', `【${origin.city}】快件已揽收，揽收网点已完成收件`, origin.city, 180 + pick(seed, 5, 180));
  add('in_transit', `快件已到达【${origin.centre}】，正在分拣`, origin.centre, 360 + pick(seed, 6, 240));
  add('in_transit', `快件已从【${origin.centre}】发出，下一站【${destCity}】`, origin.centre, 18 * 60 + pick(seed, 7, 600));
  add('in_transit', `快件已到达目的地城市【${destCity}】`, destCity, 300 + pick(seed, 8, 240));
  add('out_for_delivery', `【${destCity}${dest.district}】快件派送中，派送员：${courier}，电话：${phone}`, `${destCity}${dest.district}`, 120 + pick(seed, 9, 180));
  add('delivered', `【${destCity}${dest.district}】快件已签收，签收人：本人。感谢使用，期待再次为您服务`, `${destCity}${dest.district}`, 0);
  return steps.map((step, i) => ({ eventKey: `sandbox-${i + 1}`, ...step, occurredAt: new Date(times[i]!) }));
}

/** The events that have happened by `now`. */
export const eventsVisibleAt = (events: readonly ProviderEvent[], now: Date) => events.filter((e) => e.occurredAt.getTime() <= now.getTime());
