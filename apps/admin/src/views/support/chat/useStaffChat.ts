import { computed, onBeforeUnmount, ref, shallowRef } from 'vue';
import type { ChatSendBody, ChatServerFrame } from '@mall/contract';
import { chatApi, type ChatScope, type ChatSummary } from '../../../api/chat.ts';
import { ApiError } from '../../../api/http.ts';
import { ChatSocket, socketUrl, type ChatConnectionState, type WireChatMessage } from '@mall/chat-client';
import { fetchSince, lastStoredId, mergeMessages, type ChatItem } from '@mall/chat-client';
import { followPageVisibility, loadOlderInto, mergeInto, newestStoredId, ownMessageState, sendShown, takeForRetry, type OwnMessageState } from '@mall/chat-client';

function words(error: unknown): string {
  if (error instanceof ApiError) return error.text;
  return error instanceof Error ? error.message : String(error);
}

/** Which list a conversation belongs in, from its summary. */
export function inScope(c: ChatSummary, scope: ChatScope, meId: number): boolean {
  if (scope === 'all') return true;
  if (c.status !== 'open') return false;
  return scope === 'mine' ? c.assignedStaffId === meId : c.assignedStaffId === null;
}

/** Newest activity first. */
export function byActivity(a: ChatSummary, b: ChatSummary): number {
  return (b.lastMessage?.id ?? 0) - (a.lastMessage?.id ?? 0) || b.id - a.id;
}

/**
 * The staff side of the chat: every conversation the socket tells about (kept in one map, the
 * tabs are views of it), the open conversation's messages, own sends and the read marks.
 */
