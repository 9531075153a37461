import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { chatNoticeText, type ChatConversationSummary, type ChatMessage } from '@mall/contract';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { newBuyer, productWith, unpaidOrder } from './orders-fixtures.ts';
import { auditRows } from './catalog-fixtures.ts';
import { chatAssignments } from '../src/modules/chat/chat.tables.ts';

type Headers = { authorization: string };
const call = (c: TestContext, method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown) => c.app.inject({ method, url, headers, payload: payload as never });
let seq = 0;
const text = (body: string) => ({ kind: 'text', body, clientMsgId: `rest-${seq++}` });

describeEachDatabase('chat over HTTP', (ctx) => {
  async function ask(shopper: Headers, body = '你好') {
    const res = await call(ctx(), 'POST', '/api/chat/messages', shopper, text(body));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as ChatMessage;
  }

  it('gives a shopper only their own conversation; staff routes are closed to shoppers and to staff without support.chat', async () => {
    const alice = await ctx().shopperSession();
    const bob = await ctx().shopperSession();
    const aliceMsg = await ask(alice.headers, 'Alice 的问题');
    await ask(bob.headers, 'Bob 的问题');

    const view = await call(ctx(), 'GET', '/api/chat/conversation', bob.headers);
    expect(view.statusCode).toBe(200);
    expect(view.json().messages.map((m: ChatMessage) => m.body)).toEqual(['Bob 的问题']);
    expect(view.json().id).not.toBe(aliceMsg.conversationId);
    // another shopper's conversation id through the staff routes: refused
    for (const url of [`/api/admin/chat/conversations/${aliceMsg.conversationId}/messages`, '/api/admin/chat/conversations', '/api/admin/chat/agents']) {
      const res = await call(ctx(), 'GET', url, bob.headers);
      expect(res.statusCode, url).toBe(403);
    }
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${aliceMsg.conversationId}/messages`, bob.headers, text('冒充'))).statusCode).toBe(403);
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${aliceMsg.conversationId}/read`, bob.headers, { upToId: aliceMsg.id })).statusCode).toBe(403);
    // shopper routes take no id: a query id is ignored and it is still Bob's own history
    const mine = await call(ctx(), 'GET', `/api/chat/messages?conversationId=${aliceMsg.conversationId}`, bob.headers);
    expect(mine.json().messages.map((m: ChatMessage) => m.body)).toEqual(['Bob 的问题']);

    const warehouse = await ctx().staffSession('warehouse');
    const denied = await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=all', warehouse.headers);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');
    expect((await call(ctx(), 'GET', '/api/chat/conversation', {} as Headers)).json().code).toBe('UNAUTHENTICATED');
    expect((await call(ctx(), 'GET', '/api/admin/chat/conversations', {} as Headers)).statusCode).toBe(401);
  });

  it('refuses bad input with a clear 4xx and a stable code', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const cases: [string, unknown, number, string][] = [
      ['empty', text(' \n\t '), 400, 'CHAT_MESSAGE_EMPTY'],
      ['too long', text('长'.repeat(1001)), 400, 'CHAT_MESSAGE_TOO_LONG'],
      ['no clientMsgId', { kind: 'text', body: 'x' }, 400, 'VALIDATION_FAILED'],
      ['unknown kind', { kind: 'voice', body: 'x', clientMsgId: 'k' }, 400, 'VALIDATION_FAILED'],
      ['clientMsgId too long', { kind: 'text', body: 'x', clientMsgId: 'k'.repeat(65) }, 400, 'VALIDATION_FAILED'],
      ['unknown product', { kind: 'product', productId: 987654, clientMsgId: 'p' }, 404, 'CHAT_CARD_UNKNOWN'],
      ['unknown order', { kind: 'order', orderId: 987654, clientMsgId: 'o' }, 404, 'CHAT_CARD_UNKNOWN'],
    ];
    for (const [name, payload, status, code] of cases) {
      const res = await call(ctx(), 'POST', '/api/chat/messages', shopper.headers, payload);
      expect(res.statusCode, name).toBe(status);
      expect(res.json().code, name).toBe(code);
    }
    const malformed = await ctx().app.inject({ method: 'POST', url: '/api/chat/messages', headers: { ...shopper.headers, 'content-type': 'application/json' }, payload: '{oops' });
    expect(malformed.statusCode).toBe(400);
    // 1000 characters counted as code points: 1000 emoji (2000 UTF-16 units) fit
    const emoji = await call(ctx(), 'POST', '/api/chat/messages', shopper.headers, text('😀'.repeat(1000)));
    expect(emoji.statusCode, emoji.body).toBe(201);
    expect(emoji.json().body).toBe('😀'.repeat(1000));
    expect((await call(ctx(), 'POST', '/api/chat/messages', shopper.headers, text('😀'.repeat(1001)))).json().code).toBe('CHAT_MESSAGE_TOO_LONG');

    for (const [url, payload, status, code] of [
      ['/api/chat/read', { upToId: -1 }, 400, 'VALIDATION_FAILED'],
      ['/api/admin/chat/conversations/999999/messages', text('hi'), 404, 'CHAT_CONVERSATION_UNKNOWN'],
      ['/api/admin/chat/conversations/999999/take', undefined, 404, 'CHAT_CONVERSATION_UNKNOWN'],
      ['/api/admin/chat/conversations/abc/close', undefined, 400, 'VALIDATION_FAILED'],
      [`/api/admin/chat/conversations/${emoji.json().conversationId}/transfer`, { toStaffId: 0 }, 400, 'VALIDATION_FAILED'],
      [`/api/admin/chat/conversations/${emoji.json().conversationId}/transfer`, { toStaffId: 999999 }, 400, 'CHAT_STAFF_UNKNOWN'],
      [`/api/admin/chat/conversations/${emoji.json().conversationId}/transfer`, { toStaffId: agent.id, reason: 'x'.repeat(201) }, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const headers = url.startsWith('/api/admin') ? agent.headers : shopper.headers;
      const res = await call(ctx(), 'POST', url, headers, payload);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().code, url).toBe(code);
    }
    const plain = await call(ctx(), 'GET', '/api/chat/ws', shopper.headers);
    expect([plain.statusCode, plain.json().code]).toEqual([426, 'CHAT_UPGRADE_REQUIRED']);
    const history = await call(ctx(), 'GET', '/api/chat/messages?limit=1000', shopper.headers);
    expect(history.statusCode).toBe(400);
    expect((await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=everyone', agent.headers)).statusCode).toBe(400);
  });

  it('sends product cards of on-shelf products and order cards of the shopper’s own orders only', async () => {
    const owner = await ctx().staffSession('owner');
    const buyer = await newBuyer(ctx());
    const other = await newBuyer(ctx());
    const sku = await productWith(ctx(), owner.headers, 12_900, 10, { title: '预售耳机', images: [] });
    const hidden = await productWith(ctx(), owner.headers, 100, 1, { onShelf: false });
    const order = await unpaidOrder(ctx(), buyer, [{ skuId: sku.skuId, quantity: 2 }]);
    const othersOrder = await unpaidOrder(ctx(), other, [{ skuId: sku.skuId, quantity: 1 }]);

    const product = await call(ctx(), 'POST', '/api/chat/messages', buyer.headers, { kind: 'product', productId: sku.productId, clientMsgId: 'card-p' });
    expect(product.statusCode, product.body).toBe(201);
    expect(product.json()).toMatchObject({ kind: 'product', card: { type: 'product', productId: sku.productId, title: '预售耳机', priceAmount: 12_900, currency: 'CNY' } });
    const offShelf = await call(ctx(), 'POST', '/api/chat/messages', buyer.headers, { kind: 'product', productId: hidden.productId, clientMsgId: 'card-h' });
    expect([offShelf.statusCode, offShelf.json().code]).toEqual([404, 'CHAT_CARD_UNKNOWN']);

    const mine = await call(ctx(), 'POST', '/api/chat/messages', buyer.headers, { kind: 'order', orderId: order.id, clientMsgId: 'card-o' });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json().card).toMatchObject({ type: 'order', orderId: order.id, orderNo: order.orderNo, itemCount: 2, title: '预售耳机' });
    const notMine = await call(ctx(), 'POST', '/api/chat/messages', buyer.headers, { kind: 'order', orderId: othersOrder.id, clientMsgId: 'card-x' });
    expect([notMine.statusCode, notMine.json().code]).toEqual([403, 'CHAT_CARD_NOT_YOURS']);

    // staff may send any order of this conversation's shopper, not another shopper's
    const conversationId = mine.json().conversationId;
    const staffCard = await call(ctx(), 'POST', `/api/admin/chat/conversations/${conversationId}/messages`, owner.headers, { kind: 'order', orderId: order.id, clientMsgId: 'card-s' });
    expect(staffCard.statusCode, staffCard.body).toBe(201);
    const staffWrong = await call(ctx(), 'POST', `/api/admin/chat/conversations/${conversationId}/messages`, owner.headers, { kind: 'order', orderId: othersOrder.id, clientMsgId: 'card-w' });
    expect(staffWrong.json().code).toBe('CHAT_CARD_NOT_YOURS');
  });

  it('keeps unread counts from read markers that only move forward', async () => {
    const shopper = await ctx().shopperSession();
    const agent = await ctx().staffSession('customer_service');
    const q1 = await ask(shopper.headers, '一');
    const q2 = await ask(shopper.headers, '二');
    const id = q1.conversationId;
    const listed = (await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=waiting', agent.headers)).json() as ChatConversationSummary[];
    expect(listed.find((c) => c.id === id)).toMatchObject({ unread: 2, assignedStaffId: null, status: 'open', lastMessage: { id: q2.id } });

    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/read`, agent.headers, { upToId: q1.id })).json()).toEqual({ unread: 1 });
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/read`, agent.headers, { upToId: 0 })).json()).toEqual({ unread: 1 }); // never back
    // a marker past the last message stops at it
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/read`, agent.headers, { upToId: 2_000_000_000 })).json()).toEqual({ unread: 0 });
    const r1 = (await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/messages`, agent.headers, text('答一'))).json() as ChatMessage;
    await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/messages`, agent.headers, text('答二'));
    expect((await call(ctx(), 'GET', '/api/chat/unread', shopper.headers)).json()).toEqual({ unread: 2 });
    expect((await call(ctx(), 'POST', '/api/chat/read', shopper.headers, { upToId: r1.id })).json()).toEqual({ unread: 1 });
    const view = (await call(ctx(), 'GET', '/api/chat/conversation', shopper.headers)).json();
    expect(view).toMatchObject({ unread: 1, staffReadId: q2.id, staffName: expect.any(String) });
    const mine = (await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=mine', agent.headers)).json() as ChatConversationSummary[];
    expect(mine.find((c) => c.id === id)).toMatchObject({ assignedStaffId: agent.id, shopperReadId: r1.id, unread: 0 });

    // history pages: older than an id, newer than an id
    const older = (await call(ctx(), 'GET', `/api/chat/messages?before=${r1.id}&limit=1`, shopper.headers)).json();
    expect(older).toEqual({ messages: [expect.objectContaining({ id: q2.id })], hasMore: true });
    const newer = (await call(ctx(), 'GET', `/api/admin/chat/conversations/${id}/messages?after=${q2.id}`, agent.headers)).json();
    expect(newer.messages.map((m: ChatMessage) => m.body)).toEqual(['答一', '答二']);
    expect(newer.hasMore).toBe(false);
    // a shopper with no conversation yet
    const fresh = await ctx().shopperSession();
    expect((await call(ctx(), 'GET', '/api/chat/unread', fresh.headers)).json()).toEqual({ unread: 0 });
    expect((await call(ctx(), 'GET', '/api/chat/messages', fresh.headers)).json()).toEqual({ messages: [], hasMore: false });
  });

  it('assigns: replying takes a waiting conversation, others may not reply, an owner may, transfer moves it with history, close and reopen', async () => {
    const shopper = await ctx().shopperSession();
    const amy = await ctx().staffSession('customer_service');
    const ben = await ctx().staffSession('customer_service');
    const boss = await ctx().staffSession('owner');
    const warehouse = await ctx().staffSession('warehouse');
    const id = (await ask(shopper.headers)).conversationId;

    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/messages`, amy.headers, text('Amy 来了'))).statusCode).toBe(201);
    const refused = await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/messages`, ben.headers, text('Ben 也想说'));
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'CHAT_NOT_ASSIGNED_TO_YOU']);
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/take`, ben.headers)).json().code).toBe('CHAT_NOT_ASSIGNED_TO_YOU');
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/close`, ben.headers)).json().code).toBe('CHAT_NOT_ASSIGNED_TO_YOU');
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/transfer`, ben.headers, { toStaffId: ben.id })).json().code).toBe('CHAT_NOT_ASSIGNED_TO_YOU');
    // an owner steps in without taking it over
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/messages`, boss.headers, text('店长补充'))).statusCode).toBe(201);
    expect((await call(ctx(), 'GET', `/api/admin/chat/conversations/${id}`, boss.headers)).json().assignedStaffId).toBe(amy.id);

    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/transfer`, amy.headers, { toStaffId: amy.id })).json().code).toBe('CHAT_TRANSFER_SAME');
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/transfer`, amy.headers, { toStaffId: warehouse.id })).json().code).toBe('CHAT_STAFF_UNKNOWN');
    const moved = await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/transfer`, amy.headers, { toStaffId: ben.id, reason: '  退款问题 ' });
    expect(moved.statusCode, moved.body).toBe(200);
    // The notice is stored as data (each side shows it in its language) with the Chinese text as its body.
    const notice = moved.json().lastMessage;
    expect(notice).toMatchObject({ senderType: 'system', kind: 'system', card: { type: 'notice', notice: 'transferred', reason: '退款问题' } });
    expect(notice.body).toBe(chatNoticeText(notice.card, 'zh-CN'));
    expect(notice.body).toContain('转接给');
    expect(chatNoticeText(notice.card, 'en')).toMatch(/passed this chat to .*\(退款问题\)$/);
    const history = await ctx().db.select().from(chatAssignments).where(eq(chatAssignments.conversationId, id));
    expect(history.map((h) => [h.fromStaffId, h.toStaffId, h.reason])).toEqual([
      [null, amy.id, 'reply'],
      [amy.id, ben.id, '退款问题'],
    ]);
    expect(await auditRows(ctx(), 'chat.transfer', id)).toHaveLength(1);

    const closed = await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/close`, ben.headers);
    expect(closed.json()).toMatchObject({ status: 'closed', assignedStaffId: ben.id });
    expect(closed.json().lastMessage).toMatchObject({ kind: 'system', body: '本次会话已结束，如有问题可随时再联系我们。', card: { type: 'notice', notice: 'closed' } });
    expect((await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=mine&status=closed', ben.headers)).json().map((c: ChatConversationSummary) => c.id)).toContain(id);
    // the shopper writes again: reopened, waiting for anyone
    await ask(shopper.headers, '还有一个问题');
    const waiting = (await call(ctx(), 'GET', '/api/admin/chat/conversations?scope=waiting', amy.headers)).json() as ChatConversationSummary[];
    expect(waiting.find((c) => c.id === id)).toMatchObject({ status: 'open', assignedStaffId: null });
    const taken = await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/take`, amy.headers);
    expect(taken.json()).toMatchObject({ assignedStaffId: amy.id, status: 'open' });
    expect((await call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/take`, amy.headers)).statusCode).toBe(200); // again: no change

    const agents = (await call(ctx(), 'GET', '/api/admin/chat/agents', amy.headers)).json() as { id: number; openConversations: number; online: boolean }[];
    expect(agents.find((a) => a.id === amy.id)).toMatchObject({ openConversations: 1, online: false });
    expect(agents.some((a) => a.id === warehouse.id)).toBe(false);
    expect(agents.some((a) => a.id === boss.id)).toBe(true);
  });

  it('settles races: two first uses make one conversation, two agents taking at once leave it with one', async () => {
    const shopper = await ctx().shopperSession();
    const views = await Promise.all([1, 2, 3].map(() => call(ctx(), 'GET', '/api/chat/conversation', shopper.headers)));
    expect(views.map((v) => v.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(views.map((v) => v.json().id)).size).toBe(1);

    const id = (await ask(shopper.headers, '谁来接？')).conversationId;
    const agents = await Promise.all([1, 2, 3].map(() => ctx().staffSession('customer_service')));
    const takes = await Promise.all(agents.map((a) => call(ctx(), 'POST', `/api/admin/chat/conversations/${id}/take`, a.headers)));
    const won = takes.filter((t) => t.statusCode === 200);
    expect(won).toHaveLength(1);
    expect(takes.filter((t) => t.statusCode === 409).map((t) => t.json().code)).toEqual(['CHAT_NOT_ASSIGNED_TO_YOU', 'CHAT_NOT_ASSIGNED_TO_YOU']);
    const winner = won[0]!.json().assignedStaffId;
    const history = await ctx().db.select().from(chatAssignments).where(eq(chatAssignments.conversationId, id));
    expect(history.map((h) => h.toStaffId)).toEqual([winner]);
    // racing replies to a waiting conversation: also exactly one taker
    const other = await ctx().shopperSession();
    const second = (await ask(other.headers, '我也等着')).conversationId;
    const replies = await Promise.all(agents.map((a) => call(ctx(), 'POST', `/api/admin/chat/conversations/${second}/messages`, a.headers, text('我来'))));
    expect(replies.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.statusCode === 409)).toHaveLength(2);
  });
});
