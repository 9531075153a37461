import type { AddressInfo } from 'node:net';
import fastifyWebsocket from '@fastify/websocket';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpApp, type App } from '../src/platform/http.ts';
import { setUpChat, type ChatService } from '../src/modules/chat/index.ts';
import { describeEachDatabase } from './harness.ts';
import { ChatClient } from './chat-helpers.ts';

/**
 * Dead sockets are dropped: a second app on the same database, wired like app.ts but with a
 * heartbeat of 200 ms, so a client that stops answering pings is cut off without a long wait.
 */
describeEachDatabase('chat heartbeat', (ctx) => {
  let app: App;
  let chat: ChatService;
  let base = '';

  beforeAll(async () => {
    ({ app } = await createHttpApp({ logLevel: 'silent', bodyLimit: 1_000_000 }));
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionTokenHash', null);
    app.addHook('onRequest', ctx().auth.resolveActor);
    await app.register(fastifyWebsocket);
    ({ chat } = await setUpChat(app, { database: ctx().database, clock: ctx().clock, auth: ctx().auth, notifications: ctx().services.notifications, log: app.log, heartbeatMs: 200 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('drops a socket that stopped answering pings and keeps the ones that answer', async () => {
    const alive = await ctx().shopperSession();
    const dead = await ctx().shopperSession();
    const answering = await ChatClient.connect(`${base}/api/chat/ws`, alive.headers);
    const silent = await ChatClient.connect(`${base}/api/chat/ws`, dead.headers, { autoPong: false });
    expect(chat.isOnline('shopper', dead.id)).toBe(true);
    expect((await silent.whenClosed()).code).toBe(1006); // terminated, no closing handshake
    for (let i = 0; i < 200 && chat.isOnline('shopper', dead.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(chat.isOnline('shopper', dead.id)).toBe(false);
    // the answering socket went through the same rounds and is still there
    answering.send({ type: 'ping' });
    await answering.next((f) => f.type === 'pong');
    expect(answering.closed).toBeNull();
    expect(chat.isOnline('shopper', alive.id)).toBe(true);
    await answering.close();
  });
});
