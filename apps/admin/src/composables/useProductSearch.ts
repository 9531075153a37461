import { ref } from 'vue';
import { catalogApi } from '../api/catalog.ts';
import { showError } from './useApiAction.ts';

export interface ProductOption {
  id: number;
  title: string;
  code: string;
}

/** The remote search behind a product el-select: the first page of products matching title or code. */
export function useProductSearch() {
  const options = ref<ProductOption[]>([]);
  const searching = ref(false);

  async function searchProducts(q: string): Promise<void> {
    searching.value = true;
    try {
      const page = await catalogApi.products({ q, page: 1, pageSize: 20 });
      options.value = page.items.map((p) => ({ id: p.id, title: p.title, code: p.code }));
    } catch (error) {
      showError(error);
    } finally {
      searching.value = false;
    }
  }
  return { options, searching, searchProducts };
}
