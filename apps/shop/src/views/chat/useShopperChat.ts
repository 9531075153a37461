import { onBeforeUnmount, ref, shallowRef } from 'vue';
import type { ChatSendBody, ChatServerFrame } from '@mall/contract';
import { chatApi } from '../../api/chat.ts';
import { errorWords } from '../../composables/useFeedback.ts';
import { ChatSocket, socketUrl, type ChatConnectionState, type WireChatMessage } from '@mall/chat-client';
import { failLocal, fetchSince, firstStoredId, lastStoredId, localItem, mergeMessages, type ChatItem } from '@mall/chat-client';

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
    const before = lastStoredId(items.value);
    items.value = mergeMessages(items.value, messages);
    for (const m of messages) if (m.senderType === 'staff' && m.senderName) staffName.value = m.senderName;
    if (lastStoredId(items.value) > before) {
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

  async function loadOlder(): Promise<boolean> {
    const before = firstStoredId(items.value);
    if (!hasMore.value || loadingOlder.value || before === undefined) return false;
    loadingOlder.value = true;
    try {
      const page = await chatApi.messages({ before, limit: 30 });
      items.value = mergeMessages(items.value, page.messages);
      hasMore.value = page.hasMore;
      return page.messages.length > 0;
    } finally {
      loadingOlder.value = false;
    }
  }

  function send(draft: ChatSendBody): void {
    const local = localItem(draft, {
      conversationId: conversationId.value ?? 0,
      senderType: 'shopper',
      senderName: shopperName(),
      createdAt: new Date().toISOString(),
    });
    items.value = [...items.value, local];
    onNewAtBottom?.();
    socket.send(draft).then(
      (stored) => add([stored]),
      (error: unknown) => (items.value = failLocal(items.value, draft.clientMsgId, errorWords(error))),
    );
  }

  /** Sends a failed message again with its own clientMsgId (stored once however often it is sent). */
  function retry(item: ChatItem): void {
    if (!item.draft) return;
    items.value = items.value.filter((i) => i !== item);
    send(item.draft);
  }

  /** The newest staff or system message, marked read while the page is in view. */
  function markReadIfVisible(): void {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    let newest = 0;
    for (const item of items.value) if (item.id > newest && item.senderType !== 'shopper') newest = item.id;
    if (newest <= readSent) return;
    readSent = newest;
    if (!socket.markRead(newest)) void chatApi.read(newest).catch(() => (readSent = 0));
  }

  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    socket.retryNow();
    markReadIfVisible();
  };
  const onOnline = () => socket.retryNow();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('online', onOnline);
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('online', onOnline);
    socket.stop();
  });

  /** How an own message stands: sending, failed, sent, or read by the staff. */
  function ownState(item: ChatItem): 'sending' | 'failed' | 'sent' | 'read' {
    if (item.local) return item.local;
    return item.id <= staffReadId.value ? 'read' : 'sent';
  }

  return { conversationId, staffName, staffReadId, items, hasMore, loading, loadingOlder, failure, connection, start, loadOlder, send, retry, ownState, markReadIfVisible };
}
