import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { createJobRunner, enqueue } from '../src/platform/jobs.ts';
import { outbox } from '../src/platform/platform.tables.ts';
import { staffNotifications } from '../src/modules/notifications/notifications.tables.ts';

const silentLog = { warn: () => undefined, error: () => undefined, info: () => undefined } as never;

describeEachDatabase('outbox job runner', (ctx) => {
  function runner(topic: string, handler: (payload: { n: number }) => Promise<void> | void) {
    const { db, clock, services } = ctx();
    const jobs = createJobRunner({ db, clock, log: silentLog, pollMs: 1000 });
    jobs.handle(topic, async (tx, payload) => {
      // The handler's write comes first, so a failure after it proves the write is rolled back.
      await services.notifications.notifyStaff(tx, {
        kind: topic,
        permission: 'notifications.read',
        titleZh: '测试',
        titleEn: 'test',
        data: payload as Record<string, unknown>,
      });
      await handler(payload as { n: number });
    });
    return jobs;
  }
  const notificationsOf = async (kind: string) =>
    (await ctx().db.select({ n: count() }).from(staffNotifications).where(eq(staffNotifications.kind, kind)))[0]!.n;

  it('delivers a committed message once, and never one whose transaction rolled back', async () => {
    const { db, clock } = ctx();
    const jobs = runner('t.commit', () => undefined);
    await db.transaction(async (tx) => enqueue(tx, clock, { topic: 't.commit', payload: { n: 1 } }));
    await db
      .transaction(async (tx) => {
        await enqueue(tx, clock, { topic: 't.commit', payload: { n: 2 } });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await jobs.drain()).toMatchObject({ delivered: 1 });
    expect(await jobs.drain()).toMatchObject({ delivered: 0 });
    expect(await notificationsOf('t.commit')).toBe(1);
  });

  it('adds a message with a known dedupe key only once', async () => {
    const { db, clock } = ctx();
    const jobs = runner('t.dedupe', () => undefined);
    for (let i = 0; i < 3; i++) await enqueue(db, clock, { topic: 't.dedupe', payload: { n: i }, dedupeKey: 'same-key' });
    await jobs.drain();
    expect(await notificationsOf('t.dedupe')).toBe(1);
  });

  it('waits for availableAt, then delivers', async () => {
    const { db, clock } = ctx();
    const jobs = runner('t.later', () => undefined);
    await enqueue(db, clock, { topic: 't.later', payload: { n: 1 }, availableAt: new Date(clock.now().getTime() + 60_000) });
    expect((await jobs.drain()).delivered).toBe(0);
    clock.advance(61_000);
    expect((await jobs.drain()).delivered).toBe(1);
  });

  it('retries a failing handler with backoff, rolls back its partial work, and parks it as dead at last', async () => {
    const { db, clock } = ctx();
    let calls = 0;
    const jobs = runner('t.fail', () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
    });
    await enqueue(db, clock, { topic: 't.fail', payload: { n: 1 } });
    await jobs.drain();
    expect(calls).toBe(1);
    const [afterFirst] = await db.select().from(outbox).where(eq(outbox.topic, 't.fail'));
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastError: 'boom 1' });
    await jobs.drain();
    expect(calls).toBe(1); // not due yet: backoff
    clock.advance(3_000);
    await jobs.drain();
    clock.advance(10_000);
    await jobs.drain();
    expect(calls).toBe(3);
    expect(await notificationsOf('t.fail')).toBe(1);

    let deadCalls = 0;
    const dead = runner('t.dead', () => {
      deadCalls++;
      throw new Error('always');
    });
    await enqueue(db, clock, { topic: 't.dead', payload: { n: 1 } });
    for (let i = 0; i < 12; i++) {
      await dead.drain();
      clock.advance(3_700_000);
    }
    expect(deadCalls).toBe(8);
    const [row] = await db.select().from(outbox).where(eq(outbox.topic, 't.dead'));
    expect(row!.status).toBe('dead');
    expect(await notificationsOf('t.dead')).toBe(0);
  });

  it('delivers each message exactly once when several runners drain at the same time', async () => {
    const { db, clock } = ctx();
    const seen: number[] = [];
    const runners = [0, 1, 2, 3].map(() => runner(`t.race`, (p) => void seen.push(p.n)));
    for (let i = 0; i < 40; i++) await enqueue(db, clock, { topic: 't.race', payload: { n: i } });
    const results = await Promise.all(runners.map((r) => r.drain()));
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(40);
    expect(new Set(seen).size).toBe(40);
    expect(seen).toHaveLength(40);
    expect(await notificationsOf('t.race')).toBe(40);
  });

  it('runs sweepers on drain', async () => {
    const { db, clock } = ctx();
    const jobs = createJobRunner({ db, clock, log: silentLog, pollMs: 1000 });
    let swept = 0;
    jobs.addSweeper({ name: 'count', everyMs: 1000, run: async () => ++swept });
    expect((await jobs.drain()).swept).toBe(1);
  });
});