export function useStaffChat(me: () => { id: number; displayName: string }) {
  const conversations = ref(new Map<number, ChatSummary>());
  const selectedId = ref<number>();
  const items = shallowRef<ChatItem[]>([]);
  const hasMore = ref(false);
  const loadingMessages = ref(false);
  const loadingOlder = ref(false);
  const connection = ref<ChatConnectionState>('connecting');
  const readSent = new Map<number, number>();
  let onNewAtBottom: (() => void) | undefined;

  const selected = computed(() => (selectedId.value ? conversations.value.get(selectedId.value) : undefined));
  const listOf = (scope: ChatScope) => [...conversations.value.values()].filter((c) => inScope(c, scope, me().id)).sort(byActivity);
  const unreadOf = (scope: ChatScope) => listOf(scope).reduce((sum, c) => sum + c.unread, 0);

  const socket = new ChatSocket({
    url: socketUrl('/api/admin/chat/ws'),
    sendOverHttp: (message, conversationId) => chatApi.send(conversationId!, message),
    onFrame: handleFrame,
    onState: (state) => (connection.value = state),
    onConnected: catchUp,
  });

  function upsert(summary: ChatSummary): void {
    const next = new Map(conversations.value);
    next.set(summary.id, summary);
    conversations.value = next;
  }

  function patch(id: number, change: (c: ChatSummary) => Partial<ChatSummary>): void {
    const current = conversations.value.get(id);
    if (current) upsert({ ...current, ...change(current) });
  }

  function addToOpen(messages: WireChatMessage[]): void {
    const fresh = messages.filter((m) => m.conversationId === selectedId.value);
    if (fresh.length === 0) return;
    if (mergeInto(items, fresh)) {
      onNewAtBottom?.();
      markReadIfVisible();
    }
  }

  function handleFrame(frame: ChatServerFrame): void {
    if (frame.type === 'message' || frame.type === 'ack') {
      const message = frame.message;
      const known = conversations.value.get(message.conversationId);
      if (!known) {
        void chatApi.get(message.conversationId).then(upsert, () => undefined);
      } else if ((known.lastMessage?.id ?? 0) < message.id) {
        const counts = message.senderType === 'shopper' && message.conversationId !== selectedId.value;
        patch(message.conversationId, (c) => ({ lastMessage: message, unread: c.unread + (counts ? 1 : 0) }));
      }
      addToOpen([message]);
    } else if (frame.type === 'conversation') {
      upsert(frame.conversation);
    } else if (frame.type === 'read') {
      if (frame.side === 'shopper') patch(frame.conversationId, (c) => ({ shopperReadId: Math.max(c.shopperReadId, frame.upToId) }));
      else patch(frame.conversationId, (c) => ({ unread: (c.lastMessage?.id ?? 0) <= frame.upToId ? 0 : c.unread }));
    }
  }

  async function loadLists(): Promise<void> {
    const lists = await Promise.all([chatApi.list('mine', 'open'), chatApi.list('waiting', 'open'), chatApi.list('all')]);
    const next = new Map<number, ChatSummary>();
    for (const list of lists) for (const c of list) next.set(c.id, c);
    conversations.value = next;
  }

  /** After a reconnect: the lists again, and what the open conversation got meanwhile. */
  async function catchUp(): Promise<void> {
    await loadLists().catch(() => undefined);
    const id = selectedId.value;
    if (!id || loadingMessages.value) return;
    const missed = await fetchSince(lastStoredId(items.value), (after) => chatApi.messages(id, { after, limit: 100 })).catch(() => []);
    addToOpen(missed);
  }

  async function start(scrollToBottom: () => void): Promise<void> {
    onNewAtBottom = scrollToBottom;
    await loadLists();
    socket.start();
  }

  async function open(id: number): Promise<void> {
    selectedId.value = id;
    items.value = [];
    hasMore.value = false;
    loadingMessages.value = true;
    try {
      const page = await chatApi.messages(id, { limit: 30 });
      if (selectedId.value !== id) return;
      items.value = mergeMessages([], page.messages);
      hasMore.value = page.hasMore;
    } finally {
      loadingMessages.value = false;
    }
    onNewAtBottom?.();
    markReadIfVisible();
  }

  async function loadOlder(): Promise<boolean> {
    const id = selectedId.value;
    if (!id) return false;
    return loadOlderInto(items, { hasMore, loadingOlder }, (before) => chatApi.messages(id, { before, limit: 30 }), () => selectedId.value === id);
  }

  function send(draft: ChatSendBody): void {
    const id = selectedId.value;
    if (!id) return;
    const base = { conversationId: id, senderType: 'staff' as const, senderName: me().displayName, createdAt: new Date().toISOString() };
    sendShown(items, draft, base, { transmit: (d) => socket.send(d, id), shown: () => onNewAtBottom?.(), stored: (stored) => addToOpen([stored]), describe: words });
  }

  function retry(item: ChatItem): void {
    const draft = takeForRetry(items, item);
    if (draft) send(draft);
  }

  /** The open conversation's newest shopper message, marked read while the console is in view. */
  function markReadIfVisible(): void {
    const id = selectedId.value;
    if (!id || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) return;
    const newest = newestStoredId(items.value, (item) => item.senderType === 'shopper');
    if (newest <= (readSent.get(id) ?? 0)) return;
    readSent.set(id, newest);
    patch(id, () => ({ unread: 0 }));
    if (!socket.markRead(newest, id)) void chatApi.read(id, newest).catch(() => readSent.delete(id));
  }

  /** Take / transfer / close answer the new summary; the socket will say so too. */
  async function act(action: (id: number) => Promise<ChatSummary>): Promise<void> {
    const id = selectedId.value;
    if (!id) return;
    upsert(await action(id));
  }

  function ownState(item: ChatItem): OwnMessageState {
    return ownMessageState(item, selected.value?.shopperReadId ?? 0);
  }

  const stopFollowing = followPageVisibility(socket, markReadIfVisible);
  onBeforeUnmount(() => {
    stopFollowing();
    socket.stop();
  });

  return { conversations, selectedId, selected, items, hasMore, loadingMessages, loadingOlder, connection, listOf, unreadOf, start, open, loadOlder, send, retry, act, ownState, markReadIfVisible };
}
