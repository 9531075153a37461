import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { ChatClientFrame, ChatSendBody, ChatServerFrame } from '@mall/contract';
import type { BuiltApp } from '../src/app.ts';

/** Starts the app on a free port (once) and returns its ws:// base. */
export async function listenOnce(app: BuiltApp['app']): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}`;
}

/** A real WebSocket client that keeps every frame it receives and can wait for one. */
export class ChatClient {
  readonly frames: ChatServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { match: (f: ChatServerFrame) => boolean; resolve: (f: ChatServerFrame) => void }[] = [];
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ChatServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const resolve of this.closeWaiters) resolve(this.closed);
    });
  }

  /** Connects with a bearer header (`authorization`) or a cookie; resolves once open (or closed right away). */
  static connect(url: string, headers: Record<string, string> = {}, options: { autoPong?: boolean } = {}): Promise<ChatClient> {
    const socket = new WebSocket(url, { headers, ...options });
    const client = new ChatClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('close', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: ChatClientFrame | Record<string, unknown> | string) {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendText(body: string, clientMsgId: string, conversationId?: number) {
    const message: ChatSendBody = { kind: 'text', body, clientMsgId };
    this.send({ type: 'send', ...(conversationId ? { conversationId } : {}), message });
  }

  /** The first frame (already received or coming) that matches; fails after `ms` so a broken test ends. */
  next<T extends ChatServerFrame>(match: (f: ChatServerFrame) => f is T, ms?: number): Promise<T>;
  next(match: (f: ChatServerFrame) => boolean, ms?: number): Promise<ChatServerFrame>;
  next(match: (f: ChatServerFrame) => boolean, ms = 10_000): Promise<ChatServerFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame; got ${JSON.stringify(this.frames)}`)), ms);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Waits for a frame that arrives after now (ignores those already seen). */
  nextNew(match: (f: ChatServerFrame) => boolean, ms = 10_000): Promise<ChatServerFrame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no new matching frame; got ${JSON.stringify(this.frames)}`)), ms);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  whenClosed(): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  async close() {
    if (this.closed) return;
    this.socket.close();
    await this.whenClosed();
  }
}

export const isMessage = (body: string) => (f: ChatServerFrame) => f.type === 'message' && f.message.body === body;
export const isAck = (clientMsgId: string) => (f: ChatServerFrame) => f.type === 'ack' && f.clientMsgId === clientMsgId;
export const isError = (code: string) => (f: ChatServerFrame) => f.type === 'error' && f.code === code;
