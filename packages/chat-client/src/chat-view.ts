import type { ChatSendBody } from '@mall/contract';
import type { ChatConnectionState, WireChatMessage } from './chat-socket.ts';
import { failLocal, firstStoredId, lastStoredId, localItem, mergeMessages, type ChatItem, type HistoryPage } from './chat-messages.ts';

// What both apps' chat screens do around the message list, free of any framework: state lives in
// `{ value }` boxes, so a Vue ref can be handed in as it is.

export interface Box<T> {
  value: T;
}

/** How an own message stands: sending, failed, sent, or read by the other side. */
export type OwnMessageState = 'sending' | 'failed' | 'sent' | 'read';

export function ownMessageState(item: ChatItem, readUpToId: number): OwnMessageState {
  if (item.local) return item.local;
  return item.id <= readUpToId ? 'read' : 'sent';
}

/** The i18n key of the banner for a connection state (none while open). */
export function connectionWordKey(state: ChatConnectionState): 'chat.connecting' | 'chat.reconnecting' | 'chat.disconnected' | undefined {
  if (state === 'connecting') return 'chat.connecting';
  if (state === 'retrying') return 'chat.reconnecting';
  if (state === 'closed') return 'chat.disconnected';
  return undefined;
}

/** Merges stored messages into the list; true when a message newer than all before arrived. */
export function mergeInto(list: Box<ChatItem[]>, messages: readonly WireChatMessage[]): boolean {
  const before = lastStoredId(list.value);
  list.value = mergeMessages(list.value, messages);
  return lastStoredId(list.value) > before;
}

/** The newest stored message id among those `counts` picks (0 when none). */
export function newestStoredId(list: readonly ChatItem[], counts: (item: ChatItem) => boolean): number {
  let newest = 0;
  for (const item of list) if (item.id > newest && counts(item)) newest = item.id;
  return newest;
}

/**
 * Shows an own message as sending at once, then hands it to `transmit`: the stored message goes
 * to `stored`, a refusal marks the local one failed with `describe(error)`.
 */
export function sendShown(
  list: Box<ChatItem[]>,
  draft: ChatSendBody,
  base: Parameters<typeof localItem>[1],
  o: { transmit: (draft: ChatSendBody) => Promise<WireChatMessage>; shown?: () => void; stored: (message: WireChatMessage) => void; describe: (error: unknown) => string },
): void {
  list.value = [...list.value, localItem(draft, base)];
  o.shown?.();
  o.transmit(draft).then(o.stored, (error: unknown) => (list.value = failLocal(list.value, draft.clientMsgId, o.describe(error))));
}

/** Takes a failed message off the list to be sent again; its draft (same clientMsgId, stored once), if it has one. */
export function takeForRetry(list: Box<ChatItem[]>, item: ChatItem): ChatSendBody | undefined {
  if (!item.draft) return undefined;
  list.value = list.value.filter((i) => i !== item);
  return item.draft;
}

/**
 * The page before the oldest stored message, merged in; true when it added any. `stillCurrent`
 * drops an answer that came back after the screen moved on.
 */
export async function loadOlderInto(
  list: Box<ChatItem[]>,
  flags: { hasMore: Box<boolean>; loadingOlder: Box<boolean> },
  fetchBefore: (before: number) => Promise<HistoryPage>,
  stillCurrent: () => boolean = () => true,
): Promise<boolean> {
  const before = firstStoredId(list.value);
  if (!flags.hasMore.value || flags.loadingOlder.value || before === undefined) return false;
  flags.loadingOlder.value = true;
  try {
    const page = await fetchBefore(before);
    if (!stillCurrent()) return false;
    list.value = mergeMessages(list.value, page.messages);
    flags.hasMore.value = page.hasMore;
    return page.messages.length > 0;
  } finally {
    flags.loadingOlder.value = false;
  }
}

/**
 * Retries the socket at once when the page becomes visible again (and, with `retryWhenOnline`,
 * when the browser comes back online), then calls `onVisible`. Returns the function that stops it.
 */
export function followPageVisibility(socket: { retryNow(): void }, onVisible: () => void, options: { retryWhenOnline?: boolean } = {}): () => void {
  const visible = () => {
    if (document.visibilityState !== 'visible') return;
    socket.retryNow();
    onVisible();
  };
  const online = () => socket.retryNow();
  document.addEventListener('visibilitychange', visible);
  if (options.retryWhenOnline) window.addEventListener('online', online);
  return () => {
    document.removeEventListener('visibilitychange', visible);
    if (options.retryWhenOnline) window.removeEventListener('online', online);
  };
}

/** The part of a scrolling element the chat pane needs. */
export interface ScrollBox {
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

export function isNearBottom(el: ScrollBox | undefined, margin = 120): boolean {
  return !el || el.scrollHeight - el.scrollTop - el.clientHeight < margin;
}

/** After `rendered`, scrolls to the bottom if asked to (`force`) or if the reader was near it already. */
export async function scrollToBottomAfter(pane: () => ScrollBox | undefined, force: boolean, rendered: () => Promise<void>): Promise<void> {
  const stick = force || isNearBottom(pane());
  await rendered();
  const el = pane();
  if (stick && el) el.scrollTop = el.scrollHeight;
}

/** Scrolled to the top: loads the older page and keeps the message in view where it was. */
export async function loadOlderKeepingPlace(el: ScrollBox | undefined, canLoad: boolean, loadOlder: () => Promise<boolean>, rendered: () => Promise<void>): Promise<void> {
  if (!el || el.scrollTop > 40 || !canLoad) return;
  const fromBottom = el.scrollHeight - el.scrollTop;
  const added = await loadOlder().catch(() => false);
  if (!added) return;
  await rendered();
  el.scrollTop = el.scrollHeight - fromBottom;
}
