import { ref, shallowRef, type Ref } from 'vue';
import { errorWords } from './useFeedback.ts';

export interface PageAnswer<T> {
  items: T[];
  total: number;
}

/**
 * State for a Vant List with "load more": call `load` from the list's @load; `reset` starts over
 * (after a filter change). `error` makes the list show its retry text.
 */
export function usePagedList<T>(fetchPage: (page: number, pageSize: number) => Promise<PageAnswer<T>>, pageSize = 10) {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const loading = ref(false);
  const finished = ref(false);
  const error = ref(false);
  const errorText = ref('');
  const total = ref(0);
  let page = 0;
  let generation = 0;

  async function load() {
    const mine = generation;
    loading.value = true;
    try {
      const answer = await fetchPage(page + 1, pageSize);
      if (mine !== generation) return;
      page += 1;
      items.value = [...items.value, ...answer.items];
      total.value = answer.total;
      finished.value = items.value.length >= answer.total || answer.items.length < pageSize;
      error.value = false;
    } catch (failure) {
      if (mine !== generation) return;
      error.value = true;
      errorText.value = errorWords(failure);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function reset() {
    generation += 1;
    page = 0;
    items.value = [];
    total.value = 0;
    finished.value = false;
    error.value = false;
    loading.value = false;
  }

  /** Start over and load the first page now. */
  async function reload() {
    reset();
    await load();
  }

  return { items, loading, finished, error, errorText, total, load, reset, reload };
}

/** What `usePagedList` hands back, for components that render it (PagedList.vue). */
export type PagedList<T> = ReturnType<typeof usePagedList<T>>;
