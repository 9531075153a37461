import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { ChatSendBody, ChatServerFrame } from '@mall/contract';
import { chatApi } from '../../api/chat.ts';
import { errorWords } from '../../composables/useFeedback.ts';
import { ChatSocket, socketUrl, type ChatConnectionState, type WireChatMessage } from '@mall/chat-client';
import { fetchSince, lastStoredId, mergeMessages, type ChatItem } from '@mall/chat-client';
import { followPageVisibility, loadOlderInto, mergeInto, newestStoredId, ownMessageState, sendShown, takeForRetry, type OwnMessageState } from '@mall/chat-client';

/**
 * The shopper's side of the chat: history, the live socket, own sends with their state, and the
 * read marks both ways. Call `start()` once mounted; the socket stops with the component.
 */
export function useShopperChat(shopperName: () => string) {
  const conversationId = ref<number>();
  const staffName = ref<string | null>(null);
  const staffReadId = ref(0);
  const items = shallowRef<ChatItem[]>([]);
  const hasMore = ref(false);
  const loading = ref(true);
  const loadingOlder = ref(false);
  const failure = ref('');
  const connection = ref<ChatConnectionState>('connecting');
  let readSent = 0;
  /** Called after messages were added at the bottom (to scroll there). */
  let onNewAtBottom: (() => void) | undefined;

  const socket = new ChatSocket({
    url: socketUrl('/api/chat/ws'),
    sendOverHttp: (message) => chatApi.send(message),
    onFrame: handleFrame,
    onState: (state) => (connection.value = state),
    onConnected: catchUp,
  });

  function add(messages: WireChatMessage[]): void {
    if (messages.length === 0) return;
    const grew = mergeInto(items, messages);
    for (const m of messages) if (m.senderType === 'staff' && m.senderName) staffName.value = m.senderName;
    if (grew) {
      onNewAtBottom?.();
      markReadIfVisible();
    }
  }

  function handleFrame(frame: ChatServerFrame): void {
    if (frame.type === 'message' || frame.type === 'ack') {
      if (conversationId.value && frame.message.conversationId !== conversationId.value) return;
      add([frame.message]);
      // A transfer or a close changes who answers: read the header again.
      if (frame.message.kind === 'system') void refreshHeader();
    } else if (frame.type === 'read' && frame.side === 'staff') {
      staffReadId.value = Math.max(staffReadId.value, frame.upToId);
    }
  }

  async function refreshHeader(): Promise<void> {
    const conversation = await chatApi.conversation().catch(() => undefined);
    if (!conversation) return;
    conversationId.value = conversation.id;
    staffName.value = conversation.staffName;
    staffReadId.value = Math.max(staffReadId.value, conversation.staffReadId);
    add(conversation.messages);
  }

  /** After a reconnect: whatever arrived while the socket was down, and the staff's read mark. */
  async function catchUp(): Promise<void> {
    if (loading.value) return;
    const since = lastStoredId(items.value);
    const missed = await fetchSince(since, (after) => chatApi.messages({ after, limit: 100 })).catch(() => []);
    add(missed);
    await refreshHeader();
  }

  async function start(scrollToBottom: () => void): Promise<void> {
    onNewAtBottom = scrollToBottom;
    loading.value = true;
    try {
      const conversation = await chatApi.conversation();
      conversationId.value = conversation.id;
      staffName.value = conversation.staffName;
      staffReadId.value = conversation.staffReadId;
      hasMore.value = conversation.hasMore;
      items.value = mergeMessages([], conversation.messages);
      failure.value = '';
    } catch (error) {
      failure.value = errorWords(error);
    } finally {
      loading.value = false;
    }
    scrollToBottom();
    markReadIfVisible();
    socket.start();
  }

  function loadOlder(): Promise<boolean> {
    return loadOlderInto(items, { hasMore, loadingOlder }, (before) => chatApi.messages({ before, limit: 30 }));
  }

  function send(draft: ChatSendBody): void {
    const base = { conversationId: conversationId.value ?? 0, senderType: 'shopper' as const, senderName: shopperName(), createdAt: new Date().toISOString() };
    sendShown(items, draft, base, { transmit: (d) => socket.send(d), shown: () => onNewAtBottom?.(), stored: (stored) => add([stored]), describe: errorWords });
  }

  /** Sends a failed message again with its own clientMsgId (stored once however often it is sent). */
  function retry(item: ChatItem): void {
    const draft = takeForRetry(items, item);
    if (draft) send(draft);
  }

  /** The newest staff or system message, marked read while the page is in view. */
  function markReadIfVisible(): void {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    const newest = newestStoredId(items.value, (item) => item.senderType !== 'shopper');
    if (newest <= readSent) return;
    readSent = newest;
    if (!socket.markRead(newest)) void chatApi.read(newest).catch(() => (readSent = 0));
  }

  const stopFollowing = followPageVisibility(socket, markReadIfVisible, { retryWhenOnline: true });
  onBeforeUnmount(() => {
    stopFollowing();
    socket.stop();
  });

  /** How an own message stands: sending, failed, sent, or read by the staff. */
  function ownState(item: ChatItem): OwnMessageState {
    return ownMessageState(item, staffReadId.value);
  }

  return { conversationId, staffName, staffReadId, items, hasMore, loading, loadingOlder, failure, connection, start, loadOlder, send, retry, ownState, markReadIfVisible };
}
