import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRACKING_EVENT_STATUSES, type TrackingStatus } from '@mall/contract';
import { advanceStatus, deliveredAtOf, deliveryAutoCompleteAt, newEventsOnly, nextPollAt, trackingStatusOf, trackingUrlFor } from './tracking.rules.ts';
import { eventsVisibleAt, sandboxTimeline } from './tracking-sandbox.rules.ts';

const at = (hours: number) => new Date(Date.UTC(2026, 10, 23, 2) + hours * 3_600_000);
const ORDER: TrackingStatus[] = ['shipped', 'in_transit', 'out_for_delivery', 'delivered'];

describe('tracking status of a parcel', () => {
  it('is the furthest step reached, whatever order the events came in', () => {
    const events = [
      { status: 'collected' as const, occurredAt: at(1) },
      { status: 'out_for_delivery' as const, occurredAt: at(30) },
      { status: 'in_transit' as const, occurredAt: at(5) },
    ];
    expect(trackingStatusOf(events)).toBe('out_for_delivery');
    expect(trackingStatusOf([...events].reverse())).toBe('out_for_delivery');
    expect(trackingStatusOf([])).toBe('shipped');
    expect(trackingStatusOf([{ status: 'collected', occurredAt: at(1) }])).toBe('shipped');
  });

  it('is an exception only while the exception is the latest event, and delivered is final', () => {
    expect(trackingStatusOf([{ status: 'in_transit', occurredAt: at(1) }, { status: 'exception', occurredAt: at(2) }])).toBe('exception');
    expect(trackingStatusOf([{ status: 'exception', occurredAt: at(2) }, { status: 'in_transit', occurredAt: at(3) }])).toBe('in_transit');
    expect(trackingStatusOf([{ status: 'delivered', occurredAt: at(2) }, { status: 'exception', occurredAt: at(3) }])).toBe('delivered');
  });

  it('never moves backwards except into or out of an exception (property)', () => {
    const status = fc.constantFrom<TrackingStatus>('shipped', 'in_transit', 'out_for_delivery', 'delivered', 'exception');
    fc.assert(
      fc.property(status, status, (current, computed) => {
        const next = advanceStatus(current, computed);
        if (current === 'delivered') return next === 'delivered';
        if (computed === 'exception') return next === 'exception';
        if (current === 'exception') return next === computed;
        return ORDER.indexOf(next) === Math.max(ORDER.indexOf(current), ORDER.indexOf(computed));
      }),
    );
  });

  it('does not depend on the arrival order of the events (property)', () => {
    const event = fc.record({ status: fc.constantFrom(...TRACKING_EVENT_STATUSES), occurredAt: fc.integer({ min: 0, max: 1000 }).map((h) => at(h)) });
    fc.assert(
      fc.property(fc.uniqueArray(event, { selector: (e) => e.occurredAt.getTime(), maxLength: 12 }), fc.integer(), (events, seed) => {
        const shuffled = [...events].sort((a, b) => ((a.occurredAt.getTime() * 31 + seed) % 97) - ((b.occurredAt.getTime() * 31 + seed) % 97));
        return trackingStatusOf(events) === trackingStatusOf(shuffled);
      }),
    );
  });

  it('is delivered at its earliest delivered event', () => {
    expect(deliveredAtOf([{ status: 'in_transit', occurredAt: at(1) }])).toBeNull();
    expect(deliveredAtOf([{ status: 'delivered', occurredAt: at(9) }, { status: 'delivered', occurredAt: at(7) }])).toEqual(at(7));
  });
});

describe('event dedupe and polling', () => {
  it('keeps each key once, leaving out the stored ones', () => {
    const e = (eventKey: string, description = eventKey) => ({ eventKey, description });
    expect(newEventsOnly(new Set(['a']), [e('a'), e('b', 'first'), e('b', 'second'), e('c')])).toEqual([e('b', 'first'), e('c')]);
    expect(newEventsOnly(new Set(['a', 'b']), [e('a'), e('b')])).toEqual([]);
  });

  it('polls again later until delivered', () => {
    expect(nextPollAt('delivered', at(0))).toBeNull();
    expect(nextPollAt('in_transit', at(0))).toEqual(at(2));
    expect(nextPollAt('exception', at(0))).toEqual(at(6));
  });

  it('builds the tracking link from the carrier pattern', () => {
    expect(trackingUrlFor('https://t.example/q?no={trackingNo}', 'SF 1/2')).toBe('https://t.example/q?no=SF%201%2F2');
  });
});

describe('auto-complete after delivery', () => {
  it('is the last delivery plus the days, once every parcel is delivered', () => {
    expect(deliveryAutoCompleteAt([], 7)).toBeNull();
    expect(deliveryAutoCompleteAt([{ deliveredAt: at(10) }, { deliveredAt: null }], 7)).toBeNull();
    expect(deliveryAutoCompleteAt([{ deliveredAt: at(10) }, { deliveredAt: at(40) }], 7)).toEqual(at(40 + 7 * 24));
  });
});

describe('sandbox timeline', () => {
  const parcel = { carrierCode: 'SF', trackingNo: 'SF1234567890', shippedAt: at(0), destination: { province: '上海市', city: '上海市', district: '浦东新区' } };

  it('is the same every time for a parcel, and differs between parcels', () => {
    expect(sandboxTimeline(parcel)).toEqual(sandboxTimeline({ ...parcel }));
    expect(sandboxTimeline({ ...parcel, trackingNo: 'SF1234567891' })).not.toEqual(sandboxTimeline(parcel));
  });

  it('goes 揽收 → 转运中心 → 目的地城市 → 派送中 (courier and phone) → 已签收, in time order, after the ship time', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{6,20}$/), (trackingNo) => {
        const events = sandboxTimeline({ ...parcel, trackingNo });
        expect(events.map((e) => e.status)).toEqual(['collected', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
        expect(new Set(events.map((e) => e.eventKey)).size).toBe(events.length);
        events.forEach((e, i) => {
          expect(e.occurredAt.getTime()).toBeGreaterThan(i === 0 ? parcel.shippedAt.getTime() : events[i - 1]!.occurredAt.getTime());
        });
        expect(events.at(-1)!.occurredAt.getTime() - parcel.shippedAt.getTime()).toBeLessThan(72 * 3_600_000);
      }),
      { numRuns: 50 },
    );
    const events = sandboxTimeline(parcel);
    expect(events[0]!.description).toContain('揽收');
    expect(events[1]!.description).toContain('转运中心');
    expect(events[3]!.description).toContain('到达目的地城市【上海市】');
    expect(events[4]!.description).toMatch(/派送中，派送员：.师傅，电话：1\d{10}/);
    expect(events[5]!.description).toContain('已签收');
  });

  it('shows an event only once its time has passed', () => {
    const events = sandboxTimeline(parcel);
    expect(eventsVisibleAt(events, at(0))).toEqual([]);
    expect(eventsVisibleAt(events, events[2]!.occurredAt)).toHaveLength(3);
    expect(eventsVisibleAt(events, at(72))).toHaveLength(6);
  });
});
