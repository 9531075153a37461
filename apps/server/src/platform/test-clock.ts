import { z } from 'zod';
import type { Clock } from './clock.ts';
import type { App } from './http.ts';
import type { JobRunner } from './jobs.ts';

/**
 * Test-only controls for browser tests (TEST_CLOCK_CONTROL=1, refused in production by config):
 * a clock that can be moved, and a way to run the background jobs now instead of waiting for
 * their polling. Without the flag none of this is built and the routes do not exist.
 */

/** A clock that can be moved; ManualClock (tests) and ShiftedClock (a test server) both are. */
export interface MovableClock extends Clock {
  set(to: Date | string): void;
  advance(ms: number): void;
}

/** Real time plus an offset: it keeps ticking like the wall clock, and can be moved forward or set. */
export class ShiftedClock implements MovableClock {
  #offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  set(to: Date | string): void {
    this.#offsetMs = new Date(to).getTime() - Date.now();
  }
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}

export function isMovableClock(clock: Clock): clock is MovableClock {
  const candidate = clock as Partial<MovableClock>;
  return typeof candidate.set === 'function' && typeof candidate.advance === 'function';
}

const clockState = z.object({ now: z.string().describe('the clock the server uses for business time, ISO 8601') });
const moveBody = z.union([
  z.object({ advanceMs: z.number().int().min(0).max(400 * 24 * 3_600_000) }).strict(),
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
]);
const jobsResult = z.object({ swept: z.number().int(), delivered: z.number().int(), now: z.string() });

export function testClockRoutes(app: App, deps: { clock: Clock; jobs: Pick<JobRunner, 'drain'> }) {
  const { clock, jobs } = deps;
  if (!isMovableClock(clock)) throw new Error('TEST_CLOCK_CONTROL needs a movable clock (ShiftedClock or ManualClock)');
  const tags = ['test only'];
  app.log.warn('TEST_CLOCK_CONTROL is on: /api/test/clock and /api/test/jobs/run let anyone move time and run jobs');

  app.get('/api/test/clock', { schema: { tags, summary: 'The server clock (test servers only)', response: { 200: clockState } } }, async () => ({
    now: clock.now().toISOString(),
  }));

  app.post(
    '/api/test/clock',
    { schema: { tags, summary: 'Move the server clock forward ({ advanceMs }) or to a time ({ set })', body: moveBody, response: { 200: clockState } } },
    async (request) => {
      const body = request.body;
      if ('advanceMs' in body) clock.advance(body.advanceMs);
      else clock.set(body.set);
      return { now: clock.now().toISOString() };
    },
  );

  app.post(
    '/api/test/jobs/run',
    { schema: { tags, summary: 'Run every sweeper once and deliver every due outbox message now', response: { 200: jobsResult } } },
    async () => {
      const { swept, delivered } = await jobs.drain();
      return { swept, delivered, now: clock.now().toISOString() };
    },
  );
}
