import { and, eq } from 'drizzle-orm';
import { afterEach, beforeAll, expect, it } from 'vitest';
import type { ChatConversationSummary, ChatMessage, ChatServerFrame } from '@mall/contract';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { ChatClient, isAck, isError, isMessage, listenOnce } from './chat-helpers.ts';
import { chatMessages } from '../src/modules/chat/chat.tables.ts';
import { shopperMessages } from '../src/modules/notifications/notifications.tables.ts';
import { hashToken } from '../src/platform/auth.ts';

type Session = { id: number; headers: { authorization: string } };
const tokenOf = (s: Session) => s.headers.authorization.slice('Bearer '.length);

describeEachDatabase('chat over WebSocket', (ctx) => {
  let base = '';
  const open: ChatClient[] = [];
  const connect = async (path: string, headers: Record<string, string> = {}) => {
    const client = await ChatClient.connect(`${base}${path}`, headers);
    open.push(client);
    return client;
  };
  const shopperSocket = (s: Session) => connect('/api/chat/ws', s.headers);
  const staffSocket = (s: Session) => connect('/api/admin/chat/ws', s.headers);
  const waitOffline = async (c: TestContext, kind: 'shopper' | 'staff', id: number) => {
    for (let i = 0; i < 200 && c.services.chat.isOnline(kind, id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(c.services.chat.isOnline(kind, id)).toBe(false);
  };

  beforeAll(async () => {
    base = await listenOnce(ctx().app);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  it('closes a socket without a session with 4401, and a staff socket without support.chat with 4403', async () => {
    const anonymous = await connect('/api/chat/ws');
    expect((await anonymous.whenClosed()).code).toBe(4401);
    const anonymousStaff = await connect('/api/admin/chat/ws', { authorization: 'Bearer not-a-token' });
    expect((await anonymousStaff.whenClosed()).code).toBe(4401);
    const warehouse = await ctx().staffSession('warehouse');
    expect((await (await staffSocket(warehouse)).whenClosed()).code).toBe(4403);
    // a shopper's token on the staff socket is not staff
    const shopper = await ctx().shopperSession();
    expect((await (await staffSocket(shopper)).whenClosed()).code).toBe(4403);
    // a page of another site riding on the cookie is refused; the shop's own pages are fine
    const crossSite = await connect('/api/chat/ws', { cookie: `mall_sid=${tokenOf(shopper)}`, origin: 'https://evil.example' });
    expect((await crossSite.whenClosed()).code).toBe(4403);
    const sameSite = await connect('/api/chat/ws', { cookie: `mall_sid=${tokenOf(shopper)}`, origin: base.replace('ws://', 'http://') });
    sameSite.send({ type: 'ping' });
    await sameSite.next((f) => f.type === 'pong');
  });

  it('ends a socket whose session was signed out', async () => {
    const shopper = await ctx().shopperSession();
    const s = await shopperSocket(shopper);
    s.sendText('还在', 'so-1');
    await s.next(isAck('so-1'));
    await ctx().auth.revokeSession(ctx().db, hashToken(tokenOf(shopper)));
    s.sendText('退出以后', 'so-2');
    expect((await s.whenClosed()).code).toBe(4401);
    expect(s.frames.some(isAck('so-2'))).toBe(false);
  });

  it('authenticates the upgrade from the session cookies too', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const s = await connect('/api/chat/ws', { cookie: `mall_sid=${tokenOf(shopper)}` });
    const a = await connect('/api/admin/chat/ws', { cookie: `mall_admin_sid=${tokenOf(agent)}` });
    s.send({ type: 'ping' });
    a.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
    await a.next((f) => f.type === 'pong');
    expect(s.closed).toBeNull();
    expect(a.closed).toBeNull();
  });

  it('carries a chat both ways: shopper sends, staff receives and replies, shopper receives; <script> stays literal text', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const colleague = await ctx().staffSession('customer_service');
    const a = await staffSocket(agent);
    const c = await staffSocket(colleague);
    const s = await shopperSocket(shopper);
    const evil = '<script>alert("x")</script> & <b>hi</b>';
    s.sendText(`  ${evil}  `, 'c-1');
    const ack = (await s.next(isAck('c-1'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    expect(ack.message.body).toBe(evil);
    expect(ack.message.senderType).toBe('shopper');
    const conversationId = ack.message.conversationId;
    // the waiting conversation reaches every agent, then the message
    const appeared = (await a.next((f) => f.type === 'conversation' && f.conversation.id === conversationId)) as { conversation: ChatConversationSummary };
    expect(appeared.conversation.assignedStaffId).toBeNull();
    const received = (await a.next(isMessage(evil))) as { message: ChatMessage };
    expect(received.message.id).toBe(ack.message.id);
    const [stored] = await ctx().db.select().from(chatMessages).where(eq(chatMessages.id, ack.message.id));
    expect(stored!.body).toBe(evil);

    a.sendText('您好，请问有什么可以帮您？', 'r-1', conversationId);
    const reply = (await a.next(isAck('r-1'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    expect(reply.message).toMatchObject({ senderType: 'staff', senderId: agent.id });
    expect(reply.message.senderName).not.toBe('');
    const got = (await s.next(isMessage('您好，请问有什么可以帮您？'))) as { message: ChatMessage };
    expect(got.message).toMatchObject({ senderType: 'staff', senderId: agent.id, conversationId });
    // replying took the waiting conversation
    const taken = (await a.next((f) => f.type === 'conversation' && f.conversation.assignedStaffId === agent.id)) as { conversation: ChatConversationSummary };
    expect(taken.conversation.id).toBe(conversationId);
    // the colleague saw it waiting, and hears that it was taken — but not the conversation that follows
    await c.next(isMessage(evil));
    await c.next((f) => f.type === 'conversation' && f.conversation.assignedStaffId === agent.id);

    // read markers cross: the shopper reads, the agent hears it; the agent reads, the shopper hears it
    s.send({ type: 'read', upToId: got.message.id });
    expect(await a.next((f) => f.type === 'read' && f.side === 'shopper')).toEqual({ type: 'read', conversationId, side: 'shopper', upToId: got.message.id });
    a.send({ type: 'read', conversationId, upToId: ack.message.id });
    expect(await s.next((f) => f.type === 'read' && f.side === 'staff')).toEqual({ type: 'read', conversationId, side: 'staff', upToId: ack.message.id });
    const view = await ctx().app.inject({ method: 'GET', url: '/api/chat/conversation', headers: shopper.headers });
    expect(view.json()).toMatchObject({ id: conversationId, unread: 0, staffReadId: ack.message.id, staffName: expect.any(String) });
    // frames reach a socket in order: once a later waiting message reaches the colleague, the
    // reply would have reached it before, had it been sent there
    const later = await ctx().shopperSession();
    await ctx().app.inject({ method: 'POST', url: '/api/chat/messages', headers: later.headers, payload: { kind: 'text', body: '后来的顾客', clientMsgId: 'l-1' } });
    await c.next(isMessage('后来的顾客'));
    expect(c.frames.some(isMessage('您好，请问有什么可以帮您？'))).toBe(false);
    expect(c.frames.some((f) => f.type === 'read')).toBe(false);
  });

  it('stores a resent clientMsgId once and acks the original', async () => {
    const shopper = await ctx().shopperSession();
    const s = await shopperSocket(shopper);
    s.sendText('只发一次', 'dup-1');
    s.sendText('只发一次', 'dup-1');
    await s.next((f) => s.frames.filter(isAck('dup-1')).length === 2 && isAck('dup-1')(f));
    const acks = s.frames.filter(isAck('dup-1')) as Extract<ChatServerFrame, { type: 'ack' }>[];
    expect(acks[0]!.message.id).toBe(acks[1]!.message.id);
    // and over HTTP, concurrently, the same id lands once too
    const payload = { kind: 'text', body: '并发重发', clientMsgId: 'dup-2' };
    const results = await Promise.all([1, 2, 3].map(() => ctx().app.inject({ method: 'POST', url: '/api/chat/messages', headers: shopper.headers, payload })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    const conversationId = acks[0]!.message.conversationId;
    const rows = await ctx().db.select().from(chatMessages).where(and(eq(chatMessages.conversationId, conversationId)));
    expect(rows.map((r) => r.clientMsgId).sort()).toEqual(['dup-1', 'dup-2']);
  });

  it('answers a bad frame with an error frame and keeps the socket open', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const s = await shopperSocket(shopper);
    s.send('{not json');
    await s.next(isError('CHAT_FRAME_INVALID'));
    s.send({ type: 'shout', text: 'hi' });
    s.send({ type: 'send', message: { kind: 'text', body: 'x' } }); // no clientMsgId
    s.send({ type: 'send', message: { kind: 'text', body: '   ', clientMsgId: 'e-1' } });
    s.send({ type: 'send', message: { kind: 'text', body: '字'.repeat(1001), clientMsgId: 'e-2' } });
    s.send({ type: 'send', message: { kind: 'product', productId: 999999, clientMsgId: 'e-3' } });
    await s.next((f) => f.type === 'error' && f.clientMsgId === 'e-3');
    expect(s.frames.filter(isError('CHAT_FRAME_INVALID'))).toHaveLength(3);
    expect(s.frames.find((f) => f.type === 'error' && f.clientMsgId === 'e-1')).toMatchObject({ code: 'CHAT_MESSAGE_EMPTY' });
    expect(s.frames.find((f) => f.type === 'error' && f.clientMsgId === 'e-2')).toMatchObject({ code: 'CHAT_MESSAGE_TOO_LONG' });
    expect(s.frames.find((f) => f.type === 'error' && f.clientMsgId === 'e-3')).toMatchObject({ code: 'CHAT_CARD_UNKNOWN' });
    s.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
    expect(s.closed).toBeNull();
    // a staff send must name its conversation
    const a = await staffSocket(agent);
    a.sendText('哪个会话？', 'e-4');
    expect(await a.next((f) => f.type === 'error' && f.clientMsgId === 'e-4')).toMatchObject({ code: 'CHAT_FRAME_INVALID' });
  });

  it('limits how fast one socket may send (the clock stands still here, so the burst is all it gets)', async () => {
    const shopper = await ctx().shopperSession();
    const s = await shopperSocket(shopper);
    for (let i = 0; i < 25; i++) s.send({ type: 'ping' });
    await s.next(isError('CHAT_RATE_LIMITED'));
    await s.next((f) => s.frames.length === 25 && f === s.frames[24]);
    expect(s.frames.filter((f) => f.type === 'pong')).toHaveLength(20);
    expect(s.frames.filter(isError('CHAT_RATE_LIMITED'))).toHaveLength(5);
    ctx().clock.advance(5_000);
    s.send({ type: 'ping' });
    await s.nextNew((f) => f.type === 'pong');
  });

  it('delivers offline: staff reply while the shopper is away, the shopper comes back to it with unread = 1 and a message-centre notice', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const s = await shopperSocket(shopper);
    s.sendText('在吗？', 'o-1');
    const asked = (await s.next(isAck('o-1'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    await s.close();
    await waitOffline(ctx(), 'shopper', shopper.id);

    const conversationId = asked.message.conversationId;
    const reply = await ctx().app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/messages`, headers: agent.headers, payload: { kind: 'text', body: '在的，您请说', clientMsgId: 'o-r1' } });
    expect(reply.statusCode, reply.body).toBe(201);
    const second = await ctx().app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/messages`, headers: agent.headers, payload: { kind: 'text', body: '还在吗', clientMsgId: 'o-r2' } });
    expect(second.statusCode).toBe(201);
    const notices = await ctx().db.select().from(shopperMessages).where(and(eq(shopperMessages.shopperId, shopper.id), eq(shopperMessages.kind, 'chat.reply')));
    expect(notices).toHaveLength(1); // once per window, not once per reply
    expect(notices[0]!.title).toBe('客服回复了你');

    const back = await shopperSocket(shopper);
    const unread = await ctx().app.inject({ method: 'GET', url: '/api/chat/unread', headers: shopper.headers });
    expect(unread.json()).toEqual({ unread: 2 });
    const missed = await ctx().app.inject({ method: 'GET', url: `/api/chat/messages?after=${asked.message.id}`, headers: shopper.headers });
    expect(missed.json().messages.map((m: ChatMessage) => m.body)).toEqual(['在的，您请说', '还在吗']);
    back.send({ type: 'read', upToId: reply.json().id });
    await back.next((f) => f.type === 'read' && f.side === 'shopper');
    expect((await ctx().app.inject({ method: 'GET', url: '/api/chat/unread', headers: shopper.headers })).json()).toEqual({ unread: 1 });

    // with the shopper online, a reply is not announced in the message centre
    ctx().clock.advance(60 * 60_000);
    const online = await ctx().app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/messages`, headers: agent.headers, payload: { kind: 'text', body: '看到了吗', clientMsgId: 'o-r3' } });
    expect(online.statusCode).toBe(201);
    await back.next(isMessage('看到了吗'));
    const after = await ctx().db.select().from(shopperMessages).where(and(eq(shopperMessages.shopperId, shopper.id), eq(shopperMessages.kind, 'chat.reply')));
    expect(after).toHaveLength(1);
  });

  it('transfers to another agent: that agent’s socket gets the conversation, the previous one hears it left', async () => {
    const shopper = await ctx().shopperSession();
    const first = await ctx().staffSession('customer_service');
    const second = await ctx().staffSession('customer_service');
    const s = await shopperSocket(shopper);
    s.sendText('转人工', 't-1');
    const asked = (await s.next(isAck('t-1'))) as Extract<ChatServerFrame, { type: 'ack' }>;
    const conversationId = asked.message.conversationId;
    const took = await ctx().app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/take`, headers: first.headers });
    expect(took.json()).toMatchObject({ assignedStaffId: first.id });

    const a1 = await staffSocket(first);
    const a2 = await staffSocket(second);
    const moved = await ctx().app.inject({ method: 'POST', url: `/api/admin/chat/conversations/${conversationId}/transfer`, headers: first.headers, payload: { toStaffId: second.id, reason: '售后问题' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ assignedStaffId: second.id });
    const arrived = (await a2.next((f) => f.type === 'conversation' && f.conversation.id === conversationId)) as { conversation: ChatConversationSummary };
    expect(arrived.conversation.assignedStaffId).toBe(second.id);
    const left = (await a1.next((f) => f.type === 'conversation' && f.conversation.id === conversationId)) as { conversation: ChatConversationSummary };
    expect(left.conversation.assignedStaffId).toBe(second.id);
    // the system line reaches the shopper and the new agent, not the old one
    const line = (await s.next((f) => f.type === 'message' && f.message.senderType === 'system')) as { message: ChatMessage };
    expect(line.message.body).toContain('售后问题');
    await a2.next((f) => f.type === 'message' && f.message.id === line.message.id);
    // now only the new agent may reply
    a1.sendText('我来回复', 't-2', conversationId);
    expect(await a1.next((f) => f.type === 'error' && f.clientMsgId === 't-2')).toMatchObject({ code: 'CHAT_NOT_ASSIGNED_TO_YOU' });
    a2.sendText('我来处理', 't-3', conversationId);
    await s.next(isMessage('我来处理'));
    expect(a1.frames.some((f) => f.type === 'message' && f.message.id === line.message.id)).toBe(false);
  });
});
