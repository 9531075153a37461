import { z } from 'zod';
import {
  chatAgent,
  chatConversationSummary,
  chatConversationsQuery,
  chatHistory,
  chatHistoryQuery,
  chatMessage,
  chatReadBody,
  chatSendBody,
  chatShopperConversation,
  chatTransferBody,
  chatUnread,
  idParam,
} from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { App } from '../../platform/http.ts';
import type { ChatHub } from './chat.hub.ts';
import type { ChatService } from './chat.service.ts';
import { handleChatSocket } from './chat.socket.ts';

export interface ChatRouteDeps {
  auth: Auth;
  chat: ChatService;
  hub: ChatHub;
  clock: Clock;
  heartbeatMs?: number;
}

/**
 * Customer-service chat. Shopper routes never take a conversation id: a shopper has exactly one.
 * The WebSockets carry live frames; after (re)connecting a client fetches what it missed over
 * REST (`GET .../messages?after=<last id it has>`) — the socket itself does not replay history.
 */
export function chatRoutes(app: App, deps: ChatRouteDeps) {
  shopperChatRoutes(app, deps);
  staffChatRoutes(app, deps);
  const socketDeps = { service: deps.chat, hub: deps.hub, clock: deps.clock, log: app.log, heartbeatMs: deps.heartbeatMs };
  for (const [url, side] of [['/api/chat/ws', 'shopper'], ['/api/admin/chat/ws', 'staff']] as const) {
    app.route({
      method: 'GET',
      url,
      schema: { hide: true },
      // A plain GET (no upgrade) gets a problem instead of an empty 404.
      handler: async () => {
        throw new AppError('CHAT_UPGRADE_REQUIRED');
      },
      wsHandler: (socket, request) => handleChatSocket(socketDeps, side, socket, request),
    });
  }
}

function shopperChatRoutes(app: App, { auth, chat }: ChatRouteDeps) {
  const tags = ['shop: customer-service chat'];
  const preHandler = auth.requireShopper();
  app.get(
    '/api/chat/conversation',
    { preHandler, schema: { tags, summary: 'My conversation with customer service: latest messages, unread count, who answers', response: { 200: chatShopperConversation } } },
    async (request) => chat.shopperConversation(shopperOf(request).id),
  );
  app.get(
    '/api/chat/messages',
    { preHandler, schema: { tags, summary: 'History: older than `before`, or newer than `after` (catching up after a reconnect)', querystring: chatHistoryQuery, response: { 200: chatHistory } } },
    async (request) => chat.shopperHistory(shopperOf(request).id, request.query),
  );
  app.post(
    '/api/chat/messages',
    { preHandler, schema: { tags, summary: 'Send a message over HTTP (fallback for the socket); a resent clientMsgId returns the original (200)', body: chatSendBody, response: { 200: chatMessage, 201: chatMessage } } },
    async (request, reply) => {
      const result = await chat.shopperSend(shopperOf(request).id, request.body);
      return reply.status(result.created ? 201 : 200).send(result.message);
    },
  );
  app.post(
    '/api/chat/read',
    { preHandler, schema: { tags, summary: 'I have read up to this message', body: chatReadBody, response: { 200: chatUnread } } },
    async (request) => chat.shopperRead(shopperOf(request).id, request.body.upToId),
  );
  app.get('/api/chat/unread', { preHandler, schema: { tags, summary: 'How many customer-service messages I have not read', response: { 200: chatUnread } } }, async (request) =>
    chat.shopperUnread(shopperOf(request).id),
  );
}

function staffChatRoutes(app: App, { auth, chat }: ChatRouteDeps) {
  const tags = ['admin: customer-service chat'];
  const preHandler = auth.requireStaff('support.chat');
  app.get(
    '/api/admin/chat/conversations',
    { preHandler, schema: { tags, summary: 'Conversations: mine, waiting (unassigned), or all', querystring: chatConversationsQuery, response: { 200: z.array(chatConversationSummary) } } },
    async (request) => chat.list(staffContext(request), request.query),
  );
  app.get(
    '/api/admin/chat/conversations/:id',
    { preHandler, schema: { tags, summary: 'One conversation', params: idParam, response: { 200: chatConversationSummary } } },
    async (request) => chat.conversation(request.params.id),
  );
  app.get(
    '/api/admin/chat/conversations/:id/messages',
    { preHandler, schema: { tags, summary: 'A conversation’s history', params: idParam, querystring: chatHistoryQuery, response: { 200: chatHistory } } },
    async (request) => chat.history(request.params.id, request.query),
  );
  app.post(
    '/api/admin/chat/conversations/:id/messages',
    {
      preHandler,
      schema: { tags, summary: 'Reply (takes a waiting conversation; only its assignee or an owner may reply to an assigned one)', params: idParam, body: chatSendBody, response: { 200: chatMessage, 201: chatMessage } },
    },
    async (request, reply) => {
      const result = await chat.staffSend(staffContext(request), request.params.id, request.body);
      return reply.status(result.created ? 201 : 200).send(result.message);
    },
  );
  app.post(
    '/api/admin/chat/conversations/:id/read',
    { preHandler, schema: { tags, summary: 'The staff side has read up to this message', params: idParam, body: chatReadBody, response: { 200: chatUnread } } },
    async (request) => chat.staffRead(staffContext(request), request.params.id, request.body.upToId),
  );
  app.post(
    '/api/admin/chat/conversations/:id/take',
    { preHandler, schema: { tags, summary: 'Take a waiting conversation', params: idParam, response: { 200: chatConversationSummary } } },
    async (request) => chat.take(staffContext(request), request.params.id),
  );
  app.post(
    '/api/admin/chat/conversations/:id/transfer',
    { preHandler, schema: { tags, summary: 'Transfer to another member who answers chats', params: idParam, body: chatTransferBody, response: { 200: chatConversationSummary } } },
    async (request) => chat.transfer(staffContext(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/chat/conversations/:id/close',
    { preHandler, schema: { tags, summary: 'Close; the shopper’s next message reopens it into the queue', params: idParam, response: { 200: chatConversationSummary } } },
    async (request) => chat.close(staffContext(request), request.params.id),
  );
  app.get(
    '/api/admin/chat/agents',
    { preHandler, schema: { tags, summary: 'Who can take chats; online = a chat socket open on any instance', response: { 200: z.array(chatAgent) } } },
    async () => chat.agents(),
  );
}
