import { reactive, ref, shallowRef } from 'vue';
import type { Query } from '../api/http.ts';
import { showError } from './useApiAction.ts';

interface PageAnswer<T> {
  items: T[];
  total: number;
}

/** A list the API pages: filters, page, page size, total, loading; errors shown in words. */
export function usePagedList<T, F extends Query>(fetchPage: (query: Query) => Promise<PageAnswer<T>>, filters: F, pageSize = 20) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const paging = reactive({ page: 1, pageSize });

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const answer = await fetchPage({ ...filters, page: paging.page, pageSize: paging.pageSize });
      items.value = answer.items;
      total.value = answer.total;
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }
  function search(): Promise<void> {
    paging.page = 1;
    return load();
  }
  return { items, total, loading, paging, load, search };
}
