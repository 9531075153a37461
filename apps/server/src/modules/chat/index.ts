// Customer-service chat (在线客服): what the composition root wires.
//
// Decisions, in one place:
// - Assignment: a new conversation, or a closed one the shopper writes to again, waits unassigned.
//   A staff member takes it explicitly or by replying. Only the assignee may reply to, close or
//   transfer an assigned conversation (CHAT_NOT_ASSIGNED_TO_YOU); an owner may reply without taking
//   it over, and may transfer or close any. Every move is a chat_assignments row and an audit row;
//   a transfer and a close also leave a system message for the shopper.
// - Reading: every member with support.chat may list and read any conversation (scope=all), but only
//   the assignee, an owner, or anyone while it waits moves the staff read marker.
// - Live frames: staff sockets follow their own conversations and the waiting ones (owners: all).
// - Fan-out: events go out after COMMIT through PostgreSQL NOTIFY (ids only) and every instance,
//   the sender's too, delivers them from its LISTEN connection; on PGlite an in-process emitter.
// - Online (agents list, offline notices) = a chat socket open on any instance: presence travels on
//   the same bus, with a full list from each instance every 15 s so late starters catch up.
// - Offline delivery: messages are stored; a (re)connecting client fetches history over REST
//   (?after=<last id>) and the unread counts; sockets do not replay. A staff reply while the shopper
//   has no socket open anywhere leaves a "客服回复了你" message-centre notice, once per conversation
//   per 10-minute window.
import type { FastifyBaseLogger } from 'fastify';
import type { Auth } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import type { App } from '../../platform/http.ts';
import type { NotificationService } from '../notifications/index.ts';
import { memoryBus, postgresBus } from './chat.bus.ts';
import { createChatHub } from './chat.hub.ts';
import { chatRoutes } from './chat.routes.ts';
import { createChatService } from './chat.service.ts';

export { createChatService, type ChatService } from './chat.service.ts';
export { createChatHub, type ChatHub } from './chat.hub.ts';
export { chatRoutes } from './chat.routes.ts';
export { chatConversations, chatMessages, chatAssignments } from './chat.tables.ts';

/**
 * Builds the chat: a bus (PostgreSQL LISTEN/NOTIFY, or in-process on PGlite), the hub that fans
 * events out to this instance's sockets, the service and its routes; closes them with the app.
 * Needs @fastify/websocket registered on `app` first.
 */
export async function setUpChat(app: App, deps: { database: Database; clock: Clock; auth: Auth; notifications: NotificationService; log: FastifyBaseLogger; heartbeatMs?: number }) {
  const { database, clock, log } = deps;
  const target = database.migrateTarget;
  const bus = target.kind === 'postgresql' ? postgresBus(database, target.url, log) : memoryBus();
  const hub = createChatHub({ db: database.db, bus, log });
  await hub.start();
  const chat = createChatService({ db: database.db, clock, notifications: deps.notifications, hub });
  chatRoutes(app, { auth: deps.auth, chat, hub, clock, heartbeatMs: deps.heartbeatMs });
  app.addHook('onClose', async () => {
    await hub.close();
  });
  return { chat, hub };
}
