import { describe, expect, it } from 'vitest';
import type { ChatSendBody } from '@mall/contract';
import { ChatSendRefused, ChatSocket, backoffDelay, type SocketLike, type WireChatMessage } from '@mall/chat-client';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const networkDown = Object.assign(new Error('offline'), { status: 0 });

function stored(clientMsgId: string, id: number): WireChatMessage {
  return { id, conversationId: 1, senderType: 'shopper', senderId: 5, senderName: '小王', kind: 'text', body: 'hi', card: null, clientMsgId, createdAt: '2026-11-24T02:00:00.000Z' };
}

/** A client on fake sockets and a hand-run timer queue; HTTP answers as `http` says. */
function harness(http: (message: ChatSendBody) => Promise<WireChatMessage> = () => Promise.reject(networkDown)) {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const connected: number[] = [];
  const httpSent: ChatSendBody[] = [];
  const client = new ChatSocket({
    url: 'ws://shop.test/api/chat/ws',
    sendOverHttp: (message) => (httpSent.push(message), http(message)),
    onFrame: () => undefined,
    onConnected: () => void connected.push(sockets.length),
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      if (timer) (timer as { cleared: boolean }).cleared = true;
    },
    random: () => 0,
    pingEveryMs: 60_000,
  });
  /** The retry waits scheduled so far (pings excluded). */
  const retries = () => timers.filter((t) => t.ms !== 60_000);
  const fireRetry = () => {
    const next = retries().find((t) => !t.cleared);
    if (!next) throw new Error('no retry scheduled');
    next.cleared = true;
    next.run();
  };
  return { client, sockets, timers, retries, fireRetry, connected, httpSent, last: () => sockets[sockets.length - 1]! };
}

const text = (clientMsgId: string): ChatSendBody => ({ kind: 'text', body: 'hi', clientMsgId });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, and jitter only shortens it by up to a quarter', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 30_000, () => 0))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(backoffDelay(2, 1000, 30_000, () => 1)).toBe(3000);
    expect(backoffDelay(500, 1000, 30_000, () => 0)).toBe(30_000);
  });
});

describe('ChatSocket', () => {
  it('sends over the open socket and resolves with the stored message from the ack', async () => {
    const h = harness();
    h.client.start();
    h.last().open();
    const sent = h.client.send(text('c-1'));
    expect(h.last().sent).toEqual([{ type: 'send', message: text('c-1') }]);
    h.last().receive({ type: 'ack', clientMsgId: 'c-1', message: stored('c-1', 9) });
    await expect(sent).resolves.toMatchObject({ id: 9 });
    expect(h.client.unacked).toEqual([]);
    expect(h.httpSent).toEqual([]);
  });

  it('resends an unacked message with the same clientMsgId after reconnecting, then catches up; waits grow and reset', async () => {
    const h = harness();
    h.client.start();
    h.last().open();
    expect(h.connected).toEqual([1]);
    const sent = h.client.send(text('c-2'));
    h.last().drop();
    await flush();
    expect(h.client.state).toBe('retrying');
    // HTTP was tried at once and the network is down too: the message is kept.
    expect(h.httpSent).toEqual([text('c-2')]);
    expect(h.client.unacked).toEqual(['c-2']);

    h.fireRetry();
    h.last().drop();
    await flush();
    h.fireRetry();
    expect(h.retries().map((t) => t.ms)).toEqual([1000, 2000]);
    h.last().open();
    expect(h.client.state).toBe('open');
    expect(h.last().sent).toEqual([{ type: 'send', message: text('c-2') }]);
    expect(h.connected).toEqual([1, 3]);
    h.last().receive({ type: 'message', message: stored('c-2', 11) });
    await expect(sent).resolves.toMatchObject({ id: 11, clientMsgId: 'c-2' });

    h.last().drop();
    expect(h.retries().map((t) => t.ms)).toEqual([1000, 2000, 1000]);
  });

  it('sends over HTTP while the socket is down, and not again over the socket once stored', async () => {
    const h = harness((message) => Promise.resolve(stored(message.clientMsgId, 12)));
    h.client.start();
    expect(h.client.state).toBe('connecting');
    await expect(h.client.send(text('c-3'))).resolves.toMatchObject({ id: 12 });
    h.last().open();
    expect(h.last().sent).toEqual([]);
  });

  it('rejects what the server refuses: an error frame, or a 4xx over HTTP', async () => {
    const refused = Object.assign(new Error('too long'), { status: 400 });
    const h = harness(() => Promise.reject(refused));
    h.client.start();
    await expect(h.client.send(text('c-4'))).rejects.toBe(refused);
    h.last().open();
    const sent = h.client.send(text('c-5'));
    h.last().receive({ type: 'error', clientMsgId: 'c-5', code: 'CHAT_MESSAGE_TOO_LONG', message: '消息最多 1000 个字' });
    await expect(sent).rejects.toEqual(new ChatSendRefused('CHAT_MESSAGE_TOO_LONG', '消息最多 1000 个字'));
    expect(h.client.unacked).toEqual([]);
  });

  it('stops retrying when the server says the session is gone (4401), and on stop()', () => {
    const h = harness();
    h.client.start();
    h.last().open();
    h.last().drop(4401);
    expect(h.client.state).toBe('closed');
    expect(h.retries()).toEqual([]);

    const other = harness();
    other.client.start();
    other.last().drop();
    other.client.stop();
    expect(other.client.state).toBe('closed');
    expect(other.retries().every((t) => t.cleared)).toBe(true);
  });

  it('marks read over the socket only while it is open', () => {
    const h = harness();
    h.client.start();
    expect(h.client.markRead(4)).toBe(false);
    h.last().open();
    expect(h.client.markRead(4, 7)).toBe(true);
    expect(h.last().sent).toEqual([{ type: 'read', upToId: 4, conversationId: 7 }]);
  });
});
