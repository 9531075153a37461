import type {
  ChatAgent,
  ChatConversationSummary,
  ChatConversationsQuery,
  ChatGoodsCard,
  ChatHistory,
  ChatHistoryQuery,
  ChatMessage,
  ChatNoticeCard,
  ChatSendBody,
  ChatShopperConversation,
  ChatTransferBody,
} from '@mall/contract';
import { chatNoticeText } from '@mall/contract';
import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { ChatEvent } from './chat.bus.ts';
import { cardBody, orderCard, productCard } from './chat.cards.ts';
import type { ChatHub } from './chat.hub.ts';
import * as repo from './chat.repo.ts';
import {
  chatText,
  nextReadMarker,
  offlineNoticeKey,
  onClose,
  onShopperMessage,
  onStaffReply,
  onTake,
  onTransfer,
  staffFollows,
  type ConversationState,
  type StaffWho,
  type Transition,
} from './chat.rules.ts';

export interface ChatDeps {
  db: Db;
  clock: Clock;
  notifications: Pick<NotificationService, 'notifyShopper'>;
  hub: Pick<ChatHub, 'publish' | 'isOnline'>;
}

export interface SendResult {
  message: ChatMessage;
  /** False when the clientMsgId had been sent before: the original comes back. */
  created: boolean;
}

type Sender = { type: 'shopper'; shopperId: number } | { type: 'staff'; ctx: StaffContext; conversationId: number };

const stateOf = (row: repo.ConversationRow): ConversationState => ({ status: row.status === 'closed' ? 'closed' : 'open', assignedStaffId: row.assignedStaffId });
const whoOf = (ctx: StaffContext): StaffWho => ({ id: ctx.actor.id, isOwner: ctx.actor.role === 'owner' });
const preview = (text: string) => ([...text].length > 60 ? `${[...text].slice(0, 60).join('')}…` : text);

