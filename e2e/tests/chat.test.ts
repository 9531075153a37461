import { describe, expect, it } from 'vitest';
import type { Locator, Page, WebSocketRoute } from 'playwright-core';
import { STAFF_COOKIE, idempotencyKey } from '../support/api.ts';
import { useScenario, type Scenario } from '../support/scenario.ts';
import { addAddress, skuByCode } from '../support/shop-data.ts';

/** 在线客服: a shopper on a phone chats with a member of staff in the back office, live over the chat sockets. */
const scenario = useScenario('chat');

const MARKUP = '请问 <b>hi</b> 有现货吗？';

function conversationRow(page: Page, shopperName: string): Locator {
  return page.getByTestId('chat-conversation').filter({ hasText: shopperName }).first();
}

/** The last message bubble of one side in a message list. */
function lastMessage(list: Locator, own: boolean): Locator {
  return list.locator(`[data-testid="chat-message"][data-own="${own ? 'yes' : 'no'}"]`).last();
}

/** Types into the chat input (Vant puts the test id on a wrapper, Element Plus on the textarea itself) and sends. */
async function sendText(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="chat-input"] textarea, textarea[data-testid="chat-input"]').fill(text);
  await page.getByTestId('chat-send').click();
}

/** A new customer-service member, signed in to the back office in a desktop page of their own. */
async function colleague(s: Scenario, ownerToken: string, displayName: string) {
  const username = `cs${Date.now().toString(36)}`;
  const password = 'e2e-staff-pass-1';
  await s.api.post('/api/admin/staff', { username, displayName, role: 'customer_service', password }, { token: ownerToken });
  const res = await fetch(`${s.baseUrl}/api/admin/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const pair = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${STAFF_COOKIE}=`))!;
  const opened = await s.desktop();
  await s.api.giveSession(opened.context, { token: '', cookie: { name: STAFF_COOKIE, value: pair.slice(STAFF_COOKIE.length + 1), path: '/' } });
  return opened;
}

