import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAgent, ChatMessage, ChatServerFrame, StaffRole } from '@mall/contract';
import { loadConfig } from '../src/config.ts';
import { buildApp, type BuiltApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db.ts';
import { hashPassword } from '../src/platform/auth.ts';
import { shoppers, staff } from '../src/modules/accounts/accounts.tables.ts';
import { openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './harness.ts';
import { ChatClient, isAck, isMessage, listenOnce } from './chat-helpers.ts';
import { CHAT_LISTENER_NAME } from '../src/modules/chat/chat.bus.ts';

/**
 * Two server instances on one PostgreSQL database, each with its own pool, listener and port: the
 * shopper talks to instance A, the agent to instance B, and everything crosses through
 * LISTEN/NOTIFY. PGlite is one process by nature, so this suite needs PostgreSQL (CI sets it).
 */
describe.skipIf(!TEST_DATABASE_URL)('chat across two server instances [postgresql]', () => {
  let testDb: TestDatabase;
  let a: BuiltApp;
  let b: BuiltApp;
  let urlA = '';
  let urlB = '';
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const sockets: ChatClient[] = [];

  async function instance(database: TestDatabase['database']) {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: `/tmp/mall-test-${process.pid}`, DEMO_DATA: 'false', JOBS_ENABLED: 'false' });
    const built = await buildApp({ config, clock, database });
    await built.app.ready();
    return built;
  }

  async function staffSession(role: StaffRole, name: string) {
    const [member] = await a.db.insert(staff).values({ username: name, displayName: name, passwordHash: await hashPassword('secret-pass-1'), role, createdAt: clock.now(), updatedAt: clock.now() }).returning();
    const { token } = await a.auth.issueSession(a.db, { kind: 'staff', id: member!.id });
    return { id: member!.id, headers: { authorization: `Bearer ${token}` } };
  }
  async function shopperSession(name: string) {
    const [shopper] = await a.db.insert(shoppers).values({ email: `${name}@example.com`, nickname: name, passwordHash: await hashPassword('secret-pass-1'), createdAt: clock.now(), updatedAt: clock.now() }).returning();
    const { token } = await a.auth.issueSession(a.db, { kind: 'shopper', id: shopper!.id });
    return { id: shopper!.id, headers: { authorization: `Bearer ${token}` } };
  }
  const connect = async (url: string, headers: Record<string, string>) => {
    const client = await ChatClient.connect(url, headers);
    sockets.push(client);
    return client;
  };

  beforeAll(async () => {
    testDb = await openTestDatabase('postgresql');
    a = await instance(testDb.database);
    b = await instance(await openDatabase({ kind: 'postgresql', url: testDb.url!, poolMax: 5 }));
    urlA = await listenOnce(a.app);
    urlB = await listenOnce(b.app);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await a?.app.close();
    await b?.app.close();
    await b?.database.close();
    await testDb?.drop();
  });

  it('carries messages and read markers both ways between a shopper on A and an agent on B', async () => {
    const shopper = await shopperSession('multi-shopper');
    const agent = await staffSession('customer_service', 'multi-agent');
    const onB = await connect(`${urlB}/api/admin/chat/ws`, agent.headers);
    const onA = await connect(`${urlA}/api/chat/ws`, shopper.headers);

    onA.sendText('你好，我在 A', 'm-1');
    const asked = (await onA.next(isAck('m-1'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    const conversationId = asked.message.conversationId;
    const seenOnB = (await onB.next(isMessage('你好，我在 A'))) as { message: ChatMessage };
    expect(seenOnB.message.id).toBe(asked.message.id);
    await onB.next((f) => f.type === 'conversation' && f.conversation.id === conversationId);

    onB.sendText('你好，我在 B', 'm-2', conversationId);
    const answered = (await onB.next(isAck('m-2'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    const seenOnA = (await onA.next(isMessage('你好，我在 B'))) as { message: ChatMessage };
    expect(seenOnA.message).toMatchObject({ id: answered.message.id, senderType: 'staff', senderName: 'multi-agent' });

    onA.send({ type: 'read', upToId: answered.message.id });
    expect(await onB.next((f) => f.type === 'read' && f.side === 'shopper')).toEqual({ type: 'read', conversationId, side: 'shopper', upToId: answered.message.id });
    onB.send({ type: 'read', conversationId, upToId: asked.message.id });
    expect(await onA.next((f) => f.type === 'read' && f.side === 'staff')).toEqual({ type: 'read', conversationId, side: 'staff', upToId: asked.message.id });

    // presence crosses too: A knows the agent is online on B, and B knows the shopper is on A
    const agents = (await a.app.inject({ method: 'GET', url: '/api/admin/chat/agents', headers: agent.headers })).json() as ChatAgent[];
    expect(agents.find((x) => x.id === agent.id)).toMatchObject({ online: true, openConversations: 1 });
    expect(b.services.chat.isOnline('shopper', shopper.id)).toBe(true);
    // an HTTP send on B reaches the socket on A as well
    const viaHttp = await b.app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/messages`, headers: agent.headers, payload: { kind: 'text', body: '经由 HTTP', clientMsgId: 'm-3' } });
    expect(viaHttp.statusCode).toBe(201);
    await onA.next(isMessage('经由 HTTP'));
  });

  it('survives a lost listener connection: sockets are told to reconnect, and then chat flows again', async () => {
    const shopper = await shopperSession('reconnect-shopper');
    const agent = await staffSession('customer_service', 'reconnect-agent');
    const onA = await connect(`${urlA}/api/chat/ws`, shopper.headers);
    const onB = await connect(`${urlB}/api/admin/chat/ws`, agent.headers);
    const killed = await testDb.database.query<{ pid: number }>(
      'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [CHAT_LISTENER_NAME],
    );
    expect(killed).toHaveLength(2);
    // 1012 = service restart: the client reconnects and fetches what it missed over REST
    expect((await onA.whenClosed()).code).toBe(1012);
    expect((await onB.whenClosed()).code).toBe(1012);
    const againA = await connect(`${urlA}/api/chat/ws`, shopper.headers);
    const againB = await connect(`${urlB}/api/admin/chat/ws`, agent.headers);
    againA.sendText('重连之后', 'rc-1');
    await againB.next(isMessage('重连之后'));
  });
});
