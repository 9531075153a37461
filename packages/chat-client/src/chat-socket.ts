import type { z } from 'zod';
import type { ChatSendBody, ChatServerFrame, chatMessage } from '@mall/contract';

// The same client lives in apps/admin/src/views/support/chat/chat-socket.ts; keep the two in step.

/** A chat message as it arrives on the wire (times are ISO strings). */
export type WireChatMessage = z.input<typeof chatMessage>;

/** `connecting`: first connect or a retry in progress; `retrying`: down, waiting before the next try; `closed`: stopped or signed out. */
export type ChatConnectionState = 'connecting' | 'open' | 'retrying' | 'closed';

/** The subset of the DOM WebSocket the client uses (so tests can hand in a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface ChatSocketOptions {
  /** Absolute ws:// or wss:// address of the socket. */
  url: string;
  /** Sends one message over HTTP when the socket is down; resolves to the stored message. */
  sendOverHttp: (message: ChatSendBody, conversationId: number | undefined) => Promise<WireChatMessage>;
  /** Every frame the server sends (acks included). */
  onFrame: (frame: ChatServerFrame) => void;
  onState?: (state: ChatConnectionState) => void;
  /** After every (re)connect, once unacked messages were resent: fetch what arrived while away. */
  onConnected?: () => void | Promise<void>;
  /** Tells a network failure (keep the message, resend later) from a refusal (give up). */
  isNetworkFailure?: (error: unknown) => boolean;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pingEveryMs?: number;
}

/** A message refused by the server (an `error` frame or a 4xx answer). */
export class ChatSendRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChatSendRefused';
  }
}

interface Pending {
  message: ChatSendBody;
  conversationId: number | undefined;
  resolve: (message: WireChatMessage) => void;
  reject: (error: unknown) => void;
  /** An HTTP send is under way: do not send it over the socket at the same time. */
  viaHttp: boolean;
}

const OPEN = 1;
/** The server closes an upgrade without a session with this code: retrying will not help. */
export const UNAUTHORIZED_CLOSE = 4401;

/** Wait before retry number `attempt` (0-based): doubling from `base` up to `max`, with up to 25% jitter off. */
export function backoffDelay(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const plain = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(plain * (1 - 0.25 * random()));
}

/** A ws:// address on the page's own host for an API path. */
export function socketUrl(path: string, where: { protocol: string; host: string } = location): string {
  return `${where.protocol === 'https:' ? 'wss' : 'ws'}://${where.host}${path}`;
}

/**
 * One chat socket with reconnect: retries with backoff, resends every message not yet acked
 * (same clientMsgId, so the server stores it once) after each reconnect, then lets the caller
 * fetch what arrived meanwhile. While down, sends go over HTTP instead.
 */
export class ChatSocket {
  private socket: SocketLike | undefined;
  private readonly pending = new Map<string, Pending>();
  private attempt = 0;
  private retryTimer: unknown;
  private pingTimer: unknown;
  private stopped = true;
  private current: ChatConnectionState = 'closed';
  private readonly o: Required<Omit<ChatSocketOptions, 'onState' | 'onConnected'>> & Pick<ChatSocketOptions, 'onState' | 'onConnected'>;