describe('customer-service chat', () => {
  it('a shopper asks about a product; staff take the waiting conversation and answer; the shopper sees the reply and the read marks live', async () => {
    const s = scenario();
    const owner = await s.owner();
    const me = await s.api.get<{ displayName: string }>('/api/admin/me', owner.token);
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');

    const staff = await s.desktop();
    await s.owner(staff);
    await staff.page.goto('/admin/support/chat');
    await staff.page.getByTestId('chat-console').waitFor();
    await expect.poll(() => staff.page.getByTestId('chat-connection').count()).toBe(0);

    const shop = await s.phone();
    const nickname = `小王${Date.now().toString(36).slice(-4)}`;
    const shopper = await s.api.signUpShopper({ nickname });
    await s.api.giveSession(shop.context, shopper);
    const { page } = shop;
    await page.goto(`/product/${sku.productId}`);
    await page.getByTestId('contact-service').click();
    await page.waitForURL(/\/chat\?productId=\d+/);
    const shopList = page.getByTestId('chat-list');
    await expect.poll(() => page.getByTestId('chat-connection').count()).toBe(0);

    // The product the shopper came from is offered as a card.
    await page.getByTestId('offer-product').getByText('发送商品').click();
    await shopList.getByTestId('chat-card-product').filter({ hasText: sku.productTitle }).waitFor();
    await sendText(page, MARKUP);
    const ownText = lastMessage(shopList, true);
    await expect.poll(() => ownText.getByTestId('chat-text').innerText()).toBe(MARKUP);
    await expect.poll(() => ownText.getByTestId('chat-state').innerText()).toBe('已送达');
    // Shown as the characters typed, never as markup.
    expect(await shopList.locator('b').count()).toBe(0);
    await s.shot(page, 'shopper-asks-phone');

    // Staff: the conversation waits, with both messages unread.
    const console_ = staff.page;
    await console_.getByTestId('chat-tab-waiting').click();
    const row = conversationRow(console_, nickname);
    await expect.poll(() => row.getByTestId('chat-conversation-unread').innerText()).toBe('2');
    await expect.poll(() => console_.getByTestId('chat-tab-waiting-unread').innerText()).toBe('2');
    await expect.poll(() => console_.getByTestId('chat-menu-unread').innerText()).toBe('2');
    await s.shot(console_, 'waiting-desktop');

    await row.click();
    const staffList = console_.getByTestId('chat-messages');
    await staffList.getByTestId('chat-card-product').filter({ hasText: sku.productTitle }).filter({ hasText: '¥299.00' }).waitFor();
    await expect.poll(() => lastMessage(staffList, false).getByTestId('chat-text').innerText()).toBe(MARKUP);
    expect(await staffList.locator('b').count()).toBe(0);
    await expect.poll(() => row.getByTestId('chat-conversation-unread').count()).toBe(0);
    await expect.poll(() => console_.getByTestId('chat-menu-unread').count()).toBe(0);

    // Staff opened it: the shopper's messages turn 已读 without a reload.
    await expect.poll(() => ownText.getByTestId('chat-state').innerText()).toBe('已读');

    await console_.getByTestId('chat-take').click();
    await console_.getByText(`${me.displayName} 接待中`).first().waitFor();
    await expect.poll(() => console_.getByTestId('chat-take').count()).toBe(0);
    await console_.getByTestId('chat-tab-mine').click();
    await conversationRow(console_, nickname).waitFor();

    const reply = '您好，这款手办现货，今天下单明天发货。';
    await sendText(console_, reply);
    const staffOwn = lastMessage(staffList, true);
    await expect.poll(() => staffOwn.getByTestId('chat-text').innerText()).toBe(reply);

    // The shopper's page gets the reply live, with the name of who answers; reading it shows 已读 to staff.
    await expect.poll(() => lastMessage(shopList, false).getByTestId('chat-text').innerText()).toBe(reply);
    await expect.poll(() => page.getByTestId('chat-title').innerText()).toContain(me.displayName);
    await expect.poll(() => staffOwn.getByTestId('chat-state').innerText()).toBe('已读');
    await s.shot(page, 'reply-phone');
    await s.shot(console_, 'reply-desktop');

    expect(shop.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    expect(staff.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('a reply sent while the shopper was away waits for them: an unread badge on 我的, then the message in the chat', async () => {
    const s = scenario();
    const shop = await s.phone();
    const nickname = `小李${Date.now().toString(36).slice(-4)}`;
    const shopper = await s.api.signUpShopper({ nickname });
    await s.api.giveSession(shop.context, shopper);
    await shop.page.goto('/chat');
    await sendText(shop.page, '我的订单什么时候发货？');
    await expect.poll(() => lastMessage(shop.page.getByTestId('chat-list'), true).getByTestId('chat-state').innerText()).toBe('已送达');
    await shop.page.close();

    const staff = await s.desktop();
    await s.owner(staff);
    await staff.page.goto('/admin/support/chat');
    await staff.page.getByTestId('chat-tab-waiting').click();
    await conversationRow(staff.page, nickname).click();
    const reply = '您好，订单预计明天发货，请留意物流信息。';
    await sendText(staff.page, reply);
    await expect.poll(() => lastMessage(staff.page.getByTestId('chat-messages'), true).getByTestId('chat-state').innerText()).toBe('未读');

    const page = await shop.context.newPage();
    await page.goto('/mine');
    await expect.poll(() => page.getByTestId('chat-unread').innerText()).toBe('1');
    await s.shot(page, 'unread-badge-phone');
    await page.getByTestId('contact-service').click();
    await page.waitForURL(/\/chat$/);
    await expect.poll(() => lastMessage(page.getByTestId('chat-list'), false).getByTestId('chat-text').innerText()).toBe(reply);
    await expect.poll(() => lastMessage(staff.page.getByTestId('chat-messages'), true).getByTestId('chat-state').innerText()).toBe('已读');

    await page.goBack();
    await page.waitForURL(/\/mine$/);
    await expect.poll(() => page.getByTestId('chat-unread').count()).toBe(0);
    expect(staff.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('when the socket drops, the page says so, sends over HTTP meanwhile, and after reconnecting shows what arrived while it was down', async () => {
    const s = scenario();
    const owner = await s.owner();
    const shop = await s.phone();
    const { page } = shop;
    const nickname = `小赵${Date.now().toString(36).slice(-4)}`;
    const shopper = await s.api.signUpShopper({ nickname });
    await s.api.giveSession(shop.context, shopper);

    // The page's chat socket goes through here: passed on to the server, or cut while `down`. The
    // reply sent meanwhile never reaches the page over a socket: it can only come from the catch-up.
    let down = false;
    const live: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/api\/chat\/ws$/, (ws) => {
      if (down) return ws.close({ code: 4000, reason: 'cut by the test' });
      ws.connectToServer();
      live.push(ws);
    });

    await page.goto('/chat');
    const list = page.getByTestId('chat-list');
    await expect.poll(() => page.getByTestId('chat-connection').count()).toBe(0);
    await sendText(page, '第一条');
    await expect.poll(() => lastMessage(list, true).getByTestId('chat-state').innerText()).toBe('已送达');
    const { id: conversationId } = await s.api.get<{ id: number }>('/api/chat/conversation', shopper.token);

    down = true;
    for (const ws of live.splice(0)) await ws.close({ code: 4000, reason: 'cut by the test' });
    await page.getByTestId('chat-connection').getByText('已断开，正在重连').waitFor();

    // Sent while the socket is down: stored over HTTP.
    await sendText(page, '断线时发的');
    await expect.poll(() => lastMessage(list, true).getByTestId('chat-state').innerText()).toBe('已送达');
    const reply = '断线期间客服的回复';
    await s.api.post(`/api/admin/chat/conversations/${conversationId}/messages`, { kind: 'text', body: reply, clientMsgId: `e2e-${Date.now()}` }, { token: owner.token });
    await s.shot(page, 'reconnecting-phone');

    down = false;
    await expect.poll(() => page.getByTestId('chat-connection').count(), { timeout: 40_000 }).toBe(0);
    await expect.poll(() => lastMessage(list, false).getByTestId('chat-text').innerText()).toBe(reply);
    const history = await s.api.get<{ messages: { body: string }[] }>('/api/chat/messages', shopper.token);
    expect(history.messages.map((m) => m.body)).toEqual(['第一条', '断线时发的', reply]);
    expect(shop.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('staff transfer the conversation to an online colleague with a reason, who closes it; the shopper sees both as notices', async () => {
    const s = scenario();
    const owner = await s.owner();
    const mei = await colleague(s, owner.token, '客服小美');
    await mei.page.goto('/admin/support/chat');
    await expect.poll(() => mei.page.getByTestId('chat-connection').count()).toBe(0);

    const shop = await s.phone();
    const nickname = `小孙${Date.now().toString(36).slice(-4)}`;
    await s.api.giveSession(shop.context, await s.api.signUpShopper({ nickname }));
    await shop.page.goto('/chat');
    await sendText(shop.page, '想改一下收货地址');
    const shopList = shop.page.getByTestId('chat-list');
    await expect.poll(() => lastMessage(shopList, true).getByTestId('chat-state').innerText()).toBe('已送达');

    const staff = await s.desktop();
    await s.owner(staff);
    await staff.page.goto('/admin/support/chat');
    await staff.page.getByTestId('chat-tab-waiting').click();
    await conversationRow(staff.page, nickname).click();
    await staff.page.getByTestId('chat-take').click();
    await expect.poll(() => staff.page.getByTestId('chat-take').count()).toBe(0);

    await staff.page.getByTestId('chat-transfer').click();
    await staff.page.getByTestId('transfer-agent').click();
    const option = staff.page.locator('.el-select-dropdown__item').filter({ hasText: '客服小美' });
    await expect.poll(() => option.innerText()).toContain('在线');
    await option.click();
    await staff.page.getByTestId('transfer-reason').fill('地址问题由小美跟进');
    await s.shot(staff.page, 'transfer-desktop');
    await staff.page.getByTestId('transfer-confirm').click();
    await staff.page.getByText('客服小美 接待中').first().waitFor();

    // The shopper is told, and sees who answers now.
    await shopList.getByTestId('chat-system').filter({ hasText: '转接给 客服小美（地址问题由小美跟进）' }).waitFor();
    await expect.poll(() => shop.page.getByTestId('chat-title').innerText()).toContain('客服小美');

    // The colleague has it under 我的 without reloading, answers and closes it.
    await conversationRow(mei.page, nickname).click();
    await sendText(mei.page, '您好，我是小美，请告诉我新的地址。');
    await expect.poll(() => lastMessage(shopList, false).getByTestId('chat-text').innerText()).toBe('您好，我是小美，请告诉我新的地址。');
    await mei.page.getByTestId('chat-close').click();
    await mei.page.locator('.el-message-box__btns .el-button--primary').click();
    await mei.page.getByTestId('chat-messages').getByTestId('chat-system').filter({ hasText: '本次会话已结束' }).waitFor();
    await shopList.getByTestId('chat-system').filter({ hasText: '本次会话已结束' }).waitFor();
    await s.shot(shop.page, 'closed-phone');
    expect(mei.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('from the order detail the shopper sends the order as a card; staff see its number, status and total and open the order', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'FIG-005');
    const shop = await s.phone();
    const nickname = `小周${Date.now().toString(36).slice(-4)}`;
    const shopper = await s.api.signUpShopper({ nickname });
    await s.api.giveSession(shop.context, shopper);
    const addressId = await addAddress(s.api, shopper.token);
    const placed = await s.api.post<{ id?: number; order?: { id: number } }>(
      '/api/orders',
      { addressId, items: [{ skuId: sku.skuId, quantity: 2 }] },
      { token: shopper.token, idempotencyKey: idempotencyKey('chat-order') },
    );
    const orderId = placed.id ?? placed.order!.id;
    const order = await s.api.get<{ orderNo: string; totalAmount: number }>(`/api/orders/${orderId}`, shopper.token);

    await shop.page.goto(`/orders/${orderId}`);
    await shop.page.getByTestId('contact-service').click();
    await shop.page.waitForURL(/\/chat\?orderId=\d+/);
    await shop.page.getByTestId('offer-order').getByText('发送订单').click();
    const card = shop.page.getByTestId('chat-list').getByTestId('chat-card-order');
    await card.filter({ hasText: order.orderNo }).filter({ hasText: '待付款' }).waitFor();
    await s.shot(shop.page, 'order-card-phone');

    const staff = await s.desktop();
    await s.owner(staff);
    await staff.page.goto('/admin/support/chat');
    await staff.page.getByTestId('chat-tab-waiting').click();
    await conversationRow(staff.page, nickname).click();
    const staffCard = staff.page.getByTestId('chat-messages').getByTestId('chat-card-order');
    const yuan = `¥${(order.totalAmount / 100).toFixed(2)}`;
    await staffCard.filter({ hasText: order.orderNo }).filter({ hasText: '待付款' }).filter({ hasText: yuan }).waitFor();
    await staffCard.getByTestId('chat-order-link').click();
    await staff.page.waitForURL(new RegExp(`/admin/orders/${orderId}$`));
    await staff.page.getByText(order.orderNo).first().waitFor();
  });
});
