import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { CHAT_CLOSE_CODES, type ChatServerFrame } from '@mall/contract';
import type { Db } from '../../platform/db.ts';
import type { ChatBus, ChatEvent } from './chat.bus.ts';
import { conversationSummaries, messageById } from './chat.repo.ts';
import { staffFollows } from './chat.rules.ts';

/** Who is on the other end of a socket. */
export type SocketOwner = { kind: 'shopper'; id: number } | { kind: 'staff'; id: number; isOwner: boolean };

export interface LocalSocket {
  owner: SocketOwner;
  send(frame: ChatServerFrame): void;
  close(code: number, reason: string): void;
}

const PRESENCE_EVERY_MS = 15_000;
/** A remote instance that missed this many of our presence rounds is taken for gone. */
const PRESENCE_MISSED_ROUNDS = 3;
const PRESENCE_CHUNK = 200;

const presenceKey = (owner: { kind: 'shopper' | 'staff'; id: number }) => `${owner.kind}:${owner.id}`;

/**
 * Fan-out: services publish events after COMMIT; every instance (this one too, through the same
 * bus, so there is one path) delivers them to the sockets it holds. Presence — who has a socket
 * open on any instance — travels over the same bus: changes as they happen, and each instance's
 * whole list every PRESENCE_EVERY_MS so late joiners learn it and dead instances age out.
 */
export function createChatHub(deps: { db: Db; bus: ChatBus; log: FastifyBaseLogger }) {
  const { db, bus, log } = deps;
  const instanceId = crypto.randomBytes(6).toString('hex');
  const sockets = new Set<LocalSocket>();
  const localPresence = new Map<string, number>();
  const remotePresence = new Map<string, { keys: Set<string>; seenRound: number }>();
  let round = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let closing = false;

  const publish = async (event: ChatEvent) => {
    try {
      await bus.publish(event);
    } catch (error) {
      log.warn({ err: error, event: event.t }, 'chat event not published');
    }
  };

  async function deliver(event: ChatEvent): Promise<void> {
    switch (event.t) {
      case 'presence': {
        if (event.i === instanceId) return;
        const entry = remoteEntry(event.i);
        if (event.on) entry.keys.add(event.k);
        else entry.keys.delete(event.k);
        return;
      }
      case 'presence-all': {
        if (event.i === instanceId) return;
        if (event.bye) return void remotePresence.delete(event.i);
        const entry = remoteEntry(event.i);
        if (event.first) entry.keys.clear();
        for (const key of event.k) entry.keys.add(key);
        return;
      }
      case 'message': {
        const targets = [...sockets].filter((s) => (s.owner.kind === 'shopper' ? s.owner.id === event.s : staffFollows(s.owner, event.a)));
        if (targets.length === 0) return;
        const message = await messageById(db, event.m);
        if (message) for (const s of targets) s.send({ type: 'message', message });
        return;
      }
      case 'read': {
        const frame: ChatServerFrame = { type: 'read', conversationId: event.c, side: event.side, upToId: event.up };
        for (const s of sockets) if (s.owner.kind === 'shopper' ? s.owner.id === event.s : staffFollows(s.owner, event.a)) s.send(frame);
        return;
      }
      case 'conversation': {
        // Those who followed it before hear of it too: it left their list (taken from the queue, transferred away).
        const targets = [...sockets].filter((s) => s.owner.kind === 'staff' && (staffFollows(s.owner, event.a) || staffFollows(s.owner, event.p)));
        if (targets.length === 0) return;
        const [conversation] = await conversationSummaries(db, { ids: [event.c] });
        if (conversation) for (const s of targets) s.send({ type: 'conversation', conversation });
        return;
      }
    }
  }

  function remoteEntry(instance: string) {
    let entry = remotePresence.get(instance);
    if (!entry) remotePresence.set(instance, (entry = { keys: new Set(), seenRound: round }));
    entry.seenRound = round;
    return entry;
  }

  function receive(event: ChatEvent) {
    chain = chain.then(() => deliver(event)).catch((error: unknown) => log.warn({ err: error }, 'chat event not delivered'));
  }

  async function publishPresenceList(bye = false) {
    const keys = [...localPresence.keys()];
    if (keys.length === 0 || bye) return publish({ t: 'presence-all', i: instanceId, k: [], first: true, bye });
    for (let at = 0; at < keys.length; at += PRESENCE_CHUNK) {
      await publish({ t: 'presence-all', i: instanceId, k: keys.slice(at, at + PRESENCE_CHUNK), first: at === 0 });
    }
  }

  return {
    instanceId,

    async start() {
      await bus.start(receive, () => {
        // Events may have been missed: make every client reconnect and catch up from history.
        for (const s of [...sockets]) s.close(CHAT_CLOSE_CODES.resync, 'chat feed reconnected');
        void publishPresenceList();
      });
      timer = setInterval(() => {
        round++;
        for (const [instance, entry] of remotePresence) if (round - entry.seenRound > PRESENCE_MISSED_ROUNDS) remotePresence.delete(instance);
        void publishPresenceList();
      }, PRESENCE_EVERY_MS);
      timer.unref();
      await publishPresenceList();
    },

    /** Publishes events of a committed change, in order. */
    async publish(events: readonly ChatEvent[]) {
      for (const event of events) await publish(event);
    },

    /** Registers a socket; the returned function unregisters it. */
    attach(socket: LocalSocket): () => void {
      sockets.add(socket);
      const key = presenceKey(socket.owner);
      const count = (localPresence.get(key) ?? 0) + 1;
      localPresence.set(key, count);
      if (count === 1) void publish({ t: 'presence', i: instanceId, k: key, on: true });
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        sockets.delete(socket);
        const left = (localPresence.get(key) ?? 1) - 1;
        if (left > 0) localPresence.set(key, left);
        else {
          localPresence.delete(key);
          if (!closing) void publish({ t: 'presence', i: instanceId, k: key, on: false });
        }
      };
    },

    /** Whether someone has a chat socket open on any instance (as far as presence has reached us). */
    isOnline(kind: 'shopper' | 'staff', id: number): boolean {
      const key = presenceKey({ kind, id });
      if (localPresence.has(key)) return true;
      for (const entry of remotePresence.values()) if (entry.keys.has(key)) return true;
      return false;
    },

    async close() {
      closing = true;
      if (timer) clearInterval(timer);
      for (const s of [...sockets]) s.close(1001, 'server shutting down');
      await publishPresenceList(true);
      await bus.close();
    },
  };
}

export type ChatHub = ReturnType<typeof createChatHub>;