describeEachDatabase('outbox job runner: external handlers', (ctx) => {
  const make = (handler: (payload: { n: number }) => Promise<void> | void) => {
    const { db, clock } = ctx();
    const jobs = createJobRunner({ db, clock, log: silentLog, pollMs: 1000 });
    jobs.handleExternal('t.external', async (payload) => handler(payload as { n: number }));
    return jobs;
  };

  it('runs outside any transaction: the database stays usable while the handler waits', async () => {
    const { db, clock } = ctx();
    let queriedMeanwhile = false;
    const jobs = make(async () => {
      // On PGlite (one connection) this would deadlock if the runner held a transaction open.
      await db.select({ n: count() }).from(outbox);
      queriedMeanwhile = true;
    });
    await enqueue(db, clock, { topic: 't.external', payload: { n: 1 } });
    expect((await jobs.drain()).delivered).toBe(1);
    expect(queriedMeanwhile).toBe(true);
    const [row] = await db.select().from(outbox).where(eq(outbox.topic, 't.external'));
    expect(row).toMatchObject({ status: 'done', attempts: 1, leaseUntil: null });
  });

  it('retries a failed external handler with backoff and delivers it once', async () => {
    const { db, clock } = ctx();
    let calls = 0;
    const jobs = make(() => {
      calls++;
      if (calls === 1) throw new Error('smtp 451');
    });
    await db.delete(outbox).where(eq(outbox.topic, 't.external'));
    await enqueue(db, clock, { topic: 't.external', payload: { n: 2 } });
    await jobs.drain();
    const [afterFailure] = await db.select().from(outbox).where(eq(outbox.topic, 't.external'));
    expect(afterFailure).toMatchObject({ status: 'pending', attempts: 1, lastError: 'smtp 451', leaseUntil: null });
    clock.advance(3_000);
    await jobs.drain();
    await jobs.drain();
    expect(calls).toBe(2);
    const [done] = await db.select().from(outbox).where(eq(outbox.topic, 't.external'));
    expect(done!.status).toBe('done');
  });

  it('does not hand a leased message to a second runner until its lease runs out', async () => {
    const { db, clock } = ctx();
    await db.delete(outbox).where(eq(outbox.topic, 't.external'));
    await enqueue(db, clock, { topic: 't.external', payload: { n: 3 } });
    // A runner that took the message and then died: the lease is set, the message still pending.
    await db.update(outbox).set({ leaseUntil: new Date(clock.now().getTime() + 300_000), attempts: 1 }).where(eq(outbox.topic, 't.external'));
    let calls = 0;
    const jobs = make(() => void calls++);
    expect((await jobs.drain()).delivered).toBe(0);
    clock.advance(301_000);
    expect((await jobs.drain()).delivered).toBe(1);
    expect(calls).toBe(1);
  });
});
