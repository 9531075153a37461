import { ref } from 'vue';

/** Unread shopper messages (mine + waiting) as the open console counts them; null while it is not open. */
export const consoleUnread = ref<number | null>(null);