  constructor(options: ChatSocketOptions) {
    this.o = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      random: Math.random,
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      pingEveryMs: 25_000,
      isNetworkFailure: (error) => !(error instanceof ChatSendRefused) && (error as { status?: number })?.status === 0,
      ...options,
    };
  }

  get state(): ChatConnectionState {
    return this.current;
  }

  /** Messages sent but not yet stored, by clientMsgId. */
  get unacked(): string[] {
    return [...this.pending.keys()];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.o.clearTimer(this.retryTimer);
    this.o.clearTimer(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, 'bye');
    }
    this.setState('closed');
  }

  /** Tries again now instead of waiting out the backoff (the browser came back online, the page became visible). */
  retryNow(): void {
    if (this.stopped || this.current !== 'retrying') return;
    this.o.clearTimer(this.retryTimer);
    this.connect();
  }

  /** Sends a message; resolves to the stored message once the server acked it. */
  send(message: ChatSendBody, conversationId?: number): Promise<WireChatMessage> {
    const existing = this.pending.get(message.clientMsgId);
    if (existing) return new Promise((resolve, reject) => this.chain(existing, resolve, reject));
    return new Promise<WireChatMessage>((resolve, reject) => {
      const entry: Pending = { message, conversationId, resolve, reject, viaHttp: false };
      this.pending.set(message.clientMsgId, entry);
      if (this.isOpen()) this.transmit(entry);
      else void this.sendViaHttp(entry);
    });
  }

  /** Tells the server (and other tabs) what was read; dropped while down, the next read covers it. */
  markRead(upToId: number, conversationId?: number): boolean {
    if (!this.isOpen()) return false;
    this.socket!.send(JSON.stringify({ type: 'read', upToId, ...(conversationId ? { conversationId } : {}) }));
    return true;
  }

  private chain(entry: Pending, resolve: (m: WireChatMessage) => void, reject: (e: unknown) => void): void {
    const [prevResolve, prevReject] = [entry.resolve, entry.reject];
    entry.resolve = (m) => (prevResolve(m), resolve(m));
    entry.reject = (e) => (prevReject(e), reject(e));
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === OPEN && this.current === 'open';
  }

  private transmit(entry: Pending): void {
    const frame = { type: 'send', message: entry.message, ...(entry.conversationId ? { conversationId: entry.conversationId } : {}) };
    this.socket!.send(JSON.stringify(frame));
  }

  private async sendViaHttp(entry: Pending): Promise<void> {
    entry.viaHttp = true;
    try {
      const stored = await this.o.sendOverHttp(entry.message, entry.conversationId);
      this.settle(entry.message.clientMsgId, stored);
    } catch (error) {
      entry.viaHttp = false;
      // Unreachable server: keep it for the resend after reconnect. Anything else is a refusal.
      if (this.o.isNetworkFailure(error)) {
        if (this.isOpen()) this.transmit(entry);
        return;
      }
      this.pending.delete(entry.message.clientMsgId);
      entry.reject(error);
    }
  }

  private settle(clientMsgId: string, stored: WireChatMessage): void {
    const entry = this.pending.get(clientMsgId);
    if (!entry) return;
    this.pending.delete(clientMsgId);
    entry.resolve(stored);
  }

  private connect(): void {
    this.setState('connecting');
    let socket: SocketLike;
    try {
      socket = this.o.createSocket(this.o.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setState('open');
      for (const entry of this.pending.values()) if (!entry.viaHttp) this.transmit(entry);
      this.schedulePing();
      void Promise.resolve(this.o.onConnected?.()).catch(() => undefined);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      let frame: ChatServerFrame;
      try {
        frame = JSON.parse(event.data) as ChatServerFrame;
      } catch {
        return;
      }
      this.handle(frame);
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.o.clearTimer(this.pingTimer);
      if (this.stopped) return;
      if (event.code === UNAUTHORIZED_CLOSE) {
        this.stopped = true;
        this.setState('closed');
        return;
      }
      this.scheduleRetry();
      // What was on the wire without an ack may be lost: try HTTP now rather than wait for the reconnect.
      for (const entry of this.pending.values()) if (!entry.viaHttp) void this.sendViaHttp(entry);
    };
  }

  private handle(frame: ChatServerFrame): void {
    if (frame.type === 'ack') this.settle(frame.clientMsgId, frame.message);
    else if (frame.type === 'message' && frame.message.clientMsgId && this.pending.has(frame.message.clientMsgId)) {
      this.settle(frame.message.clientMsgId, frame.message);
    } else if (frame.type === 'error' && frame.clientMsgId) {
      const entry = this.pending.get(frame.clientMsgId);
      if (entry) {
        this.pending.delete(frame.clientMsgId);
        entry.reject(new ChatSendRefused(frame.code, frame.message));
      }
    }
    this.o.onFrame(frame);
  }

  private scheduleRetry(): void {
    this.setState('retrying');
    const delay = backoffDelay(this.attempt, this.o.baseDelayMs, this.o.maxDelayMs, this.o.random);
    this.attempt += 1;
    this.retryTimer = this.o.setTimer(() => {
      if (!this.stopped) this.connect();
    }, delay);
  }

  private schedulePing(): void {
    this.o.clearTimer(this.pingTimer);
    this.pingTimer = this.o.setTimer(() => {
      if (!this.isOpen()) return;
      this.socket!.send(JSON.stringify({ type: 'ping' }));
      this.schedulePing();
    }, this.o.pingEveryMs);
  }

  private setState(state: ChatConnectionState): void {
    if (this.current === state) return;
    this.current = state;
    this.o.onState?.(state);
  }
}