export function createChatService(deps: ChatDeps) {
  const { db, clock, notifications, hub } = deps;

  async function committed<T>(work: (tx: Tx, events: ChatEvent[]) => Promise<T>): Promise<T> {
    const events: ChatEvent[] = [];
    const result = await db.transaction((tx) => work(tx, events));
    await hub.publish(events);
    return result;
  }

  async function refused(tx: Tx, transition: Exclude<Transition, { ok: true }>): Promise<AppError> {
    if (transition.error === 'same') return new AppError('CHAT_TRANSFER_SAME');
    const holder = await repo.staffMember(tx, transition.assignedStaffId);
    return new AppError('CHAT_NOT_ASSIGNED_TO_YOU', { name: holder?.displayName ?? `#${transition.assignedStaffId}`, staffId: transition.assignedStaffId });
  }

  async function lockStaffConversation(tx: Tx, id: number) {
    const row = await repo.lockConversation(tx, id);
    if (!row) throw new AppError('CHAT_CONVERSATION_UNKNOWN', { id });
    return row;
  }

  async function summaryOf(tx: Tx | Db, id: number): Promise<ChatConversationSummary> {
    const [summary] = await repo.conversationSummaries(tx, { ids: [id] });
    if (summary) return summary;
    // A conversation without messages is not listed; describe it from its row.
    const row = await repo.conversationById(tx, id);
    if (!row) throw new AppError('CHAT_CONVERSATION_UNKNOWN', { id });
    const staffMember = row.assignedStaffId === null ? undefined : await repo.staffMember(tx, row.assignedStaffId);
    return { id, shopperId: row.shopperId, shopperName: '', assignedStaffId: row.assignedStaffId, assignedStaffName: staffMember?.displayName ?? null, status: stateOf(row).status, lastMessage: null, unread: 0, shopperReadId: row.shopperReadId };
  }

  /** Stores a message from the shopper or a staff member: one rule set for the socket and HTTP. */
  async function send(sender: Sender, body: ChatSendBody): Promise<SendResult> {
    const text = body.kind === 'text' ? chatText(body.body) : null;
    const senderType = sender.type;
    return committed(async (tx, events) => {
      const now = clock.now();
      const conversation =
        sender.type === 'shopper'
          ? (await repo.lockConversation(tx, (await repo.ensureConversation(tx, sender.shopperId, now)).id))!
          : await lockStaffConversation(tx, sender.conversationId);
      const original = await repo.messageByClientId(tx, conversation.id, senderType, body.clientMsgId);
      if (original) return { message: original, created: false };
      const before = stateOf(conversation);
      const transition = sender.type === 'shopper' ? onShopperMessage(before) : onStaffReply(before, whoOf(sender.ctx));
      if (!transition.ok) throw await refused(tx, transition);
      let card: ChatGoodsCard | null = null;
      if (body.kind === 'product') card = await productCard(tx, body.productId);
      if (body.kind === 'order') card = await orderCard(tx, body.orderId, conversation.shopperId);
      const id = await repo.insertMessage(tx, {
        conversationId: conversation.id,
        senderType,
        senderId: sender.type === 'shopper' ? sender.shopperId : sender.ctx.actor.id,
        kind: body.kind,
        body: text ?? cardBody(card!),
        card,
        clientMsgId: body.clientMsgId,
        createdAt: now,
      });
      if (id === undefined) {
        const landed = await repo.messageByClientId(tx, conversation.id, senderType, body.clientMsgId);
        if (landed) return { message: landed, created: false };
        throw new AppError('CONFLICT');
      }
      await repo.updateConversation(tx, conversation.id, { ...transition.next, lastMessageId: id, lastMessageAt: now, updatedAt: now });
      const next = transition.next;
      if (sender.type === 'staff' && next.assignedStaffId !== before.assignedStaffId) {
        await repo.insertAssignment(tx, { conversationId: conversation.id, fromStaffId: before.assignedStaffId, toStaffId: next.assignedStaffId, actor: sender.ctx.actor.username, reason: 'reply', createdAt: now });
        await recordAudit(tx, clock, sender.ctx, { action: 'chat.take', entityType: 'chat_conversation', entityId: conversation.id, changes: { assignedStaffId: [before.assignedStaffId, next.assignedStaffId] } });
      }
      if (transition.changed || conversation.lastMessageId === null) {
        events.push({ t: 'conversation', c: conversation.id, s: conversation.shopperId, a: next.assignedStaffId, p: before.assignedStaffId });
      }
      events.push({ t: 'message', c: conversation.id, m: id, s: conversation.shopperId, a: next.assignedStaffId });
      if (sender.type === 'staff' && !hub.isOnline('shopper', conversation.shopperId)) {
        await notifications.notifyShopper(tx, {
          shopperId: conversation.shopperId,
          kind: 'chat.reply',
          title: '客服回复了你',
          body: preview(text ?? cardBody(card!)),
          data: { conversationId: conversation.id },
          dedupeKey: offlineNoticeKey(conversation.id, now.getTime()),
        });
      }
      return { message: (await repo.messageById(tx, id))!, created: true };
    });
  }

  async function read(conversationId: number, side: 'shopper' | 'staff', upToId: number): Promise<{ unread: number }> {
    return committed(async (tx, events) => {
      const row = (await repo.lockConversation(tx, conversationId))!;
      const current = side === 'shopper' ? row.shopperReadId : row.staffReadId;
      const marker = nextReadMarker(current, upToId, row.lastMessageId);
      if (marker > current && (await repo.advanceReadMarker(tx, row.id, side, marker, clock.now()))) {
        events.push({ t: 'read', c: row.id, s: row.shopperId, a: row.assignedStaffId, side, up: marker });
      }
      return { unread: await repo.unreadOf(tx, row.id, side) };
    });
  }

  /** Take, transfer and close: a transition, its history row, an audit row, maybe a system message. */
  async function reassign(
    ctx: StaffContext,
    conversationId: number,
    decide: (state: ConversationState) => Transition,
    effects: (tx: Tx, row: repo.ConversationRow, next: ConversationState, now: Date) => Promise<{ action: string; notice?: ChatNoticeCard; assignmentReason?: string }>,
  ): Promise<ChatConversationSummary> {
    return committed(async (tx, events) => {
      const row = await lockStaffConversation(tx, conversationId);
      const before = stateOf(row);
      const transition = decide(before);
      if (!transition.ok) throw await refused(tx, transition);
      if (!transition.changed) return summaryOf(tx, row.id);
      const now = clock.now();
      const { next } = transition;
      const effect = await effects(tx, row, next, now);
      let lastMessageId = row.lastMessageId;
      if (effect.notice) {
        const body = chatNoticeText(effect.notice, 'zh-CN');
        lastMessageId = (await repo.insertMessage(tx, { conversationId: row.id, senderType: 'system', senderId: null, kind: 'system', body, card: effect.notice, clientMsgId: null, createdAt: now }))!;
        events.push({ t: 'message', c: row.id, m: lastMessageId, s: row.shopperId, a: next.assignedStaffId });
      }
      await repo.updateConversation(tx, row.id, { ...next, lastMessageId, lastMessageAt: effect.notice ? now : row.lastMessageAt, updatedAt: now });
      if (effect.assignmentReason !== undefined) {
        await repo.insertAssignment(tx, { conversationId: row.id, fromStaffId: before.assignedStaffId, toStaffId: next.assignedStaffId, actor: ctx.actor.username, reason: effect.assignmentReason, createdAt: now });
      }
      await recordAudit(tx, clock, ctx, { action: effect.action, entityType: 'chat_conversation', entityId: row.id, changes: { status: [before.status, next.status], assignedStaffId: [before.assignedStaffId, next.assignedStaffId] } });
      events.unshift({ t: 'conversation', c: row.id, s: row.shopperId, a: next.assignedStaffId, p: before.assignedStaffId });
      return summaryOf(tx, row.id);
    });
  }

  return {
    // ---------- shopper ----------
    async shopperConversation(shopperId: number): Promise<ChatShopperConversation> {
      const row = await repo.ensureConversation(db, shopperId, clock.now());
      const page = await repo.messagePage(db, row.id, { limit: 30 });
      const assigned = row.assignedStaffId === null ? undefined : await repo.staffMember(db, row.assignedStaffId);
      return { id: row.id, staffName: assigned?.displayName ?? null, unread: await repo.unreadOf(db, row.id, 'shopper'), staffReadId: row.staffReadId, ...page };
    },
    async shopperHistory(shopperId: number, query: ChatHistoryQuery): Promise<ChatHistory> {
      const row = await repo.conversationOfShopper(db, shopperId);
      return row ? repo.messagePage(db, row.id, query) : { messages: [], hasMore: false };
    },
    shopperSend: (shopperId: number, body: ChatSendBody) => send({ type: 'shopper', shopperId }, body),
    async shopperRead(shopperId: number, upToId: number) {
      const row = await repo.conversationOfShopper(db, shopperId);
      return row ? read(row.id, 'shopper', upToId) : { unread: 0 };
    },
    async shopperUnread(shopperId: number) {
      const row = await repo.conversationOfShopper(db, shopperId);
      return { unread: row ? await repo.unreadOf(db, row.id, 'shopper') : 0 };
    },

    // ---------- staff ----------
    async list(ctx: StaffContext, query: ChatConversationsQuery): Promise<ChatConversationSummary[]> {
      const scope = query.scope === 'mine' ? { assignedTo: ctx.actor.id } : query.scope === 'waiting' ? { waiting: true } : {};
      return repo.conversationSummaries(db, { ...scope, status: query.status });
    },
    async conversation(id: number) {
      return summaryOf(db, id);
    },
    async history(id: number, query: ChatHistoryQuery): Promise<ChatHistory> {
      if (!(await repo.conversationById(db, id))) throw new AppError('CHAT_CONVERSATION_UNKNOWN', { id });
      return repo.messagePage(db, id, query);
    },
    staffSend: (ctx: StaffContext, conversationId: number, body: ChatSendBody) => send({ type: 'staff', ctx, conversationId }, body),
    /** Marks read for the staff side; a member who does not follow the conversation only looks (no change). */
    async staffRead(ctx: StaffContext, conversationId: number, upToId: number) {
      const row = await repo.conversationById(db, conversationId);
      if (!row) throw new AppError('CHAT_CONVERSATION_UNKNOWN', { id: conversationId });
      if (!staffFollows(whoOf(ctx), row.assignedStaffId)) return { unread: await repo.unreadOf(db, row.id, 'staff') };
      return read(row.id, 'staff', upToId);
    },
    take: (ctx: StaffContext, id: number) =>
      reassign(ctx, id, (state) => onTake(state, whoOf(ctx)), async () => ({ action: 'chat.take', assignmentReason: 'take' })),
    async transfer(ctx: StaffContext, id: number, body: ChatTransferBody) {
      const target = await repo.staffMember(db, body.toStaffId);
      if (!target?.active || !repo.CHAT_ROLES.includes(target.role)) throw new AppError('CHAT_STAFF_UNKNOWN', { id: body.toStaffId });
      return reassign(
        ctx,
        id,
        (state) => onTransfer(state, whoOf(ctx), target.id),
        async () => ({
          action: 'chat.transfer',
          assignmentReason: body.reason,
          notice: { type: 'notice', notice: 'transferred', from: ctx.actor.displayName, to: target.displayName, ...(body.reason ? { reason: body.reason } : {}) },
        }),
      );
    },
    close: (ctx: StaffContext, id: number) =>
      reassign(ctx, id, (state) => onClose(state, whoOf(ctx)), async () => ({ action: 'chat.close', notice: { type: 'notice', notice: 'closed' } })),
    sessionActive: (tokenHash: string) => repo.sessionActive(db, tokenHash, clock.now()),
    /** Whether someone has a chat socket open on any instance, as presence has reached this one. */
    isOnline: (kind: 'shopper' | 'staff', id: number) => hub.isOnline(kind, id),
    async agents(): Promise<ChatAgent[]> {
      return (await repo.chatAgents(db)).map((agent) => ({ ...agent, online: hub.isOnline('staff', agent.id) }));
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
