import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { buildApp, type BuiltApp } from '../src/app.ts';
import { ManualClock, DAY, HOUR } from '../src/platform/clock.ts';
import { enqueue } from '../src/platform/jobs.ts';
import { ShiftedClock } from '../src/platform/test-clock.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from './harness.ts';

/** The test-only clock control browser tests use: off unless asked, never in production. */

describe('TEST_CLOCK_CONTROL configuration', () => {
  it('is off by default', () => {
    expect(loadConfig({}).testClockControl).toBe(false);
    expect(loadConfig({ TEST_CLOCK_CONTROL: '1', NODE_ENV: 'test' }).testClockControl).toBe(true);
  });

  it('is refused in production with a message naming it', () => {
    expect(() => loadConfig({ TEST_CLOCK_CONTROL: '1', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ TEST_CLOCK_CONTROL: 'true', NODE_ENV: 'production' })).toThrow(/TEST_CLOCK_CONTROL.*production/s);
    expect(loadConfig({ TEST_CLOCK_CONTROL: '0', NODE_ENV: 'production' }).testClockControl).toBe(false);
  });
});

describe('ShiftedClock', () => {
  it('starts at real time, keeps ticking, and moves when told', async () => {
    const clock = new ShiftedClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
    clock.advance(3 * DAY);
    expect(clock.now().getTime() - Date.now()).toBeGreaterThan(3 * DAY - 50);
    const before = clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime()).toBeGreaterThan(before);
    clock.set('2030-01-01T00:00:00.000Z');
    expect(Math.abs(clock.now().getTime() - Date.parse('2030-01-01T00:00:00.000Z'))).toBeLessThan(50);
  });
});

for (const kind of databaseKinds) {
  describe(`test clock and job routes [${kind}]`, () => {
    let built: BuiltApp;
    let testDb: TestDatabase;
    const clock = new ManualClock('2026-11-23T02:00:00.000Z');
    const handled: unknown[] = [];
    let sweeps = 0;

    beforeAll(async () => {
      testDb = await openTestDatabase(kind);
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATA_DIR: path.join(os.tmpdir(), `mall-clock-${process.pid}`),
        DEMO_DATA: 'false',
        JOBS_ENABLED: 'false',
        TEST_CLOCK_CONTROL: '1',
      });
      built = await buildApp({ config, clock, database: testDb.database });
      built.jobs.handle('test.probe', async (_tx, payload) => void handled.push(payload));
      built.jobs.addSweeper({ name: 'test-probe', everyMs: DAY, run: async () => ++sweeps && 0 });
      await built.app.ready();
    });
    afterAll(async () => {
      await built?.app.close();
      await testDb?.drop();
    });

    it('reads the server clock', async () => {
      const res = await built.app.inject({ method: 'GET', url: '/api/test/clock' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ now: '2026-11-23T02:00:00.000Z' });
    });

    it('moves the clock forward or sets it, and the whole server sees it', async () => {
      const moved = await built.app.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMs: 3 * DAY } });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toEqual({ now: '2026-11-26T02:00:00.000Z' });
      const health = await built.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json().time).toBe('2026-11-26T02:00:00.000Z');
      const set = await built.app.inject({ method: 'POST', url: '/api/test/clock', payload: { set: '2026-12-01T08:00:00+08:00' } });
      expect(set.json()).toEqual({ now: '2026-12-01T00:00:00.000Z' });
    });

    it('refuses a malformed move', async () => {
      for (const payload of [{ advanceMs: -1 }, { advanceMs: 1.5 }, { set: 'next tuesday' }, { advanceMs: 1, set: '2026-12-01T00:00:00Z' }, {}]) {
        const res = await built.app.inject({ method: 'POST', url: '/api/test/clock', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      expect((await built.app.inject({ method: 'GET', url: '/api/test/clock' })).json().now).toBe('2026-12-01T00:00:00.000Z');
    });

    it('runs every sweeper and delivers the messages that are due by the moved clock', async () => {
      await enqueue(built.db, clock, { topic: 'test.probe', payload: { n: 1 }, availableAt: new Date(clock.now().getTime() + 2 * HOUR) });
      const sweepsBefore = sweeps;
      const early = await built.app.inject({ method: 'POST', url: '/api/test/jobs/run' });
      expect(early.statusCode).toBe(200);
      expect(early.json()).toMatchObject({ delivered: 0, now: '2026-12-01T00:00:00.000Z' });
      expect(sweeps).toBe(sweepsBefore + 1);
      expect(handled).toEqual([]);

      await built.app.inject({ method: 'POST', url: '/api/test/clock', payload: { advanceMs: 3 * HOUR } });
      const due = await built.app.inject({ method: 'POST', url: '/api/test/jobs/run' });
      expect(due.json()).toMatchObject({ delivered: 1 });
      expect(handled).toEqual([{ n: 1 }]);
      expect(sweeps).toBe(sweepsBefore + 2);
    });
  });
}
